"""Typed records for what a protocol is made of.

Offsets (`start`, `end`) are Python slice positions into `Protocol.text`, the protocol's
normalised full text: `protocol.text[chunk.start:chunk.end] == chunk.text` always holds, which
is what lets a citation be shown and verified.

Ids are deterministic: a protocol's id comes from its path relative to the ingested folder
(stable across corrections, moves of the whole archive and other machines), its
`version` from its content hash under the current `READING_VERSION`, and a chunk's id from the
protocol version and its offsets, so re-ingesting the same file produces the same ids and is an
upsert, not a duplicate.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

# The version of how ingest reads a text into sections, people and chunks. A protocol's version
# is its text's hash under this reading, so a release that reads the same text differently
# (attendance lists that end where the prose begins, items hidden by a scanned table of
# contents) re-reads every file at the next ingest, as a replacement, instead of keeping the old
# reading of files that did not change. Bump it whenever that reading changes.
READING_VERSION = "2026-12-08"
# The readings before it, newest first; "" is the releases before READING_VERSION existed, whose
# version was the text's plain hash. A file that is both moved and re-read under a new reading
# is recognised as moved by its version under these (`earlier_versions`). Add the old value here
# when bumping READING_VERSION.
EARLIER_READINGS = (
    "2026-12-07.13", "2026-12-07.12", "2026-12-07.11", "2026-12-07.10", "2026-12-07.9",
    "2026-12-07.8", "2026-12-07.7",
    "2026-12-07.6", "2026-12-07.5", "2026-12-07.4", "2026-12-07.3", "2026-12-07.2", "2026-12-07",
    "2026-12-05.8", "2026-12-05.7",
    "2026-12-05.6", "2026-12-05.5", "2026-12-05.4", "2026-12-05.3", "2026-12-05.2", "2026-12-05",
    "2026-12-04.4", "2026-12-04.3", "2026-12-04.2", "2026-12-04", "",
)  # fmt: skip


def content_hash(text: str) -> str:
    """Hex SHA-256 of a text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def protocol_version(text: str, reading: str | None = None) -> str:
    """The version of a protocol: the hash of its text as the current reading (or `reading`)
    reads it."""
    reading = READING_VERSION if reading is None else reading
    return content_hash(f"{reading}\x1f{text}") if reading else content_hash(text)


def earlier_versions(text: str) -> list[str]:
    """The versions this text had under the earlier readings (`EARLIER_READINGS`)."""
    return [protocol_version(text, r) for r in EARLIER_READINGS if r != READING_VERSION]


def short_hash(*parts: str, length: int = 16) -> str:
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]


_SLUG_RE = re.compile(r"[^a-z0-9]+")


def protocol_id_for(key: str, stem: str) -> str:
    """A stable, URL-safe id: readable stem plus a hash of the protocol's key.

    The key is the file's path relative to the folder that was ingested (POSIX separators), or a
    URL: never an absolute path, so an archive moved or rebuilt on another machine keeps its ids
    and the links to them.
    """
    slug = _SLUG_RE.sub("-", stem.lower()).strip("-")[:40] or "protokoll"
    return f"{slug}-{short_hash(key, length=10)}"


@dataclass(frozen=True, slots=True)
class Person:
    """A person named in an attendance list, with what stood beside the name."""

    name: str
    organisation: str | None
    role: str | None  # the list it stood in: "närvarande", "ersättare", "övriga deltagare", …
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Section:
    """One agenda item (§ or numbered punkt), an unnumbered heading, or the preamble."""

    number: str | None  # "7", "45" – as written, without "§"
    title: str
    start: int
    end: int
    kind: str = "item"  # "item" | "heading" | "preamble" | "attendance"
    page: int | None = None

    @property
    def label(self) -> str:
        """How a citation names it: "punkt 7 Beslutspunkter", "§ 45 Budget", or the heading."""
        if self.number is None:
            return self.title
        return f"punkt {self.number} {self.title}".strip()


@dataclass(frozen=True, slots=True)
class Protocol:
    id: str
    source: str
    version: str  # content hash of `text`
    title: str
    text: str
    date: date | None
    body: (
        str | None
    )  # the organ: "Läns-gemensam ledning i samverkan", "Barn- och utbildningsnämnden"
    kind: str  # "sammanträde", "presidiekonferens", …
    place: str | None = None
    sections: tuple[Section, ...] = ()
    attendance: tuple[Person, ...] = ()
    page_starts: tuple[int, ...] = ()  # offset where each page begins (PDF); empty when unpaged
    format: str = "text"
    ocr_pages: tuple[int, ...] = ()  # 1-based pages whose text was read by OCR

    def page_at(self, offset: int) -> int | None:
        return page_of(self.page_starts, offset)

    def ocr_spans(self) -> list[tuple[int, int, int]]:
        """(page, start, end) of each page read by OCR."""
        bounds = [*self.page_starts, len(self.text)]
        return [(n, bounds[n - 1], bounds[n]) for n in self.ocr_pages if n < len(bounds)]

    def ocr_in(self, start: int, end: int) -> bool:
        """Whether any of the text at `start`–`end` was read by OCR (and may hold its misreads)."""
        if not self.ocr_pages:
            return False
        first = page_of(self.page_starts, start) or 1
        last = page_of(self.page_starts, max(start, end - 1)) or first
        return any(first <= p <= last for p in self.ocr_pages)


@dataclass(frozen=True, slots=True)
class Chunk:
    """A passage that is embedded and indexed; never crosses a section boundary."""

    id: str
    protocol_id: str
    text: str
    start: int
    end: int
    section_number: str | None
    section_title: str
    page: int | None = None
    meta: dict[str, str] = field(default_factory=dict)
    # The headings above the chunk that its text does not hold: the item or section title of a
    # section's later pieces, and the headings of the sections that hold only a heading above
    # it ("Utskottets överväganden › Bostadsbidrag"). Embedded and indexed with the text, never
    # part of it.
    context: str = ""


def page_of(page_starts: tuple[int, ...], offset: int) -> int | None:
    """1-based page holding an offset, or None for unpaged formats."""
    if not page_starts:
        return None
    return max(1, sum(1 for s in page_starts if s <= offset))


def chunk_id_for(protocol_id: str, protocol_version: str, start: int, end: int) -> str:
    return "c-" + short_hash(protocol_id, protocol_version, str(start), str(end))


@dataclass(frozen=True, slots=True)
class Decision:
    """What a meeting decided, as the protocol states it (see ingest/decisions.py).

    `text` is the decision itself, never the proposal: `protocol.text[start:end] == text`. The
    proposal of the same item, when there is one, is kept in `proposal` for context.
    """

    id: str
    protocol_id: str
    text: str
    start: int
    end: int
    section_number: str | None
    section_title: str
    heading: str | None = None  # a sub-heading inside the item: "Byte av deltagare i …"
    outcome: str | None = None  # bifall, avslag, återremiss, bordläggning, information noterad,
    # lagt till handlingarna; None when the text states none of them
    page: int | None = None
    date: date | None = None  # the meeting's
    body: str | None = None
    proposal: str | None = None


def decision_id_for(protocol_id: str, protocol_version: str, start: int, end: int) -> str:
    return "d-" + short_hash(protocol_id, protocol_version, str(start), str(end))


# Realistic examples, used in tests and docs.
EXAMPLE_SECTION = Section(number="7", title="Beslutspunkter", start=6190, end=6790)
EXAMPLE_PROTOCOL = Protocol(
    id="ledning-2023-09-29-3f2a9c01de",
    source="/data/protokoll/ledning-2023-09-29.txt",
    version=protocol_version("Protokoll Läns-gemensam ledning 2023-09-29\n…"),
    title="Protokoll Läns-gemensam ledning 2023-09-29",
    text="Protokoll Läns-gemensam ledning 2023-09-29\n…",
    date=date(2023, 9, 29),
    body="Läns-gemensam ledning",
    kind="sammanträde",
    sections=(EXAMPLE_SECTION,),
)
EXAMPLE_CHUNK = Chunk(
    id=chunk_id_for(EXAMPLE_PROTOCOL.id, EXAMPLE_PROTOCOL.version, 6190, 6790),
    protocol_id=EXAMPLE_PROTOCOL.id,
    text=(
        "Läns-gemensam ledning beslutar att Karin Jilkén verksamhetschef äldre Kalmar kommun "
        "ersätter Karin Torstensson områdeschef äldre Oskarshamns kommun"
    ),
    start=6190,
    end=6790,
    section_number="7",
    section_title="Beslutspunkter",
)
EXAMPLE_DECISION = Decision(
    id=decision_id_for(EXAMPLE_PROTOCOL.id, EXAMPLE_PROTOCOL.version, 6788, 7057),
    protocol_id=EXAMPLE_PROTOCOL.id,
    text=(
        "Läns-gemensam ledning beslutar att kommunförbundet i Kalmar län under ett pilotprojekt "
        "på 1,5 år, tillsätter en samordnare för elevhälsa. Finansiering under pilotprojektet "
        "tas inom ramen för Läns-gemensamma medel och överenskommelsen psykisk hälsa och "
        "suicidprevention."
    ),
    start=6788,
    end=7057,
    section_number="9",
    section_title="Tillägg i protokoll",
    outcome=None,
    date=date(2023, 9, 29),
    body="Läns-gemensam ledning",
)


FACT_KINDS = ("substitution", "appointment", "role", "presenter", "attendance", "number")


@dataclass(frozen=True, slots=True)
class Fact:
    """A fact stated in a protocol, with the offsets of the words it came from.

    - substitution: `subject` replaces `value` ("Karin Jilkén ersätter Karin Torstensson")
    - appointment: `subject` is appointed to `value` ("till ny ledamot i … utses X")
    - role: `subject` holds role `value` (ordförande, vice ordförande, sekreterare, justerare,
      undertecknare: signed the document on its body's behalf, or reservant: stood behind a
      reservation); `detail` is the organisation where stated, or the reservation's title
    - presenter: `subject` presented the item (`value`: the item's title)
    - attendance: `subject` attended; `value` the organisation, `detail` the list's name
    - number: `value` is a number stated about `subject` ("deltagare", "ja-röster", "kronor")
    `protocol.text[start:end]` is the sentence or line that states it.
    """

    kind: str
    subject: str
    value: str | None
    start: int
    end: int
    section_number: str | None = None
    detail: str | None = None


EXAMPLE_FACT = Fact(
    kind="substitution",
    subject="Karin Jilkén",
    value="Karin Torstensson",
    start=6015,
    end=6162,
    section_number="7",
    detail="ersätter",
)
