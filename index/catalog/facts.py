"""Facts in the catalog: stored with their protocol version, swapped when the extractor changes."""

from __future__ import annotations

import sqlite3

from protokoll.index.catalog.base import CatalogBase
from protokoll.ingest.records import Fact


def insert_facts(db: sqlite3.Connection, protocol_id: str, version: str, facts: list[Fact]) -> None:
    db.executemany(
        "INSERT INTO facts(protocol_id, version, kind, subject, value, detail, "
        'section_number, start, "end") VALUES (?,?,?,?,?,?,?,?,?)',
        [(protocol_id, version, f.kind, f.subject, f.value, f.detail, f.section_number,
          f.start, f.end) for f in facts],
    )  # fmt: skip


class FactsCatalog(CatalogBase):
    def replace_facts(self, facts: dict[tuple[str, str], list[Fact]], extractor: str) -> None:
        """Swap the facts of the given (protocol id, version)s and record the extractor."""
        with self.transaction() as db:
            for (pid, version), rows in facts.items():
                db.execute("DELETE FROM facts WHERE protocol_id=? AND version=?", (pid, version))
                insert_facts(db, pid, version, rows)
            self.set_meta("facts_extractor", extractor, db)

    def facts(self, kinds: list[str] | None = None) -> list[tuple[str, Fact]]:
        """(protocol id, fact) for every fact of the active versions, optionally of some kinds."""
        sql = (
            "SELECT f.* FROM facts f JOIN protocols p ON p.id=f.protocol_id "
            "AND p.version=f.version AND p.status='active'"
        )
        args: list[str] = []
        if kinds:
            sql += f" WHERE f.kind IN ({','.join('?' * len(kinds))})"
            args = list(kinds)
        return [
            (str(r["protocol_id"]), Fact(r["kind"], r["subject"], r["value"], r["start"], r["end"],
                                         r["section_number"], r["detail"]))
            for r in self.db.execute(sql + " ORDER BY f.protocol_id, f.start", args)
        ]  # fmt: skip
