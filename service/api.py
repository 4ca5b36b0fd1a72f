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

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from protokoll.ingest.errors import InvalidInput, NotFound
from protokoll.service import limits, schemas
from protokoll.service.errors import ApiError
from protokoll.service.facade import Protokollsok
from protokoll.service.guards import require_admin
from protokoll.service.public import public_json
from protokoll.service.runtime import Runtime, RuntimeDep, client_of
from protokoll.service.uploads import delete_upload, ingest_job, receive_upload
from protokoll.service.views import checked_id

log = logging.getLogger(__name__)


async def known_parameters_only(request: Request) -> None:
    """A parameter the endpoint does not take is refused by name, never silently ignored: a
    filter that does nothing would give an answer the caller did not ask for."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    known = {p.alias or p.name for p in getattr(dependant, "query_params", ())}
    for dep in getattr(dependant, "dependencies", ()):
        known |= {p.alias or p.name for p in dep.query_params}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "inga"
        raise InvalidInput(
            f"{unknown[0]}: okänd parameter för {request.url.path} (tillåtna: {takes})"
        )


router = APIRouter(
    responses={400: {"model": schemas.ErrorBody, "description": "fel i anropet"}},
    dependencies=[Depends(known_parameters_only)],
)

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


def date_range(date_from: str | None, date_to: str | None) -> tuple[date | None, date | None]:
    d_from, d_to = parse_date("from", date_from), parse_date("to", date_to)
    if d_from and d_to and d_from > d_to:
        raise InvalidInput(f"from: {d_from} ligger efter to ({d_to}).")
    return d_from, d_to


def checked_q(q: str) -> str:
    if not q.strip():
        raise InvalidInput("q: får inte vara tom")
    return q.strip()


def read(runtime: Runtime, request: Request, fn: Any) -> JSONResponse:
    """A read through the runtime's admission, its answer with no server paths in it.

    The facade's JSON was built by its schema model already, so it is sent as it is: returning
    the dict would make FastAPI validate it against `response_model` again and serialise it on a
    second trip through the thread pool: 0.99 against 0.25 ms of CPU per search
    (docs/quality.md). The `response_model` of each route stays, for the OpenAPI document."""
    return JSONResponse(public_json(runtime.read(client_of(request), fn), runtime.settings))


def _health(runtime: Runtime) -> schemas.Health:
    return schemas.Health(
        status=runtime.state(),
        uptime_s=round(runtime.uptime(), 1),
        running=runtime.slots.running,
        queued=runtime.slots.waiting,
        queue_bound=runtime.slots.queue_bound,
        jobs=runtime.jobs.pending(),
        dense_search=runtime.facade.index.dense_path(),
        query_runtime=runtime.facade.index.embedder.query_runtime,
    )


# Health is answered on the event loop itself (async), so it answers even when every worker
# thread is busy with reads.
@router.head("/healthz", include_in_schema=False)
@router.get("/healthz", tags=["drift"], response_model=schemas.Health)
async def healthz(runtime: RuntimeDep) -> dict[str, Any]:
    """Lever tjänsten? 200 så länge den svarar; `status` är "ok" eller "busy" (fler läsanrop
    väntar än gränsen PROTOKOLL_QUEUE_BOUND)."""
    return _health(runtime).as_json()


@router.head("/readyz", include_in_schema=False)
@router.get(
    "/readyz",
    tags=["drift"],
    response_model=schemas.Health,
    responses={503: {"model": schemas.Health, "description": "upptagen: skicka inte trafik hit"}},
)
async def readyz(runtime: RuntimeDep) -> JSONResponse:
    """Ska lastbalanseraren skicka trafik hit? 200 när kön är under gränsen, annars 503."""
    health = _health(runtime)
    return JSONResponse(health.as_json(), status_code=200 if health.status == "ok" else 503)


@router.get("/api/search", tags=["sök"], response_model=schemas.SearchResponse)
def search(
    request: Request,
    runtime: RuntimeDep,
    q: Q,
    k: SearchK = 10,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    body: Body = None,
    mode: Literal["hybrid", "dense", "lexical"] | None = None,
) -> JSONResponse:
    """Hybridsökning med källhänvisningar; samma JSON som `protokoll search --json`."""
    query = checked_q(q)
    d_from, d_to = date_range(date_from, date_to)
    return read(
        runtime, request,
        lambda f: f.search(query, k=k, date_from=d_from, date_to=d_to, body=body or None,
                           mode=mode),
    )  # fmt: skip


@router.get("/api/ask", tags=["sök"], response_model=schemas.AskResponse)
def ask(request: Request, runtime: RuntimeDep, q: Q) -> JSONResponse:
    """Ett kort svar med numrerade källhänvisningar; samma JSON som `protokoll ask --json`."""
    query = checked_q(q)
    return read(runtime, request, lambda f: f.ask(query))


@router.get("/api/decisions", tags=["sök"], response_model=schemas.DecisionsResponse)
def decisions(
    request: Request,
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
) -> JSONResponse:
    """Beslut per tema; samma JSON som `protokoll decisions --json`."""
    d_from, d_to = date_range(date_from, date_to)
    return read(
        runtime,
        request,
        lambda f: f.decisions(
            theme=(theme or "").strip() or None,
            date_from=d_from,
            date_to=d_to,
            body=body or None,
            outcome=outcome or None,
            k=k,
            facets=facets,
        ),  # fmt: skip
    )


@router.get("/api/protocols", tags=["protokoll"], response_model=schemas.ProtocolList)
def protocols(request: Request, runtime: RuntimeDep) -> JSONResponse:
    """Alla inlästa protokoll (metadata)."""
    return read(runtime, request, lambda f: {"protocols": f.protocols()})


@router.get(
    "/api/protocols/{protocol_id}",
    tags=["protokoll"],
    response_model=schemas.ProtocolDetail,
    responses={404: {"model": schemas.ErrorBody, "description": "inget sådant protokoll"}},
)
def protocol(
    request: Request,
    runtime: RuntimeDep,
    protocol_id: str,
    text: Annotated[bool, Query(description="ta med hela texten")] = True,
) -> JSONResponse:
    """Ett protokoll: metadata, punkter, närvarolistor och text."""
    checked_id(protocol_id)
    return read(runtime, request, lambda f: f.protocol(protocol_id, with_text=text))


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
    status_code=202,
    response_model=schemas.JobOut,
    dependencies=[Depends(require_admin)],
    openapi_extra=_UPLOAD_SCHEMA,
)
async def upload(request: Request, runtime: RuntimeDep) -> JSONResponse:
    """Ladda upp en protokollfil (fältet `file`). Den läses in i bakgrunden: svaret är 202 med
    jobbets adress (`GET /api/jobs/{id}`). Kräver admin-token."""
    name, content = await receive_upload(request, runtime.settings)
    job = runtime.jobs.submit("upload", ingest_job(runtime, name, content))
    return JSONResponse(
        schemas.JobOut.model_validate(job.as_json()).as_json(),
        status_code=202,
        headers={"Location": f"/api/jobs/{job.id}"},
    )


@router.get(
    "/api/jobs/{job_id}",
    tags=["admin"],
    response_model=schemas.JobOut,
    dependencies=[Depends(require_admin)],
    responses={404: {"model": schemas.ErrorBody, "description": "inget sådant jobb"}},
)
def job_status(runtime: RuntimeDep, job_id: str) -> dict[str, Any]:
    """En uppladdnings status: queued, running, done (med resultatet) eller failed (med felet).
    Kräver admin-token."""
    job = runtime.jobs.get(job_id) if re.fullmatch(r"[0-9a-f]{24}", job_id) else None
    if job is None:
        raise NotFound(f"Inget jobb med id '{job_id[:40]}'.")
    return schemas.JobOut.model_validate(public_json(job.as_json(), runtime.settings)).as_json()


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

    delete_upload(runtime.settings, runtime.write(remove))
    return schemas.Deleted(deleted=protocol_id).as_json()


__all__ = ["ApiError", "router"]
