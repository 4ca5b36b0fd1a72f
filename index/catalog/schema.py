"""The catalog's tables, and which of them hold the rows of one protocol version."""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS protocols (
    id TEXT NOT NULL, version TEXT NOT NULL, status TEXT NOT NULL,
    source TEXT NOT NULL, title TEXT NOT NULL, date TEXT, body TEXT, kind TEXT, place TEXT,
    format TEXT, text TEXT NOT NULL, page_starts TEXT NOT NULL DEFAULT '[]',
    ocr_pages TEXT NOT NULL DEFAULT '[]',
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
    section_title TEXT NOT NULL, page INTEGER, text TEXT NOT NULL, terms TEXT NOT NULL,
    context TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS chunks_protocol ON chunks (protocol_id, version);
-- Counting the active chunks (every derived-cache check) reads this index, not the texts.
-- Partial, not on `status`: with an index on status SQLite looked chunks up by it instead of
-- by id (97 ms instead of 1 ms per search at 100k chunks).
CREATE INDEX IF NOT EXISTS chunks_active ON chunks (id) WHERE status='active';
CREATE INDEX IF NOT EXISTS people_protocol ON people (protocol_id, version);
-- A search whose question names a date or a body lists the active protocols by them; without
-- this index that read every protocol's row (1.6 against 0.4 ms at 1,482 protocols).
CREATE INDEX IF NOT EXISTS protocols_active ON protocols (date, body, id) WHERE status='active';
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

# Columns added after a table was first released: (table, column, definition). A catalog made
# before gets them by ALTER TABLE when opened (`CatalogBase`), with the default for old rows.
ADDED_COLUMNS = (
    ("chunks", "context", "TEXT NOT NULL DEFAULT ''"),
    ("protocols", "ocr_pages", "TEXT NOT NULL DEFAULT '[]'"),
)

# Every table holding rows of one protocol version, with its protocol-id column: a version is
# written, deleted, exported and imported as the rows of all of them together.
VERSION_TABLES = (
    ("protocols", "id"), ("sections", "protocol_id"), ("people", "protocol_id"),
    ("chunks", "protocol_id"), ("decisions", "protocol_id"), ("facts", "protocol_id"),
    ("decision_runs", "protocol_id"),
)  # fmt: skip
