"""Chunks in the catalog: the active ones in a stable order (the lexical index's positions), by
id for search results, per protocol, and their analysed terms."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from protokoll.index.catalog.base import CatalogBase
from protokoll.index.catalog.rows import ChunkRow, chunk_from_row
from protokoll.ingest.records import Chunk

# A chunk's columns but not `*`: the analysed terms are as long as the text and not needed here.
_CHUNK_COLUMNS = 'id, protocol_id, text, start, "end", section_number, section_title, page, context'


class ChunksCatalog(CatalogBase):
    def active_chunks(self) -> Iterator[ChunkRow]:
        """Every active chunk in a stable order (protocol, position)."""
        for r in self.db.execute(
            "SELECT * FROM chunks WHERE status='active' ORDER BY protocol_id, idx"
        ):
            yield ChunkRow(chunk_from_row(r), r["terms"])

    def active_texts(self) -> Iterator[str]:
        """The text of every active chunk, through a read-only connection of its own: a long
        scan from a background thread reads a snapshot (WAL) and never holds up a writer."""
        db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            for (text,) in db.execute("SELECT text FROM chunks WHERE status='active'"):
                yield text
        finally:
            db.close()

    def active_terms(self) -> Iterator[tuple[str, str, str]]:
        """(chunk id, protocol id, analysed terms) of every active chunk in `active_chunks`
        order, without the texts: what the lexical index is built from."""
        for r in self.db.execute(
            "SELECT id, protocol_id, terms FROM chunks WHERE status='active' "
            "ORDER BY protocol_id, idx"
        ):
            yield r["id"], r["protocol_id"], r["terms"]

    def active_chunk_count(self) -> int:
        # Not `counts()`: its joins over sections and people take 0.1 s at 100k chunks, and
        # every derived-cache check asks.
        return int(
            self.db.execute("SELECT count(*) FROM chunks WHERE status='active'").fetchone()[0]
        )

    def active_chunk_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT id FROM chunks WHERE status='active'")}

    def _active_with_ids(self, ids: list[str], columns: str) -> Iterator[Any]:
        """`columns` of the active chunks among `ids`, in parts that stay under SQLite's
        limit on bound parameters."""
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            marks = ",".join("?" * len(part))
            yield from self.db.execute(
                f"SELECT {columns} FROM chunks WHERE status='active' AND id IN ({marks})", part
            )

    def chunks_by_id(self, ids: list[str]) -> dict[str, Chunk]:
        return {r["id"]: chunk_from_row(r) for r in self._active_with_ids(ids, _CHUNK_COLUMNS)}

    def terms_of(self, ids: list[str]) -> dict[str, str]:
        """The analysed terms of active chunks, by id."""
        return {str(r[0]): str(r[1]) for r in self._active_with_ids(ids, "id, terms")}

    def chunks_of(self, protocol_id: str) -> list[Chunk]:
        return [
            chunk_from_row(r)
            for r in self.db.execute(
                "SELECT * FROM chunks WHERE protocol_id=? AND status='active' ORDER BY idx",
                (protocol_id,),
            )
        ]

    def update_terms(self, terms: dict[str, str]) -> None:
        """Replace stored lexical terms (after the analyzer changed); bumps the generation."""
        with self.transaction() as db:
            rows = [(t, i) for i, t in terms.items()]
            db.executemany("UPDATE chunks SET terms=? WHERE id=?", rows)
            self._bump(db)
