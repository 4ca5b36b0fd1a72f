"""Dense search (`index/search/dense.py`): a filtered search scores the allowed chunks exactly,
so it returns the true top cosines among them, and an unfiltered one agrees with exact scores,
whether it asks the HNSW index or scores the vector matrix (as a new process does)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from protokoll.index.backends.chroma import VectorStore
from protokoll.index.embedding import Embedder
from protokoll.index.index import Index
from protokoll.index.search.dense import DENSE_BREADTH
from protokoll.index.search.request import SearchRequest
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

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
    allowed = {p.id for p in index.protocols() if p.body and p.body.startswith(body)}
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


def test_the_hnsw_index_and_exact_scoring_of_the_matrix_give_the_same_hits(index: Index) -> None:
    """`dense_search` "auto" scores the vector matrix until the process has loaded the HNSW
    index; on an index this small both must return the same ranking."""
    kept = index.settings
    try:
        found = {}
        for way in ("exact", "hnsw"):
            index.settings = replace(kept, dense_search=way)
            found[way] = [
                [(h.chunk.id, round(h.score, 3)) for h in index.search(SearchRequest(q, k=5))]
                for q in QUERIES
            ]
        assert found["exact"] == found["hnsw"]
        assert index.vectors.ready  # the hnsw searches loaded it: "auto" now uses it
    finally:
        index.settings = kept


def test_a_search_in_a_new_process_reads_the_matrix_and_never_imports_chromadb(
    tmp_path: Path, embedder: Embedder, seeds: Path
) -> None:
    """A one-shot `protokoll search` must not pay for chromadb's import and the HNSW load
    (seconds at 100k chunks): the vector matrix that ingest leaves in DATA/derived/ answers."""
    data = tmp_path / "d"
    with Protokollsok(Settings(data=data), embedder=embedder) as app:
        assert not app.ingest([seeds]).failed
        expected = app.search("vem ersatte Karin Torstensson?", k=3)["results"]
    script = (
        "import json, sys\n"
        "from protokoll.service.cli import main\n"
        f"code = main(['--data', {str(data)!r}, 'search', 'vem ersatte Karin Torstensson?',"
        " '--k', '3', '--json'])\n"
        "print('CHROMADB' if 'chromadb' in sys.modules else 'NO-CHROMADB', file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert "NO-CHROMADB" in proc.stderr
    got = json.loads(proc.stdout)["results"]
    assert [h["chunk_id"] for h in got] == [h["chunk_id"] for h in expected]


def test_a_new_collection_searches_at_the_dense_breadth(index: Index) -> None:
    # Its own ef_search is the breadth, so a dense query need not ask for 500 results.
    assert index.vectors.ef_search == DENSE_BREADTH


def test_a_collection_made_with_a_narrower_search_keeps_it_when_reopened(tmp_path: Path) -> None:
    # Indexes made before the breadth was their ef_search keep 200, and dense queries on them
    # ask for DENSE_BREADTH results instead; opening one must not fail nor change it.
    old = VectorStore(path=tmp_path, ef_search=200)
    old.upsert(["a", "b"], np.eye(2, dtype=np.float32), [{"protocol_id": "p"}] * 2)
    del old
    again = VectorStore(path=tmp_path)
    assert again.ef_search == 200
    assert [c for c, _ in again.query(np.array([1.0, 0.0], dtype=np.float32), 1)] == ["a"]
