"""Real chunk texts and their real vectors, taken once from a full-corpus index (read from a
private copy of its data folder).

A *snapshot* holds every active protocol of a source data folder (with its sections, so that the
product's chunker reproduces the same chunks), each protocol's chunk vectors in chunk order, its
decision vectors, and the catalog metadata the decision labeller keeps (theme vectors). Bench
indexes are built from it without running the model again (`build.py`).

Without a given source the shared corpus is ingested once, by the product's own CLI, into
`data/bench/source/` (gitignored), and reused afterwards.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from protokoll.eval.bench.common import BENCH_DATA, CORPUS
from protokoll.index.backends.chroma import VectorStore
from protokoll.index.catalog import Catalog, stored_generation
from protokoll.index.lock import DataLock
from protokoll.ingest.records import Chunk, Protocol

log = logging.getLogger(__name__)

CORPUS_FOLDERS = ("seeds", "municipal-pdf", "riksbank-pdf", "riksdagen-betankanden")
SNAPSHOT_VERSION = 1


@dataclass
class SourceProtocol:
    protocol: Protocol
    chunks: list[Chunk]
    vectors: np.ndarray  # (len(chunks), dim), unit float32, chunk order
    decision_vectors: np.ndarray  # (decisions, dim) in the catalog's order


@dataclass
class Snapshot:
    model: str
    dim: int
    protocols: list[SourceProtocol]
    meta: dict[str, str] = field(default_factory=dict)  # catalog meta to carry over
    origin: str = ""

    @property
    def chunk_count(self) -> int:
        return sum(len(p.chunks) for p in self.protocols)

    def all_vectors(self) -> np.ndarray:
        return np.concatenate([p.vectors for p in self.protocols])

    def digest(self) -> str:
        h = hashlib.sha256(self.model.encode())
        for p in self.protocols:
            h.update(p.protocol.id.encode())
            h.update(p.protocol.version.encode())
        return h.hexdigest()[:16]


def cli_exe() -> str:
    exe = Path(sys.executable).with_name("protokoll")
    return str(exe) if exe.exists() else "protokoll"


def ingest_corpus(corpus: Path, data: Path) -> None:
    """The shared corpus through the real CLI (what a user runs); minutes of embedding."""
    paths = [str(corpus / f) for f in CORPUS_FOLDERS if (corpus / f).exists()]
    if not paths:
        raise SystemExit(f"ingen korpus i {corpus}: ange --source DATAMAPP eller --corpus")
    log.warning("läser in korpusen i %s en gång (tar minuter)", data)
    subprocess.run([cli_exe(), "--data", str(data), "ingest", *paths], check=False)


def _private_copy(source: Path) -> tuple[Path, Path]:
    """A copy of the data folder to read from: the source is never opened in place, since even
    a reading Chroma client writes its files, and another process may own the folder."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-source-"))
    copy = tmp / "data"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns(".lock", "derived"))
    return copy, tmp


def read_snapshot(source: Path) -> Snapshot:
    folder, tmp = _private_copy(source)
    lock = DataLock(folder, timeout=5)
    try:
        catalog = Catalog(folder / "catalog.sqlite")
        store = VectorStore(path=folder / "chroma")
        model = catalog.get_meta("model") or "?"
        dim = int(catalog.get_meta("dim") or 0)
        meta = {
            k: v
            for k in ("decision_theme_vectors", "decision_theme_digest", "analyzer")
            if (v := catalog.get_meta(k)) is not None
        }
        out: list[SourceProtocol] = []
        for summary in sorted(catalog.protocols(), key=lambda p: p.id):
            p = catalog.protocol(summary.id)
            if p is None:
                continue
            chunks = catalog.chunks_of(p.id)
            vecs = store.vectors([c.id for c in chunks])
            if len(vecs) != len(chunks):
                log.warning("%s: %d vektorer för %d chunkar, hoppas över", p.id, len(vecs),
                            len(chunks))  # fmt: skip
                continue
            rows = catalog.decision_embeddings(p.id, p.version)
            dec = np.array(
                [np.frombuffer(r, dtype=np.float32) for r in rows], dtype=np.float32
            ).reshape(len(rows), dim)
            matrix = np.stack([vecs[c.id] for c in chunks]).astype(np.float32)
            out.append(SourceProtocol(p, chunks, matrix, dec))
        catalog.close()
        return Snapshot(model, dim, out, meta, origin=str(source))
    finally:
        lock.release()
        shutil.rmtree(tmp, ignore_errors=True)


def load_snapshot(source: Path | None, corpus: Path = CORPUS, cache: Path = BENCH_DATA) -> Snapshot:
    """The snapshot of `source` (cached by the source's catalog state), or of the shared corpus
    ingested once into `cache/source`."""
    if source is None:
        source = cache / "source"
        if not (source / "catalog.sqlite").exists():
            ingest_corpus(corpus, source)
    catalog_file = source / "catalog.sqlite"
    if not catalog_file.exists():
        raise SystemExit(f"{source}: ingen catalog.sqlite (ingen datamapp)")
    # The catalog's generation changes with every change of the active set.
    generation = stored_generation(catalog_file)
    key = hashlib.sha256(
        f"{SNAPSHOT_VERSION}:{source.resolve()}:{generation}".encode()
    ).hexdigest()[:12]
    cached = cache / f"snapshot-{key}.pkl"
    if cached.exists():
        with cached.open("rb") as f:
            snap: Snapshot = pickle.load(f)
        return snap
    snap = read_snapshot(source)
    cache.mkdir(parents=True, exist_ok=True)
    with cached.open("wb") as f:
        pickle.dump(snap, f, protocol=pickle.HIGHEST_PROTOCOL)
    log.warning("ögonblicksbild: %d protokoll, %d chunkar från %s", len(snap.protocols),
                snap.chunk_count, source)  # fmt: skip
    return snap
