"""Writing the index: a protocol version in two phases, deletion, moved files, and the clean-up
of what an interrupted write left behind.

A version is written as: embed (before anything is touched, so a failure leaves all as it was),
catalog rows as `pending`, vectors, activation (the old version's rows go in the same
transaction), publication to other processes (a server backend), deletion of the old version's
vectors. Vectors whose chunk is not active are never returned (search filters against the
catalog) and are removed by `reconcile`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from protokoll.index.analysis import Analyzer
from protokoll.index.backends.base import Backend
from protokoll.index.catalog import Catalog, DecisionRow
from protokoll.index.decisions import DecisionIndex
from protokoll.index.embedding import Embedder, encoded_keeping
from protokoll.index.records import IndexSettings, Status
from protokoll.index.upkeep import migrate_ids
from protokoll.ingest.chunking import EMBEDDING_TEXT, chunk_protocol, embedding_header
from protokoll.ingest.errors import ProtokollError
from protokoll.ingest.extract import DECISIONS_VERSION, extract_facts
from protokoll.ingest.records import Chunk, Protocol, earlier_versions, protocol_id_for

log = logging.getLogger(__name__)


@dataclass
class WriteTally:
    """Seconds per stage of the writes so far ("chunk", "embed", "write") and the passages
    written: what an ingest's summary reports."""

    seconds: dict[str, float] = field(default_factory=dict)
    passages: int = 0
    reused: int = 0  # of the passages, those whose vector the version before already had

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t0


# Vectors asked of the store at once when a new version keeps some (SQLite's variable limit).
KEPT_BATCH = 500


class Writer:
    def __init__(
        self,
        catalog: Catalog,
        backend: Backend,
        analyzer: Analyzer,
        decisions: DecisionIndex,
        embedder: Callable[[], Embedder],
        changed: Callable[[str | None], None],
        guard: Callable[[], AbstractContextManager[object]],
    ) -> None:
        """`changed(protocol_id)` is told of every protocol written or deleted, and
        `changed(None)` of a sync that changed any, so in-memory copies can be dropped.
        `guard()` is held around each change of the catalog or the vectors, never while a
        protocol is embedded."""
        self.catalog = catalog
        self.backend = backend
        self.analyzer = analyzer
        self.decisions = decisions
        self._embedder = embedder
        self._changed = changed
        self._guard = guard
        self.tally = WriteTally()

    def add(self, protocol: Protocol, settings: IndexSettings) -> Status:
        with self._guard():
            protocol, relocated = self._identified(protocol)
        status = self._add(protocol, settings)
        # Checked even when nothing was written, so an ingest interrupted between writing the
        # moved file and deleting its old entry converges when it is run again.
        with self._guard():
            moved = self.moved_away(protocol)
            for old in moved:
                log.info(
                    "%s flyttad till %s: gamla posten %s tas bort", old[1], protocol.source, old[0]
                )
                self.delete(old[0])
        if relocated and status == "unchanged":
            return "moved"
        return "moved" if moved and status == "added" else status

    def _identified(self, protocol: Protocol) -> tuple[Protocol, bool]:
        """The protocol under the id it already has: a file ingested before keeps its id even
        when named from another folder; a file whose key another, existing file already holds
        (two folders ingested separately, each with its own "protokoll.pdf") is named by its
        full path instead. True when the file was moved (its key's old file is gone)."""
        known = self.catalog.protocol_by_source(protocol.source)
        if known is not None:
            return replace(protocol, id=known[0]), False
        holder = self.catalog.source_of(protocol.id)
        if holder is None or holder == protocol.source:
            return protocol, False
        if "://" in holder or Path(holder).exists():
            full = protocol_id_for(protocol.source, Path(protocol.source).stem)
            return replace(protocol, id=full), False
        # The same key at a new place and the old file gone: the file or its archive moved.
        self.catalog.set_source(protocol.id, protocol.source)
        self._changed(protocol.id)
        return protocol, True

    def rekey(self, old_id: str, new_id: str) -> None:
        """Move a protocol to another id: its catalog rows, its vectors (no re-embedding) and, with
        a server, its published record. Converges when interrupted: the old id stays until the
        new one is complete, and half-moved vectors are orphans that `reconcile` removes."""
        record = self.catalog.export_version(old_id)
        if record is None:
            return
        if self.catalog.active_version(new_id) != record["version"]:
            renamed, chunk_ids = self.catalog.renamed_record(record, new_id)
            vectors = self.backend.vectors.vectors_paged(set(chunk_ids))
            row = record["tables"]["protocols"][0]
            meta = {"protocol_id": new_id, "version": str(record["version"])[:16],
                    "date": int(str(row["date"]).replace("-", "")) if row["date"] else 0,
                    "body": row["body"] or ""}  # fmt: skip
            ids = [c for c in chunk_ids if c in vectors]
            self.backend.vectors.upsert(
                [chunk_ids[c] for c in ids], np.stack([vectors[c] for c in ids]), [meta] * len(ids)
            )
            self.catalog.import_version(renamed)
            self.backend.publish(self.catalog, new_id)
            self._changed(new_id)
        self.delete(old_id)

    def moved_away(self, protocol: Protocol) -> list[tuple[str, str]]:
        """(id, source) of entries with this protocol's exact content whose file is gone: the
        file was moved or renamed, perhaps also read under an earlier reading (an upgrade that
        re-reads it). A copy that still exists elsewhere is a source of its own and stays."""
        return [
            (pid, source)
            for version in (protocol.version, *earlier_versions(protocol.text))
            for pid, source in self.catalog.same_content(version, protocol.id)
            if "://" not in source and not Path(source).exists()
        ]

    def _add(self, protocol: Protocol, settings: IndexSettings) -> Status:
        current = self.catalog.active_version(protocol.id)
        if current == protocol.version:
            return "unchanged"
        tally = self.tally
        with tally.stage("chunk"):
            chunks = chunk_protocol(protocol, settings.chunk_size, settings.chunk_overlap)
            if not chunks:
                raise ProtokollError(f"{protocol.source}: protokollet gav ingen text att indexera")
            if len(chunks) > settings.max_chunks:
                raise ProtokollError(
                    f"{protocol.source}: dokumentet ger {len(chunks)} textstycken, fler än "
                    f"gränsen {settings.max_chunks} (PROTOKOLL_MAX_CHUNKS)"
                )
            texts = [f"{embedding_header(protocol, c)}\n{c.text}" for c in chunks]
            terms = [" ".join(self.analyzer.terms(t)) for t in texts]
        with tally.stage("embed"):
            # Embed before touching the index: a failure here leaves everything as it was.
            vectors = self._vectors(texts, self._kept(protocol.id) if current else {})
            self.backend.renew()
            with self._guard():  # relabels stored decisions when the taxonomy changed (rare)
                self.decisions.ensure_labels()
            decisions = self.decisions.prepare(protocol, current)
        with tally.stage("write"), self._guard():
            status = self._commit(protocol, chunks, vectors, terms, decisions, current)
        tally.passages += len(chunks)
        return status

    def _kept(self, protocol_id: str) -> dict[str, np.ndarray]:
        """The vectors of the protocol's active version, by the text they embed. A new reading
        of the same file (READING_VERSION) changes few passages; the rest keep their vectors
        instead of being embedded again, which at 100k chunks is hours of the model's time."""
        old = self.catalog.protocol(protocol_id)
        if old is None:
            return {}
        by_id = {
            c.id: f"{embedding_header(old, c)}\n{c.text}" for c in self.catalog.chunks_of(old.id)
        }
        ids = list(by_id)
        kept: dict[str, np.ndarray] = {}
        for i in range(0, len(ids), KEPT_BATCH):
            for c, (v, meta) in self.backend.vectors.vectors_with_meta(
                ids[i : i + KEPT_BATCH]
            ).items():
                # Vectors written before the recipe was recorded were written with the first.
                if str(meta.get("text", "1")) == EMBEDDING_TEXT:
                    kept[by_id[c]] = v
        return kept

    def _vectors(self, texts: list[str], kept: dict[str, np.ndarray]) -> np.ndarray:
        """The texts' vectors: those `kept` as they are, the others from the model."""
        vectors = encoded_keeping(
            texts, kept, lambda fresh: self._embedder().encode_documents(fresh)
        )
        reused = sum(t in kept for t in texts)
        if reused < len(texts):
            runtime = getattr(self._embedder(), "document_runtime", None)  # stand-ins have none
            if runtime:
                self._note_runtime(runtime)
        self.tally.reused += reused
        return vectors

    def _note_runtime(self, runtime: str) -> None:
        """Record which runtimes wrote the index's vectors (catalog meta `document_runtimes`).
        Vectors of the int8 and the torch runtime agree to cosine ~0.998, so an index may mix
        them (docs/operations.md); the first time it does, say so once."""
        known = [r for r in (self.catalog.get_meta("document_runtimes") or "").split(",") if r]
        if runtime in known:
            return
        if known and self.catalog.counts()["chunks"]:
            log.warning(
                "indexet har vektorer från %s; nya textstycken kodas med %s (nära men inte "
                "lika, cosinus ~0,998). Läs in allt på nytt i en ny datamapp för en enda körning.",
                ", ".join(known), runtime,
            )  # fmt: skip
        else:
            known = []
        with self._guard():
            self.catalog.set_meta("document_runtimes", ",".join([*known, runtime]))

    def _commit(
        self,
        protocol: Protocol,
        chunks: list[Chunk],
        vectors: np.ndarray,
        terms: list[str],
        decisions: list[DecisionRow],
        current: str | None,
    ) -> Status:
        if self.catalog.active_version(protocol.id) != current:
            raise ProtokollError(f"{protocol.source}: ändrades av en annan skrivning; läs in igen")
        self.catalog.begin_version(
            protocol, chunks, terms, decisions=decisions, decision_run=DECISIONS_VERSION,
            facts=extract_facts(protocol),
        )  # fmt: skip
        meta = {"protocol_id": protocol.id, "version": protocol.version[:16],
                "date": int(protocol.date.strftime("%Y%m%d")) if protocol.date else 0,
                "body": protocol.body or "", "text": EMBEDDING_TEXT}  # fmt: skip
        self.backend.vectors.upsert([c.id for c in chunks], vectors, [meta] * len(chunks))
        stale = self.catalog.activate_version(protocol.id, protocol.version)
        self.backend.publish(self.catalog, protocol.id)
        self.backend.vectors.delete(stale)
        self._changed(protocol.id)
        return "added" if current is None else "replaced"

    def delete(self, protocol_id: str) -> bool:
        with self._guard():
            self.sync()  # it may have been added by another process a moment ago
            if self.catalog.protocol(protocol_id) is None:
                return False
            self.backend.unpublish(protocol_id)
            ids = self.catalog.delete_protocol(protocol_id)
            self.backend.vectors.delete(ids)
            self._changed(protocol_id)
            return True

    def sync(self) -> int:
        """Take in other processes' writes (see `Backend.sync`); returns how many protocols
        changed."""
        with self._guard():
            changed = self.backend.sync(self.catalog)
            if changed:
                self._changed(None)
            return changed

    def reconcile(self) -> dict[str, int]:
        """Remove what an interrupted write left behind (pending rows, orphan vectors)."""
        with self._guard():
            return self._reconcile()

    def _reconcile(self) -> dict[str, int]:
        self.sync()
        pending = self.catalog.discard_pending()
        active = self.catalog.active_chunk_ids()
        half_written = set(pending) - active
        vectors = self.backend.vectors
        orphans = [c for c in vectors.all_ids() if c not in active and c not in half_written]
        vectors.delete(sorted(half_written.union(orphans)))
        if pending or orphans:
            log.info(
                "städade %d halvskrivna och %d föräldralösa vektorer", len(pending), len(orphans)
            )
        migrate_ids(self.catalog, self)
        return {"pending": len(pending), "orphans": len(orphans)}
