"""`protokoll bench …` / `python -m protokoll.eval.bench …`: the benchmarks of issue 8.

    protokoll bench latency  [--sizes 1000,10000,100000]   in-process + HTTP, against the floor
    protokoll bench recall   [--sizes 10000,100000]        HNSW and dense search vs exact
    protokoll bench ingest                                 our ingest vs embedding alone
    protokoll bench runtimes                               passage runtimes: fp32, bf16, int8
    protokoll bench coldstart [--sizes …]                  fresh `protokoll search`, server start
    protokoll bench memory   [--sizes …]                   peak RSS (ingest, server), disk
    protokoll bench ask --source DATA                      ask p50/p95 over the corpus questions
    protokoll bench all                                    all of the above, one run, plots
    protokoll bench build    [--sizes …]                   only build the bench indexes
    protokoll bench chroma-server [--sizes 100000]         ingest, search, cold start: local
                                                           folder vs a `chroma run` server

Real chunks and vectors come from `--source DATA` (a full-corpus data folder, opened read-only
through a private copy when another process owns it) or, without it, from the shared corpus
ingested once into data/bench/source. Results go to eval/results/bench/ (JSON + Markdown).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

from protokoll.eval.bench import build as builder
from protokoll.eval.bench.args import add_arguments
from protokoll.eval.bench.common import (
    dir_size_mb,
    emit,
    environment,
    finish,
    markdown,
    percentiles,
)
from protokoll.eval.bench.ingest import bench_ingest, ingest_files, run_peak
from protokoll.eval.bench.plots import plot_latency, plot_recall
from protokoll.eval.bench.queries import load_queries, query_sources, warmup_queries
from protokoll.eval.bench.source import CORPUS_FOLDERS, cli_exe, load_snapshot
from protokoll.index.embedding import Embedder

log = logging.getLogger(__name__)

DEFAULT_SIZES = (1000, 10000, 100000)


def _sizes(args: argparse.Namespace, default: tuple[int, ...]) -> list[int]:
    if args.sizes:
        return [int(s) for s in args.sizes.split(",") if s.strip()]
    return list(default)


def _indexes(args: argparse.Namespace, sizes: list[int]) -> tuple[dict[int, Path], Any]:
    snap = load_snapshot(args.source, args.corpus, args.root)
    return {n: builder.build(snap, n, args.root) for n in sizes}, snap


# -- latency ---------------------------------------------------------------------------------
def bench_latency(args: argparse.Namespace, embedder: Embedder | None = None) -> dict[str, Any]:
    from protokoll.eval.bench import latency

    result = environment()
    sizes = _sizes(args, DEFAULT_SIZES)
    indexes, _ = _indexes(args, sizes)
    queries = load_queries(args.queries)
    warmup = warmup_queries(queries, len(queries))
    result["queries"] = {"count": len(queries), "warmup": len(warmup), "from": query_sources()}
    per: dict[str, Any] = {}
    for n in sizes:
        data = indexes[n]
        filters = latency.pick_filters(data)
        entry: dict[str, Any] = {"chunks": builder.info(n, args.root)["chunks"]}
        # The server first: it must own the data folder alone.
        if not args.no_http:
            entry["http"] = latency.over_http(data, queries, args.requests, filters, warmup)
        entry["inprocess"], embedder = latency.inprocess(data, embedder, queries, filters,
                                                         warmup=warmup)  # fmt: skip
        per[str(n)] = entry
    result["sizes"] = per
    rows = []
    for e in per.values():
        ip, h = e["inprocess"], e.get("http", {})
        f = ip["filtered"]
        rows.append([
            e["chunks"], ip["floor_ms"]["p50"], ip["hybrid_ms"]["p50"], ip["hybrid_ms"]["p95"],
            ip["hybrid_ms"]["p99"], ip["ratio_p50"],
            h.get("c1", {}).get("latency_ms", {}).get("p50", "-"),
            h.get("c1", {}).get("latency_ms", {}).get("p95", "-"),
            h.get("c8", {}).get("latency_ms", {}).get("p50", "-"),
            h.get("c8", {}).get("throughput_rps", "-"),
            f.get("date+body", {}).get("ms", {}).get("p50", "-"),
            round(f.get("date+body", {}).get("ms", {}).get("p50", 0) / f["none"]["ms"]["p50"], 2)
            if "date+body" in f else "-",
        ])  # fmt: skip
    table = markdown(
        ["chunks", "floor p50 ms", "hybrid p50", "p95", "p99", "p50/floor", "HTTP 1c p50",
         "1c p95", "HTTP 8c p50", "8c req/s", "date+body p50", "filtered/unfiltered"], rows,
    )  # fmt: skip
    result["embedder"] = getattr(embedder, "name", "?")
    result["_embedder"] = embedder
    return finish(result) | {"table_md": table}


# -- recall ----------------------------------------------------------------------------------
def bench_recall(args: argparse.Namespace, embedder: Embedder | None = None) -> dict[str, Any]:
    from protokoll.eval.bench import latency, recall

    result = environment()
    sizes = _sizes(args, (10000, 100000))
    indexes, snap = _indexes(args, sizes)
    queries = load_queries(args.queries)
    result["queries"] = {"count": len(queries), "from": query_sources()}
    per: dict[str, Any] = {}
    real = snap.all_vectors()
    result["nn_similarity_real"] = builder.nn_check(real)
    for n in sizes:
        data = indexes[n]
        filters = latency.pick_filters(data)
        per[str(n)], embedder = recall.measure(n, data, embedder, queries, filters, args.root)
        _, _, vecs = builder.truth(n, args.root)
        per[str(n)]["nn_similarity"] = builder.nn_check(vecs)
    result["sizes"] = per
    rows = []
    for _n, e in per.items():
        for name in ("none", "date", "body", "date+body"):
            if name not in e:
                continue
            r = e[name]
            rows.append([
                e["n_chunks"], name, r["allowed_chunks"], r["chroma_recall@10"],
                r["chroma_min_overlap"], r["chroma_queries_below_10"], r["chroma_ms"]["p50"],
                r["dense_recall@10"], r["dense_min_overlap"], r["dense_queries_below_10"],
                r["dense_search_ms"]["p50"], r["numpy_exact_ms"]["p50"],
            ])  # fmt: skip
    table = markdown(
        ["chunks", "filter", "allowed", "Chroma R@10", "min", "<10/10", "Chroma p50 ms",
         "dense search R@10", "min", "<10/10", "dense search p50 ms", "numpy exact p50 ms"],
        rows,
    )  # fmt: skip
    result["_embedder"] = embedder
    return finish(result) | {"table_md": table}


# -- cold start ------------------------------------------------------------------------------
COLD_QUERY = "vem är ordförande i utskottet?"


def bench_coldstart(args: argparse.Namespace, runs: int = 2) -> dict[str, Any]:
    from protokoll.eval.bench.serving import serve

    result = environment()
    sizes = _sizes(args, DEFAULT_SIZES)
    indexes, _ = _indexes(args, sizes)
    per: dict[str, Any] = {}
    for n in sizes:
        data = indexes[n]
        walls = []
        for _ in range(runs):
            code, wall, rss = run_peak(
                [cli_exe(), "--data", str(data), "search", COLD_QUERY, "--json"]
            )
            walls.append(wall)
        entry: dict[str, Any] = {"cli_search_s": [round(w, 2) for w in walls],
                                 "cli_exit": code, "cli_peak_rss_mb": rss}  # fmt: skip
        if not args.no_http:
            with serve(data, COLD_QUERY) as server:
                entry["server_start_to_first_answer_s"] = server.first_answer_s
                entry["server_peak_rss_mb"] = server.peak_rss_mb()
        per[str(n)] = entry
    result["sizes"] = per
    result["query"] = COLD_QUERY
    table = markdown(
        ["chunks", "`protokoll search` fresh process s (each run)", "its peak RSS MB",
         "server start → first answer s"],
        [[n, ", ".join(f"{w:.2f}" for w in e["cli_search_s"]), e["cli_peak_rss_mb"],
          e.get("server_start_to_first_answer_s", "-")] for n, e in per.items()],
    )  # fmt: skip
    return finish(result) | {"table_md": table}


# -- memory ----------------------------------------------------------------------------------
def bench_memory(
    args: argparse.Namespace,
    latency_result: dict[str, Any] | None = None,
    ingest_result: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Peak RSS of ingest (CLI) and of the server after a bounded load; disk per 10k chunks."""
    from protokoll.eval.bench.serving import load, serve

    result = environment()
    sizes = _sizes(args, DEFAULT_SIZES)
    indexes, _ = _indexes(args, sizes)
    queries = load_queries(50)
    if ingest_result is None:
        files = ingest_files(args.corpus)
        with tempfile.TemporaryDirectory(prefix="bench-mem-") as tmp:
            _, wall, rss = run_peak([cli_exe(), "--data", tmp, "ingest", *map(str, files)])
        result["ingest_peak_rss_mb"] = rss
    else:
        result["ingest_peak_rss_mb"] = ingest_result["cli"]["peak_rss_mb"]
    per: dict[str, Any] = {}
    for n in sizes:
        data = indexes[n]
        chunks = builder.info(n, args.root)["chunks"]
        entry: dict[str, Any] = {"chunks": chunks, "disk_mb": dir_size_mb(data)}
        entry["disk_mb_per_10k"] = round(entry["disk_mb"] / chunks * 10000, 1)
        lat = (latency_result or {}).get("sizes", {}).get(str(n), {}).get("http")
        if lat:
            entry["server_peak_rss_mb"] = lat["server_peak_rss_mb"]
        elif not args.no_http:
            with serve(data, queries[0]) as server:
                load(server.url, queries, 1)
                entry["server_peak_rss_mb"] = server.peak_rss_mb()
        per[str(n)] = entry
    result["sizes"] = per
    table = markdown(
        ["chunks", "server peak RSS MB (VmHWM)", "disk MB", "disk MB per 10k chunks"],
        [[e["chunks"], e.get("server_peak_rss_mb", "-"), e["disk_mb"], e["disk_mb_per_10k"]]
         for e in per.values()],
    )  # fmt: skip
    table += (
        f"\n\nIngest (CLI, the ingest bench's files) peak RSS: {result['ingest_peak_rss_mb']} MB"
    )
    return finish(result) | {"table_md": table}


# -- entry -----------------------------------------------------------------------------------
def _emit(name: str, result: dict[str, Any], out: Path) -> None:
    result.pop("_embedder", None)
    table = result.pop("table_md")
    emit(name, result, table, out)


def _saved(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def run(args: argparse.Namespace) -> int:
    logging.getLogger("protokoll.eval.bench").setLevel(logging.WARNING)
    what = args.what
    if what == "build":
        _indexes(args, _sizes(args, DEFAULT_SIZES))
        for n in _sizes(args, DEFAULT_SIZES):
            print(builder.info(n, args.root))  # noqa: T201
        return 0
    if what == "chroma-server":
        from protokoll.eval.bench.chroma_server import bench_chroma_server

        _emit("chroma-server", bench_chroma_server(args), args.out)
        return 0
    if what == "runtimes":
        from protokoll.eval.bench.runtimes import bench_runtimes

        _emit("runtimes", bench_runtimes(args), args.out)
        return 0
    emb: Embedder | None = None
    lat = ing = None
    if what in ("ingest", "all"):
        ing = bench_ingest(args)
        emb = ing["_embedder"]
        _emit("ingest", ing, args.out)
    plotted = (("latency", bench_latency, plot_latency), ("recall", bench_recall, plot_recall))
    for name, bench, plot in plotted:
        if what in (name, "all"):
            result = bench(args, emb)
            emb = result["_embedder"]
            if (p := plot(result, args.out)) is not None:
                result["plot"] = str(p)
            _emit(name, result, args.out)
            lat = result if name == "latency" else lat
    if what == "ask" or (what == "all" and args.source):
        from protokoll.eval.bench.asking import bench_ask

        if args.source is None:
            print("bench ask: ange --source, en datamapp med hela korpusen", file=sys.stderr)  # noqa: T201
            return 2
        _emit("ask", bench_ask(args.source, args.corpus), args.out)
    if what in ("coldstart", "all"):
        _emit("coldstart", bench_coldstart(args), args.out)
    if what in ("memory", "all"):
        # Reuse the peaks the ingest and latency benchmarks measured into the same folder.
        ing = ing or _saved(args.out / "ingest.json")
        lat = lat or _saved(args.out / "latency.json")
        _emit("memory", bench_memory(args, lat, ing), args.out)
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="protokoll bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    add_arguments(p)
    return run(p.parse_args(argv))


__all__ = ["CORPUS_FOLDERS", "add_arguments", "main", "percentiles", "run"]
