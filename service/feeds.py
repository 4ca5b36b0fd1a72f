"""Atom feeds (feedgen): follow new decisions by theme and body, or new passages for a search.

`/feeds/beslut.atom?tema=…&organ=…` and `/feeds/sok.atom?q=…` are built from the same answers
as `/api/decisions` and `/api/search`, so a feed holds exactly what the widget shows for the same
theme or search. Each entry links to the source view at its span and carries the meeting's date
and body, and for a decision its themes and outcome. Entry ids are the decision's or passage's
id: a feed reader sees a newly ingested protocol's entries as new, and a deleted protocol's
entries leave the feed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from protokoll.ingest.errors import InvalidInput
from protokoll.service import limits
from protokoll.service.runtime import RuntimeDep, client_of

ATOM = "application/atom+xml; charset=utf-8"
FEED_ENTRIES = 50  # entries per feed: a reader polls often and keeps what it has seen
SEARCH_ENTRIES = 20
_UNDATED = datetime(1970, 1, 1, tzinfo=UTC)  # Atom needs a date; undated protocols sort last

router = APIRouter(tags=["flöden"])

_ATOM_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Atom-flöde (RFC 4287)",
        "content": {"application/atom+xml": {"schema": {"type": "string"}}},
    }
}


def decisions_feed_path(tema: str | None, organ: str | None) -> str:
    """The feed URL path for a theme and body, as the widget offers it under "Följ"."""
    query = {k: v for k, v in (("tema", tema), ("organ", organ)) if v}
    return "/feeds/beslut.atom" + (f"?{urlencode(query)}" if query else "")


def _when(iso: str | None) -> datetime:
    return datetime.combine(date.fromisoformat(iso), datetime.min.time(), UTC) if iso else _UNDATED


def _feed(request: Request, title: str, subtitle: str, entries: list[dict[str, Any]]) -> bytes:
    from feedgen.feed import FeedGenerator

    base = str(request.base_url).rstrip("/")
    fg = FeedGenerator()
    fg.id(str(request.url))
    fg.title(title)
    fg.subtitle(subtitle)
    fg.language("sv")
    fg.author({"name": "Protokollsök"})
    fg.link(href=str(request.url), rel="self", type="application/atom+xml")
    fg.link(href=f"{base}/", rel="alternate", type="text/html")
    fg.generator("Protokollsök")
    fg.updated(max((e["updated"] for e in entries), default=_UNDATED))
    # feedgen writes entries in the reverse order of adding them.
    for e in reversed(entries):
        fe = fg.add_entry()
        fe.id(e["id"])
        fe.title(e["title"])
        fe.link(href=base + e["url"], rel="alternate", type="text/html")
        fe.published(e["updated"])
        fe.updated(e["updated"])
        fe.summary(e["summary"])
        if e["body"]:
            fe.author({"name": e["body"]})
        for scheme, term in e["categories"]:
            fe.category({"term": term, "scheme": scheme, "label": term})
    out: bytes = fg.atom_str(pretty=True)
    return out


def _decision_entry(d: dict[str, Any]) -> dict[str, Any]:
    themes = [t["label"] for t in d["themes"]]
    facts = [f"Utfall: {d['outcome']}"] if d["outcome"] else []
    if themes:
        facts.append(f"Tema: {', '.join(themes)}")
    categories = [("tema", t) for t in themes]
    categories += [("utfall", d["outcome"])] if d["outcome"] else []
    return _entry(f"urn:protokollsok:beslut:{d['id']}", d, facts, categories)


def _passage_entry(h: dict[str, Any]) -> dict[str, Any]:
    return _entry(f"urn:protokollsok:stycke:{h['chunk_id']}", h, [], [])


def _entry(
    urn: str, item: dict[str, Any], facts: list[str], categories: list[tuple[str, str]]
) -> dict[str, Any]:
    """A feed entry for a decision or a passage: its text, then the protocol's date and organ
    and the item's own `facts`; the organ is the first category, then `categories`."""
    p = item["protocol"]
    facts = [f"Datum: {p['date'] or 'okänt'}", f"Organ: {p['body'] or 'okänt'}", *facts]
    return {
        "id": urn,
        "title": item["citation"],
        "url": item["url"],
        "updated": _when(p["date"]),
        "body": p["body"],
        "summary": f"{item['text']}\n\n" + "\n".join(facts),
        "categories": ([("organ", p["body"])] if p["body"] else []) + categories,
    }


def _newest_first(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(entries, key=lambda e: (e["updated"], e["id"]), reverse=True)


def _atom(content: bytes) -> Response:
    return Response(content, media_type=ATOM, headers={"Cache-Control": "public, max-age=300"})


@router.get("/feeds/beslut.atom", response_class=Response, responses=_ATOM_RESPONSE)
def decisions_feed(
    request: Request,
    runtime: RuntimeDep,
    tema: Annotated[
        str | None, Query(max_length=limits.MAX_THEME_CHARS, description="tema, fritext")
    ] = None,
    organ: Annotated[
        str | None, Query(max_length=limits.MAX_BODY_CHARS, description="organ (delsträng)")
    ] = None,
) -> Response:
    """Nya beslut som Atom-flöde, per tema och organ (samma urval som `/api/decisions`)."""
    tema = (tema or "").strip() or None
    organ = (organ or "").strip() or None
    k = min(FEED_ENTRIES, limits.DECISIONS_K_MAX)
    res = runtime.read(client_of(request), lambda f: f.decisions(theme=tema, body=organ, k=k))
    entries = _newest_first([_decision_entry(d) for d in res["decisions"]])
    what = " – ".join(x for x in (f"tema {tema}" if tema else "", organ or "") if x)
    title = f"Nya beslut: {what}" if what else "Nya beslut"
    return _atom(_feed(request, f"{title} – Protokollsök", "Beslut ur protokollen", entries))


@router.get("/feeds/sok.atom", response_class=Response, responses=_ATOM_RESPONSE)
def search_feed(
    request: Request,
    runtime: RuntimeDep,
    q: Annotated[
        str,
        Query(max_length=limits.MAX_QUERY_CHARS, description="den sparade sökningen"),
    ],
) -> Response:
    """Nya stycken som matchar en sparad sökning, som Atom-flöde (samma träffar som
    `/api/search`)."""
    if not q.strip():
        raise InvalidInput("Sökningen är tom.")
    k = min(SEARCH_ENTRIES, limits.SEARCH_K_MAX)
    res = runtime.read(client_of(request), lambda f: f.search(q.strip(), k=k))
    # A search always ranks k passages; a feed keeps those that share a word with it.
    entries = _newest_first([_passage_entry(h) for h in res["results"] if h["highlights"]])
    title = f"Sökning: {q.strip()} – Protokollsök"
    return _atom(_feed(request, title, "Stycken ur protokollen som matchar sökningen", entries))
