"""A question read against the archive it is asked of, once per call, for search and ask alike.

`understanding.understand` reads the question's words alone (intent, dates, bodies). This module
adds what needs the index: å, ä and ö restored when the question has none, spelling corrections
from the archive's own vocabulary, a misspelt filter read as its correction would be, and the
reports, meetings and items the question names resolved against the archive (references.py).
"""

from __future__ import annotations

from protokoll.index.index import Index
from protokoll.ingest.text import fold
from protokoll.service import references
from protokoll.service.understanding import Understood, corrected, understand


def read_question(index: Index, query: str) -> Understood:
    """The question read once: filters, intent, spelling; shared by search and ask."""
    index.refresh()
    newest, bodies = index.newest_date(), index.bodies()
    # Typed without å, ä and ö ("hur hog blev arbetslosheten"): read as written with them.
    restored = index.restorations(query)
    query = corrected(query, restored)
    u = understand(query, newest, bodies)
    u.restored = restored
    u.corrections = index.spelling(u.search_text)
    if u.corrections and not u.names_a_filter:
        # A misspelt month or body ("i septembr 2024") narrows as its correction would.
        fixed = understand(corrected(query, u.corrections), newest, bodies)
        if fixed.names_a_filter:
            fixed.query, fixed.corrections, fixed.restored = query, u.corrections, restored
            u = fixed
    references.resolve(
        u,
        index.headings(),
        lambda word: in_archive(index, word),
        lambda word, ids: in_protocols(index, word, ids),
    )
    return u


def in_archive(index: Index, word: str) -> bool:
    """Whether a word occurs anywhere in the archive's text (as the lexical index reads it)."""
    terms = index.analyzer.terms(word)
    vocabulary = index.vocabulary.vocabulary
    return bool(terms) and all(t in vocabulary for t in terms)


# Past this many protocols, reading their texts costs more than the question: a word is taken to
# be spoken of in them.
_MOST_READ = 20


def in_protocols(index: Index, word: str, protocol_ids: list[str]) -> bool:
    """Whether a word is in one of these protocols' text (folded), or they are too many to read."""
    if len(protocol_ids) > _MOST_READ:
        return True
    folded = fold(word)
    for pid in protocol_ids:
        p = index.protocol(pid)
        if p is not None and folded in fold(p.text):
            return True
    return False
