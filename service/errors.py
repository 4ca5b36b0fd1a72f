"""The one JSON error shape of the HTTP service, and the one place that maps errors to statuses.

Every error the service answers, whether raised by the facade, by request validation, by routing
(404, 405) or by the service's own guards (auth, rate limit, upload size), leaves as
`{"error": {"code": "...", "message": "..."}}` (`schemas.ErrorBody`). A domain error states its
own status (`http_status`, ingest/errors.py).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from protokoll.ingest.errors import ProtokollError
from protokoll.service.schemas import ErrorBody, ErrorDetail
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

_HTTP_CODES: dict[int, tuple[str, str]] = {
    404: ("not_found", "Sidan finns inte."),
    405: ("method_not_allowed", "Metoden är inte tillåten för den här adressen."),
}


class ApiError(Exception):
    """An error the service itself raises (auth, limits, ids), with its status."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = ErrorBody(error=ErrorDetail(code=code, message=message)).as_json()
    return JSONResponse(body, status_code=status, headers=headers)


_VALIDATION_MESSAGES: dict[str, str] = {
    "missing": "saknas",
    "int_parsing": "måste vara ett heltal",
    "int_from_float": "måste vara ett heltal",
    "float_parsing": "måste vara ett tal",
    "string_too_short": "får inte vara tom",
    "date_from_datetime_parsing": "ogiltigt datum (skriv ÅÅÅÅ-MM-DD)",
    "date_parsing": "ogiltigt datum (skriv ÅÅÅÅ-MM-DD)",
    "literal_error": "har ett otillåtet värde",
    "enum": "har ett otillåtet värde",
}


def _bounds(request: Request, name: str) -> tuple[Any, Any] | None:
    """The (least, greatest) value the route accepts for query parameter `name`, when it
    declares both."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    for param in getattr(dependant, "query_params", ()):
        if param.name == name or param.alias == name:
            ge = next((m.ge for m in param.field_info.metadata if hasattr(m, "ge")), None)
            le = next((m.le for m in param.field_info.metadata if hasattr(m, "le")), None)
            return (ge, le) if ge is not None and le is not None else None
    return None


def _validation_message(err: dict[str, Any], request: Request) -> str:
    loc = [str(x) for x in err.get("loc", ())]
    # The first element says where the field was (query, path, ...); a parameter may itself be
    # called "body" (the organ filter), so only that first element is dropped.
    if loc and loc[0] in ("query", "path", "body", "header"):
        loc = loc[1:]
    field = ".".join(loc) or "anropet"
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    if kind == "string_too_long":
        text = f"får vara högst {ctx.get('max_length')} tecken"
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bounds = _bounds(request, field)
        text = "är utanför det tillåtna intervallet"
        if bounds:
            text = f"måste vara mellan {bounds[0]} och {bounds[1]}"
    else:
        text = _VALIDATION_MESSAGES.get(kind, "är ogiltigt")
    return f"{field}: {text}"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(ProtokollError)
    async def _domain_error(request: Request, exc: ProtokollError) -> JSONResponse:
        if exc.http_status >= 500:
            log.error("%s: %s", exc.code, exc)
        return error_response(exc.http_status, exc.code, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        messages = [_validation_message(e, request) for e in exc.errors()]
        return error_response(400, "invalid_input", "; ".join(messages) or "Ogiltigt anrop.")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        default = ("invalid_input" if exc.status_code == 400 else "http_error", str(exc.detail))
        code, message = _HTTP_CODES.get(exc.status_code, default)
        return error_response(exc.status_code, code, message, dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("oväntat fel vid %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "Ett internt fel uppstod.")
