"""The JSON API: thin routes that parse input, call one facade method and return its dict.

The answer of `/api/search` is exactly `protokoll search --json`; ask and decisions pass their
facade's JSON through and only add the `url` of the source view to every citation.
"""

from __future__ import annotations

import inspect
import logging
import re
from dataclasses import asdict, is_dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from protokoll.service.errors import ApiError
from protokoll.service.facade import InvalidInput
from protokoll.service.guards import require_admin
from protokoll.service.runtime import Runtime, RuntimeDep
from protokoll.service.uploads import delete_upload, receive_upload, store_and_ingest
from protokoll.service.views import checked_id

log = logging.getLogger(__name__)
router = APIRouter()

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Q = Annotated[str, Query(min_length=1, max_length=500, description="frågan, 1–500 tecken")]
K = Annotated[int, Query(ge=1, le=50, description="antal träffar, 1–50")]
DateParam = Annotated[str | None, Query(description="ÅÅÅÅ-MM-DD")]
Body = Annotated[str | None, Query(max_length=200, description="organ (delsträng)")]


def parse_date(name: str, value: str | None) -> date | None:
    if value is None or value == "":
        return None
    try:
        if not _ISO_DATE.match(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name}: ogiltigt datum '{value[:20]}' (skriv ÅÅÅÅ-MM-DD).") from None


def to_json(result: Any) -> Any:
    """Facade results are dicts; accept records with `as_json()` or dataclasses too."""
    if isinstance(result, dict):
        return result
    if hasattr(result, "as_json"):
        return result.as_json()
    if is_dataclass(result) and not isinstance(result, type):
        return asdict(result)
    return result


def with_urls(obj: Any) -> Any:
    """Every citation in the API links to the source view at its span."""
    if isinstance(obj, list):
        return [with_urls(x) for x in obj]
    if not isinstance(obj, dict):
        return obj
    out = {k: with_urls(v) for k, v in obj.items()}
    protocol = out.get("protocol")
    start, end = out.get("start"), out.get("end")
    if (
        "url" not in out
        and isinstance(protocol, dict)
        and isinstance(protocol.get("id"), str)
        and isinstance(start, int)
        and isinstance(end, int)
    ):
        out["url"] = f"/protokoll/{protocol['id']}?start={start}&end={end}"
    return out


def call_optional(runtime: Runtime, name: str, feature: str, *args: Any, **kwargs: Any) -> Any:
    """Call facade.<name> if this build has it (ask and decisions land separately), passing
    only the keyword arguments its signature accepts."""
    method = getattr(runtime.facade, name, None)
    if method is None:
        raise ApiError(501, "not_implemented", f"{feature} finns inte i den här versionen.")
    params = inspect.signature(method).parameters
    if not any(p.kind is p.VAR_KEYWORD for p in params.values()):
        kwargs = {k: v for k, v in kwargs.items() if k in params}
    return with_urls(to_json(runtime.call(lambda f: getattr(f, name)(*args, **kwargs))))


@router.head("/healthz", include_in_schema=False)
@router.get("/healthz", tags=["drift"])
def healthz(runtime: RuntimeDep) -> dict[str, Any]:
    """Svarar när modellen och indexet är laddade."""
    return {"status": "ok", "uptime_s": round(runtime.uptime(), 1)}


@router.get("/api/search", tags=["sök"])
def search(
    runtime: RuntimeDep,
    q: Q,
    k: K = 10,
    date_from: Annotated[str | None, Query(alias="from", description="från ÅÅÅÅ-MM-DD")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="till ÅÅÅÅ-MM-DD")] = None,
    body: Body = None,
    mode: Literal["hybrid", "dense", "lexical"] | None = None,
) -> dict[str, Any]:
    """Hybridsökning med källhänvisningar; samma JSON som `protokoll search --json`."""
    d_from, d_to = parse_date("from", date_from), parse_date("to", date_to)
    return runtime.call(
        lambda f: f.search(q, k=k, date_from=d_from, date_to=d_to, body=body or None, mode=mode)
    )


@router.get("/api/ask", tags=["sök"])
def ask(runtime: RuntimeDep, q: Q) -> Any:
    """Ett kort svar med numrerade källhänvisningar; samma JSON som `protokoll ask --json`."""
    if not q.strip():
        raise InvalidInput("Frågan är tom.")
    return call_optional(runtime, "ask", "Frågefunktionen", q.strip())


@router.get("/api/decisions", tags=["sök"])
def decisions(
    runtime: RuntimeDep,
    theme: Annotated[str | None, Query(max_length=500, description="tema, fritext")] = None,
    date_from: Annotated[str | None, Query(alias="from", description="från ÅÅÅÅ-MM-DD")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="till ÅÅÅÅ-MM-DD")] = None,
    body: Body = None,
    outcome: Annotated[str | None, Query(max_length=100, description="utfall")] = None,
    k: K = 10,
    facets: Annotated[bool, Query(description="räkna per tema, organ och år")] = False,
) -> Any:
    """Beslut per tema; samma JSON som `protokoll decisions --json`."""
    return call_optional(
        runtime,
        "decisions",
        "Beslutssökningen",
        theme=(theme or "").strip() or None,
        date_from=parse_date("from", date_from),
        date_to=parse_date("to", date_to),
        body=body or None,
        outcome=outcome or None,
        k=k,
        facets=facets,
    )


@router.get("/api/protocols", tags=["protokoll"])
def protocols(runtime: RuntimeDep) -> dict[str, Any]:
    """Alla inlästa protokoll (metadata)."""
    return {"protocols": runtime.call(lambda f: f.protocols())}


@router.get("/api/protocols/{protocol_id}", tags=["protokoll"])
def protocol(
    runtime: RuntimeDep,
    protocol_id: str,
    text: Annotated[bool, Query(description="ta med hela texten")] = True,
) -> dict[str, Any]:
    """Ett protokoll: metadata, punkter, närvarolistor och text."""
    checked_id(protocol_id)
    return runtime.call(lambda f: f.protocol(protocol_id, with_text=text))


_UPLOAD_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            }
        },
    }
}


@router.post(
    "/api/protocols",
    tags=["admin"],
    status_code=201,
    dependencies=[Depends(require_admin)],
    openapi_extra=_UPLOAD_SCHEMA,
)
async def upload(request: Request, runtime: RuntimeDep) -> JSONResponse:
    """Ladda upp en protokollfil (fältet `file`) och läs in den. Kräver admin-token."""
    name, content = await receive_upload(request, runtime.settings)
    status, info = await store_and_ingest(runtime, name, content)
    code = 201 if status == "added" else 200
    return JSONResponse({"status": status, "protocol": info}, status_code=code)


@router.delete(
    "/api/protocols/{protocol_id}", tags=["admin"], dependencies=[Depends(require_admin)]
)
def delete(runtime: RuntimeDep, protocol_id: str) -> dict[str, Any]:
    """Ta bort ett protokoll överallt i indexet. Kräver admin-token."""
    checked_id(protocol_id)

    def remove(f: Any) -> str | None:
        source = f.protocol(protocol_id, with_text=False).get("source")
        f.delete(protocol_id)
        return source  # type: ignore[no-any-return]

    delete_upload(runtime.settings, runtime.call(remove))
    return {"deleted": protocol_id}
