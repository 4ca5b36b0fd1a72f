"""Swedish lexical analysis shared by indexing and querying.

Each word yields its Snowball Swedish stem and, when the word has å/ä/ö/é, also the stem of its
folded form. A query typed without diacritics ("kompetensforsorjning") then meets the text, and
a query typed with them matches both tokens, so exact spelling still ranks higher.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import Stemmer  # PyStemmer

_WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_FOLD = str.maketrans(
    {"å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "ü": "u", "æ": "a", "ø": "o"}
)


def fold(word: str) -> str:
    """Lower-case and strip Swedish diacritics: "Jilkén" → "jilken", "Öberg" → "oberg"."""
    return word.lower().translate(_FOLD)


@lru_cache(maxsize=8)
def load_stopwords(language: str) -> frozenset[str]:
    name = f"stopwords_{language}.txt"
    try:
        raw = resources.files("protokoll.index").joinpath("data", name).read_text("utf-8")
    except FileNotFoundError:
        return frozenset()
    words = {w.strip() for w in raw.splitlines() if w.strip() and not w.startswith("#")}
    return frozenset(words | {fold(w) for w in words})


_LANG_NAMES = {"sv": "swedish", "en": "english", "no": "norwegian", "da": "danish", "fi": "finnish"}


class Analyzer:
    """Tokenise, drop stop words, stem; `language` is a setting, not a literal."""

    def __init__(self, language: str = "sv") -> None:
        self.language = language
        self._stemmer = Stemmer.Stemmer(_LANG_NAMES.get(language, language))
        self._stop = load_stopwords(language)
        self._cache: dict[str, tuple[str, ...]] = {}

    def words(self, text: str) -> list[tuple[str, int, int]]:
        """Words with their offsets (for highlighting)."""
        text = unicodedata.normalize("NFC", text)
        return [(m.group(0), m.start(), m.end()) for m in _WORD_RE.finditer(text)]

    def word_terms(self, word: str) -> tuple[str, ...]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        low = word.lower()
        if low in self._stop or (len(low) == 1 and not low.isdigit()):
            terms: tuple[str, ...] = ()
        else:
            stem = self._stemmer.stemWord(low)
            folded = fold(low)
            terms = (stem,) if folded == low else (stem, self._stemmer.stemWord(folded))
        if len(self._cache) < 500_000:
            self._cache[word] = terms
        return terms

    def terms(self, text: str) -> list[str]:
        out: list[str] = []
        for word, _, _ in self.words(text):
            out.extend(self.word_terms(word))
        return out
