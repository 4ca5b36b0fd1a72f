"""Protocol ids come from a file's path relative to the folder that was ingested, so an archive
keeps its ids (and the links to them) when it is moved or rebuilt on another machine."""

from __future__ import annotations

import shutil
from pathlib import Path

from protokoll.index.embedding import Embedder
from protokoll.index.upkeep import ID_SCHEME
from protokoll.ingest.records import protocol_id_for
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

Q = "vem ersatte Karin Torstensson?"


def ids(app: Protokollsok) -> dict[str, str]:
    return {Path(p["source"]).name: p["id"] for p in app.protocols()}


def test_an_index_moved_with_its_archive_keeps_its_ids_and_urls(
    tmp_path: Path, embedder: Embedder, seeds: Path
) -> None:
    archive, data = tmp_path / "arkiv", tmp_path / "data"
    shutil.copytree(seeds, archive / "ledning")
    with Protokollsok(Settings(data=data), embedder=embedder) as app:
        assert len(app.ingest([archive]).added) == 2
        before = ids(app)
        url = app.search(Q, k=1)["results"][0]["url"]
    # Both the archive and the data folder move, to paths of other names.
    archive.rename(tmp_path / "flyttat-arkiv")
    data.rename(tmp_path / "ny-data")
    with Protokollsok(Settings(data=tmp_path / "ny-data"), embedder=embedder) as app:
        assert ids(app) == before
        report = app.ingest([tmp_path / "flyttat-arkiv"])
        assert not report.added and not report.replaced and len(report.moved) == 2
        assert ids(app) == before and app.stats()["protocols"] == 2
        assert app.search(Q, k=1)["results"][0]["url"] == url
        sources = {p["source"] for p in app.protocols()}
        assert all(s.startswith(str((tmp_path / "flyttat-arkiv").resolve())) for s in sources)


def test_the_same_archive_elsewhere_gets_the_same_ids(
    tmp_path: Path, embedder: Embedder, seeds: Path
) -> None:
    found = []
    for machine in ("a", "b"):
        archive = tmp_path / machine / "någon" / "mapp"
        shutil.copytree(seeds, archive)
        with Protokollsok(Settings(data=tmp_path / machine / "data"), embedder=embedder) as app:
            app.ingest([archive])
            found.append(ids(app))
    assert found[0] == found[1] and len(found[0]) == 2


def test_two_folders_with_the_same_file_name_are_two_protocols(
    fresh_app: Protokollsok, tmp_path: Path, seeds: Path
) -> None:
    first, second = sorted(seeds.iterdir())[:2]
    for year, src in (("2022", first), ("2023", second)):
        (tmp_path / year).mkdir()
        shutil.copy(src, tmp_path / year / "protokoll.txt")
        assert len(fresh_app.ingest([tmp_path / year]).added) == 1
    assert fresh_app.stats()["protocols"] == 2
    # Ingesting either folder again changes nothing.
    assert len(fresh_app.ingest([tmp_path / "2022"]).unchanged) == 1
    assert fresh_app.stats()["protocols"] == 2


def test_a_data_folder_with_path_ids_is_renamed_on_first_open_without_re_embedding(
    tmp_path: Path, embedder: Embedder, seed_copy: Path
) -> None:
    data = tmp_path / "data"
    with Protokollsok(Settings(data=data), embedder=embedder) as app:
        app.ingest([seed_copy])
        fresh = ids(app)
        answer = app.search(Q, k=1)["results"][0]["text"]
        # Make the folder look as one written when ids came from absolute paths.
        for p in app.protocols():
            app.index._writer.rekey(p["id"], protocol_id_for(p["source"], Path(p["source"]).stem))
        app.index.catalog.set_meta("ids", "")
        assert ids(app) != fresh
    with Protokollsok(Settings(data=data), embedder=embedder) as app:
        assert ids(app) == fresh
        assert app.index.catalog.get_meta("ids") == ID_SCHEME
        st = app.stats()
        assert st["protocols"] == 2 and st["vectors"] == st["chunks"]
        assert app.search(Q, k=1)["results"][0]["text"] == answer
        assert len(app.ingest([seed_copy]).unchanged) == 2
