"""Reading the files of an ingest into protocols: in the ingesting process, or with `jobs` > 1
ahead of it in worker processes, so that reading and parsing PDFs (CPU work) runs beside the
embedding of the protocols already read.

Results come back in the files' order whatever finishes first, so ids and statuses are the same
as a sequential ingest's, and at most `2 × jobs` protocols wait read but not yet written: memory
stays bounded however large the archive.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from protokoll.ingest.errors import ProtokollError, ReadError
from protokoll.ingest.parse import parse_protocol
from protokoll.ingest.readers import OcrOptions, read_document
from protokoll.ingest.readers.base import NO_LIMITS, ReadLimits
from protokoll.ingest.records import Protocol

log = logging.getLogger(__name__)


def read_protocol(
    path: Path,
    key: str | None = None,
    ocr: OcrOptions | None = None,
    limits: ReadLimits = NO_LIMITS,
) -> Protocol:
    """The protocol in a file; `key` (its path relative to the ingested folder, the file name by
    default) gives its id; `ocr` how PDF pages are OCR'd. Read within `limits` (size,
    characters, pages)."""
    doc = read_document(path, limits, ocr)
    try:
        return parse_protocol(doc, str(path.resolve()), key)
    except Exception as exc:  # a parser bug must not stop a folder ingest
        log.exception("tolkningsfel i %s", path)
        raise ReadError(str(path), f"kunde inte tolkas som protokoll ({exc})") from exc


@dataclass
class ReadResult:
    path: Path
    key: str
    protocol: Protocol | None
    error: str | None  # the message naming the file, when it could not be read
    seconds: float  # spent reading and parsing it (in whichever process did)


def _read(path: Path, key: str, ocr: OcrOptions | None, limits: ReadLimits) -> ReadResult:
    t0 = time.perf_counter()
    try:
        protocol: Protocol | None = read_protocol(path, key, ocr, limits)
        error = None
    except ProtokollError as exc:
        # The message, not the exception, crosses back from a worker: not every error class
        # pickles with its arguments.
        protocol, error = None, str(exc) if str(path) in str(exc) else f"{path}: {exc}"
    return ReadResult(path, key, protocol, error, time.perf_counter() - t0)


def _watch_parent(parent: int) -> None:
    """A worker ends itself when the ingest that started it is gone: killed (-9), the pool
    cannot tell it, and it would wait for work for ever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="protokoll-parent-watch", daemon=True).start()


def auto_jobs() -> int:
    """Half the cores, at most 4: the other half embeds."""
    return max(1, min(4, (os.cpu_count() or 1) // 2))


def read_all(
    files: list[tuple[Path, str]],
    jobs: int,
    ocr: OcrOptions,
    limits: ReadLimits,
) -> Iterator[ReadResult]:
    """Each file read, in the given order. With one job (or one file) in this process, where
    OCR reports its pages; otherwise in `jobs` worker processes, each reading ahead."""
    if jobs <= 1 or len(files) <= 1:
        for path, key in files:
            yield _read(path, key, ocr, limits)
        return
    # Workers are spawned, not forked: this process has Chroma's threads running and may have
    # the model loaded. Their OCR tells no progress (a callback does not cross processes).
    quiet = replace(ocr, progress=None)
    ahead = 2 * jobs
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        jobs, mp_context=spawn, initializer=_watch_parent, initargs=(os.getpid(),)
    ) as pool:
        pending: deque[Future[ReadResult]] = deque()
        todo = iter(files)
        try:
            for path, key in todo:
                pending.append(pool.submit(_read, path, key, quiet, limits))
                if len(pending) >= ahead:
                    break
            while pending:
                result = pending.popleft().result()
                nxt = next(todo, None)
                if nxt is not None:
                    pending.append(pool.submit(_read, nxt[0], nxt[1], quiet, limits))
                yield result
        finally:
            for f in pending:
                f.cancel()
