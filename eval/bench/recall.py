"""Recall@10 of the vector search against exact brute-force search (numpy, all vectors of the
bench index), on real query embeddings, with and without filters; and the latency of each.

Two paths are measured: Chroma's HNSW query alone (`VectorStore.query`, what the index gives),
and the product's dense search (`Index.search(mode="dense")`, what a user gets). A retrieved
chunk counts as correct when its exact similarity reaches the 10th exact similarity (ties)."""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Any

import numpy as np
from protokoll.eval.bench.build import truth
from protokoll.eval.bench.common import BENCH_DATA, percentiles
from protokoll.eval.bench.latency import Filter
from protokoll.index.embedding import Embedder
from protokoll.index.search.request import SearchRequest

RAW_FILTERED_QUERIES = 50


def _overlap(pred: list[str], k: int, row: dict[str, int], sims: np.ndarray, kth: float) -> int:
    """How many of the first k predicted chunks are among the exact top k (ties count)."""
    hit = sum(1 for c in pred[:k] if c in row and sims[row[c]] >= kth - 1e-6)
    return min(hit, k)


def measure(
    n: int,
    data: Path,
    embedder: Embedder | None,
    queries: list[str],
    filters: list[Filter],
    root: Path = BENCH_DATA,
) -> tuple[dict[str, Any], Embedder]:
    from protokoll.service.facade import Protokollsok
    from protokoll.service.settings import Settings

    ids, pids, vectors = truth(n, root)
    app = Protokollsok(Settings(data=data), embedder=embedder)  # type: ignore[call-arg]
    try:
        index = app.index
        emb = index.embedder
        qvecs = emb.encode_queries(queries)
        index.search(SearchRequest(queries[0], mode="dense"))  # warm-up (lexical index, caches)
        out: dict[str, Any] = {"n_chunks": int(len(ids)), "queries": len(queries)}
        for f in [Filter("none"), *filters]:
            mask = None
            if f.name != "none":
                bodies = index.resolve_bodies(f.body) if f.body else None
                allowed = index.protocol_ids(f.date_from, f.date_to, bodies)
                mask = np.isin(pids, list(allowed))
            else:
                allowed = None
            sub_ids = ids if mask is None else ids[mask]
            sub_vecs = vectors if mask is None else vectors[mask]
            k = min(10, len(sub_ids))
            row = {c: i for i, c in enumerate(sub_ids.tolist())}
            per_raw: list[int] = []
            per_dense: list[int] = []
            ms_raw: list[float] = []
            ms_dense: list[float] = []
            ms_exact: list[float] = []
            for i, (q, qv) in enumerate(zip(queries, qvecs, strict=True)):
                t = time.perf_counter()
                sims = sub_vecs @ qv
                top = np.argpartition(-sims, k - 1)[:k] if k else np.array([], dtype=int)
                ms_exact.append((time.perf_counter() - t) * 1000)
                kth = float(sims[top].min()) if k else 0.0
                # Chroma's own `where` pre-filtering takes up to seconds per query at 100k:
                # a bounded sample of queries measures it.
                if allowed is None or i < RAW_FILTERED_QUERIES:
                    t = time.perf_counter()
                    raw = [c for c, _ in index.nearest_chunks(qv, 10, allowed)]
                    ms_raw.append((time.perf_counter() - t) * 1000)
                    per_raw.append(_overlap(raw, k, row, sims, kth))
                t = time.perf_counter()
                hits = index.search(
                    SearchRequest(q, 10, f.date_from, f.date_to, f.body, mode="dense")
                )
                ms_dense.append((time.perf_counter() - t) * 1000)
                dense = [h.chunk.id for h in hits]
                per_dense.append(_overlap(dense, k, row, sims, kth))
            denom = max(k, 1) * len(queries)
            out[f.name] = {
                **f.as_json(),
                "allowed_chunks": int(len(sub_ids)),
                "chroma_queries": len(per_raw),
                "chroma_recall@10": round(sum(per_raw) / (max(k, 1) * len(per_raw)), 4),
                "chroma_min_overlap": int(min(per_raw)),
                "chroma_queries_below_10": int(sum(1 for x in per_raw if x < k)),
                "dense_recall@10": round(sum(per_dense) / denom, 4),
                "dense_min_overlap": int(min(per_dense)),
                "dense_queries_below_10": int(sum(1 for x in per_dense if x < k)),
                "chroma_ms": percentiles(ms_raw),
                "dense_search_ms": percentiles(ms_dense),
                "numpy_exact_ms": percentiles(ms_exact),
            }
        return out, emb
    finally:
        app.close()
        del app
        gc.collect()
