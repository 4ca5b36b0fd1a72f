"""`Protokollsok`: the one facade the CLI and the HTTP app call.

It owns the data folder (lock), the index and the model for its lifetime: construct it once per
CLI command or once in the FastAPI lifespan. It returns plain JSON-ready dicts in the public
contract's shape, so both shells only parse input and print or send the result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from protokoll.index.embedding import Embedder, load_embedder
from protokoll.index.lock import DataLock
from protokoll.index.store import Hit, Index, IndexSettings, Mode
from protokoll.ingest.errors import ProtokollError, ReadError
from protokoll.ingest.parse import parse_protocol
from protokoll.ingest.readers import read_document
from protokoll.ingest.records import Protocol
from protokoll.service.highlight import match_spans
from protokoll.service.settings import Settings

log = logging.getLogger(__name__)


class NotFound(ProtokollError):
    code = "not_found"


class InvalidInput(ProtokollError):
    code = "invalid_input"


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)

    def as_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "failed": [{"path": p, "error": m} for p, m in self.failed],
        }


ProgressFn = Callable[[int, int, str], None]


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to ingest (folders walked, hidden files skipped), and paths that do not exist."""
    files: list[Path] = []
    missing: list[tuple[str, str]] = []
    for p in paths:
        if p.is_dir():
            files.extend(
                f for f in sorted(p.rglob("*"))
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )  # fmt: skip
        elif p.is_file():
            files.append(p)
        else:
            missing.append((str(p), f"{p}: finns inte"))
    return files, missing


def protocol_json(p: Protocol) -> dict[str, Any]:
    return {
        "id": p.id,
        "title": p.title,
        "date": p.date.isoformat() if p.date else None,
        "body": p.body,
        "kind": p.kind,
        "place": p.place,
        "source": p.source,
    }


def citation_label(
    p: Protocol, section_number: str | None, section_title: str, page: int | None
) -> str:
    """ "Protokoll Läns-gemensam ledning 2023-09-29, punkt 7 Beslutspunkter, s. 4"."""
    parts = [p.title]
    if p.date and p.date.isoformat() not in p.title:
        parts.append(p.date.isoformat())
    if section_number:
        sec = (
            f"§ {section_number}"
            if _uses_paragraphs(p, section_number)
            else f"punkt {section_number}"
        )
        parts.append(f"{sec} {section_title}".strip())
    elif section_title and section_title != "Inledning":
        parts.append(section_title)
    if page:
        parts.append(f"s. {page}")
    return ", ".join(parts)


def _uses_paragraphs(p: Protocol, number: str) -> bool:
    return f"§ {number}" in p.text or f"§{number}" in p.text


class Protokollsok:
    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        data = settings.data
        self._lock = None if settings.chroma_server else DataLock(data, settings.lock_timeout)
        try:
            self.index = Index(
                data,
                embedder=(lambda: embedder) if embedder else self._load_embedder,
                settings=IndexSettings(
                    chunk_size=settings.chunk_size,
                    chunk_overlap=settings.chunk_overlap,
                    dense_weight=settings.dense_weight,
                    candidates=settings.candidates,
                    language=settings.language,
                ),
                chroma_server=settings.chroma_server,
            )
        except BaseException:
            self.close()
            raise

    def _load_embedder(self) -> Embedder:
        s = self.settings
        return load_embedder(s.model, s.model_cache, device=s.device, batch_size=s.batch_size)

    def close(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Protokollsok:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest ----------------------------------------------------------------------------
    def ingest(self, paths: Iterable[Path], progress: ProgressFn | None = None) -> IngestReport:
        files, missing = collect_files(paths)
        report = IngestReport(failed=list(missing))
        self.index.reconcile()
        for i, path in enumerate(files, 1):
            if progress:
                progress(i, len(files), str(path))
            try:
                protocol = self.read_protocol(path)
                status = self.index.add(protocol)
            except ProtokollError as exc:
                msg = str(exc) if str(path) in str(exc) else f"{path}: {exc}"
                log.warning("%s", msg)
                report.failed.append((str(path), msg))
                continue
            getattr(report, status).append(str(path))
        return report

    @staticmethod
    def read_protocol(path: Path) -> Protocol:
        doc = read_document(path)
        try:
            return parse_protocol(doc, str(path.resolve()))
        except Exception as exc:  # a parser bug must not stop a folder ingest
            log.exception("tolkningsfel i %s", path)
            raise ReadError(str(path), f"kunde inte tolkas som protokoll ({exc})") from exc

    # -- search ----------------------------------------------------------------------------
    def search(
        self,
        query: str,
        k: int = 10,
        date_from: date | None = None,
        date_to: date | None = None,
        body: str | None = None,
        mode: str | None = None,
    ) -> dict[str, Any]:
        query = query.strip()
        if not query:
            raise InvalidInput("Frågan är tom.")
        if not 1 <= k <= 50:
            raise InvalidInput("k måste vara mellan 1 och 50.")
        if date_from and date_to and date_from > date_to:
            raise InvalidInput("Startdatum ligger efter slutdatum.")
        use_mode: Mode = mode or self.settings.search_mode  # type: ignore[assignment]
        hits = self.index.search(query, k, date_from, date_to, body, use_mode)
        return {
            "query": query,
            "filters": {
                "from": date_from.isoformat() if date_from else None,
                "to": date_to.isoformat() if date_to else None,
                "body": body,
            },
            "mode": use_mode,
            "results": [self.hit_json(h, query) for h in hits],
        }

    def hit_json(self, hit: Hit, query: str) -> dict[str, Any]:
        c, p = hit.chunk, hit.protocol
        return {
            "rank": hit.rank,
            "score": hit.score,
            "text": c.text,
            "protocol": protocol_json(p),
            "section": {"number": c.section_number, "title": c.section_title},
            "page": c.page,
            "start": c.start,
            "end": c.end,
            "chunk_id": c.id,
            "citation": citation_label(p, c.section_number, c.section_title, c.page),
            "highlights": [list(s) for s in match_spans(self.index.analyzer, query, c.text)],
            "url": f"/protokoll/{p.id}?start={c.start}&end={c.end}",
        }

    # -- protocols -------------------------------------------------------------------------
    def protocols(self) -> list[dict[str, Any]]:
        out = []
        for p in self.index.catalog.protocols():
            out.append(protocol_json(p))
        return out

    def protocol(self, protocol_id: str, with_text: bool = True) -> dict[str, Any]:
        p = self.index.catalog.protocol(protocol_id)
        if p is None:
            raise NotFound(f"Inget protokoll med id '{protocol_id}'.")
        out = protocol_json(p)
        out["version"] = p.version
        out["format"] = p.format
        out["sections"] = [
            {"number": s.number, "title": s.title, "kind": s.kind, "start": s.start,
             "end": s.end, "page": s.page}
            for s in p.sections
        ]  # fmt: skip
        out["attendance"] = [
            {"name": x.name, "organisation": x.organisation, "role": x.role,
             "start": x.start, "end": x.end}
            for x in p.attendance
        ]  # fmt: skip
        out["chunks"] = len(self.index.catalog.chunks_of(protocol_id))
        if with_text:
            out["text"] = p.text
        return out

    def delete(self, protocol_id: str) -> None:
        if not self.index.delete(protocol_id):
            raise NotFound(f"Inget protokoll med id '{protocol_id}'.")

    def stats(self) -> dict[str, Any]:
        counts = self.index.catalog.counts()
        return {
            **counts,
            "vectors": self.index.vectors.count(),
            "model": self.index.catalog.get_meta("model") or self.settings.model,
            "data": str(self.settings.data),
            "bodies": sorted(self.index.catalog.bodies()),
        }
