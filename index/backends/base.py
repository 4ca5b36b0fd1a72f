"""The backend interface: where an index's vectors live, and what the index does around its
writes there.

A local backend keeps the vectors in the data folder, which one process owns (its lock file), so
there is nothing to publish, sync or lease. A server backend keeps the whole index in a Chroma
server: the vectors and, per protocol, a record of its catalog rows, so that the local catalog is
a cache synced from the server, and a write lease stands in for the lock file across machines.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager

from protokoll.index.backends.chroma import VectorStore
from protokoll.index.catalog import Catalog


class Backend(ABC):
    vectors: VectorStore

    @abstractmethod
    def stored_model(self, catalog: Catalog) -> tuple[str | None, bool]:
        """The model the index's vectors were made with (None if none is recorded), and whether
        the index holds no protocol, so that any model may start it afresh."""

    @abstractmethod
    def record_model(self, name: str, dim: int) -> None:
        """Record the model where other processes look for it (the catalog's meta is written
        by the index itself)."""

    @abstractmethod
    def writing(self) -> AbstractContextManager[None]:
        """Exclusive write access for the duration, beyond the data folder's lock."""

    @abstractmethod
    def renew(self) -> None:
        """Called once per protocol written: keep the write access from expiring."""

    @abstractmethod
    def publish(self, catalog: Catalog, protocol_id: str) -> None:
        """Make the protocol's active version visible to other processes."""

    @abstractmethod
    def unpublish(self, protocol_id: str) -> None:
        """Withdraw a deleted protocol from other processes."""

    @abstractmethod
    def sync(self, catalog: Catalog) -> int:
        """Make the local catalog equal what other processes published; returns how many
        protocols changed."""

    @abstractmethod
    def sync_due(self) -> bool:
        """Whether a read should sync first."""
