"""Shim, removed at merge: re-exports `Index` and its records from `index.py` and `records.py`."""

from protokoll.index.backends.server import SYNC_INTERVAL, WRITER_LEASE_S
from protokoll.index.index import Index, IndexMismatch
from protokoll.index.records import Hit, IndexSettings, Mode, Status
from protokoll.index.search.dense import DENSE_BREADTH
from protokoll.index.search.spelling import MIN_SUGGESTION_SIMILARITY

__all__ = [
    "DENSE_BREADTH", "MIN_SUGGESTION_SIMILARITY", "SYNC_INTERVAL", "WRITER_LEASE_S", "Hit",
    "Index", "IndexMismatch", "IndexSettings", "Mode", "Status",
]  # fmt: skip
