"""The index in a real Chroma server (`chroma run` on a loopback port).

The server holds the whole index (vectors and each protocol's catalog rows), so processes with
data folders of their own, even empty ones, serve the same index: one process ingests, two others
(the real CLI) search at the same time, and they follow a delete. A data folder's lock is taken
only while writing: a second writer on the same folder gets a clear message instead of racing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from protokoll.eval.bench.chroma_server import chroma_run
from protokoll.index.backends import RecordStore, ServerBackend
from protokoll.index.embedding import Embedder
from protokoll.index.lock import DataFolderBusy, DataLock, IndexBusy
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

QUESTION = "vem ersatte Karin Torstensson?"
pytestmark = pytest.mark.slow  # a `chroma run` server, and CLI processes searching it


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exe = Path(sys.executable).with_name("chroma")
    if not exe.exists():
        pytest.skip(f"the chroma CLI (part of the chromadb package) is not at {exe}")
    with chroma_run(tmp_path_factory.mktemp("chroma-server")) as server:
        yield server.url.removeprefix("http://")


def _records(app: Protokollsok) -> RecordStore:
    backend = app.index.backend
    assert isinstance(backend, ServerBackend)
    return backend.records


def _cli_search(data: Path, url: str, collection: str) -> subprocess.Popen[str]:
    env = dict(
        os.environ, HF_HUB_OFFLINE="1", PROTOKOLL_CHROMA_URL=url,
        PROTOKOLL_CHROMA_COLLECTION=collection,
    )  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "protokoll.service.cli", "--data", str(data), "search", QUESTION,
         "--k", "3", "--json"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_processes_with_their_own_empty_data_folders_serve_the_servers_index(
    chroma_server: str, seed_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    url, name = f"http://{chroma_server}", "t-serve"
    settings = Settings(data=tmp_path / "writer", chroma_url=url, chroma_collection=name)
    with Protokollsok(settings, embedder=embedder) as app:
        report = app.ingest([seed_copy])
        assert len(report.added) == 2 and not report.failed
        st = app.stats()
        assert st["vectors"] == st["chunks"] > 0
        assert not (tmp_path / "writer" / "chroma").exists()  # the vectors live in the server

        # Two other processes, each with a data folder of its own that starts empty, search the
        # same index at once while this one keeps it open.
        searchers = [_cli_search(tmp_path / f"reader{i}", url, name) for i in range(2)]
        outputs = [p.communicate(timeout=600) for p in searchers]
        for p, (out, err) in zip(searchers, outputs, strict=True):
            assert p.returncode == 0, err
            top = json.loads(out)["results"][0]
            assert "Karin Jilkén" in top["text"]
            assert top["protocol"]["date"] == "2023-09-29" and top["section"]["number"] == "7"

        hit = app.search(QUESTION, k=3)["results"][0]
        app.delete(hit["protocol"]["id"])
        after = app.search(QUESTION, k=10)["results"]
        assert all(r["protocol"]["id"] != hit["protocol"]["id"] for r in after)
        st = app.stats()
        assert st["protocols"] == 1 and st["vectors"] == st["chunks"]

    # A reader started before the delete follows it.
    out, err = _cli_search(tmp_path / "reader0", url, name).communicate(timeout=600)
    assert all(r["protocol"]["id"] != hit["protocol"]["id"] for r in json.loads(out)["results"])


def test_reader_follows_writes_of_another_process_and_names_keep_indexes_apart(
    chroma_server: str, seed_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    url = f"http://{chroma_server}"
    a_set = Settings(data=tmp_path / "a", chroma_url=url, chroma_collection="t-follow")
    b_set = Settings(data=tmp_path / "b", chroma_url=url, chroma_collection="t-follow")
    other = Settings(data=tmp_path / "c", chroma_url=url, chroma_collection="t-other")
    with (
        Protokollsok(a_set, embedder=embedder) as a,
        Protokollsok(b_set, embedder=embedder) as b,
    ):
        a.ingest([seed_copy / "000_416a57efa1acaea5.txt"])
        b.index.sync()  # what a search does by itself at most SYNC_INTERVAL later
        assert b.stats()["protocols"] == 1
        assert "Karin Jilkén" in b.search(QUESTION, k=1)["results"][0]["text"]
        decisions = b.decisions(theme="elevhälsa", k=3)["decisions"]
        assert decisions and decisions[0]["protocol"]["date"] == "2023-09-29"

        b.ingest([seed_copy / "003_6bbca7b34e641438.txt"])  # a second writer, one at a time
        a.index.sync()
        assert a.stats()["protocols"] == 2
        assert a.stats()["vectors"] == a.stats()["chunks"]
    with Protokollsok(other, embedder=embedder) as c:
        assert c.stats()["protocols"] == 0 and c.stats()["vectors"] == 0


def test_with_a_server_readers_share_the_folder_and_a_second_writer_is_refused(
    chroma_server: str, seed_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    data = tmp_path / "data"
    settings = Settings(
        data=data, chroma_url=chroma_server, chroma_collection="t-lock", lock_timeout=0.5
    )
    with Protokollsok(settings, embedder=embedder) as app:
        app.ingest([seed_copy])
        before = app.stats()
        writer = DataLock(data, timeout=0)  # another process in the middle of a write
        try:
            with Protokollsok(settings, embedder=embedder) as reader:
                assert reader.search(QUESTION, k=3)["results"]  # reading needs no lock
            with pytest.raises(DataFolderBusy) as err:
                app.ingest([seed_copy])
            assert str(data) in str(err.value)
        finally:
            writer.release()
        assert app.stats() == before
        report = app.ingest([seed_copy])  # the lock is free again
        assert len(report.unchanged) == 2


def test_a_writer_on_another_machine_holds_the_index_and_a_dead_ones_lease_expires(
    chroma_server: str, seed_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    url = f"http://{chroma_server}"
    settings = Settings(data=tmp_path / "b", chroma_url=url, chroma_collection="t-lease")
    one = seed_copy / "000_416a57efa1acaea5.txt"
    with Protokollsok(settings, embedder=embedder) as app:
        records = _records(app)
        records.acquire_writer("annan-maskin:4711:abc", 60)  # mid-ingest elsewhere: no shared lock
        assert records.writer() == "annan-maskin:4711:abc"
        with pytest.raises(IndexBusy) as err:
            app.ingest([one])
        assert "t-lease" in str(err.value) and "annan-maskin:4711" in str(err.value)
        assert app.stats()["protocols"] == 0
        records.release_writer("annan-maskin:4711:abc")
        assert app.ingest([one]).added == [str(one)]

        records.acquire_writer("dog-under-inläsning:1:def", -1)  # its lease ran out
        assert app.ingest([seed_copy]).unchanged == [str(one)]
        assert records.index_meta()["model"] == embedder.name
        assert records.writer() is None  # released after the ingest


def test_a_reader_leaves_a_folder_that_a_writer_holds_to_the_writer(
    chroma_server: str, seed_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    data = tmp_path / "shared-folder"
    settings = Settings(data=data, chroma_url=chroma_server, chroma_collection="t-shared")
    with Protokollsok(settings, embedder=embedder) as app:
        app.ingest([seed_copy / "000_416a57efa1acaea5.txt"])
        pid = app.protocols()[0]["id"]
        records = _records(app)
        # The moment in a writer's work when a protocol is active in the folder's catalog but
        # not yet published to the server.
        records.delete(pid)
        writer = DataLock(data, timeout=0)
        try:
            with Protokollsok(settings, embedder=embedder) as reader:
                assert reader.stats()["protocols"] == 1  # not deleted under the writer's feet
        finally:
            writer.release()
        app.index.sync()  # the folder is free: the server is the truth again
        assert app.stats()["protocols"] == 0


def test_earlier_setting_name_still_selects_the_server(
    chroma_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROTOKOLL_CHROMA_SERVER", chroma_server)
    assert Settings().chroma_url == chroma_server


def test_a_service_read_that_outlasts_the_sync_interval_does_not_wait_for_itself(
    chroma_server: str, seed_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    """The service syncs before a read, under its write lock; a search that synced again from
    inside the read waited for that lock while holding the read side, and the whole service
    answered 503 from then on (found by `protokoll bench chroma-server` at 100k)."""
    import threading
    import time

    from protokoll.index.backends.server import SYNC_INTERVAL
    from protokoll.service.runtime import Runtime

    url, name = f"http://{chroma_server}", "t-deadlock"
    settings = Settings(data=tmp_path / "svc", chroma_url=url, chroma_collection=name)
    with Protokollsok(settings, embedder=embedder) as app:
        assert not app.ingest([seed_copy]).failed
        runtime = Runtime(app, settings)

        def slow_search(facade: Protokollsok) -> list[dict[str, object]]:
            time.sleep(SYNC_INTERVAL + 0.5)  # a sync falls due inside the read
            return facade.search(QUESTION, k=3)["results"]  # type: ignore[no-any-return]

        found: list[list[dict[str, object]]] = []
        reader = threading.Thread(
            target=lambda: found.append(runtime.read("klient", slow_search)), daemon=True
        )
        reader.start()
        reader.join(timeout=120)
        assert not reader.is_alive(), "läsningen väntade på sitt eget skrivlås"
        assert found and "Karin Jilkén" in str(found[0][0]["text"])
