"""The HTML side of the service: the demo page, the widget script, the source view and the API
description at /docs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from protokoll.ingest.errors import InvalidInput
from protokoll.service.api_docs import render_api_docs
from protokoll.service.errors import ApiError
from protokoll.service.runtime import RuntimeDep, client_of
from protokoll.service.source_view import render_source

STATIC = Path(__file__).resolve().parent / "static"
ID_PATTERN = re.compile(r"^[a-z0-9-]{1,80}$")

router = APIRouter()


def checked_id(protocol_id: str) -> str:
    """Ids are made by the catalog from `[a-z0-9-]`; anything else is refused before any lookup,
    so no path, query or markup can travel in an id."""
    if not ID_PATTERN.fullmatch(protocol_id):
        raise ApiError(400, "invalid_id", "Ogiltigt protokoll-id (tillåtet: a–z, 0–9, '-').")
    return protocol_id


@router.api_route(
    "/", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False
)
def demo_page() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


@router.api_route("/widget.js", methods=["GET", "HEAD"], include_in_schema=False)
def widget_js() -> FileResponse:
    return FileResponse(
        STATIC / "widget.js",
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300"},
    )


@router.get("/protokoll/{protocol_id}", response_class=HTMLResponse, tags=["källvy"])
def source_view(
    request: Request,
    runtime: RuntimeDep,
    protocol_id: str,
    start: Annotated[int | None, Query(ge=0, description="citatets början (tecken)")] = None,
    end: Annotated[int | None, Query(ge=0, description="citatets slut (tecken)")] = None,
) -> HTMLResponse:
    """Protokollets text med ett ankare per punkt (`#punkt-7`, `#p-45`) och citatet markerat."""
    checked_id(protocol_id)
    p = runtime.read(client_of(request), lambda f: f.protocol(protocol_id, with_text=True))
    if (start is None) != (end is None):
        raise InvalidInput("Ange både start och end, eller ingen av dem.")
    if start is not None and end is not None and not start < end <= len(p["text"]):
        raise InvalidInput(
            f"start och end måste uppfylla 0 ≤ start < end ≤ {len(p['text'])} (textens längd)."
        )
    return HTMLResponse(render_source(p, start, end))


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    return HTMLResponse(render_api_docs(request.app.openapi()))
