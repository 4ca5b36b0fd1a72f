"""The lexical index (`index/search/lexical.py`): BM25 over analysed terms, saved and loaded as
an equal index, close terms for typos, and the top scores within a mask."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from protokoll.index.analysis import Analyzer
from protokoll.index.search.lexical import LexicalIndex, query_scores, top_scores

TEXTS = {
    "a": "Karin Jilkén ersätter Karin Torstensson i Läns-gemensam ledning",
    "b": "Nämnden beslutar om bidrag till idrottsföreningar",
    "c": "Till justerare utsågs Erik Sandberg",
}


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer("sv")


@pytest.fixture(scope="module")
def lex(analyzer: Analyzer) -> LexicalIndex:
    return LexicalIndex(list(TEXTS), [analyzer.terms(t) for t in TEXTS.values()])


def test_scores_rank_the_chunk_with_the_words(lex: LexicalIndex, analyzer: Analyzer) -> None:
    scores = lex.scores(analyzer.terms("idrottsföreningar bidrag"))
    assert scores.dtype == np.float32 and scores.shape == (3,)
    assert lex.chunk_ids[int(scores.argmax())] == "b"
    assert not lex.scores(["okäntord"]).any()


def test_a_saved_index_loads_equal(lex: LexicalIndex, analyzer: Analyzer, tmp_path: Path) -> None:
    lex.save(tmp_path / "lex")
    loaded = LexicalIndex.load(tmp_path / "lex")
    assert loaded.chunk_ids == lex.chunk_ids and loaded.doc_freq == lex.doc_freq
    terms = analyzer.terms("vem ersatte Karin Torstensson")
    assert np.array_equal(loaded.scores(terms), lex.scores(terms))


def test_an_empty_index_scores_nothing(tmp_path: Path) -> None:
    empty = LexicalIndex([], [])
    assert len(empty) == 0 and empty.scores(["x"]).size == 0
    empty.save(tmp_path / "e")
    assert len(LexicalIndex.load(tmp_path / "e")) == 0


def test_close_terms_find_the_nearest_spelling(lex: LexicalIndex, analyzer: Analyzer) -> None:
    right = analyzer.word_terms("Torstensson")[0]
    assert lex.close_terms(analyzer.word_terms("Torstenson")[0]) == [right]
    assert lex.close_terms(right) == []  # known terms need no correction
    assert lex.close_terms("abc") == []  # too short to guess
    assert lex.idf(right) < lex.idf("okänd")


def test_a_misspelt_name_in_a_query_still_scores(lex: LexicalIndex, analyzer: Analyzer) -> None:
    scores = query_scores(lex, analyzer, "vem ersatte Karin Torstenson")
    assert lex.chunk_ids[int(scores.argmax())] == "a"


def test_top_scores_keep_positive_scores_within_the_mask() -> None:
    ids = ["a", "b", "c", "d"]
    scores = np.array([0.5, 2.0, 0.0, 1.0], dtype=np.float32)
    assert top_scores(ids, scores, 3) == [("b", 2.0), ("d", 1.0), ("a", 0.5)]
    mask = np.array([True, False, True, True])
    assert top_scores(ids, scores, 10, mask) == [("d", 1.0), ("a", 0.5)]
    assert top_scores(ids, scores, 0) == []
