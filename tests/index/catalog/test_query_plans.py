"""The catalog's hot queries use the indexes meant for them: a search looks chunks up by id on
every call, and every derived-cache check counts the active chunks. (At 100k chunks an index
on `status` made SQLite look chunks up by status instead: 97 ms instead of 1 ms per search.)"""

from __future__ import annotations

from pathlib import Path

from protokoll.index.catalog import Catalog


def _plan(catalog: Catalog, sql: str, *args: str) -> str:
    rows = catalog.db.execute(f"EXPLAIN QUERY PLAN {sql}", args).fetchall()
    return " | ".join(str(r[3]) for r in rows)


def test_chunks_are_looked_up_by_id_and_counted_from_the_active_index(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite")
    by_id = _plan(
        catalog, "SELECT text FROM chunks WHERE status='active' AND id IN (?, ?)", "a", "b"
    )
    assert "(id=?)" in by_id and "chunks_active" not in by_id, by_id
    count = _plan(catalog, "SELECT count(*) FROM chunks WHERE status='active'")
    assert "chunks_active" in count, count


def test_protocols_in_a_date_range_are_listed_from_the_active_index(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite")
    sql = "SELECT id FROM protocols WHERE status='active' AND date >= ? AND date <= ?"
    plan = _plan(catalog, sql, "2017-01-01", "2021-01-01")
    assert "protocols_active" in plan, plan
    one = _plan(catalog, "SELECT * FROM protocols WHERE status='active' AND id = ?", "a")
    assert "protocols_active" not in one, one
