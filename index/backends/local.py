"""A local index: Chroma's PersistentClient in `DATA/chroma`, owned by one process (the data
folder's lock), so nothing is published, synced or leased."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from protokoll.index.backends.base import Backend
from protokoll.index.backends.chroma import COLLECTION, VectorStore
from protokoll.index.catalog import Catalog


class LocalBackend(Backend):
    def __init__(self, data_dir: Path) -> None:
        self.vectors = VectorStore(path=data_dir / "chroma", collection=COLLECTION)

    def stored_model(self, catalog: Catalog) -> tuple[str | None, bool]:
        return catalog.get_meta("model"), catalog.active_chunk_count() == 0

    def record_model(self, name: str, dim: int) -> None:
        pass  # the catalog's meta is the only record

    @contextmanager
    def writing(self) -> Iterator[None]:
        # The data folder's lock, held for the process's lifetime, already excludes others.
        yield

    def renew(self) -> None:
        pass

    def publish(self, catalog: Catalog, protocol_id: str) -> None:
        pass

    def unpublish(self, protocol_id: str) -> None:
        pass

    def sync(self, catalog: Catalog) -> int:
        return 0  # one owner: there are no other processes' writes

    def sync_due(self) -> bool:
        return False
