"""`Index`: keeps the catalog, the vector store and the lexical index in step, and searches them.

Writes follow the two-phase protocol described in `catalog.py`; the vector upsert sits between
the phases, and vectors whose chunk is not active are never returned (they are filtered against
the catalog and removed by `reconcile`).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

import numpy as np
from protokoll.index.analysis import ANALYZER_VERSION, Analyzer, fold
from protokoll.index.catalog import Catalog
from protokoll.index.decisions import DecisionIndex
from protokoll.index.embedding import Embedder
from protokoll.index.fusion import convex
from protokoll.index.lexical import LexicalIndex, top_scores
from protokoll.index.lock import DataFolderBusy, DataLock
from protokoll.index.vector_store import COLLECTION, RecordStore, VectorStore
from protokoll.ingest.chunking import chunk_protocol, embedding_header
from protokoll.ingest.decisions import EXTRACTOR_VERSION
from protokoll.ingest.errors import ProtokollError, Unavailable
from protokoll.ingest.facts import EXTRACTOR_VERSION as FACTS_VERSION
from protokoll.ingest.facts import extract_facts
from protokoll.ingest.records import Chunk, Fact, Protocol

log = logging.getLogger(__name__)

Mode = Literal["dense", "lexical", "hybrid"]
Status = Literal["added", "replaced", "moved", "unchanged"]


# Results asked of the HNSW index per unfiltered dense query (see `search`).
DENSE_BREADTH = 500
# fuzz.ratio (0–100) a "menade du" word needs with the typed word: "röstnig" → "röstningen" is
# 82, "kostar" → "bostad" 67.
MIN_SUGGESTION_SIMILARITY = 75
# With a Chroma server, a reader looks for other processes' writes at most this often (seconds).
SYNC_INTERVAL = 1.0
# A writer's lease on a server index, renewed with every protocol it stores; a writer that dies
# blocks others at most this long.
WRITER_LEASE_S = 300.0


class IndexMismatch(Unavailable):
    code = "index_model_mismatch"


@dataclass(frozen=True, slots=True)
class Hit:
    """A ranked passage with everything a citation needs."""

    rank: int
    score: float
    chunk: Chunk
    protocol: Protocol  # without sections/attendance details
    dense: float | None = None
    lexical: float | None = None


@dataclass(frozen=True, slots=True)
class IndexSettings:
    chunk_size: int = 1100
    chunk_overlap: int = 150
    dense_weight: float = 0.6
    candidates: int = 50
    language: str = "sv"


class Index:
    def __init__(
        self,
        data_dir: Path,
        embedder: Callable[[], Embedder],
        settings: IndexSettings | None = None,
        chroma_server: str | None = None,
        server_collection: str = "protokoll",
    ) -> None:
        self.data_dir = data_dir
        self.settings = settings or IndexSettings()
        self.catalog = Catalog(data_dir / "catalog.sqlite")
        # With a Chroma server the server holds the whole index: the vectors, and each
        # protocol's catalog rows as a record (`RecordStore`). The local catalog is then a
        # cache of those records (`sync`), so any process with an empty data folder can serve
        # the index, and the lexical and derived indexes are rebuilt from it.
        self.records: RecordStore | None = None
        self._synced_at = 0.0
        self._writer: str | None = None  # our lease holder id while we write to a server
        self.vectors = VectorStore(
            path=data_dir / "chroma",
            server=chroma_server,
            collection=server_collection if chroma_server else COLLECTION,
        )
        if chroma_server:
            self.records = RecordStore(self.vectors.client, f"{server_collection}-catalog")
        self.analyzer = Analyzer(self.settings.language)
        self._embedder_factory = embedder
        self._embedder: Embedder | None = None
        self._lexical: LexicalIndex | None = None
        self._lexical_generation = -1
        self._chunk_pids = np.array([], dtype=object)
        # Per lexical position: an int code of the chunk's protocol (fast filter masks), and the
        # chunk's vector (exact dense scoring of filtered searches and of hybrid candidates).
        self._chunk_codes = np.array([], dtype=np.int32)
        self._protocol_code: dict[str, int] = {}
        self._dense: np.ndarray | None = None
        self._protocol_cache: dict[str, Protocol] = {}
        # Decision records with their theme labels, kept beside each protocol version.
        self.decisions = DecisionIndex(self.catalog, lambda: self.embedder, self.analyzer)
        if self.catalog.counts()["chunks"] == 0:
            self.catalog.set_meta("analyzer", ANALYZER_VERSION)
        if self.records is not None:
            self.sync()

    # -- model -----------------------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        """Loaded on first use, once: listing or deleting never pays for the model."""
        if self._embedder is None:
            self._embedder = self._embedder_factory()
            self._check_model(self._embedder)
        return self._embedder

    def _check_model(self, emb: Embedder) -> None:
        if self.records is not None:
            stored = self.records.index_meta().get("model")
            empty = not self.records.versions()
        else:
            stored = self.catalog.get_meta("model")
            empty = self.catalog.counts()["chunks"] == 0
        if stored is None or empty:
            self.catalog.set_meta("model", emb.name)
            self.catalog.set_meta("dim", str(emb.dim))
            if self.records is not None:
                self.records.set_index_meta({"model": emb.name, "dim": str(emb.dim)})
        elif stored != emb.name:
            raise IndexMismatch(
                f"Indexet i {self.data_dir} byggdes med modellen '{stored}', men inställningen "
                f"är '{emb.name}'. Använd en annan datamapp (--data) eller samma modell."
            )

    # -- writes ----------------------------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator[None]:
        """With a Chroma server: hold the index's write lease for the duration (see
        `RecordStore.acquire_writer`); a local folder is guarded by its lock file instead."""
        if self.records is None:
            yield
            return
        holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.records.acquire_writer(holder, WRITER_LEASE_S)
        self._writer = holder
        try:
            yield
        finally:
            self._writer = None
            self.records.release_writer(holder)

    def add(self, protocol: Protocol) -> Status:
        status = self._add(protocol)
        # Checked even when nothing was written, so an ingest interrupted between writing the
        # moved file and deleting its old entry converges when it is run again.
        moved = self._moved_away(protocol)
        for old in moved:
            log.info(
                "%s flyttad till %s: gamla posten %s tas bort", old[1], protocol.source, old[0]
            )
            self.delete(old[0])
        return "moved" if moved and status == "added" else status

    def _moved_away(self, protocol: Protocol) -> list[tuple[str, str]]:
        """Entries with this protocol's exact content whose file is gone: the file was moved or
        renamed. A copy that still exists elsewhere is a source of its own and stays."""
        return [
            (pid, source)
            for pid, source in self.catalog.same_content(protocol.version, protocol.id)
            if "://" not in source and not Path(source).exists()
        ]

    def _add(self, protocol: Protocol) -> Status:
        current = self.catalog.active_version(protocol.id)
        if current == protocol.version:
            return "unchanged"
        chunks = chunk_protocol(protocol, self.settings.chunk_size, self.settings.chunk_overlap)
        if not chunks:
            raise ProtokollError(f"{protocol.source}: protokollet gav ingen text att indexera")
        texts = [f"{embedding_header(protocol, c)}\n{c.text}" for c in chunks]
        # Embed before touching the index: a failure here leaves everything as it was.
        vectors = self.embedder.encode_documents(texts)
        if self.records is not None and self._writer is not None:
            self.records.acquire_writer(self._writer, WRITER_LEASE_S)  # renew
        terms = [" ".join(self.analyzer.terms(t)) for t in texts]
        decisions = self.decisions.prepare(protocol)
        self.catalog.begin_version(
            protocol, chunks, terms, decisions=decisions, decision_run=EXTRACTOR_VERSION,
            facts=extract_facts(protocol),
        )  # fmt: skip
        meta = {"protocol_id": protocol.id, "version": protocol.version[:16],
                "date": int(protocol.date.strftime("%Y%m%d")) if protocol.date else 0,
                "body": protocol.body or ""}  # fmt: skip
        self.vectors.upsert([c.id for c in chunks], vectors, [meta] * len(chunks))
        stale = self.catalog.activate_version(protocol.id, protocol.version)
        if self.records is not None:
            # Published after the vectors are in, and before the old version's go: a reader
            # that syncs at any moment finds vectors for every chunk it knows.
            record = self.catalog.export_version(protocol.id)
            assert record is not None
            self.records.put(protocol.id, protocol.version, record)
        self.vectors.delete(stale)
        self._protocol_cache.pop(protocol.id, None)
        return "added" if current is None else "replaced"

    def delete(self, protocol_id: str) -> bool:
        if self.records is not None:
            self.sync()  # it may have been added by another process a moment ago
        if self.catalog.protocol(protocol_id) is None:
            return False
        if self.records is not None:
            self.records.delete(protocol_id)
        ids = self.catalog.delete_protocol(protocol_id)
        self.vectors.delete(ids)
        self._protocol_cache.pop(protocol_id, None)
        return True

    def sync(self) -> int:
        """Make the local catalog equal the server's records (other processes' writes, or a
        write of ours the server never got); returns how many protocols changed.

        A folder that a writer is updating (it holds the folder's lock) is left to that writer:
        between activating a protocol here and publishing it, the protocol is in this catalog
        but not yet in the server, and a reader's sync would delete it.
        """
        assert self.records is not None
        if self._writer is not None:  # our own write holds the folder
            return self._sync()
        try:
            lock = DataLock(self.data_dir, timeout=0)
        except DataFolderBusy:
            self._synced_at = time.monotonic()
            return 0
        try:
            return self._sync()
        finally:
            lock.release()

    def _sync(self) -> int:
        assert self.records is not None
        remote = self.records.versions()
        local = self.catalog.active_versions()
        gone = [pid for pid in local if pid not in remote]
        wanted = [pid for pid, version in remote.items() if local.get(pid) != version]
        for pid in gone:
            self.catalog.delete_protocol(pid)
        for record in self.records.get(wanted):
            self.catalog.import_version(record)
        if gone or wanted:
            self._protocol_cache.clear()
            log.info("hämtade %d protokoll från servern, tog bort %d", len(wanted), len(gone))
        self._synced_at = time.monotonic()
        return len(gone) + len(wanted)

    def refresh(self) -> None:
        """Before a read: pick up other processes' writes (with a server, at most once per
        `SYNC_INTERVAL`; a local folder has one owner, so there is nothing to pick up)."""
        if self.records is not None and time.monotonic() - self._synced_at >= SYNC_INTERVAL:
            self.sync()

    def reconcile(self) -> dict[str, int]:
        """Remove what an interrupted write left behind (pending rows, orphan vectors)."""
        if self.records is not None:
            self.sync()
        pending = self.catalog.discard_pending()
        active = {row.chunk.id for row in self.catalog.active_chunks()}
        half_written = set(pending) - active
        orphans = [c for c in self.vectors.all_ids() if c not in active and c not in half_written]
        self.vectors.delete(sorted(half_written.union(orphans)))
        if pending or orphans:
            log.info(
                "städade %d halvskrivna och %d föräldralösa vektorer", len(pending), len(orphans)
            )
        return {"pending": len(pending), "orphans": len(orphans)}

    # -- reads -----------------------------------------------------------------------------
    # The read API the service layer uses; nothing outside `index/` reaches into the catalog,
    # the lexical index or the vector store.
    def protocol(self, protocol_id: str) -> Protocol | None:
        """The protocol with its text, sections and attendance, or None."""
        return self.catalog.protocol(protocol_id)

    def protocols(self) -> list[Protocol]:
        """Every active protocol (without text details), in catalog order."""
        return self.catalog.protocols()

    def chunks_of(self, protocol_id: str) -> list[Chunk]:
        return self.catalog.chunks_of(protocol_id)

    def bodies(self) -> list[str]:
        """The organs of the active protocols, as the protocols name them."""
        return self.catalog.bodies()

    def newest_date(self) -> date | None:
        return self.catalog.newest_date()

    def stats(self) -> dict[str, int | str | None]:
        """Counts of protocols, chunks, sections, people and vectors, and the model's name."""
        return {
            **self.catalog.counts(),
            "vectors": self.vectors.count(),
            "model": self.catalog.get_meta("model"),
        }

    @property
    def vocabulary(self) -> LexicalIndex:
        """The lexical statistics of the active chunks: `idf(term)`, `vocabulary`,
        `close_terms(term)`."""
        return self.lexical

    def protocol_ids(
        self,
        date_from: date | None = None,
        date_to: date | None = None,
        bodies: list[str] | None = None,
        month: int | None = None,
        day: int | None = None,
    ) -> set[str]:
        """Ids of the active protocols in a date range (or on a month/day of any year) and of
        the given bodies (names as `bodies()` gives them): the filter `search` applies."""
        return self.catalog.filter_protocol_ids(date_from, date_to, bodies, month, day)

    def nearest_chunks(
        self, vector: np.ndarray, n: int, protocol_ids: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine) of the vector store's own n nearest chunks, best first, without
        the search around it (the benchmarks measure search against this)."""
        return self.vectors.query(vector, n, protocol_ids)

    def warm(self) -> None:
        """Load the model and build the lexical index now, so the first request pays nothing."""
        self.embedder.encode_queries(["uppvärmning"])
        self.lexical  # noqa: B018

    def facts(self, kinds: list[str] | None = None) -> list[tuple[str, Fact]]:
        """Facts of the active protocols; re-extracted first if a newer extractor ships."""
        if self.catalog.get_meta("facts_extractor") != FACTS_VERSION:
            redone: dict[tuple[str, str], list[Fact]] = {}
            for summary in self.catalog.protocols():
                p = self.catalog.protocol(summary.id)
                if p is not None:
                    redone[(p.id, p.version)] = extract_facts(p)
            self.catalog.replace_facts(redone, FACTS_VERSION)
            log.info("tog fram fakta på nytt ur %d protokoll", len(redone))
        return self.catalog.facts(kinds)

    def _reanalyse_if_needed(self) -> None:
        """Recompute terms stored by an older analyzer, so that all chunks are analysed alike."""
        if self.catalog.get_meta("analyzer") == ANALYZER_VERSION:
            return
        terms: dict[str, str] = {}
        protocols: dict[str, Protocol | None] = {}
        for row in self.catalog.active_chunks():
            pid = row.chunk.protocol_id
            if pid not in protocols:
                protocols[pid] = self.catalog.protocol(pid)
            p = protocols[pid]
            if p is not None:
                text = f"{embedding_header(p, row.chunk)}\n{row.chunk.text}"
                terms[row.chunk.id] = " ".join(self.analyzer.terms(text))
        if terms:
            log.info("analyserar om %d chunkar (ny analysversion %s)", len(terms), ANALYZER_VERSION)
            self.catalog.update_terms(terms)
        self.catalog.set_meta("analyzer", ANALYZER_VERSION)

    @property
    def lexical(self) -> LexicalIndex:
        if self._lexical is None:
            self._reanalyse_if_needed()
        gen = self.catalog.generation()
        if self._lexical is None or gen != self._lexical_generation:
            key = self._derived_key(gen)
            cached = self._load_lexical(key)
            if cached is None:
                ids, terms, pids = [], [], []
                for row in self.catalog.active_chunks():
                    ids.append(row.chunk.id)
                    terms.append(row.terms.split())
                    pids.append(row.chunk.protocol_id)
                self._lexical = LexicalIndex(ids, terms)
                self._save_lexical(key, self._lexical, pids)
            else:
                self._lexical, pids = cached
            self._chunk_pids = np.array(pids, dtype=object)
            self._protocol_code = {p: i for i, p in enumerate(dict.fromkeys(pids))}
            self._chunk_codes = np.array([self._protocol_code[p] for p in pids], dtype=np.int32)
            self._dense = None
            self._lexical_generation = gen
            self._protocol_cache.clear()
        return self._lexical

    # -- derived caches ------------------------------------------------------------------------
    # BM25 and the vector matrix are rebuilt from the catalog and Chroma when the catalog's
    # generation changes; at 100k chunks that takes tens of seconds, so each process keeps its
    # result in DATA/derived/ for the next one. Deleting the folder only costs a rebuild.
    def _derived_key(self, gen: int) -> str:
        counts = self.catalog.counts()["chunks"]
        return f"{gen}:{counts}:{ANALYZER_VERSION}"

    def _load_lexical(self, key: str) -> tuple[LexicalIndex, list[str]] | None:
        folder = self.data_dir / "derived" / "lexical"
        try:
            meta = json.loads((folder / "key.json").read_text(encoding="utf-8"))
            if meta.get("key") != key:
                return None
            return LexicalIndex.load(folder), list(meta["pids"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError) as exc:
            log.info("lexikala cachen i %s kunde inte läsas (%s); bygger om", folder, exc)
            return None

    def _save_lexical(self, key: str, lex: LexicalIndex, pids: list[str]) -> None:
        derived = self.data_dir / "derived"
        folder = derived / "lexical"
        tmp = derived / f"lexical.{os.getpid()}.tmp"
        try:
            shutil.rmtree(tmp, ignore_errors=True)
            lex.save(tmp)
            (tmp / "key.json").write_text(json.dumps({"key": key, "pids": pids}), encoding="utf-8")
            # Swap whole folders, so a reader never sees a half-written cache.
            old = derived / f"lexical.{os.getpid()}.old"
            if folder.exists():
                folder.rename(old)
            tmp.rename(folder)
            shutil.rmtree(old, ignore_errors=True)
        except OSError as exc:
            log.info("lexikala cachen i %s kunde inte skrivas (%s)", folder, exc)
            shutil.rmtree(tmp, ignore_errors=True)

    def _allowed_mask(self, protocol_ids: set[str]) -> np.ndarray:
        """Boolean mask over lexical positions: the chunks of the given protocols."""
        keep = np.zeros(len(self._protocol_code) + 1, dtype=bool)
        codes = [c for p in protocol_ids if (c := self._protocol_code.get(p)) is not None]
        keep[codes] = True
        return keep[self._chunk_codes]

    @property
    def dense_matrix(self) -> np.ndarray:
        """Unit float32 vectors of the active chunks, one row per lexical position.

        Read from Chroma once per catalog generation and kept in `DATA/derived/` for the next
        process (a cache: deleting it only costs a re-read). Chroma stays the store of record.
        """
        lex = self.lexical
        if self._dense is not None and len(self._dense) == len(lex):
            return self._dense
        derived = self.data_dir / "derived"
        cache, key_file = derived / "vectors.npy", derived / "vectors.json"
        key = f"{self._derived_key(self._lexical_generation)}:{self.vectors.collection.name}"
        matrix: np.ndarray | None = None
        try:
            if json.loads(key_file.read_text(encoding="utf-8")).get("key") == key:
                # Memory-mapped: a new process starts at once and the OS shares the pages.
                # (as a plain ndarray view: numpy's memmap subclass slows every operation)
                matrix = np.asarray(np.load(cache, mmap_mode="r", allow_pickle=False))
                if matrix.shape[0] != len(lex) or matrix.dtype != np.float32:
                    matrix = None
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:
            log.info("vektorcachen %s kunde inte läsas (%s); läser om från Chroma", cache, exc)
        if matrix is None:
            found = self.vectors.vectors_paged(set(lex.chunk_ids))
            dim = next((len(v) for v in found.values()), int(self.catalog.get_meta("dim") or 0))
            matrix = np.zeros((len(lex), dim), dtype=np.float32)
            for cid, vec in found.items():
                matrix[lex.position[cid]] = vec
            try:
                derived.mkdir(parents=True, exist_ok=True)
                key_file.unlink(missing_ok=True)  # the key goes last: it vouches for the file
                tmp = derived / f"vectors.{os.getpid()}.tmp.npy"
                np.save(tmp, matrix)
                os.replace(tmp, cache)
                key_file.write_text(json.dumps({"key": key}), encoding="utf-8")
            except OSError as exc:
                log.info("vektorcachen %s kunde inte skrivas (%s)", cache, exc)
        self._dense = matrix
        return matrix

    def _filtered_dense(
        self, qvec: np.ndarray, n: int, mask: np.ndarray
    ) -> list[tuple[str, float]]:
        """Top-n dense among the masked chunks. A broad filter (over a fifth of a large index)
        post-filters a wide HNSW search, since copying and scoring a third of 100k vectors
        costs more than the whole query (docs/benchmarks.md); a selective one, or a wide search
        that kept too few, is scored exactly."""
        total, allowed = len(mask), int(np.count_nonzero(mask))
        if total > 20_000 and allowed > total // 5:
            # Wide enough that ~10n allowed chunks are expected among the results: a third
            # of that kept recall@10 at 0.989 at 100k, with queries losing 3 of 10.
            breadth = min(total, max(2 * DENSE_BREADTH, 10 * n * total // allowed))
            pos = self.lexical.position
            kept = [
                (c, s) for c, s in self.vectors.query(qvec, breadth) if c in pos and mask[pos[c]]
            ]
            if len(kept) >= n:
                return kept[:n]
        return self._exact_dense(qvec, n, mask)

    def _exact_dense(self, qvec: np.ndarray, n: int, mask: np.ndarray) -> list[tuple[str, float]]:
        """Exact top-n cosine among the masked chunks (numpy over the kept vectors)."""
        rows = np.flatnonzero(mask)
        if not rows.size or n <= 0:
            return []
        matrix = self.dense_matrix
        # Copying most of the matrix costs more than scoring all of it; a boolean mask copies
        # the allowed rows about twice as fast as an index array.
        sims = (matrix @ qvec)[rows] if rows.size > len(matrix) // 3 else matrix[mask] @ qvec
        n = min(n, rows.size)
        top = np.argpartition(-sims, n - 1)[:n]
        top = top[np.argsort(-sims[top], kind="stable")]
        ids = self.lexical.chunk_ids
        return [(ids[int(rows[i])], float(sims[i])) for i in top]

    def spelling(self, text: str) -> dict[str, str]:
        """Words of `text` the corpus does not know, each mapped to its closest corpus word as the
        protocols write it ("torstenson" → "Torstensson")."""
        lex = self.lexical
        out: dict[str, str] = {}
        for word, _, _ in self.analyzer.words(text):
            terms = self.analyzer.word_terms(word)
            if not terms or self.analyzer.is_common(word):
                continue
            if any(t in lex.vocabulary for t in terms):
                continue
            close = lex.close_terms(terms[0])
            surface = self._surface(close[0], word) if close else None
            if surface and fold(surface) != fold(word):
                out[word] = surface
        return out

    def _surface(self, term: str, typed: str) -> str | None:
        """The protocols' own word for `term` that looks most like what the user typed.

        Terms are stems and compound parts, so the first word carrying one can look nothing
        like the typed word ("kost" is one edit from "bost", carried by "bostadsområden");
        a suggestion must resemble the typed word as a whole.
        """
        from rapidfuzz import fuzz

        scores = self.lexical.scores([term])
        if not scores.size or scores.max() <= 0:
            return None
        cid = self.lexical.chunk_ids[int(scores.argmax())]
        chunk = self.catalog.chunks_by_id([cid]).get(cid)
        if chunk is None:
            return None
        want = fold(typed).lower()
        words = {
            w for w, _, _ in self.analyzer.words(chunk.text) if term in self.analyzer.word_terms(w)
        }
        best = max(words, key=lambda w: fuzz.ratio(want, fold(w).lower()), default=None)
        if best is None or fuzz.ratio(want, fold(best).lower()) < MIN_SUGGESTION_SIMILARITY:
            return None
        return best

    def protocol_summary(self, protocol_id: str) -> Protocol | None:
        if protocol_id not in self._protocol_cache:
            p = self.catalog.protocol(protocol_id)
            if p is None:
                return None
            self._protocol_cache[protocol_id] = p
        return self._protocol_cache[protocol_id]

    def resolve_bodies(self, text: str) -> list[str]:
        """Known bodies matching a user's text, ignoring case and diacritics."""
        want = fold(text.strip())
        return [b for b in self.catalog.bodies() if want in fold(b)]

    def search(
        self,
        query: str,
        k: int = 10,
        date_from: date | None = None,
        date_to: date | None = None,
        body: str | None = None,
        mode: Mode = "hybrid",
        dense_text: str | None = None,
        month: int | None = None,
        day: int | None = None,
    ) -> list[Hit]:
        """Ranked passages. `dense_text` (e.g. the query with typos corrected) is what the model
        encodes when given; unknown query words also match their closest corpus words lexically."""
        allowed_protocols: set[str] | None = None
        if date_from or date_to or body or month or day:
            bodies = self.resolve_bodies(body) if body else None
            allowed_protocols = self.catalog.filter_protocol_ids(
                date_from, date_to, bodies, month, day
            )
            if not allowed_protocols:
                return []
        lex = self.lexical
        if not len(lex):
            return []
        n = max(self.settings.candidates, k * 3)

        # Filters are applied here, not as a Chroma `where`: SQLite pre-filtering takes up to
        # seconds at 100k chunks, while exact numpy scoring of the allowed chunks takes
        # milliseconds and has perfect recall (docs/benchmarks.md).
        mask = self._allowed_mask(allowed_protocols) if allowed_protocols is not None else None
        dense: dict[str, float] = {}
        qvec: np.ndarray | None = None
        if mode in ("dense", "hybrid"):
            qvec = self.embedder.encode_queries([dense_text or query])[0]
            if mask is not None:
                dense = dict(self._filtered_dense(qvec, n, mask))
            else:
                # Chroma searches with ef = max(ef_search, n_results): asking for more than we
                # keep widens the search where e5's crowded similarities make HNSW miss true
                # neighbours (recall@10 vs exact, docs/benchmarks.md).
                dense = dict(self.vectors.query(qvec, max(n, DENSE_BREADTH))[:n])
        lexical: dict[str, float] = {}
        terms, correctable = self.analyzer.query_terms(query)
        unknown = [t for t in dict.fromkeys(correctable) if t not in lex.vocabulary]
        terms += [c for t in unknown for c in lex.close_terms(t)]
        all_scores = lex.scores(terms) if mode in ("lexical", "hybrid") else None
        if all_scores is not None:
            lexical = dict(top_scores(lex.chunk_ids, all_scores, n, mask))

        candidates = list(dict.fromkeys([*dense, *lexical]))
        rows = self.catalog.chunks_by_id(candidates)
        candidates = [c for c in candidates if c in rows]  # drop vectors of inactive chunks
        if not candidates:
            return []
        scored: list[tuple[str, float, float | None, float | None]]
        if mode == "hybrid" and qvec is not None:
            missing = [lex.position[c] for c in candidates if c not in dense]
            if missing:
                sims = self.dense_matrix[missing] @ qvec
                for pos, sim in zip(missing, sims.tolist(), strict=True):
                    dense[lex.chunk_ids[pos]] = sim
            assert all_scores is not None
            lex_all = np.array([all_scores[lex.position[c]] for c in candidates], dtype=np.float32)
            d = np.array([dense.get(c, 0.0) for c in candidates], dtype=np.float32)
            fused = convex(d, lex_all, self.settings.dense_weight)
            scored = [(c, float(s), dense.get(c), float(lex_all[i]))
                      for i, (c, s) in enumerate(zip(candidates, fused, strict=True))]  # fmt: skip
        elif mode == "dense":
            scored = [(c, dense[c], dense[c], None) for c in candidates]
        else:
            scored = [(c, lexical[c], None, lexical[c]) for c in candidates]
        # Ties (e.g. equal BM25) break on document position, so results are reproducible.
        scored.sort(key=lambda x: (-x[1], rows[x[0]].protocol_id, rows[x[0]].start))
        hits: list[Hit] = []
        for cid, score, d_score, l_score in scored[:k]:
            chunk = rows[cid]
            proto = self.protocol_summary(chunk.protocol_id)
            if proto is None:
                continue
            hits.append(Hit(len(hits) + 1, round(score, 4), chunk, proto, d_score, l_score))
        return hits
