"""Retrieval evaluation: one index, all modes side by side, per-question rows for error analysis.

A mode is "dense", "lexical" or "hybrid" (with the configured fusion weight), or "hybrid@0.6":
hybrid with that dense weight, for sweeping the fusion weight on the same index in one run.

Span datasets (our protocols) go through the product's search, question understanding included.
BEIR datasets (SweQUAD-MC) are not protocols: their passages are indexed with our chunking
(1,100/150 characters) and searched through `Index.search` directly, without the protocol-specific
question understanding (dates and bodies read from the question). A passage ranks by its best
chunk (MaxP); the top 16 chunks are deduplicated into passages, so the candidate pool (50 per
signal) is the product's own.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol, cast

import numpy as np
from protokoll.eval.datasets import BeirDataset, BeirQuery, Question, SpanDataset
from protokoll.eval.metrics import question_metrics, summarise
from protokoll.index.embedding import Embedder
from protokoll.index.index import Index
from protokoll.index.records import Mode
from protokoll.index.search.request import SearchRequest

log = logging.getLogger(__name__)

METRICS = ["R@1", "R@5", "R@10", "MRR@10", "nDCG@10"]
BASE_MODES = ["dense", "lexical", "hybrid"]
CHUNKS_PER_PASSAGE_SEARCH = 16  # with k=16, Index.search keeps its default 50 candidates


class Searcher(Protocol):
    index: Index

    def search(self, query: str, k: int = ..., mode: str | None = ...) -> dict[str, Any]: ...


def modes_for(mode: str, weights: list[float] | None = None) -> list[str]:
    """The modes to run for a CLI `--mode` and optional fusion weights to sweep."""
    modes = BASE_MODES if mode == "all" else [mode]
    return modes + [f"hybrid@{w:g}" for w in weights or []]


def parse_mode(mode: str) -> tuple[Mode, float | None]:
    base, _, weight = mode.partition("@")
    if base not in BASE_MODES or (weight and base != "hybrid"):
        raise ValueError(f"okänt sökläge: {mode}")
    try:
        w = float(weight) if weight else None
    except ValueError as exc:
        raise ValueError(f"ogiltig vikt i sökläget {mode}") from exc
    if w is not None and not 0.0 <= w <= 1.0:
        raise ValueError(f"vikten i {mode} måste ligga mellan 0 och 1")
    return cast(Mode, base), w


@contextmanager
def dense_weight(index: Index, weight: float | None) -> Iterator[None]:
    """Search `index` with another fusion weight for a while; the setting is restored after."""
    if weight is None:
        yield
        return
    old = index.settings
    index.settings = replace(old, dense_weight=weight)
    try:
        yield
    finally:
        index.settings = old


class CachedQueries(Embedder):
    """The same model, remembering query vectors: a weight sweep asks the same questions again."""

    def __init__(self, inner: Embedder) -> None:
        self.__dict__.update(inner.__dict__)
        self._cache: dict[tuple[str, bool], np.ndarray] = {}

    def encode_queries(self, texts: list[str], fast: bool = False) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if (t, fast) not in self._cache]
        if missing:
            vectors = super().encode_queries(missing, fast)
            self._cache.update(zip([(t, fast) for t in missing], vectors, strict=True))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._cache[t, fast] for t in texts])


# -- span datasets -------------------------------------------------------------------------------
def relevant_ranks(question: Question, results: list[dict[str, Any]]) -> list[int]:
    ranks = []
    for r in results:
        name = Path(r["protocol"]["source"]).name
        if any(s.source == name and s.found_in(r["text"]) for s in question.relevant):
            ranks.append(r["rank"])
    return ranks


def by_category(rows: list[dict[str, Any]], modes: list[str]) -> dict[str, dict[str, Any]]:
    groups: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        for cat in row.get("categories") or [row.get("kind", "")]:
            groups[cat][row["mode"]].append(row)
    return {
        cat: {m: summarise(by_mode[m]) for m in modes if m in by_mode}
        for cat, by_mode in sorted(groups.items())
    }


def evaluate_spans(
    app: Searcher, dataset: SpanDataset, modes: list[str], k: int = 10
) -> dict[str, Any]:
    answerable = [q for q in dataset.questions if q.relevant]
    summary: dict[str, Any] = {}
    per_question: list[dict[str, Any]] = []
    for mode in modes:
        base, weight = parse_mode(mode)
        rows = []
        with dense_weight(app.index, weight):
            for q in answerable:
                results = app.search(q.query, k=k, mode=base)["results"]
                ranks = relevant_ranks(q, results)
                m = question_metrics(ranks, len(q.relevant), any_one=True)
                rows.append(m)
                per_question.append({"mode": mode, "id": q.id, "query": q.query, "kind": q.kind,
                                     "categories": list(q.categories), "ranks": ranks, **m,
                                     "top": [r["citation"] for r in results[:3]]})  # fmt: skip
        summary[mode] = summarise(rows)
    return {"dataset": dataset.name, "questions": len(answerable), "modes": summary,
            "by_category": by_category(per_question, modes),
            "per_question": per_question}  # fmt: skip


# -- BEIR datasets -------------------------------------------------------------------------------
def write_passages(dataset: BeirDataset, folder: Path) -> list[Path]:
    """One text file per passage, named by its id, for the product's own ingest."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for p in dataset.passages:
        path = folder / f"{p.id}.txt"
        text = p.text if not p.title or p.text.startswith(p.title) else f"{p.title}\n\n{p.text}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def passage_ranking(index: Index, query: str, mode: str, k: int = 10) -> list[str]:
    """Passage ids, best first, each ranked by its best chunk."""
    base, weight = parse_mode(mode)
    with dense_weight(index, weight):
        hits = index.search(SearchRequest(query, CHUNKS_PER_PASSAGE_SEARCH, mode=base))
    ranking = list(dict.fromkeys(Path(h.protocol.source).stem for h in hits))
    return ranking[:k]


def evaluate_beir_split(
    index: Index, dataset: BeirDataset, queries: tuple[BeirQuery, ...], split: str, modes: list[str]
) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    per_question: list[dict[str, Any]] = []
    for mode in modes:
        rows = []
        for q in queries:
            ranking = passage_ranking(index, q.text, mode)
            ranks = [i for i, pid in enumerate(ranking, 1) if pid in q.relevant]
            m = question_metrics(ranks, len(q.relevant), any_one=False)
            rows.append(m)
            per_question.append({"mode": mode, "id": q.id, "query": q.text, "ranks": ranks, **m,
                                 "relevant": sorted(q.relevant), "top": ranking[:3]})  # fmt: skip
        summary[mode] = summarise(rows)
    return {"dataset": f"{dataset.name} ({split})", "questions": len(queries), "modes": summary,
            "per_question": per_question}  # fmt: skip


# -- output --------------------------------------------------------------------------------------
def markdown_table(result: dict[str, Any]) -> str:
    head = f"| {result['dataset']} ({result['questions']} frågor) | "
    lines = [head + " | ".join(METRICS) + " |", "|---|" + "---|" * len(METRICS)]
    for mode, m in result["modes"].items():
        lines.append(f"| {mode} | " + " | ".join(f"{m[k]:.3f}" for k in METRICS) + " |")
    return "\n".join(lines)


def category_table(result: dict[str, Any], modes: list[str] | None = None) -> str:
    """Per category: R@5 / nDCG@10 for each mode."""
    cats = result.get("by_category") or {}
    modes = modes or [m for m in result["modes"] if "@" not in m]
    lines = ["| kategori (frågor) | " + " | ".join(f"{m} R@5 / nDCG@10" for m in modes) + " |",
             "|---|" + "---|" * len(modes)]  # fmt: skip
    for cat, by_mode in cats.items():
        n = next(iter(by_mode.values()))["n"]
        cells = [
            f"{by_mode[m]['R@5']:.2f} / {by_mode[m]['nDCG@10']:.2f}" if m in by_mode else "–"
            for m in modes
        ]
        lines.append(f"| {cat} ({n}) | " + " | ".join(cells) + " |")
    return "\n".join(lines)
