"""Pseudo-relevance feedback on the lexical side: a question's words that the protocols do not
use are bridged by the words of the passages a first search ranks highest.

The terms that weigh most in the top passages (term frequency within a passage × idf, summed
over the passages, at least two passages holding the term) are added to the query as a second
BM25 query, scaled to a share of the first. Off unless configured (`prf_terms`); measured in
docs/quality.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from protokoll.index.search.lexical import LexicalIndex

MIN_TERM_CHARS = 3


def expansion_terms(
    lex: LexicalIndex, passages: Sequence[str], query_terms: set[str], n: int
) -> list[str]:
    """The `n` terms that weigh most in the feedback passages (their analysed terms, space
    separated), other than the query's own."""
    weights: Counter[str] = Counter()
    holders: Counter[str] = Counter()
    for passage in passages:
        terms = passage.split()
        if not terms:
            continue
        for term, count in Counter(terms).items():
            if term in query_terms or len(term) < MIN_TERM_CHARS or term.isdigit():
                continue
            weights[term] += count / len(terms) * lex.idf(term)
            holders[term] += 1
    # A term of one passage only says what that passage is about, not what the question is.
    ranked = [t for t, _ in weights.most_common() if holders[t] >= min(2, len(passages))]
    return ranked[:n]


def expanded_scores(
    lex: LexicalIndex, scores: np.ndarray, terms: list[str], weight: float
) -> np.ndarray:
    """The first BM25 scores plus the expansion's, scaled so that its best passage adds
    `weight` × the first query's best score."""
    extra = lex.scores(terms)
    top, extra_top = float(scores.max(initial=0.0)), float(extra.max(initial=0.0))
    if top <= 0 or extra_top <= 0:
        return scores
    return scores + (weight * top / extra_top) * extra
