"""BM25 over the analysed chunk texts (bm25s), rebuilt from the catalog when it changes.

The analysed terms are stored in the catalog at ingest, so a rebuild is a pass over stored
strings, not a second analysis of every protocol.
"""

from __future__ import annotations

import logging

import bm25s
import numpy as np

log = logging.getLogger(__name__)
# bm25s sets its own logger to DEBUG at import, which floods any application's root handler.
logging.getLogger("bm25s").setLevel(logging.WARNING)


class LexicalIndex:
    def __init__(self, chunk_ids: list[str], terms: list[list[str]]) -> None:
        self.chunk_ids = chunk_ids
        self.position = {cid: i for i, cid in enumerate(chunk_ids)}
        self.vocabulary: set[str] = set()
        for t in terms:
            self.vocabulary.update(t)
        self._bm25: bm25s.BM25 | None = None
        if chunk_ids:
            self._bm25 = bm25s.BM25()
            self._bm25.index(terms, show_progress=False)

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def scores(self, query_terms: list[str]) -> np.ndarray:
        """BM25 score of every chunk, in `chunk_ids` order."""
        known = [t for t in query_terms if t in self.vocabulary]
        if self._bm25 is None or not known:
            return np.zeros(len(self.chunk_ids), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def top(
        self, query_terms: list[str], n: int, allowed: np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        scores = self.scores(query_terms)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        if n <= 0 or not scores.size:
            return []
        n = min(n, scores.size)
        idx = np.argpartition(-scores, n - 1)[:n]
        idx = idx[np.argsort(-scores[idx], kind="stable")]
        return [(self.chunk_ids[i], float(scores[i])) for i in idx if scores[i] > 0]
