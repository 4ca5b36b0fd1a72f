"""Facts in the catalog: stored with their protocol version, swapped when the extractor changes."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Collection

from protokoll.index.catalog.base import CatalogBase
from protokoll.ingest.records import Fact

# At most this many protocols' facts are read for them alone (one bound parameter each; SQLite
# allows 32,766); for more, all facts of the kinds are read once and filtered.
_FEW = 500


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

    def facts(
        self, kinds: list[str] | None = None, protocol_ids: Collection[str] | None = None
    ) -> list[tuple[str, Fact]]:
        """(protocol id, fact) for every fact of the active versions, optionally of some kinds
        and of some protocols. The facts of a few protocols are read for them alone; all of a
        kind are kept until the active set or the extractor changes: at 100k chunks reading the
        14,000 number facts took 70 ms, and the number route asks for them with every question."""
        if protocol_ids is not None and len(protocol_ids) <= _FEW:
            return self._read_facts(kinds, list(protocol_ids))
        everything = self._per_generation(
            f"facts:{','.join(sorted(kinds or []))}:{self.get_meta('facts_extractor')}",
            lambda: self._read_facts(kinds, None),
        )
        if protocol_ids is None:
            return list(everything)
        allowed = set(protocol_ids)
        return [(pid, f) for pid, f in everything if pid in allowed]

    def _read_facts(
        self, kinds: list[str] | None, protocol_ids: list[str] | None
    ) -> list[tuple[str, Fact]]:
        sql = (
            "SELECT f.* FROM facts f JOIN protocols p ON p.id=f.protocol_id "
            "AND p.version=f.version AND p.status='active' WHERE 1"
        )
        args: list[str] = []
        if kinds:
            sql += f" AND f.kind IN ({','.join('?' * len(kinds))})"
            args += kinds
        if protocol_ids is not None:
            sql += f" AND f.protocol_id IN ({','.join('?' * len(protocol_ids))})"
            args += protocol_ids
        # The names recur (a protocol's id with each of its facts, "kronor" with thousands):
        # kept interned, the 14,000 number facts of 100k chunks take a third of the memory.
        s = _interned
        return [
            (sys.intern(r["protocol_id"]), Fact(sys.intern(r["kind"]), sys.intern(r["subject"]),
                                                r["value"], r["start"], r["end"],
                                                s(r["section_number"]), s(r["detail"])))
            for r in self.db.execute(sql + " ORDER BY f.protocol_id, f.start", args)
        ]  # fmt: skip


def _interned(value: str | None) -> str | None:
    return sys.intern(value) if value is not None else None
