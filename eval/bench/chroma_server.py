"""`protokoll bench chroma-server`: ingest, search at N chunks and cold start with the index in a
real Chroma server (`chroma run` on a loopback port), each beside the same figure with a local
data folder (issue 15, part 6).

- Ingest: the ingest bench's files through the real CLI (`protokoll ingest --json`), once into a
  local data folder and once with PROTOKOLL_CHROMA_URL set (a fresh collection).
- Search: the bench index of N chunks (build.py) copied into the server through the product's
  own server backend: its Chroma records as they are (ids, vectors, metadata), then each
  protocol's catalog record as the writer publishes it. In-process hybrid search against its
  floor with the dense path `auto` (HNSW once the process has loaded it) and `exact` (the vector
  matrix in DATA/derived/), and HTTP with 1 and 8 clients (latency.py), local and server.
- Cold start: a fresh `protokoll search`, and `protokoll serve` until its first answer, local and
  server with a warm local cache folder, and server with an empty one (the process syncs the
  catalog from the server and builds the lexical index and the vector matrix from it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from protokoll.eval.bench import build as builder
from protokoll.eval.bench.common import environment, finish, markdown, vm_hwm_mb, vm_rss_mb
from protokoll.eval.bench.ingest import ingest_files, run_peak
from protokoll.eval.bench.run import COLD_QUERY, _indexes, _sizes
from protokoll.eval.bench.serving import HOST, await_answer, free_port, serve, stop
from protokoll.eval.bench.source import cli_exe
from protokoll.index.embedding import Embedder

DEFAULT_SIZES = (100000,)
CHROMA_VARS = ("PROTOKOLL_CHROMA_URL", "PROTOKOLL_CHROMA_SERVER", "PROTOKOLL_CHROMA_COLLECTION")


@dataclass
class ChromaServer:
    proc: subprocess.Popen[bytes]
    url: str
    up_s: float  # launch → heartbeat answered

    def rss_mb(self) -> dict[str, float]:
        return {"rss": vm_rss_mb(self.proc.pid), "peak": vm_hwm_mb(self.proc.pid)}


@contextmanager
def chroma_run(folder: Path, timeout: float = 120.0) -> Iterator[ChromaServer]:
    """`chroma run` (beside this Python) on a free loopback port with its database in `folder`;
    stopped (its own PID) on leaving."""
    exe = Path(sys.executable).with_name("chroma")
    if not exe.exists():
        raise SystemExit(f"chroma-kommandot (paketet chromadb) finns inte: {exe}")
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    log_file = folder / "server.log"
    log = log_file.open("wb")
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [str(exe), "run", "--path", str(folder / "db"), "--host", HOST, "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://{HOST}:{port}"
    try:
        await_answer(
            proc, lambda c: c.get(f"{url}/api/v2/heartbeat").status_code == 200, timeout,
            lambda: log_file.read_text(errors="replace"), "chroma run",
        )  # fmt: skip
        yield ChromaServer(proc, url, round(time.perf_counter() - t0, 2))
    finally:
        stop(proc)
        log.close()


def _env(url: str | None = None, collection: str | None = None) -> dict[str, str]:
    """This environment for a child process: local (no Chroma server), or the given server."""
    env = {k: v for k, v in os.environ.items() if k not in CHROMA_VARS}
    if url:
        env |= {"PROTOKOLL_CHROMA_URL": url, "PROTOKOLL_CHROMA_COLLECTION": str(collection)}
    return env


def replicate(data: Path, url: str, collection: str) -> dict[str, Any]:
    """The local index in `data` into the server as collection `collection`, through the
    product's server backend: every Chroma record as stored (id, vector, metadata), then each
    active protocol's catalog record (`publish`), under the index's write lease. Read from a
    private copy of the folder, as the snapshot is: a reading Chroma client writes its files,
    and the cold starts open the folder next."""
    import numpy as np
    from protokoll.eval.bench.source import _private_copy
    from protokoll.index.backends import ServerBackend, VectorStore
    from protokoll.index.backends.chroma import ServerAccess, pages
    from protokoll.index.catalog import Catalog

    folder, tmp = _private_copy(data)
    try:
        catalog = Catalog(folder / "catalog.sqlite")
        local = VectorStore(path=folder / "chroma")
        server = ServerBackend(folder, ServerAccess(url), collection)
        t0 = time.perf_counter()
        copied = 0
        with server.writing():
            server.record_model(catalog.get_meta("model") or "?", int(catalog.get_meta("dim") or 0))
            for res in pages(local.collection, ["embeddings", "metadatas"], 5000):
                vectors = np.asarray(res["embeddings"], dtype=np.float32)
                server.vectors.upsert(list(res["ids"]), vectors, list(res["metadatas"]))
                server.renew()
                copied += len(res["ids"])
            vectors_s = time.perf_counter() - t0
            t1 = time.perf_counter()
            versions = catalog.active_versions()
            for pid in versions:
                server.publish(catalog, pid)
            records_s = time.perf_counter() - t1
        chunks = catalog.active_chunk_count()
        in_server = server.vectors.count()
        catalog.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if in_server != copied or copied < chunks:
        raise RuntimeError(f"kopian: {in_server} vektorer i servern, {copied} kopierade, "
                           f"{chunks} chunkar")  # fmt: skip
    return {"chunks": chunks, "vectors": copied, "protocols": len(versions),
            "vectors_s": round(vectors_s, 1), "vectors_per_s": round(copied / vectors_s, 1),
            "records_s": round(records_s, 1)}  # fmt: skip


# -- ingest ----------------------------------------------------------------------------------
def _cli_ingest(files: list[Path], data: Path, env: dict[str, str]) -> dict[str, Any]:
    out = data.with_suffix(".json")
    data.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as f:
        cmd = [cli_exe(), "--data", str(data), "ingest", "--json", *map(str, files)]
        code, wall, rss = run_peak(cmd, env=env, stdout=f)
    try:
        report = json.loads(out.read_text(encoding="utf-8"))
    except ValueError:
        report = {}
    passages, seconds = report.get("passages", 0), report.get("seconds", 0.0)
    rate = round(passages / seconds, 2) if seconds else 0
    return {"exit": code, "wall_s": round(wall, 1), "peak_rss_mb": rss, "passages": passages,
            "seconds": seconds, "passages_per_s": rate, "stages": report.get("stages", {}),
            "failed": len(report.get("failed", []))}  # fmt: skip


def ingest_pair(files: list[Path], tmp: Path, url: str) -> dict[str, Any]:
    """The same files by the real CLI: into a local folder, then into the server."""
    local = _cli_ingest(files, tmp / "ingest-local", _env())
    collection = f"bench-ingest-{uuid.uuid4().hex[:8]}"
    server = _cli_ingest(files, tmp / "ingest-server", _env(url, collection))
    # Where the vectors went: into the server, and none into the server run's data folder.
    from protokoll.index.backends import VectorStore
    from protokoll.index.backends.chroma import ServerAccess

    stored = VectorStore(server=ServerAccess(url), collection=collection).count()
    server |= {"collection": collection, "vectors_in_server": stored,
               "local_chroma_folder": (tmp / "ingest-server" / "chroma").exists()}  # fmt: skip
    return {"local": local, "server": server}


# -- cold start ------------------------------------------------------------------------------
def cli_search(data: Path, env: dict[str, str]) -> dict[str, Any]:
    cmd = [cli_exe(), "--data", str(data), "search", COLD_QUERY, "--json"]
    code, wall, rss = run_peak(cmd, env=env)
    return {"s": round(wall, 2), "peak_rss_mb": rss, "exit": code}


def first_answer(data: Path, env: dict[str, str], timeout: float = 300.0) -> dict[str, Any]:
    """`protokoll serve` until its first answer; a service that never answers is recorded."""
    extra = {k: v for k, v in env.items() if k in CHROMA_VARS}
    try:
        with serve(data, COLD_QUERY, timeout, env_extra=extra) as server:
            return {"s": server.first_answer_s, "peak_rss_mb": server.peak_rss_mb()}
    except (TimeoutError, RuntimeError) as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}


def coldstart(local: Path, cache: Path, tmp: Path, env: dict[str, str], runs: int) -> dict:
    """Fresh processes: server with an empty cache folder (which then is the warm `cache`);
    local and server with a warm cache (`runs` times each); `protokoll serve` local, server warm,
    server with an empty folder."""
    out: dict[str, Any] = {"local": {}, "server": {}}
    out["server"]["cli_empty"] = [cli_search(cache, env)]  # once: minutes at 100k
    out["local"]["cli"] = [cli_search(local, _env()) for _ in range(runs)]
    out["server"]["cli"] = [cli_search(cache, env) for _ in range(runs)]
    out["local"]["serve"] = first_answer(local, _env())
    out["server"]["serve"] = first_answer(cache, env)
    out["server"]["serve_empty"] = first_answer(tmp / "empty-serve", env)
    shutil.rmtree(tmp / "empty-serve", ignore_errors=True)
    return out


# -- search ----------------------------------------------------------------------------------
def search(
    args: argparse.Namespace, local: Path, cache: Path, url: str, collection: str,
    embedder: Embedder | None,
) -> tuple[dict[str, Any], Embedder | None]:  # fmt: skip
    """In-process (dense auto and exact) and over HTTP, local and server, same queries."""
    from protokoll.eval.bench import latency
    from protokoll.eval.bench.queries import load_queries, warmup_queries
    from protokoll.service.settings import Settings

    queries = load_queries(args.queries)
    warmup = warmup_queries(queries, len(queries))
    filters = latency.pick_filters(local)
    out: dict[str, Any] = {"queries": len(queries), "local": {}, "server": {}}
    targets = {"local": (local, _env(), None), "server": (cache, _env(url, collection), url)}
    for side, (data, _, server_url) in targets.items():
        for mode in ("auto", "exact"):
            st = Settings(data=data, chroma_url=server_url, chroma_collection=collection,
                          dense_search=mode)  # type: ignore[call-arg]  # fmt: skip
            out[side][mode], embedder = latency.inprocess(
                data, embedder, queries, filters, st, warmup
            )
    out["server"]["sync_ms"] = _sync_ms(cache, url, collection, embedder)
    # HTTP last: a service that stops answering is recorded, and the figures above stand.
    for side, (data, env, _url) in targets.items():
        if not args.no_http:
            extra = {k: v for k, v in env.items() if k in CHROMA_VARS}
            try:
                out[side]["http"] = latency.over_http(
                    data, queries, args.requests, filters, warmup, extra
                )
            except (TimeoutError, RuntimeError) as exc:
                out[side]["http"] = {"error": f"{type(exc).__name__}: {exc}"}
    return out, embedder


def _sync_ms(cache: Path, url: str, collection: str, embedder: Embedder | None) -> float:
    """What a server-mode reader pays at most once a second before a search: asking the server
    for its protocols' versions (nothing changed), median of 10."""
    import statistics

    from protokoll.service.facade import Protokollsok
    from protokoll.service.settings import Settings

    st = Settings(data=cache, chroma_url=url, chroma_collection=collection)  # type: ignore[call-arg]
    with Protokollsok(st, embedder=embedder) as app:
        ms = []
        for _ in range(10):
            t = time.perf_counter()
            app.index.sync()
            ms.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(ms), 1)


def _keep(result: dict[str, Any], out: Path) -> None:
    """What is measured so far, in case a later phase fails (the full result replaces it)."""
    out.mkdir(parents=True, exist_ok=True)
    done = {k: v for k, v in result.items() if not k.startswith("_")}
    (out / "chroma-server.partial.json").write_text(json.dumps(done, ensure_ascii=False, indent=1))


def restart(folder: Path, per: dict[str, Any]) -> dict[str, Any]:
    """The server's own cold start: `chroma run` again on the same database, until its heartbeat,
    then until each collection answers a first vector query (its HNSW index read from disk)."""
    from protokoll.index.backends import VectorStore
    from protokoll.index.backends.chroma import ServerAccess

    with chroma_run(folder) as again:
        out: dict[str, Any] = {"up_s": again.up_s, "first_query_s": {}}
        for n, e in per.items():
            t = time.perf_counter()
            VectorStore(server=ServerAccess(again.url), collection=e["collection"]).warm()
            out["first_query_s"][n] = round(time.perf_counter() - t, 2)
        out["rss_mb"] = again.rss_mb()
    return out


# -- the bench -------------------------------------------------------------------------------
def bench_chroma_server(
    args: argparse.Namespace, embedder: Embedder | None = None,
    files: list[Path] | None = None, runs: int = 2, ingest: dict[str, Any] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """`ingest`: the ingest figures of an earlier run, to measure only the rest again."""
    result = environment()
    sizes = _sizes(args, DEFAULT_SIZES)
    indexes, _ = _indexes(args, sizes)
    files = files or ingest_files(args.corpus)
    result["files"] = [f.name for f in files]
    tmp = Path(tempfile.mkdtemp(prefix="bench-chroma-server-"))
    try:
        with chroma_run(tmp / "chroma") as chroma:
            result["chroma_server"] = {"up_s": chroma.up_s}
            result["ingest"] = ingest or ingest_pair(files, tmp, chroma.url)
            per: dict[str, Any] = {}
            result["sizes"] = per
            _keep(result, args.out)
            for n in sizes:
                collection = f"bench-{n}-{uuid.uuid4().hex[:8]}"
                entry: dict[str, Any] = {"chunks": builder.info(n, args.root)["chunks"],
                                         "collection": collection}  # fmt: skip
                per[str(n)] = entry
                entry["copy"] = replicate(indexes[n], chroma.url, collection)
                _keep(result, args.out)
                cache = tmp / f"cache-{n}"
                env = _env(chroma.url, collection)
                entry["coldstart"] = coldstart(indexes[n], cache, tmp, env, runs)
                _keep(result, args.out)
                entry["search"], embedder = search(
                    args, indexes[n], cache, chroma.url, collection, embedder
                )
                entry["chroma_server_rss_mb"] = chroma.rss_mb()
                _keep(result, args.out)
        try:
            result["chroma_server"]["restart"] = restart(tmp / "chroma", per)
        except Exception as exc:  # the figures above stand without it
            result["chroma_server"]["restart"] = {"error": f"{type(exc).__name__}: {exc}"}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    result["_embedder"] = embedder
    (args.out / "chroma-server.partial.json").unlink(missing_ok=True)
    return finish(result) | {"table_md": table(result)}


def _p(d: Any, *keys: str) -> Any:
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return "-"
        d = d[k]
    return d


def _runs(items: list[dict[str, Any]]) -> str:
    return ", ".join(f"{r['s']:.2f}" for r in items) + f" ({max(r['peak_rss_mb'] for r in items)})"


def _once(r: Any) -> str:
    if isinstance(r, dict) and "error" in r:
        return "svarade inte"
    return f"{r['s']:.2f} ({r['peak_rss_mb']})" if isinstance(r, dict) else "-"


ROWS = [
    "inläsning passager/s (CLI, inläsningens egen tid)",
    "inläsning CLI väggtid s (topp-RSS MB)",
    "  varav läsning och tolkning (OCR) s",
    "  varav inbäddning s",
    "  varav skrivning (katalog, vektorer, poster) s",
    "  varav cacherna i DATA/derived/ s",
    "sökning p50 in-process ms, dense auto (HNSW laddat)",
    "  p95 ms",
    "sökning p50 in-process ms, dense exact (matrisen i DATA/derived/)",
    "  p95 ms",
    "golv p50 ms (koda frågan + en Chroma-fråga)",
    "HTTP 1 klient p50 ms (p95)",
    "HTTP 8 klienter anrop/s",
    "ny `protokoll search` s, varm cachemapp (topp-RSS MB)",
    "ny `protokoll search` s, tom cachemapp (topp-RSS MB)",
    "`protokoll serve` start → första svar s, varm cachemapp (topp-RSS MB)",
    "`protokoll serve` start → första svar s, tom cachemapp (topp-RSS MB)",
]


def _column(ing: dict[str, Any], e: dict[str, Any], side: str) -> list[Any]:
    """One side's cells, in the order of ROWS."""
    se, cs = e["search"][side], e["coldstart"][side]
    http = _p(se, "http", "c1", "latency_ms")
    return [
        ing["passages_per_s"], f"{ing['wall_s']} ({ing['peak_rss_mb']})",
        _p(ing, "stages", "read"), _p(ing, "stages", "embed"),
        _p(ing, "stages", "write"), _p(ing, "stages", "caches"),
        _p(se, "auto", "hybrid_ms", "p50"), _p(se, "auto", "hybrid_ms", "p95"),
        _p(se, "exact", "hybrid_ms", "p50"), _p(se, "exact", "hybrid_ms", "p95"),
        _p(se, "auto", "floor_ms", "p50"),
        f"{_p(http, 'p50')} ({_p(http, 'p95')})", _p(se, "http", "c8", "throughput_rps"),
        _runs(cs["cli"]), _runs(cs["cli_empty"]) if "cli_empty" in cs else "-",
        _once(cs["serve"]), _once(cs.get("serve_empty")),
    ]  # fmt: skip


def table(result: dict[str, Any]) -> str:
    """One row per figure; a local and a Chroma-server column per size."""
    ing = result["ingest"]
    headers = [""]
    columns: list[list[Any]] = []
    for n, e in result["sizes"].items():
        for side, name in (("local", "lokal mapp"), ("server", "Chroma-server")):
            headers.append(f"{name}, {n}")
            columns.append(_column(ing[side], e, side))
    rows = [[label, *(c[i] for c in columns)] for i, label in enumerate(ROWS)]
    notes = []
    for n, e in result["sizes"].items():
        c, rss = e["copy"], e["chroma_server_rss_mb"]
        notes.append(
            f"{n}: {c['vectors']} vektorer kopierade till servern på {c['vectors_s']} s "
            f"({c['vectors_per_s']}/s), {c['protocols']} katalogposter på {c['records_s']} s; "
            f"synk utan ändring {_p(e, 'search', 'server', 'sync_ms')} ms; "
            f"chroma run RSS {rss['rss']} MB (topp {rss['peak']} MB)"
        )
    again = result["chroma_server"].get("restart", {})
    if "up_s" in again:
        notes.append(
            f"chroma run omstartad på samma databas: hjärtslag efter {again['up_s']} s, första "
            f"vektorfrågan efter ytterligare "
            f"{', '.join(map(str, again['first_query_s'].values()))} s; "
            f"RSS {again['rss_mb']['rss']} MB"
        )
    return markdown(headers, rows) + "\n\n" + "\n".join(notes)
