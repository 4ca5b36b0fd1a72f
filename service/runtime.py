"""The facade behind the HTTP service and the lock that serialises calls into it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

T = TypeVar("T")


class Runtime:
    """The facade and the lock that serialises every call into it.

    FastAPI runs `def` endpoints in a thread pool, so requests arrive on several threads at
    once. The facade is not built for that: one SQLite connection (opened with
    check_same_thread=False, which only silences the check), one Chroma client, and lazily
    rebuilt lexical state. One lock keeps every read and write consistent; searches are short,
    and an upload holding the lock while it embeds delays searches instead of corrupting them.
    """

    def __init__(self, facade: Protokollsok, settings: Settings) -> None:
        self.facade = facade
        self.settings = settings
        self.lock = threading.Lock()
        self.started = time.monotonic()

    def uptime(self) -> float:
        return time.monotonic() - self.started

    def call(self, fn: Callable[[Protokollsok], T]) -> T:
        with self.lock:
            return fn(self.facade)


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
