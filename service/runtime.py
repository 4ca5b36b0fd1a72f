"""The facade behind the HTTP service, and how requests share it: reads run side by side, a
write holds the index alone only while it commits, and no client can take every reader's turn.

- Reads (search, ask, decisions, protocols) take the shared side of a reader–writer lock. A write
  takes the exclusive side only for its catalog and vector commits (`Index.write_guard`); the
  slow part of an ingest (reading, parsing, embedding) runs beside the readers. A reader thus
  sees the index before or after a write, never in between.
- Admission (`ReadSlots`): at most `read_slots` reads run at once; one client may have at most
  `client_inflight` requests in flight and run at most a quarter of the slots (one of the
  default four), so another client's request always finds a slot free and shares the cores
  with as little of the flood as possible. A request that waits longer than `request_budget` seconds
  is answered 503 with Retry-After instead of piling up.
- `/healthz` says "busy" and `/readyz` answers 503 while at least `queue_bound` reads wait.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from protokoll.service.errors import ApiError
from protokoll.service.facade import Protokollsok
from protokoll.service.jobs import Jobs
from protokoll.service.settings import Settings

T = TypeVar("T")


class ReadWriteLock:
    """Many readers or one writer; a waiting writer goes before new readers (so a stream of
    reads cannot starve an upload's commit). The writer side is re-entrant for its thread: a
    commit may delete a moved file's old entry, which is a write of its own."""

    def __init__(self, on_write_done: Callable[[], None] | None = None) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer: int | None = None
        self._depth = 0
        self._waiting_writers = 0
        self._on_write_done = on_write_done

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            while self._writer is not None or self._waiting_writers:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        me = threading.get_ident()
        with self._cond:
            if self._writer != me:
                self._waiting_writers += 1
                try:
                    while self._writer is not None or self._readers:
                        self._cond.wait()
                finally:
                    self._waiting_writers -= 1
                self._writer = me
            self._depth += 1
        try:
            yield
        finally:
            try:
                # The derived indexes (lexical, vector matrix) are rebuilt while the writer
                # still holds the index, so readers never rebuild them side by side.
                if self._depth == 1 and self._on_write_done is not None:
                    self._on_write_done()
            finally:
                with self._cond:
                    self._depth -= 1
                    if not self._depth:
                        self._writer = None
                        self._cond.notify_all()


class ReadSlots:
    """Admission of reads: a bounded number run, per client fairly, within a time budget."""

    def __init__(self, slots: int, client_inflight: int, budget: float, queue_bound: int) -> None:
        self.slots = max(1, slots)
        self.per_client_running = max(1, self.slots // 4)
        self.client_inflight = max(1, client_inflight)
        self.budget = budget
        self.queue_bound = queue_bound
        self._cond = threading.Condition()
        self._running = 0
        self._waiting = 0
        self._inflight: dict[str, int] = {}
        self._running_of: dict[str, int] = {}

    @property
    def waiting(self) -> int:
        return self._waiting

    @property
    def running(self) -> int:
        return self._running

    def busy(self) -> bool:
        return self._waiting >= self.queue_bound

    @contextmanager
    def slot(self, client: str) -> Iterator[None]:
        with self._cond:
            if self._inflight.get(client, 0) >= self.client_inflight:
                raise ApiError(
                    429,
                    "too_many_in_flight",
                    f"För många samtidiga anrop från samma klient (högst {self.client_inflight}). "
                    "Vänta på svaren innan du frågar igen.",
                    {"Retry-After": "1"},
                )
            self._inflight[client] = self._inflight.get(client, 0) + 1
            deadline = time.monotonic() + self.budget
            self._waiting += 1
            try:
                while (
                    self._running >= self.slots
                    or self._running_of.get(client, 0) >= self.per_client_running
                ):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        self._leave(client)
                        raise ApiError(
                            503,
                            "busy",
                            "Tjänsten är hårt belastad just nu. Försök igen om en stund.",
                            {"Retry-After": "5"},
                        )
                    self._cond.wait(left)
            finally:
                self._waiting -= 1
            self._running += 1
            self._running_of[client] = self._running_of.get(client, 0) + 1
        try:
            yield
        finally:
            with self._cond:
                self._running -= 1
                self._running_of[client] -= 1
                if not self._running_of[client]:
                    del self._running_of[client]
                self._leave(client)
                self._cond.notify_all()

    def _leave(self, client: str) -> None:
        self._inflight[client] -= 1
        if not self._inflight[client]:
            del self._inflight[client]


class Runtime:
    """The facade, the reader–writer lock around it, the read admission and the write jobs."""

    def __init__(self, facade: Protokollsok, settings: Settings) -> None:
        self.facade = facade
        self.settings = settings
        self.lock = ReadWriteLock(on_write_done=facade.index.settle)
        # The index takes the exclusive side itself, around each commit of a write.
        facade.index.write_guard = self.lock.writing
        # Reads sync here, before taking the read side (`read`), never inside it: a sync waits
        # for the write side, which a thread already reading would never get (a deadlock).
        facade.index.refresh_on_read = False
        self.slots = ReadSlots(
            settings.read_slots, settings.client_inflight, settings.request_budget,
            settings.queue_bound,
        )  # fmt: skip
        # One writer at a time: the upload jobs, and deletions between them.
        self.writer = threading.Lock()
        self.jobs = Jobs(settings.job_queue)
        self.started = time.monotonic()
        # Set once a read has been answered (or the service stops): what the background
        # loading waits for (app.py), so that it does not slow the first answers.
        self.answered = threading.Event()

    def uptime(self) -> float:
        return time.monotonic() - self.started

    def read(self, client: str, fn: Callable[[Protokollsok], T]) -> T:
        """`fn(facade)` as a read: admitted by the slots, beside other reads and the slow part
        of writes, never during a commit."""
        with self.slots.slot(client):
            index = self.facade.index
            if index.backend.sync_due():
                # Taking in another process's writes changes the catalog: that is a write.
                with self.lock.writing():
                    if index.backend.sync_due():  # unless a reader before us just did
                        index.sync()
            with self.lock.reading():
                out = fn(self.facade)
        self.answered.set()
        return out

    def settle(self) -> None:
        """Take in other processes' writes and bring the derived indexes up to date now, as a
        write (the lock's `on_write_done` builds them), unless a read already did. The
        background loading waits for this: loading the query encoder and the HNSW index beside
        the first build of the vector matrix from a Chroma server took the service to 1.6 GB
        instead of 1.0 GB at 100k chunks (docs/benchmarks.md)."""
        index = self.facade.index
        with self.lock.writing():
            if index.backend.sync_due():
                index.sync()

    def write(self, fn: Callable[[Protokollsok], T], wait: float | None = -1) -> T:
        """`fn(facade)` as the one writer. A request waits at most its budget (503 when a long
        upload holds the writer's turn); a job (`wait=None`) waits for its turn."""
        budget = self.settings.request_budget if wait == -1 else wait
        if not self.writer.acquire(timeout=-1 if budget is None else budget):
            raise ApiError(
                503,
                "busy",
                "En uppladdning läses in just nu. Försök igen om en stund.",
                {"Retry-After": "5"},
            )
        try:
            return fn(self.facade)
        finally:
            self.writer.release()

    def state(self) -> str:
        """ "ok", or "busy" while reads queue beyond the bound."""
        return "busy" if self.slots.busy() else "ok"

    def close(self) -> None:
        self.jobs.close()
        with self.lock.writing():
            self.facade.close()


async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def client_of(request: Request) -> str:
    """The client's address as the server sees it (a trusted proxy's X-Forwarded-For is
    applied by uvicorn before this, and only for PROTOKOLL_TRUSTED_PROXIES)."""
    return request.client.host if request.client else "okänd"


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
