"""The catalog: SQLite, the source of truth for protocols, sections, people and chunks.

Chroma (vectors) and the lexical index are derived from it. A protocol version is written in two
transactions around the vector upsert:
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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from protokoll.ingest.records import Chunk, Decision, Fact, Person, Protocol, Section

SCHEMA = """
CREATE TABLE IF NOT EXISTS protocols (
    id TEXT NOT NULL, version TEXT NOT NULL, status TEXT NOT NULL,
    source TEXT NOT NULL, title TEXT NOT NULL, date TEXT, body TEXT, kind TEXT, place TEXT,
    format TEXT, text TEXT NOT NULL, page_starts TEXT NOT NULL DEFAULT '[]',
    ingested_at TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (id, version)
);
CREATE TABLE IF NOT EXISTS sections (
    protocol_id TEXT NOT NULL, version TEXT NOT NULL, idx INTEGER NOT NULL,
    number TEXT, title TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    kind TEXT NOT NULL, page INTEGER,
    PRIMARY KEY (protocol_id, version, idx)
);
CREATE TABLE IF NOT EXISTS people (
    protocol_id TEXT NOT NULL, version TEXT NOT NULL, name TEXT NOT NULL, organisation TEXT,
    role TEXT, start INTEGER NOT NULL, "end" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS facts (
    protocol_id TEXT NOT NULL, version TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,
    value TEXT, detail TEXT, section_number TEXT, start INTEGER NOT NULL, "end" INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS facts_protocol ON facts (protocol_id, version);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, protocol_id TEXT NOT NULL, version TEXT NOT NULL,
    status TEXT NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, section_number TEXT,
    section_title TEXT NOT NULL, page INTEGER, text TEXT NOT NULL, terms TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_protocol ON chunks (protocol_id, version);
CREATE INDEX IF NOT EXISTS people_protocol ON people (protocol_id, version);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS decisions (
    id TEXT PRIMARY KEY, protocol_id TEXT NOT NULL, version TEXT NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, section_number TEXT,
    section_title TEXT NOT NULL, heading TEXT, outcome TEXT, page INTEGER, date TEXT, body TEXT,
    text TEXT NOT NULL, proposal TEXT, embedding BLOB NOT NULL, themes TEXT
);
CREATE INDEX IF NOT EXISTS decisions_protocol ON decisions (protocol_id, version);
CREATE TABLE IF NOT EXISTS decision_runs (
    protocol_id TEXT NOT NULL, version TEXT NOT NULL, extractor TEXT NOT NULL,
    PRIMARY KEY (protocol_id, version)
);
"""


# Every table holding rows of one protocol version, with its protocol-id column.
_VERSION_TABLES = (
    ("protocols", "id"), ("sections", "protocol_id"), ("people", "protocol_id"),
    ("chunks", "protocol_id"), ("decisions", "protocol_id"), ("facts", "protocol_id"),
    ("decision_runs", "protocol_id"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """A decision as stored with its version: the record, its float32 embedding, theme labels
    as JSON ([[label, score], …]); see index/decisions.py."""

    decision: Decision
    embedding: bytes
    themes: str


@dataclass(frozen=True, slots=True)
class ChunkRow:
    """An active chunk joined with what a citation needs of its protocol."""

    chunk: Chunk
    terms: str


class Catalog:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self._memo: dict[str, tuple[int, Any]] = {}

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- meta ------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str, conn: sqlite3.Connection | None = None) -> None:
        (conn or self.db).execute(
            "INSERT INTO meta(key, value) VALUES(?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (key, value),
        )

    def generation(self) -> int:
        """Bumped by every change of the active set; derived indexes compare against it."""
        return int(self.get_meta("generation") or 0)

    def _bump(self, conn: sqlite3.Connection) -> None:
        self.set_meta("generation", str(self.generation() + 1), conn)

    # -- writes ----------------------------------------------------------------------------
    def active_version(self, protocol_id: str) -> str | None:
        row = self.db.execute(
            "SELECT version FROM protocols WHERE id=? AND status='active'", (protocol_id,)
        ).fetchone()
        return None if row is None else str(row[0])

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
            Catalog._insert_facts(db, p.id, p.version, facts or [])
            db.execute(
                "INSERT INTO protocols(id, version, status, source, title, date, body, kind, "
                "place, format, text, page_starts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (p.id, p.version, "pending", p.source, p.title,
                 p.date.isoformat() if p.date else None, p.body, p.kind, p.place, p.format,
                 p.text, json.dumps(list(p.page_starts))),
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
                '"end", section_number, section_title, page, text, terms) '
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [(c.id, p.id, p.version, "pending", i, c.start, c.end, c.section_number,
                  c.section_title, c.page, c.text, t)
                 for i, (c, t) in enumerate(zip(chunks, terms, strict=True))],
            )  # fmt: skip
            if decision_run is not None:
                self.insert_decisions(db, p, decisions or [], decision_run)

    @staticmethod
    def insert_decisions(
        db: sqlite3.Connection, p: Protocol, rows: list[DecisionRow], extractor: str
    ) -> None:
        """Decision rows of a protocol version, and which extractor made them."""
        db.executemany(
            'INSERT OR REPLACE INTO decisions(id, protocol_id, version, idx, start, "end", '
            "section_number, section_title, heading, outcome, page, date, body, text, proposal, "
            "embedding, themes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(r.decision.id, p.id, p.version, i, r.decision.start, r.decision.end,
              r.decision.section_number, r.decision.section_title, r.decision.heading,
              r.decision.outcome, r.decision.page,
              r.decision.date.isoformat() if r.decision.date else None, r.decision.body,
              r.decision.text, r.decision.proposal, r.embedding, r.themes)
             for i, r in enumerate(rows)],
        )  # fmt: skip
        db.execute(
            "INSERT OR REPLACE INTO decision_runs(protocol_id, version, extractor) VALUES (?,?,?)",
            (p.id, p.version, extractor),
        )

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
        for table, col in _VERSION_TABLES:
            db.execute(f"DELETE FROM {table} WHERE {col}=? AND version=?", (protocol_id, version))

    # -- replication (Chroma server) ---------------------------------------------------------
    def export_version(self, protocol_id: str) -> dict[str, Any] | None:
        """Every row of the protocol's active version, as JSON-ready data (blobs in base64)."""
        version = self.active_version(protocol_id)
        if version is None:
            return None
        tables: dict[str, list[dict[str, Any]]] = {}
        for table, col in _VERSION_TABLES:
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
            for table, _ in _VERSION_TABLES:
                for row in record["tables"].get(table, []):
                    values = [
                        base64.b64decode(v["b64"]) if isinstance(v, dict) else v
                        for v in row.values()
                    ]
                    cols = ", ".join(f'"{c}"' for c in row)
                    marks = ", ".join("?" for _ in row)
                    db.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", values)
            self._bump(db)

    def active_versions(self) -> dict[str, str]:
        rows = self.db.execute("SELECT id, version FROM protocols WHERE status='active'")
        return {str(r[0]): str(r[1]) for r in rows}

    # -- reads -----------------------------------------------------------------------------
    def protocol(self, protocol_id: str) -> Protocol | None:
        row = self.db.execute(
            "SELECT * FROM protocols WHERE id=? AND status='active'", (protocol_id,)
        ).fetchone()
        return None if row is None else self._protocol_from_row(row)

    def protocols(self) -> list[Protocol]:
        rows = self.db.execute(
            "SELECT * FROM protocols WHERE status='active' ORDER BY date DESC, title"
        ).fetchall()
        return [self._protocol_from_row(r, with_details=False) for r in rows]

    def protocol_by_source(self, source: str) -> tuple[str, str] | None:
        row = self.db.execute(
            "SELECT id, version FROM protocols WHERE source=? AND status='active'", (source,)
        ).fetchone()
        return None if row is None else (str(row[0]), str(row[1]))

    def same_content(self, version: str, other_than: str) -> list[tuple[str, str]]:
        """(id, source) of active protocols with this content under another id."""
        rows = self.db.execute(
            "SELECT id, source FROM protocols WHERE version=? AND status='active' AND id<>?",
            (version, other_than),
        ).fetchall()
        return [(str(r[0]), str(r[1])) for r in rows]

    def _protocol_from_row(self, r: sqlite3.Row, with_details: bool = True) -> Protocol:
        sections: tuple[Section, ...] = ()
        people: tuple[Person, ...] = ()
        if with_details:
            sections = tuple(
                Section(s["number"], s["title"], s["start"], s["end"], s["kind"], s["page"])
                for s in self.db.execute(
                    "SELECT * FROM sections WHERE protocol_id=? AND version=? ORDER BY idx",
                    (r["id"], r["version"]),
                )
            )
            people = tuple(
                Person(x["name"], x["organisation"], x["role"], x["start"], x["end"])
                for x in self.db.execute(
                    "SELECT * FROM people WHERE protocol_id=? AND version=? ORDER BY start",
                    (r["id"], r["version"]),
                )
            )
        return Protocol(
            id=r["id"], source=r["source"], version=r["version"], title=r["title"],
            text=r["text"], date=date.fromisoformat(r["date"]) if r["date"] else None,
            body=r["body"], kind=r["kind"], place=r["place"], sections=sections,
            attendance=people, page_starts=tuple(json.loads(r["page_starts"])), format=r["format"],
        )  # fmt: skip

    def active_chunks(self) -> Iterator[ChunkRow]:
        """Every active chunk in a stable order (protocol, position)."""
        for r in self.db.execute(
            "SELECT * FROM chunks WHERE status='active' ORDER BY protocol_id, idx"
        ):
            yield ChunkRow(self._chunk_from_row(r), r["terms"])

    def chunks_by_id(self, ids: list[str]) -> dict[str, Chunk]:
        out: dict[str, Chunk] = {}
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            marks = ",".join("?" * len(part))
            for r in self.db.execute(
                # Not `*`: the analysed terms are as long as the text and not needed here.
                'SELECT id, protocol_id, text, start, "end", section_number, section_title, '
                f"page FROM chunks WHERE status='active' AND id IN ({marks})",
                part,
            ):
                out[r["id"]] = self._chunk_from_row(r)
        return out

    def chunks_of(self, protocol_id: str) -> list[Chunk]:
        return [
            self._chunk_from_row(r)
            for r in self.db.execute(
                "SELECT * FROM chunks WHERE protocol_id=? AND status='active' ORDER BY idx",
                (protocol_id,),
            )
        ]

    @staticmethod
    def _chunk_from_row(r: sqlite3.Row) -> Chunk:
        return Chunk(
            id=r["id"], protocol_id=r["protocol_id"], text=r["text"], start=r["start"],
            end=r["end"], section_number=r["section_number"], section_title=r["section_title"],
            page=r["page"],
        )  # fmt: skip

    def update_terms(self, terms: dict[str, str]) -> None:
        """Replace stored lexical terms (after the analyzer changed); bumps the generation."""
        with self.transaction() as db:
            rows = [(t, i) for i, t in terms.items()]
            db.executemany("UPDATE chunks SET terms=? WHERE id=?", rows)
            self._bump(db)

    def filter_protocol_ids(
        self,
        date_from: date | None,
        date_to: date | None,
        bodies: list[str] | None,
        month: int | None = None,
        day: int | None = None,
    ) -> set[str]:
        """Active protocols in a date range, or on a month/day of any year, from given bodies."""
        sql, args = "SELECT id FROM protocols WHERE status='active'", []
        if month:
            sql += " AND substr(date, 6, 2) = ?"
            args.append(f"{month:02d}")
        if day:
            sql += " AND substr(date, 9, 2) = ?"
            args.append(f"{day:02d}")
        if date_from:
            sql += " AND date >= ?"
            args.append(date_from.isoformat())
        if date_to:
            sql += " AND date <= ?"
            args.append(date_to.isoformat())
        if bodies is not None:
            sql += f" AND body IN ({','.join('?' * len(bodies))})"
            args.extend(bodies)
        return {str(r[0]) for r in self.db.execute(sql, args)}

    def replace_facts(self, facts: dict[tuple[str, str], list[Fact]], extractor: str) -> None:
        """Swap the facts of the given (protocol id, version)s and record the extractor."""
        with self.transaction() as db:
            for (pid, version), rows in facts.items():
                db.execute("DELETE FROM facts WHERE protocol_id=? AND version=?", (pid, version))
                Catalog._insert_facts(db, pid, version, rows)
            self.set_meta("facts_extractor", extractor, db)

    @staticmethod
    def _insert_facts(
        db: sqlite3.Connection, protocol_id: str, version: str, facts: list[Fact]
    ) -> None:
        db.executemany(
            "INSERT INTO facts(protocol_id, version, kind, subject, value, detail, "
            'section_number, start, "end") VALUES (?,?,?,?,?,?,?,?,?)',
            [(protocol_id, version, f.kind, f.subject, f.value, f.detail, f.section_number,
              f.start, f.end) for f in facts],
        )  # fmt: skip

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

    def newest_date(self) -> date | None:
        return self._per_generation("newest_date", self._newest_date)

    def _newest_date(self) -> date | None:
        row = self.db.execute("SELECT max(date) FROM protocols WHERE status='active'").fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None

    def _per_generation(self, name: str, compute: Callable[[], Any]) -> Any:
        """A value kept until the active set changes: every search asks for the bodies and the
        newest date, and each is a scan of the protocols table (ms at 100k chunks)."""
        gen = self.generation()
        hit = self._memo.get(name)
        if hit is None or hit[0] != gen:
            hit = (gen, compute())
            self._memo[name] = hit
        return hit[1]

    def bodies(self) -> list[str]:
        return list(self._per_generation("bodies", self._bodies))

    def _bodies(self) -> list[str]:
        return [
            str(r[0])
            for r in self.db.execute(
                "SELECT DISTINCT body FROM protocols WHERE status='active' AND body IS NOT NULL"
            )
        ]

    def counts(self) -> dict[str, int]:
        one = self.db.execute
        return {
            "protocols": one("SELECT count(*) FROM protocols WHERE status='active'").fetchone()[0],
            "chunks": one("SELECT count(*) FROM chunks WHERE status='active'").fetchone()[0],
            "sections": one(
                "SELECT count(*) FROM sections s JOIN protocols p ON p.id=s.protocol_id "
                "AND p.version=s.version AND p.status='active'"
            ).fetchone()[0],
            "people": one(
                "SELECT count(*) FROM people s JOIN protocols p ON p.id=s.protocol_id "
                "AND p.version=s.version AND p.status='active'"
            ).fetchone()[0],
            "pending": one("SELECT count(*) FROM protocols WHERE status='pending'").fetchone()[0],
        }
