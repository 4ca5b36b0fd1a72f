"""Decisions in the catalog: stored with their protocol version and embedding, re-extracted when
the extractor changes, relabelled when the theme taxonomy changes (see index/decisions.py)."""

from __future__ import annotations

import sqlite3

from protokoll.index.catalog.base import CatalogBase
from protokoll.index.catalog.rows import DecisionRow, decision_from_row
from protokoll.ingest.records import Protocol


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


def _stored(r: sqlite3.Row) -> DecisionRow:
    return DecisionRow(decision_from_row(r), r["embedding"], r["themes"] or "[]")


class DecisionsCatalog(CatalogBase):
    def stale_decision_runs(self, extractor: str) -> list[tuple[str, str]]:
        """(id, version) of active protocols whose decisions another extractor made, or none."""
        rows = self.db.execute(
            "SELECT p.id, p.version FROM protocols p LEFT JOIN decision_runs r "
            "ON r.protocol_id=p.id AND r.version=p.version "
            "WHERE p.status='active' AND (r.extractor IS NULL OR r.extractor<>?)",
            (extractor,),
        ).fetchall()
        return [(str(r[0]), str(r[1])) for r in rows]

    def replace_decisions(self, p: Protocol, rows: list[DecisionRow], extractor: str) -> None:
        """Swap the decisions of the protocol's version, in one transaction."""
        with self.transaction() as db:
            db.execute("DELETE FROM decisions WHERE protocol_id=? AND version=?", (p.id, p.version))
            insert_decisions(db, p, rows, extractor)

    def stored_decisions(self) -> list[DecisionRow]:
        """Every stored decision, of any version (relabelling covers them all)."""
        return [_stored(r) for r in self.db.execute("SELECT * FROM decisions")]

    def active_decisions(self) -> list[DecisionRow]:
        """The decisions of the active versions, newest meeting first, in text order."""
        return [
            _stored(r)
            for r in self.db.execute(
                "SELECT d.* FROM decisions d JOIN protocols p ON p.id=d.protocol_id "
                "AND p.version=d.version AND p.status='active' "
                "ORDER BY d.date DESC, d.protocol_id, d.start"
            )
        ]

    def set_decision_themes(self, themes: list[tuple[str, str]], meta: dict[str, str]) -> None:
        """New theme labels, (labels as JSON, decision id), and the meta values that say which
        taxonomy they come from, in one transaction."""
        with self.transaction() as db:
            db.executemany("UPDATE decisions SET themes=? WHERE id=?", themes)
            for key, value in meta.items():
                self.set_meta(key, value, db)

    def decisions_of(self, protocol_id: str, version: str, extractor: str) -> list[DecisionRow]:
        """A version's decisions with their embeddings, in text order, when this extractor made
        them (none otherwise)."""
        run = self.db.execute(
            "SELECT extractor FROM decision_runs WHERE protocol_id=? AND version=?",
            (protocol_id, version),
        ).fetchone()
        if run is None or run[0] != extractor:
            return []
        return [
            _stored(r)
            for r in self.db.execute(
                "SELECT * FROM decisions WHERE protocol_id=? AND version=? ORDER BY idx",
                (protocol_id, version),
            )
        ]

    def decision_embeddings(self, protocol_id: str, version: str) -> list[bytes]:
        """The float32 embeddings of a version's decisions, in text order."""
        rows = self.db.execute(
            "SELECT embedding FROM decisions WHERE protocol_id=? AND version=? ORDER BY idx",
            (protocol_id, version),
        )
        return [bytes(r[0]) for r in rows]
