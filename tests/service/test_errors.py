"""Errors state their HTTP status and exit status; the service answers them in the one shape."""

from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import FastAPI, Query
from fastapi.testclient import TestClient
from protokoll.index.index import IndexMismatch
from protokoll.index.lock import DataFolderBusy, DataLock, IndexBusy
from protokoll.ingest.errors import (
    InvalidInput,
    NotFound,
    ProtokollError,
    ReadError,
    UnsupportedFormat,
)
from protokoll.service.cli import main
from protokoll.service.errors import install_error_handlers


@pytest.mark.parametrize(
    ("error", "status", "exit_code"),
    [
        (ProtokollError("x"), 400, 1),
        (InvalidInput("x"), 400, 2),
        (NotFound("x"), 404, 1),
        (ReadError("a.txt", "tom"), 422, 1),
        (UnsupportedFormat("a.exe", "okänd"), 415, 1),
        (DataFolderBusy("x"), 503, 3),
        (IndexBusy("x"), 503, 3),
        (IndexMismatch("x"), 503, 3),
    ],
)
def test_each_error_answers_with_its_own_status(
    error: ProtokollError, status: int, exit_code: int
) -> None:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/fel")
    def fail() -> None:
        raise error

    r = TestClient(app).get("/fel")
    assert r.status_code == status == error.http_status and error.exit_code == exit_code
    assert r.json() == {"error": {"code": error.code, "message": str(error)}}


def test_a_range_error_quotes_the_routes_own_bounds() -> None:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/a")
    def a(k: Annotated[int, Query(ge=1, le=7)] = 1) -> dict[str, int]:
        return {"k": k}

    @app.get("/b")
    def b(start: Annotated[int, Query(ge=0)] = 0) -> dict[str, int]:
        return {"start": start}

    client = TestClient(app)
    assert client.get("/a?k=8").json()["error"]["message"] == "k: måste vara mellan 1 och 7"
    assert "utanför" in client.get("/b?start=-1").json()["error"]["message"]


def test_the_cli_exits_with_the_errors_exit_code(
    tmp_path: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PROTOKOLL_LOCK_TIMEOUT", "0")
    held = DataLock(tmp_path)  # type: ignore[arg-type]
    try:
        assert main(["--data", str(tmp_path), "list"]) == 3
    finally:
        held.release()
    assert "används av en annan process" in capsys.readouterr().err
