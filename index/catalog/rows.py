"""Records the catalog hands out beyond the ingest records, and the conversions from its rows."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from protokoll.ingest.records import Chunk, Decision


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """A decision as stored with its version: the record, its float32 embedding, theme labels
    as JSON ([[label, score], …]); see index/decisions.py."""

    decision: Decision
    embedding: bytes
    themes: str


@dataclass(frozen=True, slots=True)
class ChunkRow:
    """An active chunk with its analysed terms (the input of the lexical index)."""

    chunk: Chunk
    terms: str


def chunk_from_row(r: sqlite3.Row) -> Chunk:
    return Chunk(
        id=r["id"], protocol_id=r["protocol_id"], text=r["text"], start=r["start"],
        end=r["end"], section_number=r["section_number"], section_title=r["section_title"],
        page=r["page"], context=r["context"] or "",
    )  # fmt: skip


def decision_from_row(r: sqlite3.Row) -> Decision:
    return Decision(
        id=r["id"], protocol_id=r["protocol_id"], text=r["text"], start=r["start"],
        end=r["end"], section_number=r["section_number"], section_title=r["section_title"],
        heading=r["heading"], outcome=r["outcome"], page=r["page"],
        date=date.fromisoformat(r["date"]) if r["date"] else None, body=r["body"],
        proposal=r["proposal"],
    )  # fmt: skip
