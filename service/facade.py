"""`Protokollsok`: the one facade the CLI and the HTTP app call.

It owns the data folder (lock), the index and the model for its lifetime: construct it once per
CLI command or once in the FastAPI lifespan. It returns plain JSON-ready dicts in the public
contract's shape, so both shells only parse input and print or send the result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
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
from protokoll.service.understanding import Understood, understand

log = logging.getLogger(__name__)


MAX_QUERY_CHARS = 500


class NotFound(ProtokollError):
    code = "not_found"


class InvalidInput(ProtokollError):
    code = "invalid_input"


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # same content, new path: old entry removed
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)

    def as_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "replaced": self.replaced,
            "moved": self.moved,
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
    # "§ 45" / "§45", or number first as in Finland-Swedish protocols: "45 §" / "45§".
    return any(f in p.text for f in (f"§ {number}", f"§{number}", f"{number} §", f"{number}§"))


class Protokollsok:
    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        data = settings.data
        # A local Chroma folder is owned by exactly one process for its lifetime (two
        # PersistentClients on one folder corrupt it, ../shared/notes/chromadb.md). With a Chroma
        # server the server holds the index, and a data folder is only a cache of it (catalog,
        # lexical and derived indexes), so readers need no lock and may even share a folder
        # (SQLite in WAL mode). Writers still take the folder's lock, but only while they write
        # (`_writing`): two concurrent ingests would otherwise race, and one's `reconcile` would
        # discard the other's in-flight `pending` version.
        self._lock = None if settings.chroma_url else DataLock(data, settings.lock_timeout)
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
                chroma_server=settings.chroma_url,
                server_collection=settings.chroma_collection,
            )
        except BaseException:
            self.close()
            raise

    def _load_embedder(self) -> Embedder:
        s = self.settings
        return load_embedder(
            s.model, s.model_cache, device=s.device, batch_size=s.batch_size,
            query_runtime=s.query_runtime, query_threads=s.query_threads,
            precision=s.document_precision,
        )  # fmt: skip

    def close(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Protokollsok:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Exclusive write access: held already (local Chroma), or taken for this write (the
        data folder's lock, and with a Chroma server the index's write lease)."""
        if self._lock is not None:
            yield
            return
        lock = DataLock(self.settings.data, self.settings.lock_timeout)
        try:
            with self.index.writing():
                yield
        finally:
            lock.release()

    # -- ingest ----------------------------------------------------------------------------
    def ingest(self, paths: Iterable[Path], progress: ProgressFn | None = None) -> IngestReport:
        with self._writing():
            return self._ingest(paths, progress)

    def _ingest(self, paths: Iterable[Path], progress: ProgressFn | None) -> IngestReport:
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
                # Info, not warning: the report names every failure once, in the summary; a
                # warning would also land in the middle of the CLI's progress line.
                log.info("%s", msg)
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
        if len(query) > MAX_QUERY_CHARS:
            raise InvalidInput(f"Frågan är för lång (högst {MAX_QUERY_CHARS} tecken).")
        if not 1 <= k <= 50:
            raise InvalidInput("k måste vara mellan 1 och 50.")
        if date_from and date_to and date_from > date_to:
            raise InvalidInput("Startdatum ligger efter slutdatum.")
        use_mode: Mode = mode or self.settings.search_mode  # type: ignore[assignment]
        u = self.understand(query)
        # Explicit filters win over what was read from the question.
        if date_from or date_to:
            u.date_from, u.date_to, u.date_expression = date_from, date_to, None
            u.month = u.day = None
        if body:
            u.body = body
        text = u.search_text
        hits = self.index.search(
            text, k, u.date_from, u.date_to, u.body, use_mode,
            dense_text=self._apply(u.corrections, text) if u.corrections else None,
            month=u.month, day=u.day,
        )  # fmt: skip
        return {
            "query": query,
            "understood": u.as_json(),
            "filters": {
                "from": u.date_from.isoformat() if u.date_from else None,
                "to": u.date_to.isoformat() if u.date_to else None,
                "body": u.body,
            },
            "mode": use_mode,
            "results": [self.hit_json(h, text) for h in hits],
        }

    def ask(self, question: str) -> dict[str, Any]:
        """A short Swedish answer with verified citations, or an honest "not found"."""
        from protokoll.service.ask import Asker

        question = question.strip()
        if not question:
            raise InvalidInput("Frågan är tom.")
        if len(question) > MAX_QUERY_CHARS:
            raise InvalidInput(f"Frågan är för lång (högst {MAX_QUERY_CHARS} tecken).")
        return Asker(self).ask(question)

    def understand(self, query: str) -> Understood:
        """The question read once: filters, question type, spelling; shared by search and ask."""
        self.index.refresh()
        catalog = self.index.catalog
        u = understand(query, catalog.newest_date(), catalog.bodies())
        u.corrections = self.index.spelling(u.search_text)
        return u

    @staticmethod
    def _apply(corrections: dict[str, str], text: str) -> str:
        for wrong, right in corrections.items():
            text = text.replace(wrong, right)
        return text

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
        self.index.refresh()
        out = []
        for p in self.index.catalog.protocols():
            out.append(protocol_json(p))
        return out

    def protocol(self, protocol_id: str, with_text: bool = True) -> dict[str, Any]:
        self.index.refresh()
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
        with self._writing():
            deleted = self.index.delete(protocol_id)
        if not deleted:
            raise NotFound(f"Inget protokoll med id '{protocol_id}'.")

    def stats(self) -> dict[str, Any]:
        self.index.refresh()
        counts = self.index.catalog.counts()
        return {
            **counts,
            "vectors": self.index.vectors.count(),
            "model": self.index.catalog.get_meta("model") or self.settings.model,
            "data": str(self.settings.data),
            "bodies": sorted(self.index.catalog.bodies()),
        }

    # -- decisions -------------------------------------------------------------------------
    def decisions(
        self,
        theme: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        body: str | None = None,
        outcome: str | None = None,
        k: int = 10,
        facets: bool = False,
        label: str | None = None,
    ) -> dict[str, Any]:
        """Decisions about a free-text theme (ranked by it), or all decisions newest first;
        filtered by date, body (substring, any case and diacritics), outcome and theme label."""
        from protokoll.index.analysis import fold
        from protokoll.ingest.decisions import OUTCOMES

        self.index.refresh()

        if not 1 <= k <= 500:
            raise InvalidInput("k måste vara mellan 1 och 500.")
        if date_from and date_to and date_from > date_to:
            raise InvalidInput("Startdatum ligger efter slutdatum.")
        if outcome and not any(fold(outcome.strip()) in fold(o) for o in OUTCOMES):
            raise InvalidInput(f"Okänt utfall '{outcome}'. Välj bland: {', '.join(OUTCOMES)}.")
        labels = self.index.decisions.taxonomy.labels
        if label and not any(fold(label.strip()) in fold(x) for x in labels):
            raise InvalidInput(f"Okänt tema '{label}'. Teman: {', '.join(labels)}.")
        theme = theme.strip() if theme and theme.strip() else None
        bodies = self.index.resolve_bodies(body) if body else None
        res = self.index.decisions.search(
            theme, date_from, date_to, bodies, label.strip() if label else None,
            outcome.strip() if outcome else None, k,
        )  # fmt: skip
        return {
            "theme": theme,
            "filters": {
                "from": date_from.isoformat() if date_from else None,
                "to": date_to.isoformat() if date_to else None,
                "body": body,
                "outcome": outcome,
                "label": label,
            },
            "matched_themes": res.matched_themes,
            "total": res.total,
            "decisions": [self.decision_json(h) for h in res.hits],
            "facets": res.facets if facets else None,
        }

    def decision_json(self, hit: Any) -> dict[str, Any]:
        d = hit.stored.decision
        p = self.index.protocol_summary(d.protocol_id)
        if p is None:  # deleted between the search and now
            raise NotFound(f"Inget protokoll med id '{d.protocol_id}'.")
        citation = citation_label(p, d.section_number, d.section_title, d.page)
        if d.heading:
            citation += f" ({d.heading})"
        out: dict[str, Any] = {
            "id": d.id,
            "text": d.text,
            "outcome": d.outcome,
            "themes": [{"label": lab, "score": s} for lab, s in hit.stored.themes],
            "score": hit.score,
            "protocol": protocol_json(p),
            "section": {"number": d.section_number, "title": d.section_title},
            "heading": d.heading,
            "proposal": d.proposal,
            "page": d.page,
            "start": d.start,
            "end": d.end,
            "citation": citation,
            "url": f"/protokoll/{p.id}?start={d.start}&end={d.end}",
        }
        if hit.score is not None:
            out["signals"] = {"dense": hit.dense, "lexical": hit.lexical, "themes": hit.boost}
        return out
