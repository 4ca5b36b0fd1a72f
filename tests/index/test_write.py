"""Writes (`index/write.py`): the index follows its files exactly: no duplicates, no stale text,
nothing lost, and an interrupted write is cleaned up."""

from pathlib import Path

import numpy as np
import pytest
from protokoll.ingest import records
from protokoll.ingest.chunking import chunk_protocol
from protokoll.ingest.records import Protocol
from protokoll.service.facade import Protokollsok

Q = "vem ersatte Karin Torstensson?"


def texts(app: Protokollsok, query: str, mode: str = "hybrid", k: int = 20) -> str:
    return " ".join(r["text"] for r in app.search(query, k=k, mode=mode)["results"])


def test_reingest_same_folder_adds_nothing(fresh_app: Protokollsok, seed_copy: Path) -> None:
    first = fresh_app.ingest([seed_copy])
    assert len(first.added) == 2
    before = fresh_app.stats()
    second = fresh_app.ingest([seed_copy])
    assert second.added == [] and second.replaced == [] and len(second.unchanged) == 2
    assert fresh_app.stats() == before
    assert before["vectors"] == before["chunks"]


def test_a_new_reading_replaces_unchanged_files_at_the_next_ingest(
    fresh_app: Protokollsok, seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A release that reads the same text into other sections or chunks bumps READING_VERSION:
    # the files are re-read as replacements, not kept in their old reading.
    fresh_app.ingest([seed_copy])
    before = fresh_app.stats()
    monkeypatch.setattr(records, "READING_VERSION", "nästa tolkning")
    report = fresh_app.ingest([seed_copy], jobs=1)  # in this process, which has the new reading
    assert len(report.replaced) == 2 and report.unchanged == [] and report.added == []
    after = fresh_app.stats()
    assert after["protocols"] == before["protocols"] and after["chunks"] == before["chunks"]
    assert after["vectors"] == after["chunks"]
    assert len(fresh_app.ingest([seed_copy], jobs=1).unchanged) == 2
    assert "Karin Jilkén" in texts(fresh_app, Q)


def test_a_new_reading_keeps_the_vectors_of_the_passages_it_reads_alike(
    fresh_app: Protokollsok, seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh_app.ingest([seed_copy])
    index = fresh_app.index

    def vectors() -> dict[tuple[str, int], np.ndarray]:
        """The stored vectors by where their passage stands (ids change with the version)."""
        place = {r.chunk.id: (r.chunk.protocol_id, r.chunk.start)
                 for r in index.catalog.active_chunks()}  # fmt: skip
        return {place[c]: v for c, v in index.backend.vectors.vectors(list(place)).items()}

    before = vectors()
    embedded: list[str] = []
    encode = index.embedder.encode_documents

    def counted(texts: list[str], show_progress: bool = False):  # type: ignore[no-untyped-def]
        embedded.extend(texts)
        return encode(texts, show_progress)

    monkeypatch.setattr(index.embedder, "encode_documents", counted)
    monkeypatch.setattr(records, "READING_VERSION", "nästa tolkning")
    report = fresh_app.ingest([seed_copy], jobs=1)
    assert len(report.replaced) == 2 and report.reused == report.passages > 0
    assert embedded == []  # neither a passage nor a decision
    after = vectors()
    # The same vectors under the new version's chunk ids (the store normalises them again).
    assert after.keys() == before.keys()
    assert all(np.allclose(after[k], before[k], atol=1e-6) for k in before)
    assert "Karin Jilkén" in texts(fresh_app, Q)

    # A corrected paragraph is embedded again; the rest of the file keeps its vectors.
    f = next(seed_copy.glob("000_*"))
    f.write_text(
        f.read_text(encoding="utf-8").replace("Karin Jilkén", "Birgitta Exempelsson"),
        encoding="utf-8",
    )
    embedded.clear()
    report = fresh_app.ingest([seed_copy], jobs=1)
    assert report.replaced == [str(f)] and 0 < report.reused < report.passages
    assert any("Birgitta Exempelsson" in t for t in embedded)
    assert "Birgitta Exempelsson" in texts(fresh_app, Q, "dense")


def test_a_new_recipe_for_the_embedded_text_embeds_every_passage_again(
    fresh_app: Protokollsok, seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from protokoll.index import write

    fresh_app.ingest([seed_copy])
    monkeypatch.setattr(records, "READING_VERSION", "nästa tolkning")
    monkeypatch.setattr(write, "EMBEDDING_TEXT", "2")  # the header is composed another way
    report = fresh_app.ingest([seed_copy], jobs=1)
    assert len(report.replaced) == 2 and report.reused == 0 and report.passages > 0
    # Written under the new recipe, they are kept at the next reading.
    monkeypatch.setattr(records, "READING_VERSION", "tolkningen därefter")
    assert fresh_app.ingest([seed_copy], jobs=1).reused == report.passages


def test_corrected_file_replaces_old_text_everywhere(
    fresh_app: Protokollsok, seed_copy: Path
) -> None:
    fresh_app.ingest([seed_copy])
    f = next(seed_copy.glob("000_*"))
    f.write_text(
        f.read_text(encoding="utf-8").replace("Karin Jilkén", "Birgitta Exempelsson"),
        encoding="utf-8",
    )
    report = fresh_app.ingest([seed_copy])
    assert report.replaced == [str(f)]
    for mode in ("dense", "lexical", "hybrid"):
        found = texts(fresh_app, Q, mode)
        assert "Karin Jilkén" not in found, mode
        assert "Birgitta Exempelsson" in found, mode
    st = fresh_app.stats()
    assert st["vectors"] == st["chunks"] and st["protocols"] == 2


def test_moved_file_replaces_its_old_entry_and_a_copy_stays_its_own(
    fresh_app: Protokollsok, seed_copy: Path, tmp_path: Path
) -> None:
    fresh_app.ingest([seed_copy])
    old = next(seed_copy.glob("000_*"))
    moved = tmp_path / "arkiv" / "2023" / old.name
    moved.parent.mkdir(parents=True)
    old.rename(moved)
    report = fresh_app.ingest([moved])
    assert report.moved == [str(moved)] and not report.added
    sources = {p["source"] for p in fresh_app.protocols()}
    assert str(moved.resolve()) in sources and str(old.resolve()) not in sources
    jilken = [r for r in fresh_app.search(Q, k=5)["results"] if "Karin Jilkén" in r["text"]]
    assert jilken and {r["protocol"]["source"] for r in jilken} == {str(moved.resolve())}
    st = fresh_app.stats()
    assert st["protocols"] == 2 and st["vectors"] == st["chunks"]

    copy = tmp_path / "kopia.txt"
    copy.write_bytes(moved.read_bytes())
    assert fresh_app.ingest([copy]).added == [str(copy)]
    assert fresh_app.stats()["protocols"] == 3


def test_a_file_moved_across_an_upgrade_replaces_its_entry_read_the_old_way(
    fresh_app: Protokollsok, seed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file is renamed while a release with a new reading is installed: its id and version
    # both differ from the stored ones, yet it is the same text, so the old entry must go.
    fresh_app.ingest([seed_copy])
    old = next(seed_copy.glob("000_*"))
    moved = tmp_path / "arkiv" / "ledning-2023-09-29.txt"
    moved.parent.mkdir()
    old.rename(moved)
    earlier = (records.READING_VERSION, *records.EARLIER_READINGS)
    monkeypatch.setattr(records, "READING_VERSION", "nästa tolkning")
    monkeypatch.setattr(records, "EARLIER_READINGS", earlier)
    report = fresh_app.ingest([moved], jobs=1)  # in this process, which has the new reading
    assert report.moved == [str(moved)] and not report.added
    sources = {p["source"] for p in fresh_app.protocols()}
    assert str(moved.resolve()) in sources and str(old.resolve()) not in sources
    st = fresh_app.stats()
    assert st["protocols"] == 2 and st["vectors"] == st["chunks"]


def test_delete_removes_protocol_from_every_index(fresh_app: Protokollsok, seed_copy: Path) -> None:
    fresh_app.ingest([seed_copy])
    pid = fresh_app.search(Q, k=1)["results"][0]["protocol"]["id"]
    fresh_app.delete(pid)
    for mode in ("dense", "lexical", "hybrid"):
        assert all(
            r["protocol"]["id"] != pid for r in fresh_app.search(Q, k=20, mode=mode)["results"]
        )
    st = fresh_app.stats()
    assert st["protocols"] == 1 and st["vectors"] == st["chunks"]


def test_interrupted_write_keeps_old_version_visible_and_reconcile_cleans_up(
    fresh_app: Protokollsok, seed_copy: Path
) -> None:
    fresh_app.ingest([seed_copy])
    f = next(seed_copy.glob("000_*"))
    f.write_text(
        f.read_text(encoding="utf-8").replace("Karin Jilkén", "Nils Avbruten"), encoding="utf-8"
    )
    # Phase 1 and the vector upsert of a new version, then "crash" before activation.
    p: Protocol = fresh_app.read_protocol(f)
    index = fresh_app.index
    chunks = chunk_protocol(p)
    index.catalog.begin_version(p, chunks, ["x"] * len(chunks))
    vecs = index.embedder.encode_documents([c.text for c in chunks])
    index.vectors.upsert([c.id for c in chunks], vecs, [{"protocol_id": p.id}] * len(chunks))
    found = texts(fresh_app, Q)
    assert "Karin Jilkén" in found and "Nils Avbruten" not in found
    assert index.reconcile() == {"pending": len(chunks), "orphans": 0}
    st = fresh_app.stats()
    assert st["pending"] == 0 and st["vectors"] == st["chunks"]
    # The next ingest converges to the new version.
    assert fresh_app.ingest([seed_copy]).replaced == [str(f)]
    assert "Nils Avbruten" in texts(fresh_app, Q)


def test_bad_files_are_named_and_leave_the_index_unchanged(
    fresh_app: Protokollsok, seed_copy: Path
) -> None:
    fresh_app.ingest([seed_copy])
    before = fresh_app.stats()
    (seed_copy / "tom.txt").write_bytes(b"")
    (seed_copy / "konstig.xyz").write_text("hej")
    report = fresh_app.ingest([seed_copy, seed_copy / "saknas.txt"])
    failed = " ".join(m for _, m in report.failed)
    for name in ("tom.txt", "konstig.xyz", "saknas.txt"):
        assert name in failed
    assert fresh_app.stats() == before
