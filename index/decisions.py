"""Decisions by theme: stored decision records, theme search, filters and facets.

Decisions live in the catalog beside their protocol version (written and deleted in the same
transactions as the version, see `catalog/versions.py`), each with its embedding as a float32
blob. That makes two things cheap:

- **Relabelling.** When the taxonomy's digest (`themes.py`) differs from the one stored in the
  catalog's meta, only the theme descriptions are embedded again and every decision is
  relabelled from its stored vector.
- **Re-extraction.** Each protocol version records which extractor version produced its
  decisions. A newer extractor, or an index built before decisions existed, re-extracts those
  protocols from their stored text on next use; nothing has to be re-ingested.

Theme search is hybrid over decision records only: dense similarity of the query to the stored
vectors (exact, numpy), BM25 over the decision texts with the project's Swedish analyzer, and a
boost from the labels of the themes the query names.
"""

from __future__ import annotations

import base64
import json
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from protokoll.index.analysis import Analyzer, fold
from protokoll.index.catalog import Catalog, DecisionRow
from protokoll.index.embedding import Embedder, encoded_keeping
from protokoll.index.search.lexical import LexicalIndex
from protokoll.index.themes import (
    Taxonomy,
    TaxonomyError,
    Theme,
    ThemeLabeller,
    load_taxonomy,
)
from protokoll.ingest.extract import DECISIONS_VERSION, decision_context, extract_decisions
from protokoll.ingest.records import Decision, Protocol

log = logging.getLogger(__name__)

# Theme search: weights of dense similarity, BM25, a word of an aspect the query names, and the
# label of a theme it names; and the share of the best score a result must reach to be returned
# at all (a theme query lists what is about the theme, not everything).
SEARCH_WEIGHTS = (0.45, 0.20, 0.20, 0.15)
DENSE_LOW, DENSE_HIGH = 0.78, 0.90  # e5 cosine mapped to 0…1 for fusion
RELATIVE_CUTOFF = 0.7
DENSE_FLOOR = 0.86  # dense alone counts as evidence only above this (e5 cosine)
EXPANSION_WEIGHT = 0.5  # BM25 weight of the words of an aspect the query names
THEME_MARGIN = 0.01  # how much closer the best theme must be than the next, to count

__all__ = [
    "DecisionHit", "DecisionIndex", "DecisionResult", "StoredDecision", "Taxonomy",
    "TaxonomyError", "Theme", "ThemeLabeller", "load_taxonomy",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class StoredDecision:
    decision: Decision
    themes: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class DecisionHit:
    stored: StoredDecision
    score: float | None
    dense: float | None = None
    lexical: float | None = None
    boost: float | None = None


@dataclass
class DecisionResult:
    hits: list[DecisionHit]
    total: int  # decisions matching the filters (and, for a theme query, the theme)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    matched_themes: list[str] = field(default_factory=list)


@dataclass
class _Cache:
    key: tuple[int, int]
    rows: list[StoredDecision]
    vectors: np.ndarray
    lexical: LexicalIndex
    terms: list[set[str]]


class DecisionIndex:
    def __init__(
        self,
        catalog: Catalog,
        embedder: Callable[[], Embedder],
        analyzer: Analyzer,
        taxonomy: Taxonomy | None = None,
    ) -> None:
        self.catalog = catalog
        self._embedder = embedder
        self.analyzer = analyzer
        self.taxonomy = taxonomy or load_taxonomy()
        self.labeller = ThemeLabeller(self.taxonomy, analyzer)
        self._theme_vectors: np.ndarray | None = None
        self._cache: _Cache | None = None
        self._writes = 0
        self._queries: dict[str, np.ndarray] = {}

    # -- theme vectors ----------------------------------------------------------------------
    def _digest(self) -> str:
        return f"{self.taxonomy.digest}:{self.catalog.get_meta('model') or ''}"

    def theme_vectors(self) -> np.ndarray:
        """Theme descriptions embedded once per taxonomy and model, kept in the catalog's meta."""
        if self._theme_vectors is not None:
            return self._theme_vectors
        digest = self._digest()
        stored = self.catalog.get_meta("decision_theme_vectors")
        if stored and self.catalog.get_meta("decision_theme_digest") == digest:
            n = len(self.taxonomy.themes)
            vec = np.frombuffer(base64.b64decode(stored), dtype=np.float32)
            self._theme_vectors = vec.reshape(n, -1)
            return self._theme_vectors
        vecs = self._embedder().encode_queries([t.text for t in self.taxonomy.themes])
        self._theme_vectors = np.asarray(vecs, dtype=np.float32)
        blob = base64.b64encode(self._theme_vectors.tobytes()).decode("ascii")
        self.catalog.set_metas({"decision_theme_vectors": blob, "decision_theme_digest": digest})
        return self._theme_vectors

    # -- ingest -----------------------------------------------------------------------------
    def prepare(self, protocol: Protocol, kept: str | None = None) -> list[DecisionRow]:
        """Extract, embed and label a protocol's decisions, ready for `Catalog.begin_version`;
        a decision that the version `kept` of the protocol has word for word keeps its vector
        (when today's extractor made them: its version covers how their text is composed)."""
        self.ensure_labels()
        decisions = extract_decisions(protocol)
        if not decisions:
            return []
        contexts = [decision_context(d) for d in decisions]
        old = {
            decision_context(r.decision): np.frombuffer(r.embedding, dtype=np.float32)
            for r in (
                self.catalog.decisions_of(protocol.id, kept, DECISIONS_VERSION) if kept else []
            )
        }
        vectors = encoded_keeping(
            contexts, old, lambda fresh: self._embedder().encode_documents(fresh)
        )
        terms = [set(self.analyzer.terms(c)) for c in contexts]
        scores = self.labeller.scores(vectors, self.theme_vectors(), terms)
        return [
            DecisionRow(d, v.tobytes(), json.dumps(self.labeller.labels(s), ensure_ascii=False))
            for d, v, s in zip(decisions, vectors, scores, strict=True)
        ]

    # -- keeping derived data current --------------------------------------------------------
    def ensure_current(self) -> None:
        """Re-extract protocols from an older extractor; relabel after a taxonomy change."""
        stale = self.catalog.stale_decision_runs(DECISIONS_VERSION)
        for pid, version in stale:
            protocol = self.catalog.protocol(pid)
            if protocol is None or protocol.version != version:
                continue
            self.catalog.replace_decisions(protocol, self.prepare(protocol), DECISIONS_VERSION)
            self._writes += 1
        if stale:
            log.info("tog fram beslut på nytt ur %d protokoll", len(stale))
        self.ensure_labels()

    def ensure_labels(self) -> None:
        if self.catalog.get_meta("decision_taxonomy") == self._digest():
            return
        rows = self.catalog.stored_decisions()
        if rows:
            vectors = np.stack([np.frombuffer(r.embedding, dtype=np.float32) for r in rows])
            terms = [set(self.analyzer.terms(decision_context(r.decision))) for r in rows]
            scores = self.labeller.scores(vectors, self.theme_vectors(), terms)
            updates = [
                (json.dumps(self.labeller.labels(s), ensure_ascii=False), r.decision.id)
                for r, s in zip(rows, scores, strict=True)
            ]
        else:
            updates = []
        self.catalog.set_decision_themes(updates, {"decision_taxonomy": self._digest()})
        self._writes += 1
        if rows:
            log.info("satte om teman för %d beslut (%s)", len(rows), self.taxonomy.source)

    # -- reads ------------------------------------------------------------------------------
    def _load(self) -> _Cache:
        key = (self.catalog.generation(), self._writes)
        if self._cache is not None and self._cache.key == key:
            return self._cache
        rows: list[StoredDecision] = []
        vecs: list[np.ndarray] = []
        terms: list[list[str]] = []
        for r in self.catalog.active_decisions():
            themes = tuple((str(a), float(b)) for a, b in json.loads(r.themes))
            rows.append(StoredDecision(r.decision, themes))
            vecs.append(np.frombuffer(r.embedding, dtype=np.float32))
            terms.append(self.analyzer.terms(decision_context(r.decision)))
        matrix = np.stack(vecs) if vecs else np.zeros((0, 1), dtype=np.float32)
        self._cache = _Cache(
            key, rows, matrix, LexicalIndex([d.decision.id for d in rows], terms),
            [set(t) for t in terms],
        )  # fmt: skip
        return self._cache

    def count(self) -> int:
        return len(self._load().rows)

    def warm(self) -> int:
        """Read every active decision with its vector and terms now, so that the first decision
        question or theme search does not (the service, after starting); how many there are."""
        return self.count()

    def search(
        self,
        theme: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        bodies: list[str] | None = None,
        label: str | None = None,
        outcome: str | None = None,
        k: int = 10,
        protocols: tuple[str, ...] | None = None,
    ) -> DecisionResult:
        """Decisions matching the filters (`protocols`: only these documents' decisions); with a
        free-text `theme`, ranked by it (and cut off where they stop being about it), otherwise
        newest first."""
        self.ensure_current()
        cache = self._load()
        keep = np.array(
            [_passes(s, date_from, date_to, bodies, label, outcome)
             and (protocols is None or s.decision.protocol_id in protocols)
             for s in cache.rows],
            dtype=bool,
        )  # fmt: skip
        idx = np.flatnonzero(keep)
        if theme is None or not theme.strip() or not len(idx):
            chosen = [DecisionHit(cache.rows[i], None) for i in idx]
            return DecisionResult(chosen[:k], len(chosen), _facets(chosen))
        qv = self._query_vector(theme.strip())
        q_terms = self.analyzer.terms(theme)
        named, extra, aspects = self.labeller.query_themes(set(self.labeller.heads(theme)))
        matched = self.matched_themes(qv, named)
        lex_all = cache.lexical.scores(q_terms)
        if extra:
            lex_all = lex_all + EXPANSION_WEIGHT * cache.lexical.scores(extra)
        bm25 = lex_all[idx]
        dense = cache.vectors[idx] @ qv
        boost = np.array(
            [max((w * _label_score(cache.rows[i], t) for t, w in matched.items()), default=0.0)
             for i in idx], dtype=np.float32,
        )  # fmt: skip
        aspect = np.array(
            [self.labeller.aspect_hit(aspects, cache.terms[i]) for i in idx], dtype=np.float32
        )
        # e5 cosines live in a narrow band; an absolute scale keeps a small result set from
        # stretching tiny differences to the full range, as min–max would.
        d_norm = np.clip((dense - DENSE_LOW) / (DENSE_HIGH - DENSE_LOW), 0.0, 1.0)
        l_norm = bm25 / bm25.max() if bm25.max() > 0 else np.zeros_like(bm25)
        wd, wl, wa, wt = SEARCH_WEIGHTS
        fused = wd * d_norm + wl * l_norm + wa * aspect + wt * boost
        # Some evidence beyond "closest of what there is": the words, a matching label, or a
        # dense similarity that is high in absolute terms.
        evidence = (bm25 > 0) | (boost > 0) | (aspect > 0) | (dense >= DENSE_FLOOR)
        fused = np.where(evidence, fused, 0.0)
        order = sorted(
            range(len(idx)), key=lambda j: (-fused[j], cache.rows[idx[j]].decision.start)
        )
        top = float(fused[order[0]])
        hits = [
            DecisionHit(cache.rows[idx[j]], round(float(fused[j]), 4), round(float(dense[j]), 4),
                        round(float(bm25[j]), 4), round(float(boost[j]), 4))
            for j in order
            if fused[j] > 0 and fused[j] >= RELATIVE_CUTOFF * top
        ]  # fmt: skip
        return DecisionResult(hits[:k], len(hits), _facets(hits), list(matched))

    def _query_vector(self, text: str) -> np.ndarray:
        if text not in self._queries:
            if len(self._queries) > 256:
                self._queries.clear()
            self._queries[text] = self._embedder().encode_queries([text])[0]
        return self._queries[text]

    def matched_themes(self, qv: np.ndarray, named: set[int]) -> dict[str, float]:
        """Themes the query names by word; else the theme closest in meaning, when it is clearly
        closest (weighted lower: meaning alone is weaker evidence than a named theme)."""
        themes = self.taxonomy.themes
        if named:
            return {themes[i].label: 1.0 for i in sorted(named)}
        sims = self.theme_vectors() @ qv
        order = np.argsort(-sims)
        margin = float(sims[order[0]] - sims[order[1]]) if len(order) > 1 else 1.0
        return {themes[int(order[0])].label: 0.7} if margin >= THEME_MARGIN else {}


def _label_score(s: StoredDecision, label: str) -> float:
    return next((score for lab, score in s.themes if lab == label), 0.0)


def _passes(
    s: StoredDecision,
    date_from: date | None,
    date_to: date | None,
    bodies: list[str] | None,
    label: str | None,
    outcome: str | None,
) -> bool:
    d = s.decision
    if date_from and (d.date is None or d.date < date_from):
        return False
    if date_to and (d.date is None or d.date > date_to):
        return False
    if bodies is not None and d.body not in bodies:
        return False
    if label and not any(fold(label) in fold(lab) for lab, _ in s.themes):
        return False
    return not (outcome and (d.outcome is None or fold(outcome) not in fold(d.outcome)))


def _facets(hits: Sequence[DecisionHit]) -> dict[str, dict[str, int]]:
    themes: Counter[str] = Counter()
    bodies: Counter[str] = Counter()
    years: Counter[str] = Counter()
    for h in hits:
        d = h.stored.decision
        themes.update(lab for lab, _ in h.stored.themes)
        bodies[d.body or "okänt organ"] += 1
        years[str(d.date.year) if d.date else "okänt år"] += 1
    return {
        "themes": dict(themes.most_common()),
        "bodies": dict(bodies.most_common()),
        "years": dict(sorted(years.items(), reverse=True)),
    }
