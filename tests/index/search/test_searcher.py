"""A search from request to hits (`index/search/searcher.py`, `request.py`): the modes, the
filters read from a request, reproducible ties, and hits that cite their protocol text."""

from __future__ import annotations

from datetime import date

import pytest
from protokoll.index.index import Index
from protokoll.index.records import EXAMPLE_REQUEST
from protokoll.index.search.request import SearchRequest
from protokoll.service.facade import Protokollsok

Q = "vem ersatte Karin Torstensson?"


@pytest.fixture(scope="module")
def index(app: Protokollsok) -> Index:
    return app.index


def test_a_request_knows_whether_it_filters() -> None:
    assert not SearchRequest(Q).filtered
    assert EXAMPLE_REQUEST.filtered and SearchRequest(Q, month=9).filtered


@pytest.mark.parametrize("mode", ["dense", "lexical", "hybrid"])
def test_every_mode_finds_the_substitution_and_cites_the_text(index: Index, mode: str) -> None:
    hits = index.search(SearchRequest(Q, k=5, mode=mode))  # type: ignore[arg-type]
    assert "Karin Jilkén" in hits[0].chunk.text
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    for h in hits:
        full = index.protocol(h.protocol.id)
        assert full is not None and full.text[h.chunk.start : h.chunk.end] == h.chunk.text
        assert (h.dense is None) == (mode == "lexical")
        assert (h.lexical is None) == (mode == "dense")


def test_filters_keep_only_matching_protocols(index: Index) -> None:
    march = SearchRequest("beslut", k=20, date_from=date(2024, 3, 1), date_to=date(2024, 3, 31))
    by_date = index.search(march)
    assert by_date and {h.protocol.date for h in by_date} == {date(2024, 3, 14)}
    by_day = index.search(SearchRequest("beslut", k=20, month=3, day=14))
    assert [h.chunk.id for h in by_day] == [h.chunk.id for h in by_date]
    assert index.search(SearchRequest("beslut", body="ingen sådan nämnd")) == []
    long_ago = SearchRequest("beslut", date_from=date(1990, 1, 1), date_to=date(1990, 12, 31))
    assert index.search(long_ago) == []


def test_a_given_dense_text_is_what_the_model_encodes(index: Index) -> None:
    typed = "vem ersatte Karin Torstenson?"
    fixed = index.search(SearchRequest(typed, k=3, mode="dense", dense_text=Q))
    correct = index.search(SearchRequest(Q, k=3, mode="dense"))
    assert [h.chunk.id for h in fixed] == [h.chunk.id for h in correct]
    assert [h.score for h in fixed] == [h.score for h in correct]


def test_the_same_search_gives_the_same_hits(index: Index) -> None:
    first = index.search(SearchRequest("beslut", k=20, mode="lexical"))
    assert first and index.search(SearchRequest("beslut", k=20, mode="lexical")) == first


@pytest.mark.parametrize("mode", ["dense", "lexical", "hybrid"])
def test_named_protocols_narrow_every_mode_before_ranking(index: Index, mode: str) -> None:
    # The substitution is in the seed meeting; narrowed to another protocol, search ranks only
    # that protocol's passages, and to none it finds nothing.
    best = index.search(SearchRequest(Q, k=1, mode=mode))[0]  # type: ignore[arg-type]
    other = next(p.id for p in index.protocols() if p.id != best.protocol.id)
    narrowed = SearchRequest(Q, k=20, mode=mode, protocols=(other,))  # type: ignore[arg-type]
    assert narrowed.filtered
    hits = index.search(narrowed)
    assert hits and {h.protocol.id for h in hits} == {other}
    assert index.search(SearchRequest(Q, mode=mode, protocols=())) == []  # type: ignore[arg-type]
