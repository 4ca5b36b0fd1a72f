"""Protocol versions: the two-phase write, deletion, clean-up after a crash, and the export and
import of a whole version (its replication through a Chroma server).

A protocol version is written in two transactions around the vector upsert:
1. `begin_version`: the new version's rows go in as `pending` (the old version stays `active`);
2. `activate_version`: in one transaction the old version's rows go and the new one becomes
   `active`.
Searches only ever see `active` chunks, so a crash at any point leaves either the old or the new
version visible, never both and never half of one. Leftover `pending` rows and vectors without an
active chunk are removed by `Index.reconcile` on the next write.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from typing import Any

from protokoll.index.catalog.base import CatalogBase
from protokoll.index.catalog.decisions import insert_decisions
from protokoll.index.catalog.facts import insert_facts
from protokoll.index.catalog.rows import DecisionRow
from protokoll.index.catalog.schema import VERSION_TABLES
from protokoll.ingest.records import Chunk, Fact, Protocol, chunk_id_for, decision_id_for


class VersionsCatalog(CatalogBase):
    def active_version(self, protocol_id: str) -> str | None:
        row = self.db.execute(
            "SELECT version FROM protocols WHERE id=? AND status='active'", (protocol_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    def active_versions(self) -> dict[str, str]:
        rows = self.db.execute("SELECT id, version FROM protocols WHERE status='active'")
        return {str(r[0]): str(r[1]) for r in rows}

    def begin_version(
        self,
        p: Protocol,
        chunks: list[Chunk],
        terms: list[str],
        decisions: list[DecisionRow] | None = None,
        decision_run: str | None = None,
        facts: list[Fact] | None = None,
    ) -> None:
        with self.transaction() as db:
            self._delete_version(db, p.id, p.version)  # a leftover pending attempt
            insert_facts(db, p.id, p.version, facts or [])
            db.execute(
                "INSERT INTO protocols(id, version, status, source, title, date, body, kind, "
                "place, format, text, page_starts, ocr_pages) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (p.id, p.version, "pending", p.source, p.title,
                 p.date.isoformat() if p.date else None, p.body, p.kind, p.place, p.format,
                 p.text, json.dumps(list(p.page_starts)), json.dumps(list(p.ocr_pages))),
            )  # fmt: skip
            db.executemany(
                'INSERT INTO sections(protocol_id, version, idx, number, title, start, "end", '
                "kind, page) VALUES (?,?,?,?,?,?,?,?,?)",
                [(p.id, p.version, i, s.number, s.title, s.start, s.end, s.kind, s.page)
                 for i, s in enumerate(p.sections)],
            )  # fmt: skip
            db.executemany(
                'INSERT INTO people(protocol_id, version, name, organisation, role, start, "end") '
                "VALUES (?,?,?,?,?,?,?)",
                [(p.id, p.version, x.name, x.organisation, x.role, x.start, x.end)
                 for x in p.attendance],
            )  # fmt: skip
            db.executemany(
                "INSERT OR REPLACE INTO chunks(id, protocol_id, version, status, idx, start, "
                '"end", section_number, section_title, page, text, terms, context) '
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(c.id, p.id, p.version, "pending", i, c.start, c.end, c.section_number,
                  c.section_title, c.page, c.text, t, c.context)
                 for i, (c, t) in enumerate(zip(chunks, terms, strict=True))],
            )  # fmt: skip
            if decision_run is not None:
                insert_decisions(db, p, decisions or [], decision_run)

    def activate_version(self, protocol_id: str, version: str) -> list[str]:
        """Make `version` the active one; returns the chunk ids that are no longer active."""
        with self.transaction() as db:
            old = [
                str(r[0])
                for r in db.execute(
                    "SELECT id FROM chunks WHERE protocol_id=? AND version<>?",
                    (protocol_id, version),
                )
            ]
            for (v,) in db.execute(
                "SELECT version FROM protocols WHERE id=? AND version<>?", (protocol_id, version)
            ).fetchall():
                self._delete_version(db, protocol_id, str(v))
            db.execute(
                "UPDATE protocols SET status='active' WHERE id=? AND version=?",
                (protocol_id, version),
            )
            db.execute(
                "UPDATE chunks SET status='active' WHERE protocol_id=? AND version=?",
                (protocol_id, version),
            )
            self._bump(db)
        return old

    def delete_protocol(self, protocol_id: str) -> list[str]:
        """Remove every version; returns the chunk ids that went."""
        with self.transaction() as db:
            ids = [
                str(r[0])
                for r in db.execute("SELECT id FROM chunks WHERE protocol_id=?", (protocol_id,))
            ]
            for (v,) in db.execute(
                "SELECT version FROM protocols WHERE id=?", (protocol_id,)
            ).fetchall():
                self._delete_version(db, protocol_id, str(v))
            self._bump(db)
        return ids

    def discard_pending(self) -> list[str]:
        """Drop versions a crashed ingest left half-written; returns their chunk ids."""
        with self.transaction() as db:
            ids = [str(r[0]) for r in db.execute("SELECT id FROM chunks WHERE status='pending'")]
            for pid, v in db.execute(
                "SELECT id, version FROM protocols WHERE status='pending'"
            ).fetchall():
                self._delete_version(db, str(pid), str(v))
            db.execute("DELETE FROM chunks WHERE status='pending'")
        return ids

    @staticmethod
    def _delete_version(db: sqlite3.Connection, protocol_id: str, version: str) -> None:
        for table, col in VERSION_TABLES:
            db.execute(f"DELETE FROM {table} WHERE {col}=? AND version=?", (protocol_id, version))

    # -- replication (Chroma server) ---------------------------------------------------------
    def export_version(self, protocol_id: str) -> dict[str, Any] | None:
        """Every row of the protocol's active version, as JSON-ready data (blobs in base64)."""
        version = self.active_version(protocol_id)
        if version is None:
            return None
        tables: dict[str, list[dict[str, Any]]] = {}
        for table, col in VERSION_TABLES:
            rows = self.db.execute(
                f"SELECT * FROM {table} WHERE {col}=? AND version=?", (protocol_id, version)
            ).fetchall()
            tables[table] = [
                {k: {"b64": base64.b64encode(v).decode("ascii")} if isinstance(v, bytes) else v
                 for k, v in dict(r).items()}
                for r in rows
            ]  # fmt: skip
        return {"id": protocol_id, "version": version, "tables": tables}

    def import_version(self, record: dict[str, Any]) -> None:
        """Make `record` (from `export_version`, maybe another process's) the protocol's only,
        active version, in one transaction."""
        pid = str(record["id"])
        with self.transaction() as db:
            for (v,) in db.execute("SELECT version FROM protocols WHERE id=?", (pid,)).fetchall():
                self._delete_version(db, pid, str(v))
            for table, _ in VERSION_TABLES:
                for row in record["tables"].get(table, []):
                    values = [
                        base64.b64decode(v["b64"]) if isinstance(v, dict) else v
                        for v in row.values()
                    ]
                    cols = ", ".join(f'"{c}"' for c in row)
                    marks = ", ".join("?" for _ in row)
                    db.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", values)
            self._bump(db)

    # -- renaming ---------------------------------------------------------------------------
    @staticmethod
    def renamed_record(
        record: dict[str, Any], new_id: str
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """An exported version under another protocol id, with the chunk and decision ids that
        derive from it; and old chunk id → new chunk id, for moving the vectors along."""
        version = str(record["version"])
        tables: dict[str, list[dict[str, Any]]] = {}
        chunk_ids: dict[str, str] = {}
        for table, col in VERSION_TABLES:
            rows = []
            for row in record["tables"].get(table, []):
                row = {**row, col: new_id}
                if table == "chunks":
                    new = chunk_id_for(new_id, version, row["start"], row["end"])
                    chunk_ids[str(row["id"])] = new
                    row["id"] = new
                elif table == "decisions":
                    row["id"] = decision_id_for(new_id, version, row["start"], row["end"])
                rows.append(row)
            tables[table] = rows
        return {"id": new_id, "version": version, "tables": tables}, chunk_ids

    def set_source(self, protocol_id: str, source: str) -> None:
        """Where the active version's file now is (the same file, moved with its archive)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE protocols SET source=? WHERE id=? AND status='active'",
                (source, protocol_id),
            )

    def source_of(self, protocol_id: str) -> str | None:
        row = self.db.execute(
            "SELECT source FROM protocols WHERE id=? AND status='active'", (protocol_id,)
        ).fetchone()
        return None if row is None else str(row[0])
