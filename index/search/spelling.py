"""Spelling suggestions ("menade du"): words of a query the corpus does not know, each mapped to
its closest corpus word as the protocols write it ("torstenson" → "Torstensson")."""

from __future__ import annotations

import re
from itertools import product

from protokoll.index.analysis import (
    FOLDED_LETTERS,
    KNOWN_WORD_EDITS,
    Analyzer,
    fold,
    load_restorations,
)
from protokoll.index.catalog import Catalog
from protokoll.index.search.lexical import LexicalIndex

# fuzz.ratio (0–100) a "menade du" word needs with the typed word: "röstnig" → "röstningen" is
# 82, "kostar" → "bostad" 67.
MIN_SUGGESTION_SIMILARITY = 75
# Unknown words looked up per query. Each costs a fuzzy pass over the vocabulary and a lexical
# search, so a 500-character question of invented words must not cost 80 of them; a real
# question has at most a few misspellings.
MAX_UNKNOWN_WORDS = 6


def suggestions(
    text: str, analyzer: Analyzer, lex: LexicalIndex, catalog: Catalog
) -> dict[str, str]:
    """Typed word → the corpus word to suggest, for the words of `text` the corpus lacks and
    that are not common words of the language."""
    out: dict[str, str] = {}
    unknown = 0
    for word, _, _ in analyzer.words(text):
        terms = analyzer.word_terms(word)
        if not terms or not analyzer.may_be_misspelt(word):
            continue
        if any(t in lex.vocabulary for t in terms):
            continue
        unknown += 1
        if unknown > MAX_UNKNOWN_WORDS:
            break
        # The stem may be further from the right word's term than the word as typed is:
        # "utskotet" stems to "utskot", three edits from the term "utskottet", one as typed.
        close = lex.close_terms(terms[0]) or lex.close_terms(word.lower())
        surface = _surface(close[0], word, analyzer, lex, catalog) if close else None
        if surface and fold(surface) != fold(word) and _may_correct(word, surface, analyzer):
            out[word] = surface
    return out


def _may_correct(typed: str, surface: str, analyzer: Analyzer) -> bool:
    """A word the language knows is offered only a correction one letter away ("anderson" →
    "Andersson"): "simhallen" is a swimming hall the protocols never name, not "Samhall", and
    "översvämning" a flood, not "överlämning". A word it does not know may be further off
    ("föräldrapeningdagarna" → "föräldrapenningdag")."""
    if not analyzer.knows(typed):
        return True
    from rapidfuzz.distance import DamerauLevenshtein

    distance = DamerauLevenshtein.distance(fold(typed).lower(), fold(surface).lower())
    return distance <= KNOWN_WORD_EDITS


def _surface(
    term: str, typed: str, analyzer: Analyzer, lex: LexicalIndex, catalog: Catalog
) -> str | None:
    """The protocols' own word for `term` that looks most like what the user typed.

    Terms are stems and compound parts, so the first word carrying one can look nothing
    like the typed word ("kost" is one edit from "bost", carried by "bostadsområden");
    a suggestion must resemble the typed word as a whole.
    """
    from rapidfuzz import fuzz

    scores = lex.scores([term])
    if not scores.size or scores.max() <= 0:
        return None
    cid = lex.chunk_ids[int(scores.argmax())]
    chunk = catalog.chunks_by_id([cid]).get(cid)
    if chunk is None:
        return None
    want = fold(typed).lower()
    words = {w for w, _, _ in analyzer.words(chunk.text) if term in analyzer.word_terms(w)}
    # Of forms alike but for case ("Årsbudgeten" heading, "årsbudgeten" in a sentence), the one
    # written as the user wrote; sorted, so that the same question always gets the same word.
    best = max(
        sorted(words),
        key=lambda w: (fuzz.ratio(want, fold(w).lower()), fuzz.ratio(typed, w)),
        default=None,
    )
    if best is None or fuzz.ratio(want, fold(best).lower()) < MIN_SUGGESTION_SIMILARITY:
        return None
    return best


def restorations(text: str, language: str) -> dict[str, str]:
    """Typed word → the word with å, ä and ö put back, for a text typed without any of them
    (a keyboard without Swedish letters). A text that has one of them was typed with them, so
    its words are taken as written ("motet" is then a motet). The forms and their frequencies
    are the common words of the language (`load_restorations`)."""
    letters = FOLDED_LETTERS.get(language)
    if not letters or any(c in text.lower() for c in letters):
        return {}
    table = load_restorations(language)
    out: dict[str, str] = {}
    for word in dict.fromkeys(re.findall(r"[^\W\d_]+", text)):
        if best := table.get(word.lower()):
            out[word] = best[0].upper() + best[1:] if word[0].isupper() else best
    return out


# A word typed without å, ä and ö that the language's table leaves as typed, since its forms
# compete in the language at large ("galla" and "gälla", "forsta" with "första" and "förstå"), is
# read with them when the archive itself writes one form far more often: at least this many times
# as many documents as write it as typed and as write any other form. Short words ("sa", "man")
# stay as typed: in questions they are words of their own. The archive's counts are of stems,
# so the language must not know the typed form as the more common word.
ARCHIVE_RESTORE_RATIO = 10
ARCHIVE_RESTORE_MIN_LETTERS = 5
# Words with more letters that could take å, ä or ö than this are not tried (3 × 3 × 2 × 2 forms).
ARCHIVE_RESTORE_MAX_SLOTS = 4


def archive_restorations(
    text: str, language: str, analyzer: Analyzer, lex: LexicalIndex, known: dict[str, str]
) -> dict[str, str]:
    """Typed word → the word with å, ä and ö put back as the archive writes it, for the words of a
    text typed without any of them that `known` (the language's table) does not restore. The
    index keeps each word's own term and its folded one ("gäll" and "gall"), so the documents
    writing a form as typed are those of the folded term less those of the forms with the
    letters."""
    letters = FOLDED_LETTERS.get(language)
    if not letters or any(c in text.lower() for c in letters):
        return {}
    back: dict[str, list[str]] = {}
    for written, folded in letters.items():
        back.setdefault(folded, []).append(written)

    def documents(form: str) -> int:
        terms = analyzer.word_terms(form)
        return lex.doc_freq.get(terms[0], 0) if terms else 0

    zipf = analyzer.decompounder.freq
    out: dict[str, str] = {}
    for word in dict.fromkeys(re.findall(r"[^\W\d_]+", text)):
        low = word.lower()
        if word in known or len(low) < ARCHIVE_RESTORE_MIN_LETTERS:
            continue
        slots = [[c, *back.get(c, [])] for c in low]
        if not 0 < sum(len(x) > 1 for x in slots) <= ARCHIVE_RESTORE_MAX_SLOTS:
            continue
        forms = sorted(
            ((documents(f), f) for f in map("".join, product(*slots)) if f != low),
            reverse=True,
        )
        if not forms or forms[0][0] == 0:
            continue
        as_typed = documents(low) - sum(n for n, _ in forms)
        rival = max(as_typed, forms[1][0] if len(forms) > 1 else 0, 1)
        best = forms[0][1]
        # Nor against the language: "ersatte" is a word, though the archive's "ersätt-" (the
        # lemma of "ersätter") is far more common.
        known_better = zipf.get(low, 0.0) > zipf.get(best, 0.0)
        if forms[0][0] >= ARCHIVE_RESTORE_RATIO * rival and not known_better:
            out[word] = best[0].upper() + best[1:] if word[0].isupper() else best
    return out
