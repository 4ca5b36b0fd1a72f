"""What an ingest is given and what it reports: the files under the paths, per file whether it
was added, replaced, moved, unchanged or failed, the time per stage, and while it runs how far it
has come."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from protokoll.ingest.errors import ProtokollError
from protokoll.ingest.ocr import OcrOptions
from protokoll.service import schemas
from protokoll.service.reading import auto_jobs, read_all
from protokoll.service.settings import Settings

if TYPE_CHECKING:
    from protokoll.index.index import Index

log = logging.getLogger(__name__)

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


# Stages of an ingest as the summary names them, in order.
STAGES = {"read": "läsning och tolkning", "chunk": "chunkning", "embed": "inbäddning",
          "write": "skrivning", "caches": "cacher"}  # fmt: skip


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # same content, new path: old entry removed
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # links (path, message)
    passages: int = 0  # written by this ingest
    reused: int = 0  # of them, with the vector their file's earlier reading had
    seconds: float = 0.0  # the whole command, from the walk to the caches
    jobs: int = 1  # processes reading
    read_seconds: float = 0.0  # reading and parsing, summed over the processes that did it
    read_wait_seconds: float = 0.0  # of which the writing process waited for a read
    stage_seconds: dict[str, float] = field(default_factory=dict)  # chunk, embed, write, caches

    def stages(self) -> dict[str, float]:
        """Seconds per stage (`STAGES`), rounded."""
        out = {"read": self.read_seconds, **self.stage_seconds}
        return {k: round(out.get(k, 0.0), 2) for k in STAGES}

    def as_json(self) -> dict[str, Any]:
        return schemas.IngestReportOut(
            added=self.added,
            replaced=self.replaced,
            moved=self.moved,
            unchanged=self.unchanged,
            failed=[schemas.IngestFailure(path=p, error=m) for p, m in self.failed],
            skipped=[schemas.IngestFailure(path=p, error=m) for p, m in self.skipped],
            passages=self.passages,
            reused=self.reused,
            seconds=round(self.seconds, 2),
            jobs=self.jobs,
            stages=self.stages(),
            read_wait_seconds=round(self.read_wait_seconds, 2),
        ).as_json()


@dataclass
class KindTally:
    """One kind of file (its suffix) in an ingest: what is done, what it took, what is left."""

    bytes_done: int = 0
    seconds: float = 0.0
    files_left: int = 0
    bytes_left: int = 0

    def seconds_left(self, per_file: float) -> float:
        """At this kind's rate per byte so far; at `per_file` per file before it has one."""
        if self.bytes_done > 0:
            return self.bytes_left * self.seconds / self.bytes_done
        return self.files_left * per_file


@dataclass
class IngestTally:
    """Where an ingest is, after each file: for a progress line with rate and time left."""

    done: int
    total: int
    bytes_done: int
    bytes_total: int
    passages: int
    elapsed: float
    kinds: dict[str, KindTally] = field(default_factory=dict)

    def files_per_s(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    def passages_per_s(self) -> float:
        return self.passages / self.elapsed if self.elapsed > 0 else 0.0

    def eta(self) -> float | None:
        """Seconds left; None before anything is known. Per kind of file, from the bytes of
        that kind still to read at the rate that kind has had so far: a byte of a scanned PDF
        costs many times one of a JSON report, so one rate over all bytes would be hours
        wrong while the PDFs are read. A kind not yet begun counts the mean time per file so
        far. Without kinds, one rate over all bytes."""
        if self.done == 0 or self.elapsed <= 0:
            return None
        if self.kinds:
            per_file = self.elapsed / self.done
            return sum(k.seconds_left(per_file) for k in self.kinds.values())
        if self.bytes_done > 0:
            return self.elapsed * (self.bytes_total - self.bytes_done) / self.bytes_done
        return self.elapsed * (self.total - self.done) / self.done


TallyFn = Callable[[IngestTally], None]


class IngestMeter:
    """Counts files and their sizes as an ingest goes, from its start, in all and per kind."""

    def __init__(self, files: list[tuple[Path, str]], started: float) -> None:
        self.sizes = {str(p): _size(p) for p, _ in files}
        self.total_bytes = sum(self.sizes.values())
        self.started = self.last = started
        self.done = 0
        self.bytes_done = 0
        self.kinds: dict[str, KindTally] = {}
        for p, _ in files:
            k = self.kinds.setdefault(p.suffix.lower(), KindTally())
            k.files_left += 1
            k.bytes_left += self.sizes[str(p)]

    def step(self, path: Path, passages: int, now: float | None = None) -> IngestTally:
        now = time.perf_counter() if now is None else now
        size = self.sizes.get(str(path), 0)
        self.done += 1
        self.bytes_done += size
        if (k := self.kinds.get(path.suffix.lower())) is not None:
            # The time since the last file is this file's: reading, embedding and writing.
            k.bytes_done += size
            k.seconds += now - self.last
            k.files_left -= 1
            k.bytes_left -= size
        self.last = now
        return IngestTally(
            self.done, len(self.sizes), self.bytes_done, self.total_bytes, passages,
            now - self.started, {k: replace(v) for k, v in self.kinds.items()},
        )  # fmt: skip


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def collect_files(
    paths: Iterable[Path], follow_links: bool = False
) -> tuple[list[tuple[Path, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    """Files to ingest, each with its key: its path relative to the folder it was found in
    (folders walked, hidden files skipped), or its name when given as a file; the paths that do
    not exist; and the links skipped, each with why.

    A folder's walk stays inside the folder: a symbolic link that points outside it (to a file
    or a folder) is skipped and reported unless `follow_links`, and a dangling link is always
    reported. A link inside the folder is taken as the file it points to."""
    files: list[tuple[Path, str]] = []
    missing: list[tuple[str, str]] = []
    skipped: list[tuple[str, str]] = []
    for p in paths:
        if p.is_dir():
            files.extend(_walk(p, follow_links, skipped))
        elif p.is_file():
            files.append((p, p.name))
        elif p.is_symlink():
            missing.append((str(p), f"{p}: länken pekar på något som inte finns"))
        else:
            missing.append((str(p), f"{p}: finns inte"))
    return files, missing, skipped


def _walk(root: Path, follow_links: bool, skipped: list[tuple[str, str]]) -> list[tuple[Path, str]]:
    real_root = root.resolve()
    found: list[tuple[Path, str]] = []
    seen_dirs: set[Path] = set()
    for folder, dirs, names in os.walk(root, followlinks=follow_links):
        here = Path(folder)
        real = here.resolve()
        if real in seen_dirs:  # a link back to a folder already walked: no loops
            dirs.clear()
            continue
        seen_dirs.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for d in list(dirs):
            link = here / d
            if link.is_symlink() and not follow_links:
                dirs.remove(d)
                if not _inside(link.resolve(), real_root):
                    skipped.append((str(link), _outside(link, root)))
        for name in sorted(names):
            f = here / name
            if any(part.startswith(".") for part in f.relative_to(root).parts):
                continue
            if f.is_symlink():
                target = f.resolve()
                if not target.exists():
                    skipped.append((str(f), f"{f}: länken pekar på något som inte finns"))
                    continue
                if not follow_links and not _inside(target, real_root):
                    skipped.append((str(f), _outside(f, root)))
                    continue
            if f.is_file():
                found.append((f, f.relative_to(root).as_posix()))
    return sorted(found, key=lambda x: x[1])


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _outside(link: Path, root: Path) -> str:
    return f"{link}: länken pekar utanför {root} och hoppas över (ta med den med --follow-links)"


def run_ingest(
    index: Index,
    settings: Settings,
    paths: Iterable[Path],
    progress: ProgressFn | None,
    follow_links: bool,
    jobs: int | None,
    tally: TallyFn | None,
    last: bool,
) -> IngestReport:
    """Read the files under `paths` and add them to `index` (the facade's `ingest`, which holds
    the write lock around it)."""
    started = time.perf_counter()
    files, missing, skipped = collect_files(paths, follow_links)
    report = IngestReport(failed=list(missing), skipped=skipped)
    for _, msg in skipped:
        log.info("%s", msg)
    index.reconcile()
    meter = IngestMeter(files, started)
    writes = index.tally
    before = dict(writes.seconds), writes.passages, writes.reused
    n_jobs = jobs or settings.ingest_jobs or auto_jobs()
    ocr = ocr_options(settings, progress)
    reads = read_all(files, n_jobs, ocr, settings.read_limits())
    waited = 0.0
    for i, (path, _) in enumerate(files, 1):
        if progress:
            progress(i, len(files), str(path))
        t0 = time.perf_counter()
        read = next(reads)
        waited += time.perf_counter() - t0
        report.read_seconds += read.seconds
        try:
            if read.protocol is None:
                raise ProtokollError(read.error or str(path))
            status = index.add(read.protocol)
        except ProtokollError as exc:
            msg = str(exc) if str(path) in str(exc) else f"{path}: {exc}"
            # Info, not warning: the report names every failure once, in the summary; a
            # warning would also land in the middle of the CLI's progress line.
            log.info("%s", msg)
            report.failed.append((str(path), msg))
        else:
            getattr(report, status).append(str(path))
        finally:
            if tally:
                tally(meter.step(path, writes.passages - before[1]))
    report.read_wait_seconds = waited
    # The derived caches are brought up to date here, by the writer, so that the next
    # reader (a server's first start) loads them instead of rebuilding them.
    t0 = time.perf_counter()
    if last:
        # Nothing is embedded from here on: at 100k chunks the passage runtime beside the
        # caches' build took the ingest to 1.56 GB, without it 1.07 GB (docs/quality.md;
        # measured before its word table left the graph). A long-lived process keeps it:
        # reloading costs ~0.3 s.
        index.embedder.release_documents()
    index.settle()
    report.stage_seconds = {k: v - before[0].get(k, 0.0) for k, v in writes.seconds.items()} | {
        "caches": time.perf_counter() - t0
    }
    report.passages = writes.passages - before[1]
    report.reused = writes.reused - before[2]
    report.seconds = time.perf_counter() - started
    report.jobs = n_jobs
    return report
