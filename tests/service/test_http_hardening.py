"""The HTTP service against an attacker and a careless client: no server paths in any answer,
bombs refused off the request path while searches keep answering, oversized requests and
unknown parameters refused in the one error shape, proxy headers only from trusted proxies."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from protokoll.eval.bench.bombs import paragraph_bomb, whitespace_bomb
from protokoll.index.embedding import Embedder
from protokoll.service.app import create_app, uvicorn_options
from protokoll.service.public import public_source
from protokoll.service.settings import Settings

from tests.conftest import EXAMPLES
from tests.serving import build_index, request, running_server, upload, wait_for_job

TOKEN = "test-admin-token-5b8e"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}

pytestmark = pytest.mark.slow  # uvicorn servers on loopback ports


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[str]:
    data = tmp_path_factory.mktemp("hard")
    build_index(data, embedder, [EXAMPLES])
    settings = Settings(data=data, admin_token=TOKEN, rate_limit=0)  # type: ignore[arg-type]
    app = create_app(settings, embedder=embedder)
    with running_server(app, options=uvicorn_options(settings)) as base:
        yield base


def _sources(obj: Any) -> list[str]:
    if isinstance(obj, dict):
        found = [v for k, v in obj.items() if k == "source" and isinstance(v, str)]
        return found + [s for v in obj.values() for s in _sources(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in _sources(v)]
    return []


def test_source_in_every_http_response_is_never_an_absolute_path(server: str) -> None:
    r = upload(server, "uppladdat 2024-11-05.txt", UPLOADED, TOKEN)
    job = wait_for_job(server, r.json()["url"])
    assert job["status"] == "done", job
    listed = request(server, "GET", "/api/protocols").json()
    answers = [
        job,
        listed,
        request(server, "GET", "/api/search?" + urlencode({"q": "budget"})).json(),
        request(server, "GET", "/api/ask?" + urlencode({"q": "vem var ordförande?"})).json(),
        request(server, "GET", "/api/decisions?k=20").json(),
        *[request(server, "GET", f"/api/protocols/{p['id']}").json() for p in listed["protocols"]],
    ]
    sources = [s for a in answers for s in _sources(a)]
    assert len(sources) > len(listed["protocols"])
    assert all(not s.startswith("/") and "\\\\" not in s and ":" not in s for s in sources), sources
    assert "uppladdat 2024-11-05.txt" in sources and "exempel_a.txt" in sources


def test_source_url_base_gives_a_public_address(tmp_path: Path) -> None:
    settings = Settings(data=tmp_path, source_url_base="https://www.kommun.se/protokoll/")
    upload_path = str((tmp_path / "uploads" / "ks 2024.pdf").resolve())
    assert public_source(upload_path, settings) == "https://www.kommun.se/protokoll/ks%202024.pdf"
    assert public_source("/srv/arkiv/2023/ks.txt", Settings(data=tmp_path)) == "ks.txt"


UPLOADED = (
    "Protokoll Fritidsnämnden 2024-11-05\n\n1. Mötets öppnande\n\nOrdförande Stina Lövgren "
    "öppnar mötet.\n\n2. Budget\n\nNämnden beslutar att anta budgeten för 2025.\n"
).encode()


@pytest.mark.parametrize("bomb", [paragraph_bomb, whitespace_bomb])
def test_docx_bomb_upload_is_refused_while_searches_keep_answering(
    server: str, tmp_path: Path, bomb: Any
) -> None:
    content = bomb(tmp_path / "bomb.docx").read_bytes()
    t0 = time.monotonic()
    r = upload(server, "bomb.docx", content, TOKEN)
    assert r.status == 202, r.body[:300]  # accepted at once: read off the request path
    answered = 0
    while True:
        s = request(server, "GET", "/api/search?" + urlencode({"q": "budget", "k": 1}))
        assert s.status == 200
        answered += 1
        job = request(server, "GET", r.json()["url"], ADMIN).json()
        if job["status"] in ("done", "failed"):
            break
        assert time.monotonic() - t0 < 300
    assert answered >= 1
    assert job["status"] == "failed" and job["error"]["code"] == "unreadable_file"
    message = job["error"]["message"]
    assert "bomb.docx" in message and "gränsen är" in message and "/uploads/" not in message


def test_ask_refuses_parameters_it_does_not_take_naming_them(server: str) -> None:
    for param, value in (("from", "igår"), ("k", "tre"), ("body", "x")):
        r = request(server, "GET", "/api/ask?" + urlencode({"q": "budget", param: value}))
        assert r.status == 400, (param, r.body[:200])
        assert r.json()["error"]["message"].startswith(f"{param}:")


def test_field_names_stay_in_messages(server: str) -> None:
    r = request(server, "GET", "/api/search?" + urlencode({"q": "x", "body": "o" * 201}))
    assert r.status == 400 and r.json()["error"]["message"].startswith("body:")
    r = request(server, "GET", "/api/search?q=%20")
    assert r.status == 400 and r.json()["error"]["message"].startswith("q:")
    r = request(server, "GET", "/api/decisions?from=2024-01-01&to=2023-01-01")
    assert r.status == 400 and r.json()["error"]["message"].startswith("from:")


def test_oversized_url_and_headers_get_the_json_error_shape(server: str) -> None:
    r = request(server, "GET", "/api/search?q=" + "a" * 100_000)
    assert r.status == 414 and r.json()["error"]["code"] == "uri_too_long"
    r = request(server, "GET", "/api/search?q=x", {f"X-Fyll-{i}": "b" * 4000 for i in range(10)})
    assert r.status == 431 and r.json()["error"]["code"] == "headers_too_large"


def test_a_request_the_parser_cannot_read_is_still_a_plain_400(server: str) -> None:
    """Only size refusals take the JSON shape at the parser; a malformed request stays
    uvicorn's own 400."""
    import socket
    from urllib.parse import urlsplit

    where = urlsplit(server)
    with socket.create_connection((where.hostname, where.port), timeout=10) as sock:
        sock.sendall(b"GET /api/search?q=x HTTP/1.1\r\nHost utan kolon\r\n\r\n")
        reply = sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 400") and b"application/json" not in reply


def test_health_and_readiness_report_the_queue(server: str) -> None:
    health = request(server, "GET", "/healthz").json()
    assert health["status"] == "ok" and health["queued"] == 0 and health["queue_bound"] >= 1
    ready = request(server, "GET", "/readyz")
    assert ready.status == 200 and ready.json()["status"] == "ok"


@pytest.mark.parametrize("trusted", ["", "127.0.0.1"])
def test_forwarded_for_counts_only_from_a_trusted_proxy(
    tmp_path: Path, embedder: Embedder, trusted: str
) -> None:
    settings = Settings(data=tmp_path, rate_limit=1, rate_burst=3, trusted_proxies=trusted)
    app = create_app(settings, embedder=embedder)
    with running_server(app, options=uvicorn_options(settings)) as base:
        statuses = [
            request(base, "GET", "/api/protocols", {"X-Forwarded-For": f"203.0.113.{i}"}).status
            for i in range(8)
        ]
    if trusted:  # each forwarded address is a client of its own
        assert statuses == [200] * 8
    else:  # the header is ignored: one client, limited after its burst
        assert statuses[:3] == [200] * 3 and set(statuses[3:]) == {429}
