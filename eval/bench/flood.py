"""The load test of issue 16, bounded and on loopback only: one client cannot stall the others.

    python -m protokoll.eval.bench.flood [--data DATA] [--seconds 30] [--flood 30]

`protokoll serve` runs as a subprocess with its default limits. Client A (127.0.0.1) floods
`/api/ask` with `--flood` concurrent 500-character questions of unknown words for `--seconds`;
client B (a second loopback address, 127.0.0.2, so the server sees another client) searches
once a second; a monitor asks `/readyz` five times a second. Printed: B's search latency
(p50/p95/max), A's answers by status, how often `/readyz` said not ready during and after the
flood, the server's peak RSS; then the two .docx bombs, refused through the CLI and through an
upload, each with its seconds and the peak RSS growth. Figures go to docs/quality.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from protokoll.eval.bench.bombs import paragraph_bomb, whitespace_bomb
from protokoll.eval.bench.common import percentiles, vm_hwm_mb
from protokoll.eval.bench.serving import Server, serve
from protokoll.eval.bench.source import cli_exe
from protokoll.service.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "flood-bench-admin-token-0123456789"
LETTERS = "abcdefghijklmnopqrstuvwxyzåäö"


def long_question(rng: random.Random) -> str:
    words = ("".join(rng.choice(LETTERS) for _ in range(rng.randint(5, 11))) for _ in range(80))
    return " ".join(words)[:500]


async def _flood(url: str, seconds: float, flood: int) -> dict[str, Any]:
    rng = random.Random(16)
    stop = time.monotonic() + seconds
    flood_status: dict[str, int] = {}
    search_ms: list[float] = []
    search_status: dict[str, int] = {}
    ready: list[tuple[float, int]] = []
    t0 = time.monotonic()

    async def flooder(client: httpx.AsyncClient) -> None:
        while time.monotonic() < stop:
            try:
                r = await client.get(f"{url}/api/ask", params={"q": long_question(rng)})
                key = str(r.status_code)
                if r.status_code == 429:
                    await asyncio.sleep(0.05)  # a refused flood comes straight back
            except httpx.TransportError as exc:
                key = type(exc).__name__
            flood_status[key] = flood_status.get(key, 0) + 1

    async def searcher(client: httpx.AsyncClient) -> None:
        while time.monotonic() < stop:
            t = time.perf_counter()
            r = await client.get(f"{url}/api/search", params={"q": "budget", "k": 5})
            search_ms.append((time.perf_counter() - t) * 1000)
            search_status[str(r.status_code)] = search_status.get(str(r.status_code), 0) + 1
            await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - t)))

    async def monitor(client: httpx.AsyncClient, until: float) -> None:
        while time.monotonic() < until:
            r = await client.get(f"{url}/readyz")
            ready.append((time.monotonic() - t0, r.status_code))
            await asyncio.sleep(0.2)

    # The same search on the same machine with no flood, so that the figure under the flood can
    # be read against what this machine gives at this moment.
    baseline: list[float] = []
    async with httpx.AsyncClient(timeout=120) as alone:
        for _ in range(5):
            t = time.perf_counter()
            await alone.get(f"{url}/api/search", params={"q": "budget", "k": 5})
            baseline.append((time.perf_counter() - t) * 1000)
    stop = time.monotonic() + seconds
    t0 = time.monotonic()
    limits = httpx.Limits(max_connections=flood, max_keepalive_connections=flood)
    second = httpx.AsyncHTTPTransport(local_address="127.0.0.2")
    third = httpx.AsyncHTTPTransport(local_address="127.0.0.3")
    async with (
        httpx.AsyncClient(timeout=120, limits=limits) as a,
        httpx.AsyncClient(timeout=120, transport=second) as b,
        httpx.AsyncClient(timeout=120, transport=third) as m,
    ):
        await asyncio.gather(
            *(flooder(a) for _ in range(flood)), searcher(b), monitor(m, stop + 25)
        )
    during = [s for t, s in ready if t <= seconds]
    # Requests the flood still had waiting when it stopped drain within the request budget
    # (PROTOKOLL_REQUEST_BUDGET, 10 s): readiness is sampled again after that.
    after = [s for t, s in ready if t > seconds + 15]
    return {
        "seconds": seconds,
        "search_alone_ms": percentiles(baseline),
        "flood_concurrency": flood,
        "flood_answers": flood_status,
        "search_latency_ms": percentiles(search_ms),
        "search_max_ms": round(max(search_ms), 1) if search_ms else None,
        "search_answers": search_status,
        "readyz_not_ready_during": f"{sum(s == 503 for s in during)}/{len(during)}",
        "readyz_not_ready_after": f"{sum(s == 503 for s in after)}/{len(after)}",
    }


def _cli_bomb(path: Path, data: Path) -> dict[str, Any]:
    t0 = time.monotonic()
    proc = subprocess.Popen(
        [cli_exe(), "--data", str(data), "ingest", str(path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stderr is not None
    err = proc.stderr.read().strip().splitlines()
    _, status, usage = os.wait4(proc.pid, 0)
    return {
        "exit": os.waitstatus_to_exitcode(status),
        "seconds": round(time.monotonic() - t0, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "message": err[-1] if err else "",
    }


def _upload_bomb(server: Server, path: Path) -> dict[str, Any]:
    before = vm_hwm_mb(server.proc.pid)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(timeout=120) as client:
        t0 = time.monotonic()
        files = {"file": (path.name, path.read_bytes(), "application/octet-stream")}
        r = client.post(f"{server.url}/api/protocols", files=files, headers=headers)
        job = r.json()
        searches = 0
        while job.get("status") not in ("done", "failed"):
            searches += client.get(f"{server.url}/api/search", params={"q": "budget"}).is_success
            job = client.get(f"{server.url}{job['url']}", headers=headers).json()
        seconds = time.monotonic() - t0
    return {
        "accepted": r.status_code,
        "job": job["status"],
        "seconds": round(seconds, 2),
        "searches_answered_meanwhile": searches,
        "peak_rss_growth_mb": round(vm_hwm_mb(server.proc.pid) - before, 1),
        "message": (job.get("error") or {}).get("message", ""),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m protokoll.eval.bench.flood")
    p.add_argument(
        "--data",
        type=Path,
        default=ROOT / "data" / "bench" / "flood",
        help="index to serve (built from the examples and seeds when missing)",
    )
    p.add_argument("--seconds", type=float, default=30.0)
    p.add_argument("--flood", type=int, default=30)
    args = p.parse_args(argv)
    if not args.data.exists():
        seeds = ROOT.parent / "shared" / "corpus" / "seeds"
        paths = [str(ROOT / "examples" / "protocols")] + ([str(seeds)] if seeds.exists() else [])
        subprocess.run([cli_exe(), "--data", str(args.data), "ingest", *paths], check=True)
    # The service's own per-client limits, which the load benches lift.
    inflight = Settings.model_fields["client_inflight"].default
    env = {"PROTOKOLL_RATE_LIMIT": "120", "PROTOKOLL_CLIENT_INFLIGHT": str(inflight),
           "PROTOKOLL_ADMIN_TOKEN": TOKEN}  # fmt: skip
    results: dict[str, Any] = {}
    with serve(args.data, "budget", env_extra=env) as server:
        results["flood"] = asyncio.run(_flood(server.url, args.seconds, args.flood))
        results["server_peak_rss_mb"] = round(server.peak_rss_mb(), 1)
        with tempfile.TemporaryDirectory() as tmp:
            bombs = {"paragraphs": paragraph_bomb(Path(tmp) / "bomb-paragraphs.docx"),
                     "whitespace": whitespace_bomb(Path(tmp) / "bomb-whitespace.docx")}  # fmt: skip
            results["bombs"] = {
                name: {
                    "packed_kb": round(path.stat().st_size / 1024, 1),
                    "cli": _cli_bomb(path, Path(tmp) / "cli-data"),
                    "upload": _upload_bomb(server, path),
                }
                for name, path in bombs.items()
            }
    sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
