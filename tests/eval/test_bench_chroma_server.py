"""`protokoll bench chroma-server` end to end at a tiny size: a real `chroma run`, the bench index
copied into it, ingest by the real CLI both ways, search in-process and over HTTP, cold starts;
the table must have a number in every cell of both columns (the real run is 100k chunks, never a
test)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from protokoll.eval.bench import chroma_server
from protokoll.index.embedding import Embedder
from protokoll.service.facade import Protokollsok

from tests.conftest import CORPUS, SEEDS

pytestmark = pytest.mark.slow  # a `chroma run` server, CLI processes and two HTTP services


def test_chroma_server_bench_fills_both_columns(
    app: Protokollsok, embedder: Embedder, seeds: Path, tmp_path: Path
) -> None:
    args = argparse.Namespace(
        what="chroma-server", source=app.settings.data, corpus=CORPUS, sizes="200", queries=6,
        requests=4, root=tmp_path / "bench", out=tmp_path / "out", no_http=False,
    )  # fmt: skip
    files = sorted(SEEDS.glob("*.txt"))
    res = chroma_server.bench_chroma_server(args, embedder, files=files, runs=1)

    ing = res["ingest"]
    for side in ("local", "server"):
        assert ing[side]["exit"] == 0 and ing[side]["failed"] == 0, ing[side]
        assert ing[side]["passages"] > 0 and ing[side]["passages_per_s"] > 0
    # Both ingests wrote the same passages; the server run's went into the server alone.
    assert ing["local"]["passages"] == ing["server"]["passages"]
    assert ing["server"]["vectors_in_server"] == ing["server"]["passages"]
    assert ing["server"]["local_chroma_folder"] is False

    size = res["sizes"]["200"]
    assert size["copy"]["vectors"] == size["chunks"] >= 200
    for side in ("local", "server"):
        s = size["search"][side]
        for mode in ("auto", "exact"):
            assert s[mode]["hybrid_ms"]["n"] == 6 and s[mode]["floor_ms"]["p50"] > 0
        assert s["http"]["c1"]["errors"] == 0 and s["http"]["c1"]["latency_ms"]["p50"] > 0
        cs = size["coldstart"][side]
        assert all(r["exit"] == 0 and r["peak_rss_mb"] > 0 for r in cs["cli"])
        assert cs["serve"]["s"] > 0
    assert size["coldstart"]["server"]["cli_empty"][0]["exit"] == 0
    assert size["coldstart"]["server"]["serve_empty"]["s"] > 0

    again = res["chroma_server"]["restart"]
    assert again["up_s"] > 0 and again["first_query_s"]["200"] > 0

    lines = res["table_md"].splitlines()
    assert lines[0] == "|  | lokal mapp, 200 | Chroma-server, 200 |"
    number = re.compile(r"^\d+(\.\d+)?( \(\d+(\.\d+)?\))?$|^[\d.]+(, [\d.]+)* \([\d.]+\)$")
    for line in lines[2 : 2 + len(chroma_server.ROWS)]:
        label, local, server = (c.strip() for c in line.strip("|").split("|"))
        assert number.match(server), (label, server)
        assert number.match(local) or (local == "-" and "tom cachemapp" in label), (label, local)
    for key in ("machine", "commit", "load_start", "load_end"):
        assert key in res
