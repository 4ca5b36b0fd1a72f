"""An index in a Chroma server: the vectors and each protocol's catalog rows (`RecordStore`) live
in the server, the local catalog is a cache of those records (`sync`), and a write lease in the
server keeps writers on different machines apart. Any process with an empty data folder can
serve the index; its lexical and derived indexes are rebuilt from the synced catalog."""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from protokoll.index.backends.base import Backend
from protokoll.index.backends.chroma import ServerAccess, VectorStore, server_error
from protokoll.index.backends.records import RecordStore
from protokoll.index.catalog import Catalog
from protokoll.index.lock import DataFolderBusy, DataLock
from protokoll.ingest.errors import Unavailable

log = logging.getLogger(__name__)

# A reader looks for other processes' writes at most this often (seconds).
SYNC_INTERVAL = 1.0
# A writer's lease on a server index, renewed with every protocol it stores; a writer that dies
# blocks others at most this long.
WRITER_LEASE_S = 300.0


class ServerBackend(Backend):
    def __init__(self, data_dir: Path, access: ServerAccess, collection: str) -> None:
        self.data_dir = data_dir
        try:
            self.vectors = VectorStore(server=access, collection=collection)
            self.records = RecordStore(self.vectors.client, f"{collection}-catalog")
        except Unavailable:
            raise
        except Exception as exc:  # a proxy may let the handshake through and refuse the rest
            raise server_error(access, exc) from exc
        self._synced_at = 0.0
        self._holder: str | None = None  # our lease holder id while we write

    def stored_model(self, catalog: Catalog) -> tuple[str | None, bool]:
        return self.records.index_meta().get("model"), not self.records.versions()

    def record_model(self, name: str, dim: int) -> None:
        self.records.set_index_meta({"model": name, "dim": str(dim)})

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the index's write lease for the duration (see `RecordStore.acquire_writer`)."""
        holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.records.acquire_writer(holder, WRITER_LEASE_S)
        self._holder = holder
        try:
            yield
        finally:
            self._holder = None
            self.records.release_writer(holder)

    def renew(self) -> None:
        if self._holder is not None:
            self.records.acquire_writer(self._holder, WRITER_LEASE_S)

    def publish(self, catalog: Catalog, protocol_id: str) -> None:
        # Called after the vectors are in and before the old version's go: a reader that syncs
        # at any moment finds vectors for every chunk it knows.
        record = catalog.export_version(protocol_id)
        assert record is not None
        self.records.put(protocol_id, str(record["version"]), record)

    def unpublish(self, protocol_id: str) -> None:
        self.records.delete(protocol_id)

    def sync(self, catalog: Catalog) -> int:
        """Make the local catalog equal the server's records (other processes' writes, or a
        write of ours the server never got); returns how many protocols changed.

        A folder that a writer is updating (it holds the folder's lock) is left to that writer:
        between activating a protocol here and publishing it, the protocol is in this catalog
        but not yet in the server, and a reader's sync would delete it.
        """
        if self._holder is not None:  # our own write holds the folder
            return self._sync(catalog)
        try:
            lock = DataLock(self.data_dir, timeout=0)
        except DataFolderBusy:
            self._synced_at = time.monotonic()
            return 0
        try:
            return self._sync(catalog)
        finally:
            lock.release()

    def _sync(self, catalog: Catalog) -> int:
        remote = self.records.versions()
        local = catalog.active_versions()
        gone = [pid for pid in local if pid not in remote]
        wanted = [pid for pid, version in remote.items() if local.get(pid) != version]
        for pid in gone:
            catalog.delete_protocol(pid)
        for record in self.records.get(wanted):
            catalog.import_version(record)
        if gone or wanted:
            log.info("hämtade %d protokoll från servern, tog bort %d", len(wanted), len(gone))
        self._synced_at = time.monotonic()
        return len(gone) + len(wanted)

    def sync_due(self) -> bool:
        return time.monotonic() - self._synced_at >= SYNC_INTERVAL
