"""What is derived from the catalog and the vectors for searching: the lexical index (BM25) and
the matrix of chunk vectors, one row per lexical position, and per position an int code of the
chunk's protocol (fast filter masks).

Both are rebuilt when the catalog's generation changes; at 100k chunks that takes tens of
seconds, so each process keeps its result in `DATA/derived/` for the next one. Deleting the
folder only costs a rebuild: the catalog and Chroma stay the store of record.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import shutil
import threading
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from protokoll.index.analysis import ANALYZER_VERSION, Analyzer
from protokoll.index.backends.chroma import VectorStore
from protokoll.index.catalog import Catalog
from protokoll.index.heap import give_back_freed_memory
from protokoll.index.search.lexical import LexicalIndex
from protokoll.index.upkeep import reanalyse_if_needed
from protokoll.ingest.records import Protocol

log = logging.getLogger(__name__)


# Protocols kept in full (text, sections, attendance) for hits and answers; beyond this many the
# least recently used go, so memory stops growing with the archive. All 1,482 at 100k chunks
# took 140 MB. The answer routes keep here only what they cite: a route that weighs many
# protocols (the number route) reads them past this cache (docs/quality.md).
SUMMARIES = 1000


class DerivedIndexes:
    """The derived indexes of one data folder, current with the catalog's generation; also the
    protocol summaries that hits carry, kept as long as their protocol is unchanged."""

    def __init__(
        self, data_dir: Path, catalog: Catalog, vectors: VectorStore, analyzer: Analyzer
    ) -> None:
        self.folder = data_dir / "derived"
        self.catalog = catalog
        self.vectors = vectors
        self.analyzer = analyzer
        self._lexical: LexicalIndex | None = None
        self._generation = -1
        self._chunk_codes = np.array([], dtype=np.int32)
        self._protocol_code: dict[str, int] = {}
        self._dense: np.ndarray | None = None
        self._summaries: OrderedDict[str, Protocol] = OrderedDict()
        self._summaries_lock = threading.Lock()

    # -- protocol summaries ------------------------------------------------------------------
    def summary(self, protocol_id: str) -> Protocol | None:
        """The protocol with its text, as hits and answers cite it; the most recently used
        `SUMMARIES` are kept, so that memory does not grow with the archive."""
        with self._summaries_lock:  # reads of the service share it
            p = self._summaries.get(protocol_id)
            if p is not None:
                self._summaries.move_to_end(protocol_id)
                return p
        p = self.catalog.protocol(protocol_id)
        if p is None:
            return None
        with self._summaries_lock:
            self._summaries[protocol_id] = p
            while len(self._summaries) > SUMMARIES:
                self._summaries.popitem(last=False)
        return p

    def forget(self, protocol_id: str | None = None) -> None:
        """Drop the summary of a protocol that changed, or of all (`None`)."""
        if protocol_id is None:
            self._summaries.clear()
        else:
            self._summaries.pop(protocol_id, None)

    # -- the lexical index -------------------------------------------------------------------
    @property
    def lexical(self) -> LexicalIndex:
        if self._lexical is None:
            reanalyse_if_needed(self.catalog, self.analyzer)
        gen = self.catalog.generation()
        if self._lexical is None or gen != self._generation:
            key = self._key(gen)
            cached = self._load_lexical(key)
            if cached is None:
                pids: list[str] = []

                def rows() -> Iterator[tuple[str, str]]:
                    for cid, pid, terms in self.catalog.active_terms():
                        pids.append(pid)
                        yield cid, terms

                # Streamed from the catalog: at 100k chunks the terms as lists of strings
                # alone took over a gigabyte.
                self._lexical = LexicalIndex.streamed(rows())
                self._save_lexical(key, self._lexical, pids)
                give_back_freed_memory()
            else:
                self._lexical, pids = cached
            self._protocol_code = {p: i for i, p in enumerate(dict.fromkeys(pids))}
            self._chunk_codes = np.array([self._protocol_code[p] for p in pids], dtype=np.int32)
            self._dense = None
            self._generation = gen
            self._summaries.clear()
        return self._lexical

    def allowed_mask(self, protocol_ids: set[str]) -> np.ndarray:
        """Boolean mask over lexical positions: the chunks of the given protocols."""
        keep = np.zeros(len(self._protocol_code) + 1, dtype=bool)
        codes = [c for p in protocol_ids if (c := self._protocol_code.get(p)) is not None]
        keep[codes] = True
        return keep[self._chunk_codes]

    def _key(self, gen: int) -> str:
        counts = self.catalog.active_chunk_count()
        return f"{gen}:{counts}:{ANALYZER_VERSION}"

    def _load_lexical(self, key: str) -> tuple[LexicalIndex, list[str]] | None:
        folder = self.folder / "lexical"
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
        derived = self.folder
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

    # -- the vector matrix -------------------------------------------------------------------
    @property
    def dense_matrix(self) -> np.ndarray:
        """Unit float32 vectors of the active chunks, one row per lexical position, read from
        Chroma once per catalog generation."""
        lex = self.lexical
        if self._dense is not None and len(self._dense) == len(lex):
            return self._dense
        derived = self.folder
        cache, key_file = derived / "vectors.npy", derived / "vectors.json"
        key = f"{self._key(self._generation)}:{self.vectors.collection_name}"
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
            matrix = self._build_matrix(lex, cache, key_file, key)
            give_back_freed_memory()
        self._dense = matrix
        return matrix

    def _build_matrix(self, lex: LexicalIndex, cache: Path, key_file: Path, key: str) -> np.ndarray:
        """The matrix read from Chroma page by page straight into the cache file, so a build
        holds one page of vectors beside the mapped file, not the archive's vectors twice."""
        dim = int(self.catalog.get_meta("dim") or 0)
        pages = self.vectors.vector_pages()
        first = next(pages, None)
        if first is not None:
            dim = first[1].shape[1]
        tmp = self.folder / f"vectors.{os.getpid()}.tmp.npy"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            key_file.unlink(missing_ok=True)  # the key goes last: it vouches for the file
            out: np.ndarray = np.lib.format.open_memmap(
                tmp, mode="w+", dtype=np.float32, shape=(len(lex), dim)
            )
        except OSError as exc:
            log.info("vektorcachen %s kunde inte skrivas (%s)", cache, exc)
            out, tmp = np.zeros((len(lex), dim), dtype=np.float32), None  # type: ignore[assignment]
        if first is not None:
            for ids, block in itertools.chain([first], pages):
                pos = lex.position
                rows = [(i, p) for i, cid in enumerate(ids) if (p := pos.get(cid)) is not None]
                if rows:
                    src, dst = zip(*rows, strict=True)
                    out[list(dst)] = block[list(src)]
        if tmp is None:
            return out
        try:
            flush = getattr(out, "flush", None)
            if flush is not None:
                flush()
            del out
            os.replace(tmp, cache)
            key_file.write_text(json.dumps({"key": key}), encoding="utf-8")
            return np.asarray(np.load(cache, mmap_mode="r", allow_pickle=False))
        except OSError as exc:
            log.info("vektorcachen %s kunde inte skrivas (%s)", cache, exc)
            return np.asarray(np.load(tmp, allow_pickle=False))
