"""What an ingest is given and what it reports: the files under the paths, and per file whether
it was added, replaced, moved, unchanged or failed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from protokoll.ingest.ocr import OcrOptions
from protokoll.service import schemas
from protokoll.service.settings import Settings

ProgressFn = Callable[[int, int, str], None]


def ocr_options(settings: Settings, progress: ProgressFn | None = None) -> OcrOptions:
    """OCR as the settings say, cached in the data folder's `ocr/`, each page done told to
    `progress` as "OCR fil.pdf s. 3"."""

    def tell(i: int, n: int, label: str) -> None:
        if progress:
            progress(i, n, f"OCR {label}")

    return OcrOptions(
        enabled=settings.ocr, cache_dir=settings.data / "ocr", min_swedish=settings.ocr_min_swedish,
        jobs=settings.ocr_jobs, progress=tell if progress else None,
    )  # fmt: skip


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # same content, new path: old entry removed
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)

    def as_json(self) -> dict[str, Any]:
        return schemas.IngestReportOut(
            added=self.added,
            replaced=self.replaced,
            moved=self.moved,
            unchanged=self.unchanged,
            failed=[schemas.IngestFailure(path=p, error=m) for p, m in self.failed],
        ).as_json()


def collect_files(
    paths: Iterable[Path],
) -> tuple[list[tuple[Path, str]], list[tuple[str, str]]]:
    """Files to ingest, each with its key: its path relative to the folder it was found in
    (folders walked, hidden files skipped), or its name when given as a file; and the paths that
    do not exist."""
    files: list[tuple[Path, str]] = []
    missing: list[tuple[str, str]] = []
    for p in paths:
        if p.is_dir():
            files.extend(
                (f, f.relative_to(p).as_posix()) for f in sorted(p.rglob("*"))
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )  # fmt: skip
        elif p.is_file():
            files.append((p, p.name))
        else:
            missing.append((str(p), f"{p}: finns inte"))
    return files, missing
