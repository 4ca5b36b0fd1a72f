"""Decisions by theme: stored decision records, theme labels, theme search, filters and facets.

Decisions live in the SQLite catalog beside their protocol version (table `decisions`, written
and deleted in the same transactions as the version, see `catalog.py`), each with its embedding
as a float32 blob. That makes two things cheap:

- **Relabelling.** Theme labels depend on the taxonomy (`ingest/data/themes_sv.toml`). When its
  digest differs from the one stored in `meta`, only the theme descriptions are embedded again
  and every decision is relabelled from its stored vector.
- **Re-extraction.** Each protocol version records which extractor version produced its
  decisions (`decision_runs`). A newer extractor, or an index built before decisions existed,
  re-extracts those protocols from their stored text on next use; nothing has to be re-ingested.

Theme scores combine meaning and words, because either alone mislabels: the e5 similarity of the
decision (with its item title) to the theme description, taken relative to the decision's mean
over all themes (e5 cosines are compressed into ~0.76–0.91, so absolute values say little), and
the theme's keywords found in the text. Theme search is hybrid over decision records only:
dense similarity of the query to the stored vectors (exact, numpy), BM25 over the decision texts
with the project's Swedish analyzer, and a boost from the labels of the themes the query names.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import sqlite3
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

import numpy as np
from protokoll.index.analysis import Analyzer, fold
from protokoll.index.catalog import Catalog, DecisionRow
from protokoll.index.embedding import Embedder
from protokoll.index.lexical import LexicalIndex
from protokoll.ingest.decisions import EXTRACTOR_VERSION, decision_context, extract_decisions
from protokoll.ingest.errors import ProtokollError
from protokoll.ingest.records import Decision, Protocol

log = logging.getLogger(__name__)

# -- calibration (measured on the hand-labelled decisions in eval/datasets/decisions) ---------
# A theme's dense evidence is (cos − the decision's mean cos over all themes) / DENSE_SPREAD,
# clipped to [0, 1]: the best theme of a clear decision sits ~0.03–0.07 above the mean.
DENSE_SPREAD = 0.05
DENSE_WEIGHT = 0.6  # the rest is keyword evidence: 1 − 0.5^hits
LABEL_THRESHOLD = 0.42
MAX_LABELS = 3
# Theme search: weights of dense similarity, BM25, a word of an aspect the query names, and the
# label of a theme it names; and the share of the best score a result must reach to be returned
# at all (a theme query lists what is about the theme, not everything).
SEARCH_WEIGHTS = (0.45, 0.20, 0.20, 0.15)
DENSE_LOW, DENSE_HIGH = 0.78, 0.90  # e5 cosine mapped to 0…1 for fusion
RELATIVE_CUTOFF = 0.7
DENSE_FLOOR = 0.86  # dense alone counts as evidence only above this (e5 cosine)
EXPANSION_WEIGHT = 0.5  # BM25 weight of the words of an aspect the query names
THEME_MARGIN = 0.01  # how much closer the best theme must be than the next, to count


class TaxonomyError(ProtokollError):
    code = "invalid_taxonomy"


@dataclass(frozen=True, slots=True)
class Theme:
    label: str
    description: str
    keywords: tuple[str, ...]
    # Groups of words that mean the same to a searcher ("mötesplanering", "årshjul",
    # "sammanträdesplan"): a query naming one is also searched for the others.
    aspects: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def all_keywords(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*self.keywords, *(k for _, ks in self.aspects for k in ks)]))

    @property
    def text(self) -> str:
        return f"{self.label}: {self.description}"


@dataclass(frozen=True, slots=True)
class Taxonomy:
    themes: tuple[Theme, ...]
    digest: str
    source: str

    @property
    def labels(self) -> list[str]:
        return [t.label for t in self.themes]


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The theme taxonomy from a TOML file (default: the shipped `themes_sv.toml`)."""
    if path is None:
        ref = resources.files("protokoll.ingest").joinpath("data", "themes_sv.toml")
        raw, source = ref.read_text("utf-8"), "themes_sv.toml"
    else:
        try:
            raw, source = path.read_text(encoding="utf-8"), str(path)
        except OSError as exc:
            raise TaxonomyError(f"{path}: kan inte läsas ({exc.strerror})") from exc
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"{source}: ogiltig TOML ({exc})") from exc
    themes = []
    for n, t in enumerate(data.get("theme", []), 1):
        label, desc = t.get("label"), t.get("description")
        if not isinstance(label, str) or not label.strip():
            raise TaxonomyError(f"{source}: tema {n} saknar 'label'")
        if not isinstance(desc, str) or not desc.strip():
            raise TaxonomyError(f"{source}: temat '{label}' saknar 'description'")
        kws = t.get("keywords", [])
        if not isinstance(kws, list) or not all(isinstance(k, str) for k in kws):
            raise TaxonomyError(f"{source}: 'keywords' i temat '{label}' ska vara en lista av text")
        aspects = t.get("aspects", {})
        if not isinstance(aspects, dict) or not all(
            isinstance(v, list) and all(isinstance(k, str) for k in v) for v in aspects.values()
        ):
            raise TaxonomyError(
                f"{source}: 'aspects' i temat '{label}' ska vara en tabell av ordlistor"
            )
        themes.append(
            Theme(
                label.strip(),
                desc.strip(),
                tuple(k.strip() for k in kws),
                tuple((str(a), tuple(k.strip() for k in v)) for a, v in aspects.items()),
            )  # fmt: skip
        )
    if not themes:
        raise TaxonomyError(f"{source}: inga teman ([[theme]]) i filen")
    labels = [t.label for t in themes]
    if len(set(labels)) != len(labels):
        raise TaxonomyError(f"{source}: samma 'label' förekommer flera gånger")
    canon = json.dumps(
        [[t.label, t.description, t.keywords, t.aspects] for t in themes], ensure_ascii=False
    )
    return Taxonomy(tuple(themes), hashlib.sha256(canon.encode()).hexdigest()[:16], source)


class ThemeLabeller:
    """Theme scores of decisions from their vectors and analysed terms."""

    def __init__(self, taxonomy: Taxonomy, analyzer: Analyzer) -> None:
        self.taxonomy = taxonomy
        self.analyzer = analyzer
        # Each keyword is a phrase of analysed terms; it is found when all of them are.
        self.keywords: list[list[tuple[str, ...]]] = []
        self.label_terms: list[set[str]] = []
        # A query names a theme or aspect by whole words (their heads: the stem of each word as
        # a whole), not by compound parts: "äldreomsorg" names äldreomsorg, not "omsorg".
        self.head_phrases: list[list[tuple[str, ...]]] = []
        # Aspects: (theme index, the head phrases that name it, every term of its words, each
        # word as a phrase of terms to find in a decision).
        self.aspects: list[tuple[int, list[tuple[str, ...]], list[str], list[tuple[str, ...]]]] = []
        for i, t in enumerate(taxonomy.themes):
            words = (*t.all_keywords, t.label)
            phrases = {tuple(analyzer.terms(k)) for k in words}
            self.keywords.append([p for p in phrases if p])
            self.head_phrases.append([h for h in {tuple(self.heads(k)) for k in words} if h])
            for name, aspect_words in t.aspects:
                names = [tuple(self.heads(w)) for w in (name, *aspect_words)]
                terms = list(dict.fromkeys(x for w in aspect_words for x in analyzer.terms(w)))
                found = [p for p in {tuple(analyzer.terms(w)) for w in aspect_words} if p]
                self.aspects.append((i, [n for n in names if n], terms, found))

    def heads(self, text: str) -> list[str]:
        out = []
        for word, _, _ in self.analyzer.words(text):
            terms = self.analyzer.word_terms(word)
            if terms:
                out.append(terms[0])
        return out

    def query_themes(self, heads: set[str]) -> tuple[set[int], list[str], list[int]]:
        """Themes a query names by word (label, keyword or aspect); the terms of the aspects it
        names, to search for as well; and those aspects."""
        themes = {
            i for i, phrases in enumerate(self.head_phrases)
            if any(all(x in heads for x in p) for p in phrases)
        }  # fmt: skip
        extra: list[str] = []
        aspects: list[int] = []
        for a, (i, names, terms, _) in enumerate(self.aspects):
            if any(all(x in heads for x in n) for n in names):
                extra.extend(terms)
                themes.add(i)
                aspects.append(a)
        return themes, list(dict.fromkeys(extra)), aspects

    def aspect_hit(self, aspects: list[int], terms: set[str]) -> bool:
        """Whether a decision's terms hold a word of one of the aspects."""
        return any(all(x in terms for x in p) for a in aspects for p in self.aspects[a][3])

    def keyword_hits(self, terms: set[str]) -> np.ndarray:
        return np.array(
            [sum(1 for p in phrases if all(x in terms for x in p)) for phrases in self.keywords],
            dtype=np.float32,
        )

    def scores(self, vectors: np.ndarray, theme_vectors: np.ndarray, terms: Sequence[set[str]]):
        """(n decisions × n themes) scores in [0, 1]."""
        if not len(vectors):
            return np.zeros((0, len(self.taxonomy.themes)), dtype=np.float32)
        cos = vectors @ theme_vectors.T
        dense = np.clip((cos - cos.mean(axis=1, keepdims=True)) / DENSE_SPREAD, 0.0, 1.0)
        hits = np.stack([self.keyword_hits(t) for t in terms])
        lexical = 1.0 - np.power(0.5, hits)
        return DENSE_WEIGHT * dense + (1.0 - DENSE_WEIGHT) * lexical

    def labels(self, row: np.ndarray) -> list[tuple[str, float]]:
        order = np.argsort(-row, kind="stable")[:MAX_LABELS]
        return [
            (self.taxonomy.themes[i].label, round(float(row[i]), 3))
            for i in order
            if row[i] >= LABEL_THRESHOLD
        ]


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
        with self.catalog.transaction() as db:
            blob = base64.b64encode(self._theme_vectors.tobytes()).decode("ascii")
            self.catalog.set_meta("decision_theme_vectors", blob, db)
            self.catalog.set_meta("decision_theme_digest", digest, db)
        return self._theme_vectors

    # -- ingest -----------------------------------------------------------------------------
    def prepare(self, protocol: Protocol) -> list[DecisionRow]:
        """Extract, embed and label a protocol's decisions, ready for `Catalog.begin_version`."""
        self.ensure_labels()
        decisions = extract_decisions(protocol)
        if not decisions:
            return []
        contexts = [decision_context(d) for d in decisions]
        vectors = np.asarray(self._embedder().encode_documents(contexts), dtype=np.float32)
        terms = [set(self.analyzer.terms(c)) for c in contexts]
        scores = self.labeller.scores(vectors, self.theme_vectors(), terms)
        return [
            DecisionRow(d, v.tobytes(), json.dumps(self.labeller.labels(s), ensure_ascii=False))
            for d, v, s in zip(decisions, vectors, scores, strict=True)
        ]

    # -- keeping derived data current --------------------------------------------------------
    def ensure_current(self) -> None:
        """Re-extract protocols from an older extractor; relabel after a taxonomy change."""
        stale = self.catalog.db.execute(
            "SELECT p.id, p.version FROM protocols p LEFT JOIN decision_runs r "
            "ON r.protocol_id=p.id AND r.version=p.version "
            "WHERE p.status='active' AND (r.extractor IS NULL OR r.extractor<>?)",
            (EXTRACTOR_VERSION,),
        ).fetchall()
        for pid, version in stale:
            protocol = self.catalog.protocol(str(pid))
            if protocol is None or protocol.version != version:
                continue
            rows = self.prepare(protocol)
            with self.catalog.transaction() as db:
                db.execute(
                    "DELETE FROM decisions WHERE protocol_id=? AND version=?", (pid, version)
                )
                Catalog.insert_decisions(db, protocol, rows, EXTRACTOR_VERSION)
            self._writes += 1
        if stale:
            log.info("tog fram beslut på nytt ur %d protokoll", len(stale))
        self.ensure_labels()

    def ensure_labels(self) -> None:
        if self.catalog.get_meta("decision_taxonomy") == self._digest():
            return
        rows = self.catalog.db.execute(
            "SELECT id, text, section_title, heading, proposal, embedding FROM decisions"
        ).fetchall()
        if rows:
            vectors = np.stack([np.frombuffer(r["embedding"], dtype=np.float32) for r in rows])
            terms = [
                set(self.analyzer.terms(decision_context(_bare(r["text"], r["section_title"],
                    r["heading"], r["proposal"]))))
                for r in rows
            ]  # fmt: skip
            scores = self.labeller.scores(vectors, self.theme_vectors(), terms)
            updates = [
                (json.dumps(self.labeller.labels(s), ensure_ascii=False), r["id"])
                for r, s in zip(rows, scores, strict=True)
            ]
        else:
            updates = []
        with self.catalog.transaction() as db:
            db.executemany("UPDATE decisions SET themes=? WHERE id=?", updates)
            self.catalog.set_meta("decision_taxonomy", self._digest(), db)
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
        for r in self.catalog.db.execute(
            "SELECT d.* FROM decisions d JOIN protocols p ON p.id=d.protocol_id "
            "AND p.version=d.version AND p.status='active' "
            "ORDER BY d.date DESC, d.protocol_id, d.start"
        ):
            d = _decision_from_row(r)
            themes = tuple((str(a), float(b)) for a, b in json.loads(r["themes"] or "[]"))
            rows.append(StoredDecision(d, themes))
            vecs.append(np.frombuffer(r["embedding"], dtype=np.float32))
            terms.append(self.analyzer.terms(decision_context(d)))
        matrix = np.stack(vecs) if vecs else np.zeros((0, 1), dtype=np.float32)
        self._cache = _Cache(
            key, rows, matrix, LexicalIndex([d.decision.id for d in rows], terms),
            [set(t) for t in terms],
        )  # fmt: skip
        return self._cache

    def count(self) -> int:
        return len(self._load().rows)

    def search(
        self,
        theme: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        bodies: list[str] | None = None,
        label: str | None = None,
        outcome: str | None = None,
        k: int = 10,
    ) -> DecisionResult:
        """Decisions matching the filters; with a free-text `theme`, ranked by it (and cut off
        where they stop being about it), otherwise newest first."""
        self.ensure_current()
        cache = self._load()
        keep = np.array(
            [_passes(s, date_from, date_to, bodies, label, outcome) for s in cache.rows],
            dtype=bool,
        )
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


def _bare(text: str, section_title: str, heading: str | None, proposal: str | None) -> Decision:
    """A Decision carrying just what `decision_context` reads."""
    return Decision("", "", text, 0, 0, None, section_title or "", heading, proposal=proposal)


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


def _decision_from_row(r: sqlite3.Row) -> Decision:
    return Decision(
        id=r["id"], protocol_id=r["protocol_id"], text=r["text"], start=r["start"],
        end=r["end"], section_number=r["section_number"], section_title=r["section_title"],
        heading=r["heading"], outcome=r["outcome"], page=r["page"],
        date=date.fromisoformat(r["date"]) if r["date"] else None, body=r["body"],
        proposal=r["proposal"],
    )  # fmt: skip
