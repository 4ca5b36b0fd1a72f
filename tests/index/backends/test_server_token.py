"""A Chroma server that needs a token: a real `chroma run` behind a real nginx that checks it,
with the proxy configuration the operations docs give (docs/deploy/chroma-token-proxy.conf).

`chroma run` of chromadb 1.x does not enforce tokens itself, so a closed deployment puts a proxy
in front of it; these tests talk only to the proxy, as a deployment would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from protokoll.eval.bench.serving import free_port, stop
from protokoll.index.embedding import Embedder
from protokoll.ingest.errors import Unavailable
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

from tests.index.backends.test_server import chroma_server  # noqa: F401

TOKEN = "ratt-token-7f3a9c"  # ASCII: HTTP headers carry bytes
TEMPLATE = Path(__file__).resolve().parents[3] / "docs" / "deploy" / "chroma-token-proxy.conf"
QUESTION = "vem ersatte Karin Torstensson?"
pytestmark = pytest.mark.slow  # `chroma run`, nginx and CLI processes


def _unavailable(reason: str) -> None:
    """CI installs nginx (scripts/test.sh); there a missing one is a failure."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _status(url: str, headers: dict[str, str] | None = None) -> int:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return int(r.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


@pytest.fixture(scope="module")
def proxy(chroma_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:  # noqa: F811
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        _unavailable("nginx is not installed (apt-get install nginx-light)")
    port = free_port()
    folder = tmp_path_factory.mktemp("nginx")
    snippet = (
        TEMPLATE.read_text(encoding="utf-8")
        .replace("@TOKEN@", TOKEN)
        .replace("@LISTEN@", f"127.0.0.1:{port}")
        .replace("@UPSTREAM@", chroma_server)
    )
    # A main configuration of its own, so the test needs no system nginx set-up; bodies and
    # answers stay in memory (the workers may not write into the test's root-owned folders).
    conf = folder / "nginx.conf"
    conf.write_text(
        f"worker_processes 1;\ndaemon off;\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log warn;\nevents {{ worker_connections 256; }}\n"
        f"http {{\naccess_log {folder}/access.log;\nclient_body_buffer_size 256m;\n"
        f"proxy_buffering off;\nclient_body_temp_path {folder}/body;\n"
        f"proxy_temp_path {folder}/proxy;\nfastcgi_temp_path {folder}/fastcgi;\n"
        f"uwsgi_temp_path {folder}/uwsgi;\nscgi_temp_path {folder}/scgi;\n{snippet}\n}}\n",
        encoding="utf-8",
    )
    log = (folder / "stderr.log").open("wb")
    proc = subprocess.Popen(
        [nginx, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _status(f"{url}/api/v2/heartbeat") == 401:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"nginx did not come up: {(folder / 'stderr.log').read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        stop(proc, timeout=20)
        log.close()


def test_the_proxy_lets_through_only_requests_with_the_token(proxy: str) -> None:
    beat = f"{proxy}/api/v2/heartbeat"
    assert _status(beat) == 401
    assert _status(beat, {"X-Chroma-Token": "fel"}) == 401
    assert _status(beat, {"X-Chroma-Token": TOKEN}) == 200
    assert _status(beat, {"Authorization": f"Bearer {TOKEN}"}) == 200


def _cli(data: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "protokoll.service.cli", "--data", str(data), *args],
        env=dict(os.environ, HF_HUB_OFFLINE="1", **env), capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip


def test_the_right_token_ingests_and_another_process_searches_with_bearer(
    proxy: str, seed_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    settings = Settings(
        data=tmp_path / "writer", chroma_url=proxy, chroma_collection="t-token",
        chroma_token=TOKEN,  # type: ignore[arg-type]
    )  # fmt: skip
    with Protokollsok(settings, embedder=embedder) as app:
        report = app.ingest([seed_copy])
        assert len(report.added) == 2 and not report.failed
    # Another process, with an empty data folder of its own, sends the token as a bearer token.
    env = {
        "PROTOKOLL_CHROMA_URL": proxy, "PROTOKOLL_CHROMA_COLLECTION": "t-token",
        "PROTOKOLL_CHROMA_TOKEN": TOKEN, "PROTOKOLL_CHROMA_TOKEN_HEADER": "Authorization",
    }  # fmt: skip
    res = _cli(tmp_path / "reader", env, "search", QUESTION, "--k", "3", "--json")
    assert res.returncode == 0, res.stderr
    top = json.loads(res.stdout)["results"][0]
    assert "Karin Jilkén" in top["text"] and top["protocol"]["date"] == "2023-09-29"


@pytest.mark.parametrize("token", [None, "fel-token"], ids=["utan-token", "fel-token"])
def test_a_wrong_or_missing_token_is_named_with_the_server_and_nothing_is_written(
    proxy: str,
    chroma_server: str,  # noqa: F811
    seed_copy: Path,
    tmp_path: Path,
    token: str | None,
) -> None:
    collection = f"t-denied-{'none' if token is None else 'wrong'}"
    env = {"PROTOKOLL_CHROMA_URL": proxy, "PROTOKOLL_CHROMA_COLLECTION": collection}
    if token:
        env["PROTOKOLL_CHROMA_TOKEN"] = token
    res = _cli(tmp_path / "data", env, "ingest", str(seed_copy))
    assert res.returncode == 3, (res.stdout, res.stderr)
    assert f"Chroma-servern {proxy} nekade åtkomst" in res.stderr
    assert ("fel token" if token else "ingen token") in res.stderr
    assert "PROTOKOLL_CHROMA_TOKEN" in res.stderr and "Traceback" not in res.stderr

    settings = Settings(data=tmp_path / "app", chroma_url=proxy, chroma_collection=collection,
                        chroma_token=token)  # type: ignore[arg-type]  # fmt: skip
    with pytest.raises(Unavailable, match="nekade åtkomst"):
        Protokollsok(settings)

    # Straight to the unguarded server behind the proxy: no collection was ever created.
    import chromadb
    from protokoll.index.backends.chroma import client_settings

    host, port = chroma_server.split(":")
    upstream = chromadb.HttpClient(host=host, port=int(port), settings=client_settings())
    names = {c.name for c in upstream.list_collections()}
    assert collection not in names and f"{collection}-catalog" not in names
