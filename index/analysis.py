"""Swedish lexical analysis shared by indexing and querying.

For each word the analyzer emits:
- the Snowball stem of its lemma: a small editable table (`data/lemmas_sv.txt`) maps strong-verb,
  umlaut and irregular forms Snowball keeps apart (ersatte/ersätter/ersättare, ledamot/ledamöter)
  to one lemma first;
- the same for the word without å/ä/ö/é, so "kompetensforsorjning" meets "kompetensförsörjning"
  while a correctly spelled query matches both terms and keeps its higher rank;
- the stems of its compound parts ("kommunstyrelsen" → kommun + styrelsen, "elevhälsoplan" →
  elev + hälsa + plan), split against a Swedish word-frequency list: a split is taken when its
  parts are, on average, more frequent words than the whole (Koehn & Knight 2003), so ordinary
  words ("verksamhet", "personal") stay whole.
"""

from __future__ import annotations

import importlib.metadata
import json
import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Set as AbstractSet
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import Stemmer  # PyStemmer
from protokoll.index.compounds import Decompounder
from protokoll.ingest.text import fold

_WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_LANG_NAMES = {"sv": "swedish", "en": "english", "no": "norwegian", "da": "danish", "fi": "finnish"}
logger = logging.getLogger(__name__)
# Words whose terms a process keeps (`Analyzer.word_terms`); a real archive has a few hundred
# thousand distinct words, ~150 bytes each here.
WORD_MEMO_LIMIT = 500_000
ANALYZER_VERSION = "sv-8"  # bump when the terms an analyzer emits change: stored terms are redone


def _data_lines(name: str) -> list[str]:
    try:
        raw = resources.files("protokoll.index").joinpath("data", name).read_text("utf-8")
    except FileNotFoundError:
        # A language without its own list is allowed (analysis falls back to stemming alone);
        # say so, because for a shipped language it means the package lost its data.
        logger.warning(
            "Språkdata saknas: %s (protokoll.index/data); analysen klarar sig utan", name
        )
        return []
    return [ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=8)
def load_stopwords(language: str) -> frozenset[str]:
    words = set(_data_lines(f"stopwords_{language}.txt"))
    return frozenset(words | {fold(w) for w in words})


@lru_cache(maxsize=8)
def load_lemmas(language: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _data_lines(f"lemmas_{language}.txt"):
        lemma, _, forms = line.partition(":")
        for form in [lemma, *forms.split()]:
            table[form.strip().lower()] = lemma.strip().lower()
            table.setdefault(fold(form.strip()), lemma.strip().lower())
    return table


@lru_cache(maxsize=8)
def load_endings(language: str) -> tuple[tuple[str, str], ...]:
    """(ending, the base form's ending) pairs, longest first (`endings_<language>.txt`)."""
    pairs = (line.split() for line in _data_lines(f"endings_{language}.txt"))
    return tuple((p[0], p[1] if len(p) > 1 else "") for p in pairs)


@lru_cache(maxsize=8)
def load_stem_endings(language: str) -> tuple[str, ...]:
    """Endings a word takes when it is a base form itself (`stem_endings_<language>.txt`)."""
    return tuple(_data_lines(f"stem_endings_{language}.txt"))


def _frequency_cache(language: str, n: int) -> Path | None:
    """Where the computed frequency table is kept, per wordfreq version and analyzer version."""
    try:
        version = importlib.metadata.version("wordfreq")
    except importlib.metadata.PackageNotFoundError:
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "protokoll"
    return base / "analysis" / f"zipf-{language}-{n}-wordfreq{version}-{ANALYZER_VERSION}.bin"


def _read_frequencies(path: Path) -> dict[str, float] | None:
    # Layout: int64 count, that many float64 values, then the words joined by newlines.
    try:
        raw = path.read_bytes()
        count = int(np.frombuffer(raw, "<i8", 1)[0])
        values = np.frombuffer(raw, "<f8", count, 8).tolist()
        words = raw[8 + 8 * count :].decode("utf-8").split("\n")
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return dict(zip(words, values, strict=True)) if len(words) == count else None


def _write_frequencies(path: Path, freq: dict[str, float]) -> None:
    _write_cache(
        path,
        np.array([len(freq)], "<i8").tobytes()
        + np.array(list(freq.values()), "<f8").tobytes()
        + "\n".join(freq).encode("utf-8"),
    )


def _write_cache(path: Path, data: bytes) -> None:
    """Write a computed table to the user's cache, whole or not at all (two processes may write
    it at once)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:  # a read-only home only costs the next process the computation again
        pass


@lru_cache(maxsize=4)
def load_frequencies(language: str, n: int = 200_000) -> dict[str, float]:
    """Zipf frequency (0–8, log scale) of common words; empty if wordfreq is unavailable.

    Computing the table takes seconds (wordfreq looks every word up on its own); it is kept in
    the user's cache after the first time, so a search process neither imports wordfreq nor
    waits for it.
    """
    cache = _frequency_cache(language, n)
    cached = _read_frequencies(cache) if cache and cache.is_file() else None
    if cached is not None:
        return cached
    try:
        import wordfreq
    except ImportError:
        return {}
    freq = {w: wordfreq.zipf_frequency(w, language) for w in wordfreq.top_n_list(language, n)}
    freq = {w: z for w, z in freq.items() if w.isalpha()}
    # Words typed without diacritics split too ("kompetensforsorjningsplan").
    for w, z in list(freq.items()):
        f = fold(w)
        if z > freq.get(f, 0.0):
            freq[f] = z
    if cache is not None:
        _write_frequencies(cache, freq)
    return freq


# The letters folding drops, per language: a word typed without them ("motet") may stand for
# one written with them ("mötet"). Only Swedish is known; another language restores nothing.
FOLDED_LETTERS = {"sv": {"å": "a", "ä": "a", "ö": "o"}}


# A form with the letters put back replaces a typed word only when it is this much more common
# (zipf, a log10 scale) than the typed word and than every other form: "hog" → "hög" (2.4 →
# 5.2), "motet" → "mötet", but "val" stays (5.2 against "väl" 6.0) and so does "ar" ("är" 7.5
# and "år" 6.3 compete).
RESTORE_MARGIN = 1.5


@lru_cache(maxsize=4)
def load_restorations(language: str, n: int = 200_000) -> dict[str, str]:
    """Word typed without the letters folding drops → the common word written with them that it
    stands for (RESTORE_MARGIN), over the language's `n` most common words. Computed once from
    wordfreq and kept in the user's cache, so a question process neither imports wordfreq nor
    holds its tables (about 40 MB)."""
    letters = FOLDED_LETTERS.get(language)
    cache = _frequency_cache(language, n)
    if not letters:
        return {}
    if cache is not None:
        name = cache.name.replace("zipf-", "restore-").replace(".bin", f"-{RESTORE_MARGIN}.json")
        cache = cache.with_name(name)
        try:
            table: dict[str, str] = json.loads(cache.read_text(encoding="utf-8"))
            return table
        except (OSError, ValueError):
            pass
    try:
        import wordfreq
    except ImportError:
        return {}
    folding = str.maketrans(letters)
    forms: dict[str, dict[str, float]] = {}
    for w in wordfreq.top_n_list(language, n):
        if w.isalpha() and any(c in letters for c in w):
            forms.setdefault(w.translate(folding), {})[w] = wordfreq.zipf_frequency(w, language)
    table = {}
    for typed, found in forms.items():
        found[typed] = wordfreq.zipf_frequency(typed, language)
        best = max(sorted(found), key=lambda f: found[f])
        rest = max((z for f, z in found.items() if f not in (best, typed)), default=0.0)
        if found[best] - max(found[typed], rest) >= RESTORE_MARGIN:
            table[typed] = best
    if cache is not None:
        _write_cache(cache, json.dumps(table, ensure_ascii=False).encode("utf-8"))
    return table


# Zipf 4 is once per 100,000 words: ordinary vocabulary ("kostar" 4.9, "hände" 5.1), above
# surnames and misspellings ("torstenson" 1.5).
COMMON_ZIPF = 4.0
# A word of the language (`Analyzer.knows`): about once per ten million words ("reservationen"
# 2.3, "simhallen" 3.2), where misspellings have no frequency at all and misspelt names little
# ("torstenson" 1.5). The parts of one put together are more common, and three letters or more
# ("sim" 3.6, "lån" 4.6), since short letter runs are rare words too ("nig" 2.5 in "röstnig").
KNOWN_ZIPF = 2.0
MAX_EDITS = 2  # a misspelling's distance from its correction at most (`LexicalIndex.close_terms`)
KNOWN_WORD_EDITS = 1  # and a word the language knows (`knows`) is at most this far from it
PART_ZIPF = 3.0
KNOWN_PART = 3
# A base form (`Analyzer._base_form`) must be at least this common (about once per 300,000
# words: "höja" 4.5, "sänka" 4.5, "förlänga" 3.8), and its stem this long.
BASE_ZIPF = 3.5
MIN_BASE_STEM = 3


class Analyzer:
    """Tokenise, drop stop words, lemmatise/stem, fold and decompound; `language` is a setting."""

    def __init__(self, language: str = "sv") -> None:
        self.language = language
        self._stemmer = Stemmer.Stemmer(_LANG_NAMES.get(language, language))
        self._stop = load_stopwords(language)
        self._lemmas = load_lemmas(language)
        self._endings = load_endings(language)
        self._stem_endings = load_stem_endings(language)
        self.decompounder = Decompounder(load_frequencies(language))
        self._cache: dict[str, tuple[str, ...]] = {}

    def is_common(self, word: str) -> bool:
        """A word so frequent in the language that it is no misspelling, even where the protocols
        never use it ("kostar", "hände"); such words are not corrected to a near corpus word."""
        return self.decompounder.freq.get(word.lower(), 0.0) >= COMMON_ZIPF

    def may_be_misspelt(self, word: str) -> bool:
        """Whether a word the protocols lack may be a misspelling of one they have: not a
        common word of the language, and no identifier. A word with digits names a thing by
        its number ("SkU20", "AU99", "dnr 2023-114"), and a near number names another."""
        return not self.is_common(word) and not any(c.isdigit() for c in word)

    def knows(self, word: str) -> bool:
        """Whether the word is one of the language ("professorn", "översvämning"), or words of
        it put together: after a hyphen ("L-reservationen") or written as one ("sim|hallen",
        "dollar|lån", "vår|budgeten"). The protocols may lack such a word, but it is no
        misspelling of one they have (`spelling.suggestions`)."""
        low = word.lower()
        freq = self.decompounder.freq
        if freq.get(low, 0.0) >= KNOWN_ZIPF:
            return True
        if "-" in low:
            return freq.get(low.rsplit("-", 1)[1], 0.0) >= KNOWN_ZIPF
        for i in range(KNOWN_PART, len(low) - KNOWN_PART + 1):
            left, right = low[:i], low[i:]
            if right in Decompounder.SUFFIXES or freq.get(right, 0.0) < PART_ZIPF:
                continue
            # A linking -s- belongs to the first word ("rättighets|frågor").
            linked = freq.get(left[:-1], 0.0) if left[-1] == "s" else 0.0
            if max(freq.get(left, 0.0), linked) >= PART_ZIPF:
                return True
        return False

    def query_terms(self, text: str) -> tuple[list[str], dict[str, int]]:
        """A query's terms, and those of them worth a typo look-up with the most edits a
        correction may be away: every term of a word that may be misspelt, so "torstenson" may
        become "torstensson" while "kostar" stays itself. A word the language knows is at most
        one edit from its correction (`knows`): "översvämning" is not "överlämning"."""
        terms: list[str] = []
        correctable: dict[str, int] = {}
        for word, _, _ in self.words(text):
            wt = self.word_terms(word)
            terms.extend(wt)
            if self.may_be_misspelt(word):
                edits = KNOWN_WORD_EDITS if self.knows(word) else MAX_EDITS
                for t in wt:
                    correctable[t] = max(correctable.get(t, 0), edits)
        return terms, correctable

    def words(self, text: str) -> list[tuple[str, int, int]]:
        """Words with their offsets (for highlighting)."""
        text = unicodedata.normalize("NFC", text)
        return [(m.group(0), m.start(), m.end()) for m in _WORD_RE.finditer(text)]

    def spans_sharing(self, wanted: AbstractSet[str], text: str) -> list[tuple[int, int]]:
        """Offsets of the words of `text` with an analysed term in `wanted` (highlighting: one
        pass, no list of every word)."""
        text = unicodedata.normalize("NFC", text)
        terms = self.word_terms
        return [m.span() for m in _WORD_RE.finditer(text) if not wanted.isdisjoint(terms(m[0]))]

    def _base_form(self, low: str) -> str | None:
        """The base form of an inflection the stemmer leaves ("höjde", "sänktes" → "höja",
        "sänka"): the word with an ending of `endings_<language>.txt` replaced, when that is a
        common word. Frequencies decide, not a list of verbs, so it holds for any verb. The stem
        must have three letters: short letter runs are common "words" in the frequency list
        ("sta", "bea"), and "stat" or "bet" are no inflections of them. A word that is a base
        form itself ("makt", as "makten" shows) is no inflection of another ("maka")."""
        freq = self.decompounder.freq
        if any(freq.get(low + e, 0.0) >= BASE_ZIPF for e in self._stem_endings):
            return None
        for ending, base in self._endings:
            stem = low[: -len(ending)]
            if (
                low.endswith(ending)
                and len(stem) >= MIN_BASE_STEM
                and freq.get(stem + base, 0.0) >= BASE_ZIPF
            ):
                return stem + base
        return None

    def _stems(self, low: str) -> list[str]:
        # The table holds each form also without å/ä/ö, for questions typed without them ("ar"
        # for "är"). A word written with them is looked up as written: folded, "år", "stöd" and
        # "våld" would be read as "ar", "stod" and "vald", forms of "vara", "stå" and "välja".
        base = self._lemmas.get(low) or self._base_form(low) or low
        stems = [self._stemmer.stemWord(base)]
        folded = fold(base)
        if folded != base:
            stems.append(self._stemmer.stemWord(folded))
        return stems

    def word_terms(self, word: str) -> tuple[str, ...]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        low = word.lower()
        terms: list[str] = []
        if low not in self._stop and (len(low) > 1 or low.isdigit()):
            terms = self._stems(low)
            irregular = low in self._lemmas
            for part in () if irregular else self.decompounder.split(low):
                terms.extend(t for t in self._stems(part) if t not in terms)
        result = tuple(terms)
        if len(self._cache) < WORD_MEMO_LIMIT:
            self._cache[word] = result
        return result

    def memo(self) -> dict[str, tuple[str, ...]]:
        """The words analysed so far with their terms (kept by `wordmemo.WordMemo`)."""
        return self._cache

    def remember(self, words: dict[str, list[str]]) -> None:
        """Take in words analysed before, by this analyzer version (`wordmemo.WordMemo`)."""
        for word, terms in words.items():
            if len(self._cache) >= WORD_MEMO_LIMIT:
                break
            self._cache.setdefault(word, tuple(terms))

    def terms_with_heads(self, text: str) -> set[str]:
        """The terms of `text` and of its unknown compounds' last parts (`Decompounder.head`):
        what a sentence says to a question, not what the index stores."""
        out: set[str] = set()
        for word, _, _ in self.words(text):
            out.update(self.word_terms(word))
            if len(word) >= 7 and (head := self.decompounder.head(word.lower())):
                out.update(self.word_terms(head))
        return out

    def terms(self, text: str) -> list[str]:
        out: list[str] = []
        for word, _, _ in self.words(text):
            out.extend(self.word_terms(word))
        return out
