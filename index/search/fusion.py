"""Fusing dense and lexical evidence into one score.

Measured on the seed dev set (docs/quality.md): plain reciprocal-rank fusion ranked worse
than dense alone, so the default is a convex combination of min-max normalised scores over the
candidate set, weighted towards dense. Both signals are computed for every candidate (dense
exactly, from the stored vectors), so a passage found by only one retriever is not penalised for
the other's cut-off.
"""

from __future__ import annotations

import numpy as np


def minmax(x: np.ndarray) -> np.ndarray:
    if x.size == 0:
        return x
    lo, hi = float(x.min()), float(x.max())
    if hi - lo < 1e-9:
        return np.ones_like(x) if hi > 0 else np.zeros_like(x)
    return (x - lo) / (hi - lo)


def convex(dense: np.ndarray, lexical: np.ndarray, dense_weight: float) -> np.ndarray:
    """`dense_weight` × normalised dense + (1 − `dense_weight`) × normalised BM25."""
    lex = lexical / lexical.max() if lexical.size and lexical.max() > 0 else np.zeros_like(lexical)
    return dense_weight * minmax(dense) + (1.0 - dense_weight) * lex


def rrf(rankings: list[list[str]], k: int = 60) -> dict[str, float]:
    """Reciprocal-rank fusion, kept for comparison in the evaluation."""
    out: dict[str, float] = {}
    for ranking in rankings:
        for r, cid in enumerate(ranking):
            out[cid] = out.get(cid, 0.0) + 1.0 / (k + r + 1)
    return out
