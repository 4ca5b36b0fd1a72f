"""Retrieval metrics over ranked relevance judgements. Pure functions: inputs are never mutated."""

from __future__ import annotations

import math
from collections.abc import Sequence


def recall_at(relevant_ranks: Sequence[int], n_relevant: int, k: int, any_one: bool) -> float:
    """`relevant_ranks`: 1-based ranks of relevant results. With `any_one`, a question counts as
    found when any one relevant item is in the top k (span qrels list alternatives)."""
    if n_relevant <= 0:
        return 0.0
    found = sum(1 for r in relevant_ranks if r <= k)
    if any_one:
        return 1.0 if found else 0.0
    return found / n_relevant


def mrr_at(relevant_ranks: Sequence[int], k: int = 10) -> float:
    first = min((r for r in relevant_ranks if r <= k), default=None)
    return 0.0 if first is None else 1.0 / first


def ndcg_at(
    relevant_ranks: Sequence[int], n_relevant: int, k: int = 10, any_one: bool = False
) -> float:
    ranks = sorted(r for r in relevant_ranks if r <= k)
    if any_one:
        ranks, n_relevant = ranks[:1], 1
    dcg = sum(1.0 / math.log2(r + 1) for r in ranks)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(n_relevant, k)))
    return dcg / ideal if ideal else 0.0


def summarise(rows: Sequence[dict[str, float]]) -> dict[str, float]:
    keys = ["R@1", "R@5", "R@10", "MRR@10", "nDCG@10"]
    n = len(rows)
    return {key: round(sum(r[key] for r in rows) / n, 4) if n else 0.0 for key in keys} | {"n": n}


def question_metrics(
    relevant_ranks: Sequence[int], n_relevant: int, any_one: bool
) -> dict[str, float]:
    return {
        "R@1": recall_at(relevant_ranks, n_relevant, 1, any_one),
        "R@5": recall_at(relevant_ranks, n_relevant, 5, any_one),
        "R@10": recall_at(relevant_ranks, n_relevant, 10, any_one),
        "MRR@10": mrr_at(relevant_ranks, 10),
        "nDCG@10": ndcg_at(relevant_ranks, n_relevant, 10, any_one),
    }
