"""BM25 over the analysed chunk texts (bm25s), rebuilt from the catalog when it changes.

The analysed terms are stored in the catalog at ingest, so a rebuild is a pass over stored
strings, not a second analysis of every protocol.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Iterator
from pathlib import Path

import bm25s
import numpy as np
from protokoll.index.analysis import MAX_EDITS, Analyzer

log = logging.getLogger(__name__)
# bm25s sets its own logger to DEBUG at import, which floods any application's root handler.
logging.getLogger("bm25s").setLevel(logging.WARNING)


class _DocIds(list):  # type: ignore[type-arg]
    """Documents as compact int32 arrays that bm25s reads as lists of ints: one array per
    document takes 4 bytes a token, where a list of Python ints takes 36, which at 100k chunks is
    the difference between ~100 MB and well over a gigabyte."""

    def __iter__(self):  # type: ignore[no-untyped-def]
        for doc in super().__iter__():
            yield doc.tolist()


class LexicalIndex:
    def __init__(self, chunk_ids: list[str], terms: list[list[str]]) -> None:
        self._build(chunk_ids, iter(terms))

    @classmethod
    def streamed(cls, rows: Iterable[tuple[str, str]]) -> LexicalIndex:
        """The index of (chunk id, space-separated terms) rows, read one at a time: memory grows
        with the vocabulary and 4 bytes per token, never with the archive's strings."""
        self = cls.__new__(cls)
        ids: list[str] = []

        def terms() -> Iterator[list[str]]:
            for cid, text in rows:
                ids.append(cid)
                yield text.split()

        self._build(ids, terms())
        return self

    def _build(self, chunk_ids: list[str], terms: Iterator[list[str]]) -> None:
        vocab: dict[str, int] = {}
        docs = _DocIds()
        df = np.zeros(1024, dtype=np.int64)
        for t in terms:
            doc = np.fromiter((vocab.setdefault(w, len(vocab)) for w in t), dtype=np.int32)
            if len(vocab) > len(df):
                df = np.concatenate([df, np.zeros(max(len(df), len(vocab)), dtype=np.int64)])
            df[np.unique(doc)] += 1
            docs.append(doc)
        self.chunk_ids = chunk_ids
        self.position = {cid: i for i, cid in enumerate(chunk_ids)}
        self.doc_freq: dict[str, int] = {w: int(df[i]) for w, i in vocab.items()}
        self.vocabulary: set[str] = set(self.doc_freq)
        self._by_length: dict[int, list[str]] | None = None
        self._close: dict[str, tuple[int, list[str]]] = {}  # term → (edits, closest terms)
        self._bm25: bm25s.BM25 | None = None
        if chunk_ids:
            self._bm25 = bm25s.BM25()
            self._bm25.index((docs, vocab), show_progress=False)

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def save(self, folder: Path) -> None:
        """Write the index to `folder` (a cache: `load` gives an equal index without rebuilding
        BM25, which takes tens of seconds at 100k chunks)."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "lexical.json").write_text(
            json.dumps({"chunk_ids": self.chunk_ids, "doc_freq": self.doc_freq}),
            encoding="utf-8",
        )
        if self._bm25 is not None:
            self._bm25.save(str(folder / "bm25"), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        data = json.loads((folder / "lexical.json").read_text(encoding="utf-8"))
        self = cls.__new__(cls)
        self.chunk_ids = list(data["chunk_ids"])
        self.position = {cid: i for i, cid in enumerate(self.chunk_ids)}
        self.doc_freq = {str(k): int(v) for k, v in data["doc_freq"].items()}
        self.vocabulary = set(self.doc_freq)
        self._by_length = None
        self._close = {}
        self._bm25 = None
        if self.chunk_ids:
            self._bm25 = bm25s.BM25.load(str(folder / "bm25"), show_progress=False)
        return self

    def scores(self, query_terms: list[str]) -> np.ndarray:
        """BM25 score of every chunk, in `chunk_ids` order."""
        known = [t for t in query_terms if t in self.vocabulary]
        if self._bm25 is None or not known:
            return np.zeros(len(self.chunk_ids), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def idf(self, term: str) -> float:
        """Inverse document frequency; a term the corpus never uses weighs the most."""
        n = len(self.chunk_ids)
        return math.log((n + 1) / (self.doc_freq.get(term, 0) + 0.5))

    def close_terms(self, term: str, max_edits: int = MAX_EDITS) -> list[str]:
        """Vocabulary terms within a small edit distance of an unknown term (typos, names).

        One edit for terms of 4–7 characters, two from 8, and never more than `max_edits`; the
        closest distance wins, so "torstenson" finds "torstensson" and nothing farther.
        """
        if term in self.vocabulary or len(term) < 4 or not self.vocabulary:
            return []
        # A search asks twice per unknown word (spelling, then matching); each is a scan of
        # the whole vocabulary.
        if term not in self._close:
            if len(self._close) > 10_000:
                self._close.clear()
            self._close[term] = self._close_terms(term)
        edits, terms = self._close[term]
        return list(terms) if edits <= max_edits else []

    def _close_terms(self, term: str) -> tuple[int, list[str]]:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        if self._by_length is None:
            self._by_length = {}
            for t in sorted(self.vocabulary):
                self._by_length.setdefault(len(t), []).append(t)
        limit = 1 if len(term) < 8 else MAX_EDITS
        # A term more than `limit` characters longer or shorter is more than `limit` edits
        # away, so only the lengths within it are scanned (a third of the vocabulary, not all).
        found: list[tuple[int, str]] = []
        for n in range(len(term) - limit, len(term) + limit + 1):
            choices = self._by_length.get(n, [])
            found += [
                (int(d), t)
                for t, d, _ in process.extract(
                    term, choices, scorer=Levenshtein.distance, score_cutoff=limit, limit=10
                )
            ]
        # The ten closest, alphabetical among equals: as one scan of the sorted vocabulary.
        found = sorted(found)[:10]
        if not found:
            return 0, []
        best = found[0][0]
        return best, [t for d, t in found if d == best]

    def top(
        self, query_terms: list[str], n: int, allowed: np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        return top_scores(self.chunk_ids, self.scores(query_terms), n, allowed)


def top_scores(
    ids: list[str], scores: np.ndarray, n: int, allowed: np.ndarray | None = None
) -> list[tuple[str, float]]:
    """The n best positive scores (optionally among `allowed` positions), best first."""
    if allowed is not None:
        scores = np.where(allowed, scores, 0.0)
    if n <= 0 or not scores.size:
        return []
    n = min(n, scores.size)
    idx = np.argpartition(-scores, n - 1)[:n]
    idx = idx[np.argsort(-scores[idx], kind="stable")]
    return [(ids[i], float(scores[i])) for i in idx if scores[i] > 0]


def query_scores(lex: LexicalIndex, analyzer: Analyzer, query: str) -> np.ndarray:
    """BM25 of every chunk for a query whose unknown words also match their closest corpus
    words (typos and misspelt names), in `chunk_ids` order."""
    terms, correctable = analyzer.query_terms(query)
    for term, edits in correctable.items():
        terms += lex.close_terms(term, edits)
    return lex.scores(terms)
