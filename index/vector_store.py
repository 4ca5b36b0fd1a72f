"""Shim, removed at merge: the vector store and the server's record store now live in
`backends/chroma.py` and `backends/records.py`."""

from protokoll.index.backends.chroma import COLLECTION, VectorStore
from protokoll.index.backends.records import RecordStore

__all__ = ["COLLECTION", "RecordStore", "VectorStore"]
