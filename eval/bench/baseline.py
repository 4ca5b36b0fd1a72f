"""Before/after: `Index.search` as it was at a git revision against the current one, on the same
bench index, query by query interleaved (same load), with recall@10 of dense search vs exact.

    python -m protokoll.eval.bench.baseline --rev e17a8dd --size 100000 [--queries 100]

Only the `search` method is taken from the revision (the rest of the index, e.g. its caches, is
the current code), so the difference is the search path itself.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import textwrap
import time
import types
from pathlib import Path
from typing import Any

import numpy as np
from protokoll.eval.bench import build as builder
from protokoll.eval.bench.common import (
    BENCH_DATA,
    ROOT,
    emit,
    environment,
    finish,
    markdown,
    percentiles,
)
from protokoll.eval.bench.latency import pick_filters
from protokoll.eval.bench.queries import load_queries


def old_search(rev: str) -> Any:
    """The `search` method of index/store.py at `rev`, compiled in today's module namespace."""
    import protokoll.index.store as store

    src = subprocess.run(
        ["git", "show", f"{rev}:index/store.py"], cwd=ROOT, capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    start = src.index("    def search(")
    end = src.find("\n    def ", start + 10)
    body = textwrap.dedent(src[start : end if end > 0 else len(src)])
    namespace = dict(vars(store))
    exec(compile(body, f"{rev}:index/store.py", "exec"), namespace)  # noqa: S102
    return namespace["search"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rev", default="e17a8dd", help="git-revision med den gamla sökningen")
    ap.add_argument("--size", type=int, default=100000)
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--root", type=Path, default=BENCH_DATA)
    ap.add_argument("--out", type=Path, default=ROOT / "eval" / "results" / "bench")
    args = ap.parse_args(argv)

    from protokoll.service.facade import Protokollsok
    from protokoll.service.settings import Settings

    result = environment()
    data = builder.bench_dir(args.size, args.root)
    if not (data / "catalog.sqlite").exists():
        raise SystemExit(f"{data}: bygg först med 'protokoll bench build --sizes {args.size}'")
    ids, pids, vectors = builder.truth(args.size, args.root)
    row = {c: i for i, c in enumerate(ids.tolist())}
    queries = load_queries(args.queries)
    filt = next(f for f in pick_filters(data) if f.name == "date+body")
    app = Protokollsok(Settings(data=data))  # type: ignore[call-arg]
    index = app.index
    before = types.MethodType(old_search(args.rev), index)
    after = index.search
    qvecs = index.embedder.encode_queries(queries)
    bodies = index.resolve_bodies(filt.body) if filt.body else None
    allowed = index.protocol_ids(filt.date_from, filt.date_to, bodies)
    fmask = np.isin(pids, list(allowed))
    for q in queries[:3]:  # warm-up of both (lexical index, matrix, caches)
        before(q)
        after(q)
    out: dict[str, Any] = {}
    for label in ("before", "after"):
        out[label] = {k: [] for k in ("hybrid", "filtered", "dense_overlap", "fdense_overlap")}
    for q, qv in zip(queries, qvecs, strict=True):
        sims = vectors @ qv
        kth = np.sort(sims)[-10]
        fs = np.where(fmask, sims, -2.0)
        fkth = np.sort(fs)[-10] if fmask.sum() >= 10 else -2.0
        for label, fn in (("before", before), ("after", after)):
            o = out[label]
            t = time.perf_counter()
            fn(q)
            o["hybrid"].append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            fn(q, 10, filt.date_from, filt.date_to, filt.body)
            o["filtered"].append((time.perf_counter() - t) * 1000)
            d = [h.chunk.id for h in fn(q, 10, mode="dense")]
            o["dense_overlap"].append(sum(1 for c in d if sims[row[c]] >= kth - 1e-6))
            fd = [h.chunk.id for h in fn(q, 10, filt.date_from, filt.date_to, filt.body,
                                         mode="dense")]  # fmt: skip
            o["fdense_overlap"].append(sum(1 for c in fd if fs[row[c]] >= fkth - 1e-6))
    app.close()
    summary: dict[str, Any] = {"rev": args.rev, "size": args.size, "filter": filt.as_json()}
    rows = []
    for label in ("before", "after"):
        o = out[label]
        s = {
            "hybrid_ms": percentiles(o["hybrid"]),
            "date_body_ms": percentiles(o["filtered"]),
            "dense_recall@10": round(float(np.mean(o["dense_overlap"])) / 10, 4),
            "dense_min_overlap": int(min(o["dense_overlap"])),
            "filtered_dense_recall@10": round(float(np.mean(o["fdense_overlap"])) / 10, 4),
            "filtered_dense_min_overlap": int(min(o["fdense_overlap"])),
        }
        s["filtered_over_unfiltered_p50"] = round(
            s["date_body_ms"]["p50"] / s["hybrid_ms"]["p50"], 2
        )
        summary[label] = s
        rows.append([
            f"{label} ({args.rev if label == 'before' else 'working tree'})",
            s["hybrid_ms"]["p50"], s["hybrid_ms"]["p95"], s["date_body_ms"]["p50"],
            s["filtered_over_unfiltered_p50"], s["dense_recall@10"], s["dense_min_overlap"],
            s["filtered_dense_recall@10"], s["filtered_dense_min_overlap"],
        ])  # fmt: skip
    result.update(summary)
    result["queries"] = len(queries)
    table = markdown(
        ["search code", "hybrid p50 ms", "p95", "date+body p50", "filtered/unfiltered",
         "dense R@10", "min", "date+body dense R@10", "min"], rows,
    )  # fmt: skip
    emit(f"baseline-{args.size}", finish(result), table, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
