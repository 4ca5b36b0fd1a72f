"""A question's everyday words and the words meeting records write for the same thing.

"Från vilket datum gäller den sänkta momsen?" is answered by "Lagändringen träder i kraft den 1
juli 2019": no word is shared, and the embedding model alone does not rank that sentence first.
The lexicon's `[question.equivalents]` lists such pairs; a question that holds every word of a
key (in any order, any inflection) gets the terms of its values, for a second BM25 query and
for measuring how much of the question an answer carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from protokoll.index.analysis import Analyzer
from protokoll.ingest.lexicon import lexicon
from protokoll.ingest.text import fold


@dataclass(frozen=True)
class Equivalent:
    """A key the question holds: its words' terms, and the terms of what records write instead."""

    asked: frozenset[str]
    written: tuple[str, ...]


# A key word: its stem, or None for a word analysis drops, with the word as written (folded).
_KeyWord = tuple[str | None, str]


@cache
def _table(analyzer: Analyzer) -> tuple[tuple[tuple[_KeyWord, ...], tuple[str, ...]], ...]:
    """The lexicon's equivalents as analysed once: each key's words, and its values' terms."""
    rows = []
    for key, values in lexicon(analyzer.language).equivalents.items():
        words = tuple(
            ((t[0] if (t := analyzer.word_terms(w)) else None), fold(w.lower()))
            for w, _, _ in analyzer.words(key)
        )
        written = (t for v in values for w, _, _ in analyzer.words(v) for t in _whole(analyzer, w))
        rows.append((words, tuple(dict.fromkeys(written))))
    return tuple(rows)


def equivalents(analyzer: Analyzer, question: str) -> list[Equivalent]:
    """The keys of the lexicon's equivalents that the question holds, with their values' terms.
    A word of a key that analysis drops (a stop word: "från", "över") must stand in the
    question as written."""
    words = analyzer.words(question)
    stems = [terms[0] for w, _, _ in words if (terms := analyzer.word_terms(w))]
    plain = {fold(w.lower()) for w, _, _ in words}
    found: list[Equivalent] = []
    for key, written in _table(analyzer):
        asked: set[str] = set()
        for stem, as_written in key:
            same = [s for s in stems if stem is not None and _inflected(stem, s)]
            if same:
                asked.update(same)
            elif stem is not None or as_written not in plain:
                break
        else:
            found.append(Equivalent(frozenset(asked), written))
    return found


def _whole(analyzer: Analyzer, word: str) -> list[str]:
    """A word's terms without those of its compound parts: "votering" is not "vot" + "ring"."""
    terms = analyzer.word_terms(word)
    parts = analyzer.decompounder.split(word.lower())
    if len(parts) < 2:
        return list(terms)
    part_terms = {t for p in parts for t in analyzer.word_terms(p)}
    return [t for t in terms if t not in part_terms] or list(terms[:1])


def _inflected(stem: str, term: str) -> bool:
    """`term` is `stem` or a form of it the stemmer left longer ("styrränt" / "styrräntan")."""
    return term == stem or (len(stem) >= 4 and term.startswith(stem) and len(term) - len(stem) <= 3)


def written_terms(analyzer: Analyzer, question: str) -> list[str]:
    """The terms records write for what the question says in everyday words, other than the
    question's own terms (a second BM25 query)."""
    own = set(analyzer.terms(question))
    terms = (t for e in equivalents(analyzer, question) for t in e.written if t not in own)
    return list(dict.fromkeys(terms))
