"""The benchmarks run end to end at a tiny size (the real runs are `protokoll bench …`, never
tests): bench indexes built by the product's Index from real vectors, latency against its floor,
recall against exact search."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pytest
from protokoll.eval.bench import build, run
from protokoll.index.embedding import Embedder
from protokoll.service.facade import Protokollsok

from tests.conftest import CORPUS


def _args(tmp_path: Path, source: Path, what: str) -> argparse.Namespace:
    return argparse.Namespace(
        what=what, source=source, corpus=CORPUS, sizes="200", queries=6, requests=4,
        root=tmp_path / "bench", out=tmp_path / "out", no_http=True,
    )  # fmt: skip


@pytest.mark.slow
def test_bench_builds_an_extended_index_and_measures_latency_and_recall(
    app: Protokollsok, embedder: Embedder, tmp_path: Path
) -> None:
    args = _args(tmp_path, app.settings.data, "latency")
    lat = run.bench_latency(args, embedder)
    info = build.info(200, args.root)
    # The seeds and examples hold fewer than 200 chunks: the rest are re-dated copies.
    assert info["chunks"] >= 200 and info["copies"] > 0
    # Every copy stays (the build checks the active counts), and the build ends, as an ingest
    # does, with the derived caches written for the first reader.
    with Protokollsok(
        app.settings.model_copy(update={"data": build.bench_dir(200, args.root)})
    ) as b:
        assert b.stats()["protocols"] == info["protocols"]
    assert (build.bench_dir(200, args.root) / "derived" / "vectors.json").is_file()
    assert info["peak_rss_mb"]["caches"] > 0 and info["caches_s"] >= 0
    ids, pids, vectors = build.truth(200, args.root)
    assert len(ids) == info["chunks"] == len(vectors)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)

    size = lat["sizes"]["200"]
    for key in ("hybrid_ms", "floor_ms", "ratio_p50", "filtered"):
        assert key in size["inprocess"]
    assert size["inprocess"]["hybrid_ms"]["n"] == 6
    assert {"none", "date", "body", "date+body"} <= set(size["inprocess"]["filtered"])
    for key in ("machine", "versions", "commit", "load_start", "load_end", "table_md"):
        assert key in lat

    rec = run.bench_recall(_args(tmp_path, app.settings.data, "recall"), embedder)
    r = rec["sizes"]["200"]
    # Filtered dense search scores the allowed chunks exactly: nothing can be missed.
    for name in ("date", "body", "date+body"):
        assert r[name]["dense_recall@10"] == 1.0, (name, r[name])
    assert r["none"]["dense_recall@10"] >= 0.95
    assert "| chunks | filter |" in rec["table_md"]
