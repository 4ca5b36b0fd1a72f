"""The catalog's connection: opening, transactions, the meta table and the generation counter
that every derived index compares against."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from protokoll.index.catalog.schema import ADDED_COLUMNS, SCHEMA, VERSION_TABLES


class CatalogBase:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        for table, column, definition in ADDED_COLUMNS:
            have = {str(r[1]) for r in self.db.execute(f"PRAGMA table_info({table})")}
            if column not in have:
                self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
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

    def set_metas(self, values: dict[str, str]) -> None:
        """Several meta values in one transaction: values that vouch for each other."""
        with self.transaction() as db:
            for key, value in values.items():
                self.set_meta(key, value, db)

    def generation(self) -> int:
        """Bumped by every change of the active set; derived indexes compare against it."""
        return int(self.get_meta("generation") or 0)

    def _bump(self, conn: sqlite3.Connection) -> None:
        self.set_meta("generation", str(self.generation() + 1), conn)

    def row_counts(self) -> dict[str, int]:
        """Rows per table of protocol versions, of every status: what a check that nothing was
        left behind (by a delete, a crash, a re-extraction) counts."""
        return {
            table: int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table, _ in VERSION_TABLES
        }

    def _per_generation(self, name: str, compute: Callable[[], Any]) -> Any:
        """A value kept until the active set changes: every search asks for the bodies and the
        newest date, and each is a scan of the protocols table (ms at 100k chunks)."""
        gen = self.generation()
        hit = self._memo.get(name)
        if hit is None or hit[0] != gen:
            hit = (gen, compute())
            self._memo[name] = hit
        return hit[1]


def stored_generation(path: Path) -> str:
    """The generation of the catalog file at `path`, read without writing to it (opening a
    `Catalog` would create tables and switch the journal mode): "0" for a new catalog."""
    ro = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = ro.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
    finally:
        ro.close()
    return str(row[0]) if row else "0"
