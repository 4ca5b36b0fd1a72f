"""The index in a real Chroma server (`chroma run` on a loopback port).

One process ingests, two other processes (the real CLI) search at the same time, and delete works
through the server. The data folder's lock is taken only while writing: readers share the folder
(SQLite in WAL mode), and a second writer gets a clear message instead of racing the first.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from protokoll.index.embedding import Embedder
from protokoll.index.lock import DataFolderBusy, DataLock
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

QUESTION = "vem ersatte Karin Torstensson?"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exe = Path(sys.executable).with_name("chroma")
    if not exe.exists():
        pytest.skip(f"the chroma CLI (part of the chromadb package) is not at {exe}")
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = (path / "server.log").open("wb")
    proc = subprocess.Popen(
        [str(exe), "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                url = f"http://127.0.0.1:{port}/api/v2/heartbeat"
                with urllib.request.urlopen(url, timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chroma run did not come up: {(path / 'server.log').read_text()}")
            time.sleep(0.3)
        yield f"127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _cli_search(data: Path, server: str) -> subprocess.Popen[str]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", PROTOKOLL_CHROMA_SERVER=server)
    return subprocess.Popen(
        [sys.executable, "-m", "protokoll.service.cli", "--data", str(data), "search", QUESTION,
         "--k", "3", "--json"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_ingest_search_and_delete_through_a_chroma_server(
    chroma_server: str, seed_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    data = tmp_path / "data"
    settings = Settings(data=data, chroma_server=chroma_server)
    with Protokollsok(settings, embedder=embedder) as app:
        report = app.ingest([seed_copy])
        assert len(report.added) == 2 and not report.failed
        st = app.stats()
        assert st["vectors"] == st["chunks"] > 0
        assert not (data / "chroma").exists()  # the vectors live in the server, not the folder

        # Two other processes search the same index at once, while this one keeps it open.
        searchers = [_cli_search(data, chroma_server) for _ in range(2)]
        outputs = [p.communicate(timeout=600) for p in searchers]
        for p, (out, err) in zip(searchers, outputs, strict=True):
            assert p.returncode == 0, err
            top = json.loads(out)["results"][0]
            assert "Karin Jilkén" in top["text"]

        hit = app.search(QUESTION, k=3)["results"][0]
        assert "Karin Jilkén" in hit["text"]
        app.delete(hit["protocol"]["id"])
        after = app.search(QUESTION, k=10)["results"]
        assert all(r["protocol"]["id"] != hit["protocol"]["id"] for r in after)
        st = app.stats()
        assert st["protocols"] == 1 and st["vectors"] == st["chunks"]


def test_with_a_server_readers_share_the_folder_and_a_second_writer_is_refused(
    chroma_server: str, seed_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    data = tmp_path / "data"
    settings = Settings(data=data, chroma_server=chroma_server, lock_timeout=0.5)
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


def test_two_data_folders_on_one_server_keep_each_others_vectors(
    chroma_server: str, seed_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    first = Settings(data=tmp_path / "first", chroma_server=chroma_server)
    second = Settings(data=tmp_path / "second", chroma_server=chroma_server)
    with Protokollsok(first, embedder=embedder) as a:
        a.ingest([seed_copy / "000_416a57efa1acaea5.txt"])
        before = a.stats()
    with Protokollsok(second, embedder=embedder) as b:
        b.ingest([seed_copy / "003_6bbca7b34e641438.txt"])  # opening reconciles: must not touch A
        assert b.stats()["protocols"] == 1
    with Protokollsok(first, embedder=embedder) as a:
        assert a.stats() == before
        assert before["vectors"] == before["chunks"] > 0
        assert "Karin Jilkén" in a.search(QUESTION, k=1)["results"][0]["text"]
