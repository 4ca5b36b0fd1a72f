"""Evaluation datasets.

Our own protocol questions identify relevant passages by a verbatim span that must lie inside the
retrieved chunk, so the judgements survive any change of chunking. Layout of a dataset folder:
`dataset.json` ({"name", "corpus": folder of protocols, relative to the corpus root}) and
`questions.jsonl` (one {"id", "query", "relevant": [{"source", "span"}], "answer", "kind"} a line).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Span:
    source: str  # file name of the protocol
    span: str


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    query: str
    relevant: tuple[Span, ...]
    answer: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class SpanDataset:
    name: str
    corpus: Path
    questions: tuple[Question, ...]


def default_corpus_root() -> Path:
    """`../shared/corpus` beside the checkout, as the team's machines and CI have it."""
    return Path.cwd().parent / "shared" / "corpus"


def load_span_dataset(folder: Path, corpus_root: Path | None = None) -> SpanDataset:
    meta = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    root = corpus_root or default_corpus_root()
    corpus = (folder / meta["corpus"]) if meta.get("corpus_in_repo") else root / meta["corpus"]
    questions = []
    for n, line in enumerate(
        (folder / "questions.jsonl").read_text(encoding="utf-8").splitlines(), 1
    ):
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
                )
            )
        except (KeyError, json.JSONDecodeError) as exc:
            raise ValueError(f"{folder / 'questions.jsonl'}:{n}: ogiltig rad ({exc})") from exc
    return SpanDataset(meta.get("name", folder.name), corpus, tuple(questions))
