"""A search from request to ranked hits: filters to a mask over the chunks, dense and lexical
candidates, the other signal filled in for each candidate, fusion, and hits with their
protocols.

With `turn`, fusion weighs each candidate's closeness to the question turned by the learned W
(index/search/turn.py) instead of the model's own: candidates are still found with the
question's own vector, and a hit still reports the model's own closeness. Over the tuning
questions (five folds by document), the answering chunk came among the first five for 735 of
886 questions against 724, and first for 454 against 440 (docs/quality.md)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from protokoll.index.analysis import Analyzer
from protokoll.index.backends.chroma import VectorStore
from protokoll.index.catalog import Catalog
from protokoll.index.derived import DerivedIndexes
from protokoll.index.embedding import Embedder
from protokoll.index.records import Hit
from protokoll.index.search.dense import complete_dense, dense_candidates
from protokoll.index.search.equivalents import written_terms
from protokoll.index.search.feedback import expanded_scores, expansion_terms
from protokoll.index.search.fusion import convex
from protokoll.index.search.lexical import query_scores, top_scores
from protokoll.index.search.request import SearchRequest
from protokoll.index.search.turn import search_turn
from protokoll.ingest.text import names_body

# (chunk id, score, dense similarity, BM25)
Scored = tuple[str, float, float | None, float | None]
# Pseudo-relevance feedback: (expansion terms, feedback passages, weight); 0 terms = off.
Feedback = tuple[int, int, float]
NO_FEEDBACK: Feedback = (0, 5, 0.3)
# The terms records write for a question's everyday words (`equivalents`) are a second BM25
# query whose best passage adds this share of the first query's best score.
EQUIVALENTS_WEIGHT = 0.3


class Searcher:
    def __init__(
        self,
        catalog: Catalog,
        derived: DerivedIndexes,
        vectors: VectorStore,
        embedder: Callable[[], Embedder],
        analyzer: Analyzer,
    ) -> None:
        self.catalog = catalog
        self.derived = derived
        self.vectors = vectors
        self._embedder = embedder
        self.analyzer = analyzer

    def resolve_bodies(self, text: str) -> list[str]:
        """Known bodies matching a user's text, ignoring case and diacritics."""
        return [b for b in self.catalog.bodies() if names_body(text, b)]

    def stored_vectors(self, hits: list[Hit]) -> np.ndarray:
        """The hits' stored vectors, a row each."""
        return self.derived.dense_matrix[[self.derived.lexical.position[h.chunk.id] for h in hits]]

    def hits(self, scored: list[Scored]) -> list[Hit]:
        """The scored candidates as hits, ranked in their order."""
        rows = self.catalog.chunks_by_id([c for c, *_ in scored])
        hits: list[Hit] = []
        for cid, score, d_score, l_score in scored:
            chunk = rows.get(cid)
            if chunk is None:
                continue
            proto = self.derived.summary(chunk.protocol_id)
            if proto is None:
                continue
            hits.append(Hit(len(hits) + 1, round(score, 4), chunk, proto, d_score, l_score))
        return hits

    def pool(
        self,
        request: SearchRequest,
        candidates: int,
        dense_weight: float,
        feedback: Feedback = NO_FEEDBACK,
        exact: bool = False,
        turn: bool = False,
    ) -> tuple[np.ndarray | None, list[Scored]]:
        """The question's own vector (None without dense search) and every candidate, fused and
        sorted: `candidates` per signal (at least 3k), fused with `dense_weight`; with
        `feedback`, the lexical query is expanded by the first ranking's top passages; `exact`
        scores every vector instead of asking the HNSW index; `turn` fuses the closeness to the
        question turned by the learned W. A search keeps the first k (`hits`)."""
        r = request
        allowed_protocols: set[str] | None = None
        if r.filtered:
            bodies = self.resolve_bodies(r.body) if r.body else None
            allowed_protocols = self.catalog.filter_protocol_ids(
                r.date_from, r.date_to, bodies, r.month, r.day
            )
            if r.protocols is not None:
                allowed_protocols &= set(r.protocols)
            if not allowed_protocols:
                return None, []
        lex = self.derived.lexical
        if not len(lex):
            return None, []
        n = max(candidates, r.k * 3)
        mask = (
            self.derived.allowed_mask(allowed_protocols) if allowed_protocols is not None else None
        )
        dense: dict[str, float] = {}
        qvec: np.ndarray | None = None
        if r.mode in ("dense", "hybrid"):
            qvec = self._embedder().encode_queries([r.dense_text or r.query], r.fast_queries)[0]
            dense = dense_candidates(self.derived, self.vectors, qvec, n, mask, exact)
        all_scores: np.ndarray | None = None
        if r.mode in ("lexical", "hybrid"):
            all_scores = query_scores(lex, self.analyzer, r.query)
            if written := written_terms(self.analyzer, r.query):
                all_scores = expanded_scores(lex, all_scores, written, EQUIVALENTS_WEIGHT)
        tvec = self._turned(qvec) if turn and qvec is not None else None
        ranked = self._rank(r.mode, dense, all_scores, qvec, n, mask, dense_weight, tvec)
        if ranked is None:
            return qvec, []
        scored = ranked
        n_terms, n_docs, weight = feedback
        if n_terms and all_scores is not None and scored and weight > 0:
            top = [c for c, *_ in scored[:n_docs]]
            query_terms = set(self.analyzer.terms(r.query))
            terms = expansion_terms(lex, list(self.catalog.terms_of(top).values()), query_terms,
                                    n_terms)  # fmt: skip
            if terms:
                all_scores = expanded_scores(lex, all_scores, terms, weight)
                ranked = self._rank(r.mode, dense, all_scores, qvec, n, mask, dense_weight, tvec)
                if ranked is None:
                    return qvec, []
                scored = ranked
        return qvec, scored

    def _turned(self, qvec: np.ndarray) -> np.ndarray | None:
        """The question's vector turned by search's W, or None when W is not for this model."""
        tvec = search_turn()(self._embedder().name, qvec)
        return None if tvec is qvec else tvec

    def _rank(
        self,
        mode: str,
        dense: dict[str, float],
        all_scores: np.ndarray | None,
        qvec: np.ndarray | None,
        n: int,
        mask: np.ndarray | None,
        dense_weight: float,
        tvec: np.ndarray | None = None,
    ) -> list[Scored] | None:
        """Candidates of both signals, fused and sorted; None when none. With `tvec` (the turned
        question), fusion weighs the closeness to it."""
        lex = self.derived.lexical
        lexical: dict[str, float] = {}
        if all_scores is not None:
            lexical = dict(top_scores(lex.chunk_ids, all_scores, n, mask))
        # The lexical index holds exactly the active chunks, so a vector of an inactive one
        # (HNSW keeps them until rewritten) has no position and drops out here.
        position = lex.position
        found = [c for c in dict.fromkeys([*dense, *lexical]) if c in position]
        if not found:
            return None
        scored: list[Scored]
        if mode == "hybrid" and qvec is not None:
            assert all_scores is not None
            complete_dense(self.derived, dense, found, qvec)
            lex_all = np.array([all_scores[position[c]] for c in found], dtype=np.float32)
            d = np.array([dense.get(c, 0.0) for c in found], dtype=np.float32)
            if tvec is not None:
                d = self.derived.dense_matrix[[position[c] for c in found]] @ tvec
            fused = convex(d, lex_all, dense_weight)
            scored = [(c, float(s), dense.get(c), float(lex_all[i]))
                      for i, (c, s) in enumerate(zip(found, fused, strict=True))]  # fmt: skip
        elif mode == "dense":
            scored = [(c, dense[c], dense[c], None) for c in found]
        else:
            scored = [(c, lexical[c], None, lexical[c]) for c in found]
        # Ties (e.g. equal BM25) break on document position, so results are reproducible: the
        # lexical index is in (protocol, chunk order) order, which is (protocol, start).
        scored.sort(key=lambda x: (-x[1], position[x[0]]))
        return scored
