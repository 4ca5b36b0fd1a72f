"""Protocol versions in the catalog (`index/catalog/versions.py`): a pending version is invisible,
activation swaps versions in one step, and a version exported from one catalog imports into
another as the same protocol."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from protokoll.index.catalog import Catalog, stored_generation
from protokoll.index.catalog.schema import SCHEMA
from protokoll.ingest.records import EXAMPLE_CHUNK, EXAMPLE_FACT, EXAMPLE_PROTOCOL

P, C = EXAMPLE_PROTOCOL, EXAMPLE_CHUNK


def _begin(catalog: Catalog, version: str = P.version) -> None:
    p = replace(P, version=version)
    catalog.begin_version(p, [replace(C, id=f"{C.id}-{version}")], ["ersätt torstensson"],
                          facts=[EXAMPLE_FACT])  # fmt: skip


def test_a_pending_version_is_invisible_until_activated(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "c.sqlite")
    _begin(catalog)
    assert catalog.protocol(P.id) is None and list(catalog.active_chunks()) == []
    assert catalog.counts()["pending"] == 1 and catalog.facts() == []
    generation = catalog.generation()
    assert catalog.activate_version(P.id, P.version) == []
    assert catalog.generation() == generation + 1
    stored = catalog.protocol(P.id)
    assert stored is not None and stored.sections == P.sections and stored.date == P.date
    assert [row.terms for row in catalog.active_chunks()] == ["ersätt torstensson"]
    assert catalog.facts() == [(P.id, EXAMPLE_FACT)]
    assert stored_generation(tmp_path / "c.sqlite") == str(catalog.generation())


def test_activation_replaces_the_old_version_and_returns_its_chunks(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "c.sqlite")
    _begin(catalog, "v1")
    catalog.activate_version(P.id, "v1")
    _begin(catalog, "v2")
    assert catalog.active_version(P.id) == "v1"  # still, while v2 is written
    assert catalog.activate_version(P.id, "v2") == [f"{C.id}-v1"]
    assert catalog.active_versions() == {P.id: "v2"}
    assert catalog.row_counts()["chunks"] == catalog.row_counts()["protocols"] == 1


def test_discard_pending_and_delete_leave_no_rows(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "c.sqlite")
    _begin(catalog, "v1")
    catalog.activate_version(P.id, "v1")
    _begin(catalog, "v2")
    assert catalog.discard_pending() == [f"{C.id}-v2"]
    assert catalog.active_version(P.id) == "v1" and catalog.counts()["pending"] == 0
    assert catalog.delete_protocol(P.id) == [f"{C.id}-v1"]
    assert set(catalog.row_counts().values()) == {0}


def test_an_exported_version_imports_as_the_same_protocol(tmp_path: Path) -> None:
    source = Catalog(tmp_path / "a.sqlite")
    _begin(source)
    source.activate_version(P.id, P.version)
    record = source.export_version(P.id)
    assert record is not None and source.export_version("saknas") is None
    target = Catalog(tmp_path / "b.sqlite")
    target.import_version(record)
    target.import_version(record)  # again: still one version
    assert target.protocol(P.id) == source.protocol(P.id)
    assert target.chunks_of(P.id) == source.chunks_of(P.id)
    assert target.facts() == source.facts()
    assert target.row_counts() == source.row_counts()


def test_a_chunks_context_is_stored_and_an_old_catalog_gains_the_column(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    # A catalog written before chunks had a context: the chunks table without the column.
    old = sqlite3.connect(path)
    old.executescript(SCHEMA.replace(",\n    context TEXT NOT NULL DEFAULT ''", ""))
    old.execute(
        'INSERT INTO chunks(id, protocol_id, version, status, idx, start, "end", section_number, '
        "section_title, page, text, terms) VALUES ('c-old', 'p', 'v', 'active', 0, 0, 4, NULL, "
        "'Inledning', NULL, 'text', 'text')"
    )
    old.commit()
    assert "context" not in {r[1] for r in old.execute("PRAGMA table_info(chunks)")}
    old.close()
    catalog = Catalog(path)
    assert [row.chunk.context for row in catalog.active_chunks()] == [""]
    p = replace(P, version="v2")
    catalog.begin_version(p, [replace(C, context="Utskottets överväganden › Arbetsmiljö")], ["x"])
    catalog.activate_version(P.id, "v2")
    assert catalog.chunks_by_id([C.id])[C.id].context == "Utskottets överväganden › Arbetsmiljö"
    assert catalog.chunks_of(P.id)[0].context == "Utskottets överväganden › Arbetsmiljö"
