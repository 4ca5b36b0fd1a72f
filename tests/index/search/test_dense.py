"""Dense search (`index/search/dense.py`): a filtered search scores the allowed chunks exactly,
so it returns the true top cosines among them, and an unfiltered one agrees with exact scores."""

from __future__ import annotations

import numpy as np
import pytest
from protokoll.index.index import Index
from protokoll.index.search.request import SearchRequest
from protokoll.service.facade import Protokollsok

QUERIES = ["vem ersatte Karin Torstensson?", "bygglov för fritidshus", "budget för skolan"]


@pytest.fixture(scope="module")
def index(app: Protokollsok) -> Index:
    return app.index


def _exact(index: Index, query: str, protocol_ids: set[str], k: int) -> list[tuple[str, float]]:
    ids = [c.id for pid in sorted(protocol_ids) for c in index.chunks_of(pid)]
    found = index.vectors.vectors(ids)
    qv = index.embedder.encode_queries([query])[0]
    sims = {cid: float(vec @ qv) for cid, vec in found.items()}
    return sorted(sims.items(), key=lambda x: -x[1])[:k]


@pytest.mark.parametrize("query", QUERIES)
def test_a_filtered_dense_search_is_the_exact_top_among_the_allowed(
    index: Index, query: str
) -> None:
    body = "Miljö- och byggnämnden"
    allowed = {p.id for p in index.protocols() if p.body == body}
    assert allowed
    hits = index.search(SearchRequest(query, k=5, body=body, mode="dense"))
    truth = _exact(index, query, allowed, 5)
    assert [h.chunk.id for h in hits] == [c for c, _ in truth]
    assert np.allclose([h.score for h in hits], [round(s, 4) for _, s in truth], atol=1e-4)


def test_an_unfiltered_dense_search_agrees_with_exact_scores(index: Index) -> None:
    everything = {p.id for p in index.protocols()}
    for query in QUERIES:
        hits = index.search(SearchRequest(query, k=5, mode="dense"))
        truth = _exact(index, query, everything, 5)
        assert [h.chunk.id for h in hits] == [c for c, _ in truth]
        assert all(h.dense is not None and h.lexical is None for h in hits)
