"""Protocols in the catalog: reading them back with their sections and attendance, filtering
them by date and body, and the counts and per-generation values a search asks for."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from protokoll.index.catalog.base import CatalogBase
from protokoll.ingest.records import Person, Protocol, Section

# What `_protocol_from_row` reads of a protocols row.
_COLUMNS = ("id", "source", "version", "title", "text", "date", "body", "kind", "place",
            "page_starts", "format", "ocr_pages")  # fmt: skip


class ProtocolsCatalog(CatalogBase):
    def protocol(self, protocol_id: str) -> Protocol | None:
        row = self.db.execute(
            "SELECT * FROM protocols WHERE id=? AND status='active'", (protocol_id,)
        ).fetchone()
        return None if row is None else self._protocol_from_row(row)

    def protocols(self) -> list[Protocol]:
        """Every active protocol as a listing: without its text (empty), sections and
        attendance, which `protocol(id)` gives. At 6,000 protocols the texts alone are ~450 MB,
        and a listing is asked for by every question about meetings."""
        columns = ", ".join("'' AS text" if c == "text" else c for c in _COLUMNS)
        rows = self.db.execute(
            f"SELECT {columns} FROM protocols WHERE status='active' ORDER BY date DESC, title"
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
            ocr_pages=tuple(json.loads(r["ocr_pages"] or "[]")),
        )  # fmt: skip

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

    def dated_chunk_counts(self) -> list[tuple[str, str, str | None, int]]:
        """(id, date, body, active chunks) of every active protocol with a date, by date."""
        rows = self.db.execute(
            "SELECT p.id, p.date, p.body, count(c.id) FROM protocols p JOIN chunks c "
            "ON c.protocol_id=p.id AND c.version=p.version AND c.status='active' "
            "WHERE p.status='active' AND p.date IS NOT NULL GROUP BY p.id ORDER BY p.date"
        ).fetchall()
        return [(str(r[0]), str(r[1]), r[2], int(r[3])) for r in rows]

    def newest_date(self) -> date | None:
        return self._per_generation("newest_date", self._newest_date)

    def _newest_date(self) -> date | None:
        row = self.db.execute("SELECT max(date) FROM protocols WHERE status='active'").fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None

    def bodies(self) -> list[str]:
        return list(self._per_generation("bodies", self._bodies))

    def headings(self) -> list[tuple[str, str, date | None, str | None]]:
        """(id, title, date, body) of every active protocol: what a question naming a report,
        a meeting date or an organ is matched against."""
        return list(self._per_generation("headings", self._headings))

    def _headings(self) -> list[tuple[str, str, date | None, str | None]]:
        rows = self.db.execute("SELECT id, title, date, body FROM protocols WHERE status='active'")
        return [
            (str(r[0]), str(r[1]), date.fromisoformat(r[2]) if r[2] else None, r[3]) for r in rows
        ]

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
