"""Retrieval evaluation: one index, all modes side by side, per-question rows for error analysis."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from protokoll.eval.datasets import Question, SpanDataset
from protokoll.eval.metrics import question_metrics, summarise


class Searcher(Protocol):
    def search(self, query: str, k: int = ..., mode: str | None = ...) -> dict[str, Any]: ...


def relevant_ranks(question: Question, results: list[dict[str, Any]]) -> list[int]:
    ranks = []
    for r in results:
        name = Path(r["protocol"]["source"]).name
        if any(s.source == name and s.span in r["text"] for s in question.relevant):
            ranks.append(r["rank"])
    return ranks


def evaluate_spans(
    app: Searcher, dataset: SpanDataset, modes: list[str], k: int = 10
) -> dict[str, Any]:
    answerable = [q for q in dataset.questions if q.relevant]
    summary: dict[str, Any] = {}
    per_question: list[dict[str, Any]] = []
    for mode in modes:
        rows = []
        for q in answerable:
            results = app.search(q.query, k=k, mode=mode)["results"]
            ranks = relevant_ranks(q, results)
            m = question_metrics(ranks, len(q.relevant), any_one=True)
            rows.append(m)
            per_question.append({"mode": mode, "id": q.id, "query": q.query, "kind": q.kind,
                                 "ranks": ranks, **m,
                                 "top": [r["citation"] for r in results[:3]]})  # fmt: skip
        summary[mode] = summarise(rows)
    return {"dataset": dataset.name, "questions": len(answerable), "modes": summary,
            "per_question": per_question}  # fmt: skip


def markdown_table(result: dict[str, Any]) -> str:
    keys = ["R@1", "R@5", "R@10", "MRR@10", "nDCG@10"]
    lines = [f"| {result['dataset']} ({result['questions']} frågor) | " + " | ".join(keys) + " |",
             "|---|" + "---|" * len(keys)]  # fmt: skip
    for mode, m in result["modes"].items():
        lines.append(f"| {mode} | " + " | ".join(f"{m[k]:.3f}" for k in keys) + " |")
    return "\n".join(lines)
