"""A folder ingest stays inside the folder it was given: links out of it are skipped and named,
dangling links are named too, and --follow-links takes them in."""

from __future__ import annotations

from pathlib import Path

from protokoll.service.ingesting import collect_files

TEXT = "Protokoll Kommunstyrelsen 2024-01-02\n\n1. Öppnande\n"


def _folder(tmp_path: Path) -> tuple[Path, Path]:
    outside = tmp_path / "hemligt"
    outside.mkdir()
    (outside / "passwd.txt").write_text("root:x:0:0", encoding="utf-8")
    root = tmp_path / "protokoll"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "passwd.txt").symlink_to(outside / "passwd.txt")
    (root / "ut").symlink_to(outside, target_is_directory=True)
    (root / "sub" / "kopia.txt").symlink_to(root / "a.txt")  # inside the folder: taken
    (root / "borta.txt").symlink_to(tmp_path / "finns-inte.txt")
    return root, outside


def test_symlink_outside_folder_is_skipped_and_reported(tmp_path: Path) -> None:
    root, _ = _folder(tmp_path)
    files, missing, skipped = collect_files([root])
    assert sorted(key for _, key in files) == ["a.txt", "sub/kopia.txt"]
    assert not missing
    reported = {Path(p).name: msg for p, msg in skipped}
    assert set(reported) == {"passwd.txt", "ut", "borta.txt"}
    assert "pekar utanför" in reported["passwd.txt"] and "--follow-links" in reported["passwd.txt"]
    assert "pekar utanför" in reported["ut"]
    assert "inte finns" in reported["borta.txt"]


def test_follow_links_takes_in_files_and_folders_outside(tmp_path: Path) -> None:
    root, _ = _folder(tmp_path)
    files, _, skipped = collect_files([root], follow_links=True)
    assert sorted(key for _, key in files) == [
        "a.txt", "passwd.txt", "sub/kopia.txt", "ut/passwd.txt",
    ]  # fmt: skip
    assert [Path(p).name for p, _ in skipped] == ["borta.txt"]  # dangling: always reported


def test_a_link_looping_back_into_the_folder_is_walked_once(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "igen").symlink_to(root, target_is_directory=True)
    files, _, skipped = collect_files([root], follow_links=True)
    assert [key for _, key in files] == ["a.txt"] and not skipped
