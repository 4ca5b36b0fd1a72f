"""Bad input: each file fails with one line naming it and the reason, the exit status is 1, the
rest of the batch is still read, and nothing already indexed changes."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from protokoll.index.embedding import Embedder
from protokoll.service.cli.commands import ingest as cli_ingest
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

from .pdf_samples import protocol_pages, write_pdf


def _docx_bytes(tmp: Path) -> bytes:
    # A minimal but valid-looking package start: truncated, it is no longer a zip archive.
    f = tmp / "x.zip"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>" * 200)
        z.writestr("word/document.xml", "<w:document/>" * 200)
    return f.read_bytes()


def _make(tmp: Path, name: str) -> tuple[Path, str]:
    """A bad file and a fragment its message must contain."""
    f = tmp / name
    if name == "tom.txt":
        f.write_bytes(b"")
        return f, "tom"
    if name == "skrap.pdf":
        f.write_bytes(os.urandom(20000).replace(b"%PDF", b"xxxx"))
        return f, "ingen PDF"
    if name == "konstig.xyz":
        f.write_text("hej hej hej hej hej hej hej", encoding="utf-8")
        return f, "stöds inte"
    if name == "skannad.pdf":
        write_pdf(f, [[], []], image_only=True)
        return f, "OCR"
    if name == "trasig.docx":
        f.write_bytes(_docx_bytes(tmp)[:300])
        return f, "skadad"
    if name == "tom.html":
        f.write_text("<html><body><nav>Meny</nav><script>x()</script></body></html>")
        return f, "ingen text"
    if name == "avkortad.pdf":
        f.write_bytes(write_pdf(tmp / "hel.pdf", protocol_pages(2)).read_bytes()[:400])
        (tmp / "hel.pdf").unlink()
        return f, "skadad"
    if name == "annan.json":
        f.write_text('{"hello": "world"}', encoding="utf-8")
        return f, "okänt JSON-format"
    raise AssertionError(name)


CASES = ["tom.txt", "skrap.pdf", "konstig.xyz", "skannad.pdf", "trasig.docx", "tom.html",
         "avkortad.pdf", "annan.json"]  # fmt: skip


def _ingest(app: Protokollsok, paths: list[Path], capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    rc = cli_ingest(app, argparse.Namespace(paths=paths, json=False))
    return rc, capsys.readouterr()


def _state(app: Protokollsok) -> tuple[dict[str, int], list[str]]:
    st = app.stats()
    counts = {k: st[k] for k in ("protocols", "chunks", "vectors", "people", "sections")}
    return counts, [r["chunk_id"] for r in app.search("Karin Jilkén", k=10)["results"]]


@pytest.fixture(scope="module")
def indexed_app(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, seeds: Path
) -> Iterator[Protokollsok]:
    """An index over the seeds that every bad file below must leave exactly as it is."""
    data = tmp_path_factory.mktemp("bad-input")
    with Protokollsok(Settings(data=data), embedder=embedder) as app:
        assert len(app.ingest([seeds]).added) == 2
        yield app


@pytest.mark.parametrize("name", CASES)
def test_bad_file_is_named_with_its_reason_exit_1_and_the_index_unchanged(
    name: str, indexed_app: Protokollsok, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(indexed_app)
    bad, fragment = _make(tmp_path, name)
    rc, out = _ingest(indexed_app, [bad], capsys)
    assert rc == 1
    errors = [ln for ln in out.err.splitlines() if ln.strip().startswith("!")]
    assert len(errors) == 1
    assert name in errors[0] and fragment in errors[0]
    assert "misslyckade: 1" in out.out
    assert _state(indexed_app) == before


def test_missing_path_is_named(
    fresh_app: Protokollsok, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc, out = _ingest(fresh_app, [tmp_path / "finns-inte.pdf"], capsys)
    assert rc == 1 and "finns-inte.pdf" in out.err and "finns inte" in out.err


def test_a_folder_with_a_mix_ingests_the_good_and_names_every_bad_file(
    fresh_app: Protokollsok, seed_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh_app.ingest([seed_copy / next(p.name for p in seed_copy.glob("000_*"))])
    before = _state(fresh_app)
    (first,) = fresh_app.protocols()
    first_before = fresh_app.protocol(first["id"], with_text=True)
    for name in CASES:
        _make(seed_copy, name)
    write_pdf(seed_copy / "kultur.pdf", protocol_pages(3))
    rc, out = _ingest(fresh_app, [seed_copy], capsys)
    assert rc == 1
    for name in CASES:
        assert name in out.err
    added = [ln for ln in out.out.splitlines() if ln.startswith("  + ")]
    assert sorted(Path(a[4:]).name for a in added) == sorted(
        ["kultur.pdf", next(p.name for p in seed_copy.glob("003_*"))]
    )
    counts, _ = _state(fresh_app)
    assert counts["protocols"] == before[0]["protocols"] + 2
    assert counts["vectors"] == counts["chunks"]
    # What was indexed before is untouched: same version, same text, same chunks.
    assert fresh_app.protocol(first["id"], with_text=True) == first_before


@pytest.mark.slow
def test_real_cli_over_bad_files_exits_1_names_them_and_indexes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("tom.txt", "skrap.pdf", "konstig.xyz", "trasig.docx"):
        _make(src, name)
    data = tmp_path / "data"
    exe = [sys.executable, "-m", "protokoll.service.cli", "--data", str(data)]
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    p = subprocess.run([*exe, "ingest", str(src)], capture_output=True, text=True, env=env)
    assert p.returncode == 1
    for name in ("tom.txt", "skrap.pdf", "konstig.xyz", "trasig.docx"):
        assert sum(name in ln for ln in p.stderr.splitlines() if "!" in ln) == 1
    st = subprocess.run([*exe, "stats", "--json"], capture_output=True, text=True, env=env)
    assert json.loads(st.stdout)["protocols"] == 0
    shutil.rmtree(data)
