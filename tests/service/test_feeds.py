"""Atom feeds over real HTTP, parsed with feedparser as a feed reader would: valid Atom, entries
that link to the source view with date, body, theme and outcome, and that follow ingest and
delete."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import feedparser
import pytest
from protokoll.index.embedding import Embedder
from protokoll.service.app import create_app
from protokoll.service.settings import Settings

from tests.conftest import EXAMPLES
from tests.serving import build_index, request, running_server, upload, wait_for_job

TOKEN = "flodes-token-som-ar-langt-nog"
pytestmark = pytest.mark.slow  # a uvicorn server on a loopback port

NEW_PROTOCOL = """Protokoll Fritidsnämnden 2025-05-20

Sjöviks kommun
Fritidsnämnden

§ 12 Ny simhall i Åby

Föredragande: Stina Vall, fritidschef

Fritidschefen redovisar förstudien om en ny simhall i Åby med en 25-metersbassäng.

Beslut: Fritidsnämnden beslutar att bygga en ny simhall i Åby och att ge förvaltningen i uppdrag
att upphandla en totalentreprenad.
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[str]:
    data = tmp_path_factory.mktemp("feeds")
    build_index(data, embedder, [EXAMPLES])
    settings = Settings(data=data, admin_token=TOKEN, rate_limit=0)  # type: ignore[arg-type]
    with running_server(create_app(settings, embedder=embedder)) as base:
        yield base


def _feed(base: str, path: str) -> feedparser.FeedParserDict:
    r = request(base, "GET", path)
    assert r.status == 200, r.text
    assert r.headers["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(r.body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_decision_feed_is_valid_atom_whose_entries_carry_date_body_theme_and_outcome(
    server: str,
) -> None:
    feed = _feed(server, "/feeds/beslut.atom")
    assert feed.entries and feed.feed.title.startswith("Nya beslut")
    for e in feed.entries:
        assert e.link.startswith(f"{server}/protokoll/") and "start=" in e.link
        assert e.updated_parsed and "Datum:" in e.summary and "Organ:" in e.summary
    dated = [e.updated_parsed for e in feed.entries]
    assert dated == sorted(dated, reverse=True)  # newest first
    with_outcome = [e for e in feed.entries if "Utfall:" in e.summary]
    assert with_outcome and all(any(t.scheme == "utfall" for t in e.tags) for e in with_outcome)
    assert any(any(t.scheme == "tema" for t in e.get("tags", [])) for e in feed.entries)
    # The link opens the source view with the decision marked.
    path = feed.entries[0].link.removeprefix(server)
    page = request(server, "GET", path)
    assert page.status == 200 and '<mark id="citat"' in page.text


def test_feeds_are_listed_in_the_openapi_schema(server: str) -> None:
    paths = request(server, "GET", "/openapi.json").json()["paths"]
    for path in ("/feeds/beslut.atom", "/feeds/sok.atom"):
        assert "application/atom+xml" in paths[path]["get"]["responses"]["200"]["content"]


def test_ingest_adds_a_protocols_decisions_to_the_feeds_and_delete_removes_them(
    server: str,
) -> None:
    theme_path = "/feeds/beslut.atom?" + urlencode({"tema": "simhall", "organ": "Fritidsnämnden"})
    search_path = "/feeds/sok.atom?" + urlencode({"q": "simhall i Åby"})
    assert not _feed(server, theme_path).entries
    assert not any("simhall" in e.summary for e in _feed(server, search_path).entries)

    r = upload(server, "fritid-2025-05-20.txt", NEW_PROTOCOL.encode(), TOKEN)
    assert r.status == 202, r.text  # uploads run as jobs (issue 16)
    job = wait_for_job(server, r.json()["url"], TOKEN)
    assert job["status"] == "done", job
    pid = job["result"]["protocol"]["id"]

    (entry,) = _feed(server, theme_path).entries
    assert "bygga en ny simhall" in entry.summary and "Organ: Fritidsnämnden" in entry.summary
    assert entry.updated.startswith("2025-05-20") and f"/protokoll/{pid}?" in entry.link
    assert any("simhall" in e.summary for e in _feed(server, "/feeds/beslut.atom").entries)
    found = _feed(server, search_path).entries
    assert any(f"/protokoll/{pid}?" in e.link for e in found)

    r = request(server, "DELETE", f"/api/protocols/{pid}", {"Authorization": f"Bearer {TOKEN}"})
    assert r.status == 200, r.text
    assert not _feed(server, theme_path).entries
    assert not any(pid in e.link for e in _feed(server, search_path).entries)
    assert not any(pid in e.link for e in _feed(server, "/feeds/beslut.atom").entries)


def test_an_empty_saved_search_is_refused_in_the_error_shape(server: str) -> None:
    r = request(server, "GET", "/feeds/sok.atom?q=%20")
    assert r.status == 400 and r.json()["error"]["message"]
