"""Run the real app under uvicorn on a free loopback port, and talk to it over real HTTP.

Used by the HTTP tests and the browser tests. The raw `http.client` request keeps paths exactly
as written (no `..` normalisation), which the path-traversal tests need.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from protokoll.index.embedding import Embedder
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings


def build_index(data: Path, embedder: Embedder, paths: list[Path]) -> None:
    """Ingest with a facade of its own, then release the data folder for the server.

    Ingesting the seeds and examples is the slow part of a server fixture, so the first build
    of a set of paths is kept beside `data` (inside the session's temporary folder) and later
    modules asking for the same set get a copy of the closed folder instead.
    """
    key = hashlib.sha256("\n".join(str(p.resolve()) for p in paths).encode()).hexdigest()[:12]
    template = data.parent / f"index-template-{key}"
    if template.exists():
        shutil.copytree(template, data, dirs_exist_ok=True)
        return
    with Protokollsok(Settings(data=data), embedder=embedder) as facade:
        report = facade.ingest(paths)
        assert not report.failed, report.failed
    shutil.copytree(data, template, ignore=shutil.ignore_patterns(".lock"))


@contextmanager
def running_server(
    app: FastAPI, timeout: float = 120.0, options: dict[str, Any] | None = None
) -> Iterator[str]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on", **(options or {}))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start (see the log above)")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


class Reply:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


def request(
    base: str,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> Reply:
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=120)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return Reply(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


def multipart(filename: str, content: bytes, field: str = "file") -> tuple[bytes, str]:
    boundary = "----protokolltest7d1c"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), boundary


def upload(base: str, filename: str, content: bytes, token: str | None) -> Reply:
    body, boundary = multipart(filename, content)
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return request(base, "POST", "/api/protocols", headers, body)


def wait_for_job(
    base: str, url: str, token: str = "test-admin-token-5b8e", timeout: float = 300
) -> Any:
    """The finished job behind an upload's status URL (polled)."""
    deadline = time.monotonic() + timeout
    while True:
        job = request(base, "GET", url, {"Authorization": f"Bearer {token}"}).json()
        if job.get("status") in ("done", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.1)
