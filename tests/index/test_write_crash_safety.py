"""SIGKILL during a folder ingest, then the same ingest again: the index converges to exactly the
state of a clean ingest (same counts, same search results), with no duplicates, no orphan
vectors and no pending rows, and search works on the half-written index in between.

The kill points are chosen by watching the catalog from outside (SQLite in WAL mode can be read
while the ingest writes), not by sleeping: once in the middle of a protocol's write (a `pending`
version exists, its vectors are going in), once after several protocols are in.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from protokoll.index.embedding import Embedder
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

N = 12
QUERIES = ["vem utsågs till justerare?", "Testperson Nummer07", "bidrag till idrottsföreningar"]


TEMPLATE = """Protokoll Kultur- och fritidsnämnden 2023-{month:02d}-{day:02d}

Närvarande
Åsa Öberg, ordförande
Erik Sandberg, ledamot

§ {first} Val av justerare

Till justerare utsågs {person}.

§ {second} Bidrag till föreningar

Nämnden går igenom ansökningarna om föreningsbidrag för år {year}. Förvaltningen föreslår att
bidragen fördelas efter antal medlemmar under 25 år och att idrottsföreningar och
kulturföreningar behandlas lika. {person} redovisar ärendet och svarar på frågor om
Ungdomens hus i Åby och om lokalbidragen.

Beslut: Kultur- och fritidsnämnden beslutar att fördela föreningsbidragen enligt förslaget.

§ {third} Öppettider på fritidsgårdarna

Fritidsgårdarna i Åby och Norrby håller öppet till klockan 22 på fredagar under hösten.
"""


def _make_folder(dest: Path) -> Path:
    """Twelve short protocols of one committee, each with its own date, items and person."""
    dest.mkdir()
    for i in range(N):
        text = TEMPLATE.format(
            month=1 + i, day=10 + i, first=10 * i + 1, second=10 * i + 2, third=10 * i + 3,
            person=f"Testperson Nummer{i:02d}", year=2010 + i,
        )  # fmt: skip
        (dest / f"protokoll_{i:02d}.txt").write_text(text, encoding="utf-8")
    return dest


def _catalog_state(data: Path) -> tuple[int, int]:
    """(active, pending) protocols, read from outside the running ingest."""
    db = data / "catalog.sqlite"
    if not db.exists():
        return 0, 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:
            rows = dict(con.execute("SELECT status, count(*) FROM protocols GROUP BY status"))
        finally:
            con.close()
    except sqlite3.Error:
        return 0, 0  # the schema is not there yet
    return int(rows.get("active", 0)), int(rows.get("pending", 0))


def _command(data: Path, src: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "protokoll.service.cli", "--data", str(data), "ingest", *extra,
            str(src)]  # fmt: skip


def _ingest_and_kill(
    data: Path,
    src: Path,
    when: Callable[[int, int], bool],
    *extra: str,
    workers: set[int] | None = None,
    timeout: float = 240,
) -> tuple[int, int]:
    """Run the ingest and kill it with SIGKILL at the point `when(active, pending)` says; its
    child processes at that moment are added to `workers`."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", PROTOKOLL_DATA=str(data))
    proc = subprocess.Popen(
        _command(data, src, *extra),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            state = _catalog_state(data)
            if when(*state):
                if workers is not None:
                    workers.update(_children(proc.pid))
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return state
            time.sleep(0.005)
        pytest.fail(f"the ingest ended (status {proc.returncode}) before the kill point")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _snapshot(app: Protokollsok) -> tuple[dict[str, int], list[list[tuple[str, str, float]]]]:
    st = app.stats()
    counts = {k: st[k] for k in ("protocols", "chunks", "sections", "people", "pending", "vectors")}
    results = [
        [(r["protocol"]["title"], r["text"], round(r["score"], 3)) for r in
         app.search(q, k=20)["results"]]
        for q in QUERIES
    ]  # fmt: skip
    return counts, results


@pytest.mark.slow
def test_sigkill_during_ingest_then_reingest_converges_to_a_clean_ingest(
    tmp_path: Path, embedder: Embedder
) -> None:
    src = _make_folder(tmp_path / "in")
    data = tmp_path / "killed"

    # 1: killed inside a protocol's write, after at least one protocol is complete.
    state = _ingest_and_kill(data, src, lambda active, pending: active >= 1 and pending > 0)
    assert state[1] > 0
    # Search works on the half-written index: only whole protocols, each chunk once.
    with Protokollsok(Settings(data=data), embedder=embedder) as app:
        hits = app.search("vem utsågs till justerare?", k=40)["results"]
        assert hits
        assert len({h["chunk_id"] for h in hits}) == len(hits)
        active = {p["id"] for p in app.protocols()}
        assert {h["protocol"]["id"] for h in hits} <= active
        assert app.stats()["protocols"] == state[0]

    # 2: killed again later in the same ingest, between or inside later protocols.
    _ingest_and_kill(data, src, lambda active, pending: active >= 6)

    # The same ingest once more, to the end.
    with Protokollsok(Settings(data=data), embedder=embedder) as app:
        report = app.ingest([src])
        assert not report.failed and not report.replaced
        assert len(report.added) + len(report.unchanged) == N
        recovered = _snapshot(app)
    with Protokollsok(Settings(data=tmp_path / "clean"), embedder=embedder) as app:
        assert len(app.ingest([src]).added) == N
        clean = _snapshot(app)

    counts, results = recovered
    assert counts["protocols"] == N
    assert counts["pending"] == 0
    assert counts["vectors"] == counts["chunks"]  # no orphan vectors
    assert counts == clean[0]
    assert results == clean[1]
    for hits in results:
        assert len(hits) == len(set(hits))  # no duplicate passages


def _children(pid: int) -> set[int]:
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if f"\nPPid:\t{pid}\n" in status.read_text():
                found.add(int(status.parent.name))
        except OSError:
            continue
    return found


def _alive(pids: set[int]) -> set[int]:
    """Those of the pids still running (a zombie is not)."""
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _rows(data: Path) -> dict[str, list[tuple[object, ...]]]:
    """The active catalog rows that a search reads, in a fixed order."""
    con = sqlite3.connect(f"file:{data / 'catalog.sqlite'}?mode=ro", uri=True)
    try:
        return {
            "protocols": con.execute(
                "SELECT id, version, source, title, date, body FROM protocols "
                "WHERE status='active' ORDER BY id"
            ).fetchall(),
            "chunks": con.execute(
                "SELECT id, protocol_id, idx, text, terms FROM chunks WHERE status='active' "
                "ORDER BY id"
            ).fetchall(),
            "pending": con.execute("SELECT id FROM protocols WHERE status!='active'").fetchall(),
        }
    finally:
        con.close()


@pytest.mark.slow
def test_sigkill_during_an_archive_ingest_then_the_same_command_resumes_where_it_stopped(
    tmp_path: Path, embedder: Embedder
) -> None:
    """Issue 15: `protokoll ingest --jobs 2 FOLDER` killed after some protocols are in, then the
    same command again: the committed files are reported unchanged (not read into the index a
    second time), the rest added, and the index equals a clean ingest's: the same protocols,
    chunk ids and catalog rows, vectors equal within the model's run-to-run noise, and derived
    caches that the next reader loads without rebuilding."""
    src = _make_folder(tmp_path / "in")
    data = tmp_path / "killed"
    workers: set[int] = set()
    active, _ = _ingest_and_kill(
        data,
        src,
        lambda active, pending: active >= 3,
        "--jobs",
        "2",
        workers=workers,
        timeout=900,  # a loaded machine: the model loads and three protocols go in first
    )
    assert 3 <= active < N
    # The reading workers of the killed ingest end too, instead of waiting for work for ever.
    assert workers
    deadline = time.monotonic() + 20
    while _alive(workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(workers)
    committed = {Path(str(r[2])).name for r in _rows(data)["protocols"]}

    env = dict(os.environ, HF_HUB_OFFLINE="1")
    done = subprocess.run(
        _command(data, src, "--jobs", "2", "--json"), env=env, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert not report["failed"] and not report["replaced"]
    assert {Path(p).name for p in report["unchanged"]} >= committed
    assert len(report["added"]) + len(report["unchanged"]) == N
    assert report["jobs"] == 2 and report["passages"] > 0

    with Protokollsok(Settings(data=tmp_path / "clean"), embedder=embedder) as app:
        assert len(app.ingest([src]).added) == N
    resumed, clean = _rows(data), _rows(tmp_path / "clean")
    assert resumed == clean and not resumed["pending"]

    derived = data / "derived"
    caches = [derived / "lexical" / "key.json", derived / "vectors.json", derived / "vectors.npy"]
    before = {f: f.stat().st_mtime_ns for f in caches}
    with Protokollsok(Settings(data=data), embedder=embedder) as app:
        assert app.stats()["vectors"] == len(resumed["chunks"])  # no orphans
        ids = [r[0] for r in resumed["chunks"]]
        got = app.index.vectors.vectors(ids)
        assert app.search("vem utsågs till justerare?", k=5)["results"]
    assert {f: f.stat().st_mtime_ns for f in caches} == before  # current: nothing rebuilt
    with Protokollsok(Settings(data=tmp_path / "clean"), embedder=embedder) as app:
        want = app.index.vectors.vectors(ids)
    assert set(got) == set(want) == set(ids)
    for cid in ids:
        assert float(np.dot(got[cid], want[cid])) > 0.999
