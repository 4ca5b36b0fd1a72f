"""The protocols the extraction tests read: the seeds, the examples and synthetic sentences."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from protokoll.ingest.extract import extract_facts
from protokoll.ingest.parse import parse_protocol
from protokoll.ingest.readers import read_document
from protokoll.ingest.readers.base import RawDocument, normalise_text
from protokoll.ingest.records import Fact, Protocol

from tests.conftest import EXAMPLES, SEEDS, require_corpus

SEED_MEETING = "000_416a57efa1acaea5.txt"
SEED_PRESIDIUM = "003_6bbca7b34e641438.txt"
PERSON_KINDS = {"substitution", "appointment", "role", "presenter", "attendance"}
# A protocol with one item, "§ 3 Ärendet", to put a sentence in.
HEAD = "Protokoll Kulturnämnden 2024-05-02\n\n§ 3 Ärendet\n\n"


@cache
def read(path: Path) -> Protocol:
    return parse_protocol(read_document(path), str(path.resolve()))


def parse(text: str, name: str = "syntes.txt") -> Protocol:
    return parse_protocol(RawDocument(normalise_text(text), "text"), f"/tmp/{name}")


def seed(name: str) -> Protocol:
    return read(require_corpus(SEEDS) / name)


def example(name: str) -> Protocol:
    return read(EXAMPLES / name)


def all_protocols() -> list[Protocol]:
    paths = sorted(EXAMPLES.iterdir())
    if SEEDS.exists():
        paths += sorted(SEEDS.glob("*.txt"))
    return [read(p) for p in paths]


def facts_of(p: Protocol, kind: str | None = None) -> list[Fact]:
    return [f for f in extract_facts(p) if kind is None or f.kind == kind]


def triples(p: Protocol, kind: str) -> set[tuple[str, str | None, str | None]]:
    return {(f.subject, f.value, f.section_number) for f in facts_of(p, kind)}


def quote(p: Protocol, f: Fact) -> str:
    return " ".join(p.text[f.start : f.end].split())


def assert_yields(sentence: str, kind: str, subject: str, value: str) -> None:
    """The sentence, alone in an item, yields the fact, quoting the sentence itself."""
    p = parse(HEAD + sentence + "\n")
    found = {(f.kind, f.subject, f.value) for f in extract_facts(p)}
    assert (kind, subject, value) in found, found
    (fact,) = [
        f for f in extract_facts(p) if (f.kind, f.subject, f.value) == (kind, subject, value)
    ]
    # The fact quotes the sentence itself, not the heading around it.
    assert quote(p, fact) in " ".join(sentence.split())
    assert subject in quote(p, fact) or kind == "number"
