"""Shim, removed at merge: re-exports the vector store and the server's record store from
`backends/chroma.py` and `backends/records.py`."""

from protokoll.index.backends.chroma import COLLECTION, VectorStore
from protokoll.index.backends.records import RecordStore

__all__ = ["COLLECTION", "RecordStore", "VectorStore"]
