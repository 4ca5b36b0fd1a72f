"""Where an index's vectors live: one backend per file (`local.py`, `server.py`) behind the
interface in `base.py`, chosen by `open_backend` (`factory.py`)."""

from protokoll.index.backends.base import Backend
from protokoll.index.backends.chroma import COLLECTION, ServerAccess, VectorStore
from protokoll.index.backends.factory import open_backend
from protokoll.index.backends.local import LocalBackend
from protokoll.index.backends.records import RecordStore
from protokoll.index.backends.server import SYNC_INTERVAL, WRITER_LEASE_S, ServerBackend

__all__ = [
    "COLLECTION", "SYNC_INTERVAL", "WRITER_LEASE_S", "Backend", "LocalBackend", "RecordStore",
    "ServerAccess", "ServerBackend", "VectorStore", "open_backend",
]  # fmt: skip
