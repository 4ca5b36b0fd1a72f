"""The JSON API: thin routes that parse input, call one facade method and return its answer.

Every answer is the facade's JSON, declared by its model in service/schemas.py: `/api/search` is
exactly `protokoll search --json`, `/api/ask` is `protokoll ask --json`, `/api/decisions` is
`protokoll decisions --json`.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from protokoll.ingest.errors import InvalidInput
from protokoll.service import limits, schemas
from protokoll.service.facade import Protokollsok
from protokoll.service.guards import require_admin
from protokoll.service.runtime import RuntimeDep
from protokoll.service.uploads import delete_upload, receive_upload, store_and_ingest
from protokoll.service.views import checked_id

log = logging.getLogger(__name__)
router = APIRouter(responses={400: {"model": schemas.ErrorBody, "description": "fel i anropet"}})

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Q = Annotated[
    str,
    Query(
        min_length=1,
        max_length=limits.MAX_QUERY_CHARS,
        description=f"frågan, 1–{limits.MAX_QUERY_CHARS} tecken",
    ),
]
SearchK = Annotated[
    int,
    Query(ge=1, le=limits.SEARCH_K_MAX, description=f"antal träffar, 1–{limits.SEARCH_K_MAX}"),
]
DecisionsK = Annotated[
    int,
    Query(ge=1, le=limits.DECISIONS_K_MAX, description=f"antal beslut, 1–{limits.DECISIONS_K_MAX}"),
]
DateFrom = Annotated[str | None, Query(alias="from", description="från ÅÅÅÅ-MM-DD")]
DateTo = Annotated[str | None, Query(alias="to", description="till ÅÅÅÅ-MM-DD")]
Body = Annotated[
    str | None, Query(max_length=limits.MAX_BODY_CHARS, description="organ (delsträng)")
]


def parse_date(name: str, value: str | None) -> date | None:
    if value is None or value == "":
        return None
    try:
        if not _ISO_DATE.match(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name}: ogiltigt datum '{value[:20]}' (skriv ÅÅÅÅ-MM-DD).") from None


@router.head("/healthz", include_in_schema=False)
@router.get("/healthz", tags=["drift"], response_model=schemas.Health)
def healthz(runtime: RuntimeDep) -> dict[str, Any]:
    """Svarar när modellen och indexet är laddade."""
    return schemas.Health(status="ok", uptime_s=round(runtime.uptime(), 1)).as_json()


@router.get("/api/search", tags=["sök"], response_model=schemas.SearchResponse)
def search(
    runtime: RuntimeDep,
    q: Q,
    k: SearchK = 10,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    body: Body = None,
    mode: Literal["hybrid", "dense", "lexical"] | None = None,
) -> dict[str, Any]:
    """Hybridsökning med källhänvisningar; samma JSON som `protokoll search --json`."""
    d_from, d_to = parse_date("from", date_from), parse_date("to", date_to)
    return runtime.call(
        lambda f: f.search(q, k=k, date_from=d_from, date_to=d_to, body=body or None, mode=mode)
    )


@router.get("/api/ask", tags=["sök"], response_model=schemas.AskResponse)
def ask(runtime: RuntimeDep, q: Q) -> dict[str, Any]:
    """Ett kort svar med numrerade källhänvisningar; samma JSON som `protokoll ask --json`."""
    if not q.strip():
        raise InvalidInput("Frågan är tom.")
    return runtime.call(lambda f: f.ask(q.strip()))


@router.get("/api/decisions", tags=["sök"], response_model=schemas.DecisionsResponse)
def decisions(
    runtime: RuntimeDep,
    theme: Annotated[
        str | None, Query(max_length=limits.MAX_THEME_CHARS, description="tema, fritext")
    ] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    body: Body = None,
    outcome: Annotated[
        str | None, Query(max_length=limits.MAX_OUTCOME_CHARS, description="utfall")
    ] = None,
    k: DecisionsK = 10,
    facets: Annotated[bool, Query(description="räkna per tema, organ och år")] = False,
) -> dict[str, Any]:
    """Beslut per tema; samma JSON som `protokoll decisions --json`."""
    d_from, d_to = parse_date("from", date_from), parse_date("to", date_to)
    return runtime.call(
        lambda f: f.decisions(
            theme=(theme or "").strip() or None,
            date_from=d_from,
            date_to=d_to,
            body=body or None,
            outcome=outcome or None,
            k=k,
            facets=facets,
        )  # fmt: skip
    )


@router.get("/api/protocols", tags=["protokoll"], response_model=schemas.ProtocolList)
def protocols(runtime: RuntimeDep) -> dict[str, Any]:
    """Alla inlästa protokoll (metadata)."""
    return {"protocols": runtime.call(lambda f: f.protocols())}


@router.get(
    "/api/protocols/{protocol_id}",
    tags=["protokoll"],
    response_model=schemas.ProtocolDetail,
    responses={404: {"model": schemas.ErrorBody, "description": "inget sådant protokoll"}},
)
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
    response_model=schemas.UploadResult,
    dependencies=[Depends(require_admin)],
    openapi_extra=_UPLOAD_SCHEMA,
)
async def upload(request: Request, response: Response, runtime: RuntimeDep) -> dict[str, Any]:
    """Ladda upp en protokollfil (fältet `file`) och läs in den. Kräver admin-token."""
    name, content = await receive_upload(request, runtime.settings)
    status, info = await store_and_ingest(runtime, name, content)
    response.status_code = 201 if status == "added" else 200
    return schemas.UploadResult.model_validate({"status": status, "protocol": info}).as_json()


@router.delete(
    "/api/protocols/{protocol_id}",
    tags=["admin"],
    response_model=schemas.Deleted,
    dependencies=[Depends(require_admin)],
)
def delete(runtime: RuntimeDep, protocol_id: str) -> dict[str, Any]:
    """Ta bort ett protokoll överallt i indexet. Kräver admin-token."""
    checked_id(protocol_id)

    def remove(f: Protokollsok) -> str:
        source: str = f.protocol(protocol_id, with_text=False)["source"]
        f.delete(protocol_id)
        return source

    delete_upload(runtime.settings, runtime.call(remove))
    return schemas.Deleted(deleted=protocol_id).as_json()
