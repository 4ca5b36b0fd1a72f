"""Background jobs: uploads are read and indexed off the request path, one at a time.

`POST /api/protocols` answers 202 with the job's id and status URL at once; `GET /api/jobs/{id}`
tells "queued", "running", "done" (with the result) or "failed" (with the error in the one error
shape). Jobs live in memory: a restart forgets them, and a stored upload is simply ingested again
by the next upload of the same name.
"""

from __future__ import annotations

import logging
import queue
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from protokoll.ingest.errors import ProtokollError
from protokoll.service.errors import ApiError

log = logging.getLogger(__name__)

KEEP_FINISHED = 1000  # finished jobs remembered for their status URL, oldest forgotten first


@dataclass
class Job:
    id: str
    kind: str
    run: Callable[[], dict[str, Any]]
    state: str = "queued"
    created: float = field(default_factory=time.time)
    result: dict[str, Any] | None = None
    error: dict[str, str] | None = None
    http_status: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.state,
            "url": f"/api/jobs/{self.id}",
            "result": self.result,
            "error": self.error,
        }


class Jobs:
    """A bounded queue of jobs and the one worker thread that runs them in order."""

    def __init__(self, max_queued: int) -> None:
        self.max_queued = max(1, max_queued)
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None

    def submit(self, kind: str, run: Callable[[], dict[str, Any]]) -> Job:
        with self._lock:
            queued = sum(1 for j in self._jobs.values() if j.state in ("queued", "running"))
            if queued >= self.max_queued:
                raise ApiError(
                    503,
                    "busy",
                    f"För många uppladdningar väntar (högst {self.max_queued}). Försök igen snart.",
                    {"Retry-After": "10"},
                )
            job = Job(secrets.token_hex(12), kind, run)
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_FINISHED + self.max_queued:
                oldest = next(iter(self._jobs.values()))
                if oldest.state in ("queued", "running"):
                    break
                self._jobs.popitem(last=False)
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="jobs", daemon=True)
                self._worker.start()
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def pending(self) -> int:
        with self._lock:
            return sum(1 for j in self._jobs.values() if j.state in ("queued", "running"))

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            job.state = "running"
            try:
                job.result = job.run()
                job.state = "done"
            except ProtokollError as exc:
                job.error = {"code": exc.code, "message": str(exc)}
                job.http_status = exc.http_status
                job.state = "failed"
            except ApiError as exc:
                job.error = {"code": exc.code, "message": exc.message}
                job.http_status = exc.status
                job.state = "failed"
            except Exception:
                log.exception("jobbet %s (%s) misslyckades", job.id, job.kind)
                job.error = {"code": "internal_error", "message": "Ett internt fel uppstod."}
                job.http_status = 500
                job.state = "failed"

    def close(self, timeout: float = 30.0) -> None:
        """Let the running job finish (its commit must not be cut off), then stop."""
        if self._worker is not None:
            self._queue.put(None)
            self._worker.join(timeout)
