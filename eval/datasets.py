"""Evaluation datasets.

Our own protocol questions identify relevant passages by a verbatim span that must lie inside the
retrieved chunk, so the judgements survive any change of chunking. A dataset folder holds
`dataset.json` ({"name", "corpus": ["shared:seeds", "repo:examples/protocols"], "file"}: folders
of protocols in the shared corpus or in this repository) and a JSONL file of questions, one
{"id", "query", "relevant": [{"source", "span"}], "answer", "kind"} a line; pair sets add "clean",
the same query written as the text writes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class Span:
    source: str  # file name of the protocol
    span: str


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    query: str
    relevant: tuple[Span, ...]
    answer: str | list[str] | None  # a string (or alternatives) a correct answer contains
    kind: str
    clean: str | None = None


@dataclass(frozen=True, slots=True)
class SpanDataset:
    name: str
    corpus: tuple[Path, ...]
    questions: tuple[Question, ...]


def default_corpus_root() -> Path:
    """`../shared/corpus` beside the checkout, as the team's machines and CI have it."""
    return REPO_ROOT.parent / "shared" / "corpus"


def resolve_corpus(entries: list[str], corpus_root: Path) -> tuple[Path, ...]:
    out = []
    for entry in entries:
        where, _, path = entry.partition(":")
        out.append(REPO_ROOT / path if where == "repo" else corpus_root / path)
    return tuple(out)


def load_span_dataset(folder: Path, corpus_root: Path | None = None) -> SpanDataset:
    meta = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    corpus = resolve_corpus(meta["corpus"], corpus_root or default_corpus_root())
    path = folder / meta.get("file", "questions.jsonl")
    questions = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
            questions.append(
                Question(
                    id=str(q["id"]),
                    query=q["query"],
                    relevant=tuple(Span(r["source"], r["span"]) for r in q.get("relevant", [])),
                    answer=q.get("answer"),
                    kind=q.get("kind", ""),
                    clean=q.get("clean"),
                )
            )
        except (KeyError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}:{n}: ogiltig rad ({exc})") from exc
    return SpanDataset(meta.get("name", folder.name), corpus, tuple(questions))
