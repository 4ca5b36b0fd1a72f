"""Pseudo-relevance feedback: the words the top passages share, added to the lexical query."""

from __future__ import annotations

import numpy as np
from protokoll.index.search.feedback import expanded_scores, expansion_terms
from protokoll.index.search.lexical import LexicalIndex

PASSAGES = [
    "riksbank reporänt höj procentenhet inflation",
    "reporänt inflation direktion beslut",
    "reporänt inflation kronkurs",
    "skol elevhäls samordnar",
    "budget kommun skatt",
]


def test_expansion_takes_shared_weighty_terms_but_not_the_querys_or_one_passages() -> None:
    lex = LexicalIndex([f"c{i}" for i in range(len(PASSAGES))], [p.split() for p in PASSAGES])
    terms = expansion_terms(lex, PASSAGES[:3], {"riksbank"}, n=3)
    assert terms[0] in {"reporänt", "inflation"} and set(terms) <= {"reporänt", "inflation"}
    assert "riksbank" not in terms and "kronkurs" not in terms


def test_expanded_scores_reach_a_passage_the_query_words_missed() -> None:
    lex = LexicalIndex([f"c{i}" for i in range(len(PASSAGES))], [p.split() for p in PASSAGES])
    first = lex.scores(["riksbank"])
    assert first[2] == 0
    scores = expanded_scores(lex, first, ["reporänt", "inflation"], weight=0.3)
    assert scores[2] > 0 and scores[0] == max(scores) and scores[3] == scores[4] == 0
    assert np.isclose(scores[0] - first[0], 0.3 * first.max(), rtol=0.5)
