"""One process owns a local data folder.

Two processes with their own Chroma PersistentClient on one folder corrupt it (see
`../shared/notes/chromadb.md`), so every process that opens a local index holds an exclusive
`flock` on `DATA/.lock`. The kernel releases it when the process dies, even by SIGKILL, so a
crashed ingest never leaves a stale lock.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from protokoll.ingest.errors import Unavailable


class DataFolderBusy(Unavailable):
    code = "data_folder_busy"


class IndexBusy(Unavailable):
    """Another process holds the write lease of an index in a Chroma server."""

    code = "index_busy"


class DataLock:
    def __init__(self, data_dir: Path, timeout: float = 10.0) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / ".lock"
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    owner = os.pread(self._fd, 64, 0).decode(errors="replace").strip() or "?"
                    os.close(self._fd)
                    raise DataFolderBusy(
                        f"Datamappen {data_dir} används av en annan process (pid {owner}). "
                        "Vänta tills den är klar; är det en körande tjänst, sök via den."
                    ) from None
                time.sleep(0.2)
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, str(os.getpid()).encode(), 0)

    def release(self) -> None:
        if self._fd >= 0:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = -1
