"""The real HTTP service as a subprocess on a loopback port, and a bounded async load on it."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from protokoll.eval.bench.common import percentiles, vm_hwm_mb
from protokoll.eval.bench.source import cli_exe

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    url: str
    first_answer_s: float

    def peak_rss_mb(self) -> float:
        return vm_hwm_mb(self.proc.pid)


def stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM, timeout: float = 30.0) -> None:
    """Stop a child this process started (by its PID): `sig`, then a kill after `timeout` s."""
    proc.send_signal(sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def await_answer(
    proc: subprocess.Popen[bytes],
    probe: Callable[[httpx.Client], bool],
    timeout: float,
    output: Callable[[], str],
    name: str = "servern",
) -> float:
    """Poll `probe` until it is true; the seconds that took. Raises with the child's `output()`
    if the child ends first, or when `timeout` runs out."""
    t0 = time.perf_counter()
    with httpx.Client(timeout=60) as client:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} avslutades ({proc.returncode}): {output()[-2000:]}")
            if time.perf_counter() - t0 > timeout:
                raise TimeoutError(f"{name} svarade inte inom {timeout} s")
            try:
                if probe(client):
                    return time.perf_counter() - t0
            except httpx.TransportError:
                pass
            time.sleep(0.1)


@contextmanager
def serve(
    data: Path, probe: str, timeout: float = 600.0, env_extra: dict[str, str] | None = None
) -> Iterator[Server]:
    """`protokoll serve` on a free loopback port; yields once it answered a first search."""
    port = free_port()
    # The public API's per-client limits would turn a load test into a test of the limits: on
    # loopback every simulated client is the same client, which may have 4 requests in flight
    # (`env_extra` may set them back, as the flood test does).
    env = {**os.environ, "PROTOKOLL_DATA": str(data), "PROTOKOLL_RATE_LIMIT": "0",
           "PROTOKOLL_CLIENT_INFLIGHT": "256", **(env_extra or {})}  # fmt: skip
    # The server's log goes to a file, not a pipe: nobody reads the pipe until the end, and a
    # server whose log outgrew the pipe's buffer (64 kB) would block on its next line.
    with tempfile.TemporaryFile() as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [cli_exe(), "--data", str(data), "serve", "--host", HOST, "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
        url = f"http://{HOST}:{port}"

        def answers(client: httpx.Client) -> bool:
            r = client.get(f"{url}/api/search", params={"q": probe, "k": 10})
            return r.status_code == 200

        def output() -> str:
            log.seek(0)
            return log.read().decode(errors="replace")

        try:
            await_answer(proc, answers, timeout, output)
            yield Server(proc, url, round(time.perf_counter() - t0, 2))
        finally:
            stop(proc, signal.SIGINT)


async def _load(url: str, queries: list[str], clients: int, params: dict[str, Any]) -> dict:
    """`clients` workers share `queries` (each sent once); per-request latency and throughput."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for q in queries:
        queue.put_nowait(q)
    latencies: list[float] = []
    errors = 0
    statuses: dict[str, int] = {}

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while True:
            try:
                q = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            t = time.perf_counter()
            r = await client.get(f"{url}/api/search", params={"q": q, "k": 10, **params})
            latencies.append((time.perf_counter() - t) * 1000)
            statuses[str(r.status_code)] = statuses.get(str(r.status_code), 0) + 1
            if r.status_code != 200:
                errors += 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(clients)))
        wall = time.perf_counter() - t0
    return {
        "clients": clients,
        "requests": len(queries),
        "errors": errors,
        "statuses": statuses,
        "latency_ms": percentiles(latencies),
        "throughput_rps": round(len(queries) / wall, 2),
    }


def load(
    url: str, queries: list[str], clients: int, params: dict[str, Any] | None = None
) -> dict[str, Any]:
    return asyncio.run(_load(url, queries, clients, params or {}))
