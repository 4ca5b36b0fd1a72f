"""Nothing reaches the network at run time: every socket connect outside AF_UNIX is refused."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from protokoll.index.embedding import load_embedder
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> None:
        if self.family != socket.AF_UNIX:
            attempts.append(address)
            raise OSError(f"network access attempted: {address!r}")
        real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)
    yield attempts


def test_model_load_ingest_and_search_make_no_network_connection(
    no_network: list[object], tmp_path: Path, seed_copy: Path
) -> None:
    settings = Settings(data=tmp_path / "d")
    embedder = load_embedder(settings.model, settings.model_cache)  # loads from the local folder
    with Protokollsok(settings, embedder=embedder) as app:
        app.ingest([seed_copy])
        assert app.search("vem ersatte Karin Torstensson?")["results"]
    assert no_network == []
