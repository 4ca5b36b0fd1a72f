"""The theme taxonomy of decisions and how a decision is labelled with themes.

Theme labels depend on the taxonomy (`ingest/data/themes_sv.toml`, or a file of the same shape).
Theme scores combine meaning and words, because either alone mislabels: the e5 similarity of the
decision (with its item title) to the theme description, taken relative to the decision's mean
over all themes (e5 cosines are compressed into ~0.76–0.91, so absolute values say little), and
the theme's keywords found in the text. A query names a theme by its label, a keyword or an
aspect (words that mean the same to a searcher).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from protokoll.index.analysis import Analyzer
from protokoll.ingest.errors import ProtokollError

# -- calibration (measured on the hand-labelled decisions in eval/datasets/decisions) ---------
# A theme's dense evidence is (cos − the decision's mean cos over all themes) / DENSE_SPREAD,
# clipped to [0, 1]: the best theme of a clear decision sits ~0.03–0.07 above the mean.
DENSE_SPREAD = 0.05
DENSE_WEIGHT = 0.6  # the rest is keyword evidence: 1 − 0.5^hits
LABEL_THRESHOLD = 0.42
MAX_LABELS = 3


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
