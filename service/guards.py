"""What makes the service safe to put on the open internet: a per-client rate limit, a CORS
allowlist, security headers and the admin token check.

The middlewares are plain ASGI so that they also cover responses produced by routing errors and
static files, and so that their own refusals use the one error shape.
"""

from __future__ import annotations

import hmac
import math
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from fastapi import Request
from protokoll.service.errors import ApiError, error_response
from protokoll.service.settings import Settings
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Only our own files and the API on the same host; no inline script or style anywhere, so an
# injected `<script>` in a protocol could not run even if escaping ever failed.
HTML_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
RATE_LIMITED_PREFIXES = ("/api/", "/protokoll/")


def parse_origins(value: str) -> frozenset[str]:
    return frozenset(o.strip().rstrip("/") for o in value.split(",") if o.strip())


class TokenBucket:
    """Per-client token buckets: `burst` requests at once, refilled at `per_minute`."""

    MAX_CLIENTS = 10_000

    def __init__(self, per_minute: float, burst: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, last time)
        self._lock = threading.Lock()

    def take(self, client: str, now: float | None = None, cost: float = 1.0) -> float:
        """0 if a request of `cost` tokens may pass, else the seconds until it may."""
        now = time.monotonic() if now is None else now
        cost = min(cost, self.burst)  # a cost above the burst could never pass
        with self._lock:
            tokens, last = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= cost:
                self._buckets[client] = (tokens - cost, now)
                if len(self._buckets) > self.MAX_CLIENTS:
                    self._forget_idle(now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return (cost - tokens) / self.rate

    def _forget_idle(self, now: float) -> None:
        # A client whose bucket has refilled is indistinguishable from a new one: drop it, so
        # that many distinct addresses cannot grow the table without bound.
        full_after = self.burst / self.rate
        for key, (_, last) in list(self._buckets.items()):
            if now - last >= full_after:
                del self._buckets[key]


class RateLimit:
    """Per-client token buckets, charged by what a request costs: an answer (/api/ask) is
    several searches' work, so it takes `ask_cost` tokens where a search takes one."""

    def __init__(self, app: ASGIApp, per_minute: float, burst: int, ask_cost: int = 1) -> None:
        self.app = app
        self.bucket = TokenBucket(per_minute, burst) if per_minute > 0 else None
        self.costs = {"/api/ask": float(ask_cost)}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.bucket is None
            or scope["type"] != "http"
            or scope["method"] == "OPTIONS"
            or not scope["path"].startswith(RATE_LIMITED_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("okänd", 0))[0]
        wait = self.bucket.take(client, cost=self.costs.get(scope["path"], 1.0))
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            response = error_response(
                429,
                "rate_limited",
                f"För många anrop. Försök igen om {seconds} sekunder.",
                {"Retry-After": str(seconds)},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class RequestSize:
    """Oversized request lines and headers are refused in the one error shape (414, 431), before
    routing. Those too long for uvicorn's parser itself get the same answer from
    `http_protocol.GuardedHttpTools`, not the server's plain-text 400."""

    def __init__(self, app: ASGIApp, max_url: int, max_headers: int) -> None:
        self.app = app
        self.max_url = max_url
        self.max_headers = max_headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            url = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
            refused = oversized(url, scope.get("headers") or (), self.max_url, self.max_headers)
            if refused is not None:
                await error_response(*refused)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def oversized(
    url: int, headers: Iterable[tuple[bytes, bytes]], max_url: int, max_headers: int
) -> tuple[int, str, str] | None:
    """(status, code, message) refusing a request line of `url` bytes and these headers (each
    counted as it is sent: name, ": ", value, CRLF), or None when both are within their limits."""
    if url > max_url:
        return 414, "uri_too_long", f"Adressen är för lång (högst {max_url} byte)."
    if sum(len(k) + len(v) + 4 for k, v in headers) > max_headers:
        return (
            431,
            "headers_too_large",
            f"Anropets huvuden är för stora (högst {max_headers} byte).",
        )
    return None


class SecurityHeaders:
    """Security headers on every response, CSP on HTML, and the CORS allowlist."""

    def __init__(self, app: ASGIApp, cors_origins: frozenset[str]) -> None:
        self.app = app
        self.origins = cors_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        origin = request_headers.get("origin")
        allowed = origin is not None and origin.rstrip("/") in self.origins
        if scope["method"] == "OPTIONS" and "access-control-request-method" in request_headers:
            await self._preflight(scope, receive, send, origin if allowed else None)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
                if headers.get("content-type", "").startswith("text/html"):
                    headers["Content-Security-Policy"] = HTML_CSP
                    headers["X-Frame-Options"] = "SAMEORIGIN"
                headers.append("Vary", "Origin")
                if allowed and origin:
                    headers["Access-Control-Allow-Origin"] = origin
                    # The widget reads Retry-After to tell the user how long to wait.
                    headers["Access-Control-Expose-Headers"] = "Retry-After"
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _preflight(
        self, scope: Scope, receive: Receive, send: Send, origin: str | None
    ) -> None:
        method = Headers(scope=scope).get("access-control-request-method", "")
        response: Response
        if origin is None or method.upper() not in ("GET", "HEAD"):
            # Cross-origin writes are never allowed from a browser; integrations call the
            # admin endpoints server to server, where CORS does not apply.
            response = error_response(
                403, "cors_denied", "Anrop från den här webbplatsen är inte tillåtna."
            )
        else:
            response = Response(status_code=204)
            response.headers.update(
                {
                    "Access-Control-Allow-Origin": origin,
                    "Access-Control-Allow-Methods": "GET, HEAD",
                    "Access-Control-Allow-Headers": "Accept, Content-Type",
                    "Access-Control-Max-Age": "600",
                    "Vary": "Origin",
                }
            )
        response.headers["X-Content-Type-Options"] = "nosniff"
        await response(scope, receive, send)


def require_admin(request: Request) -> None:
    """Admin calls need `Authorization: Bearer <PROTOKOLL_ADMIN_TOKEN>`; no token set = off (a
    blank one counts as none, and one under 16 characters stops the service at start)."""
    settings: Settings = request.app.state.settings
    if settings.admin_token is None or not settings.admin_token.get_secret_value().strip():
        raise ApiError(
            403,
            "admin_disabled",
            "Admin-anropen är avstängda: ingen PROTOKOLL_ADMIN_TOKEN är inställd på servern.",
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    expected = settings.admin_token.get_secret_value()
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), expected.encode()
    ):
        raise ApiError(
            401,
            "unauthorized",
            "Fel eller saknad token (skicka 'Authorization: Bearer TOKEN').",
            {"WWW-Authenticate": "Bearer"},
        )
