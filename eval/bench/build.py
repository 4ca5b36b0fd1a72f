"""Bench indexes of 1k, 10k and 100k chunks, built by the product's own `Index` from real
chunks and their real vectors (no re-embedding), so that catalog, Chroma and BM25 are the real
structures.

- n ≤ the real corpus: whole real protocols, in a fixed shuffled order, until n chunks.
- n > the real corpus (the offline corpus has ~16k chunks): all real protocols, then copies of
  real protocols. Copy r of a protocol is dated r years earlier (same month and day) and
  attributed to another real body (the r-th next in the sorted list of bodies), so date and body
  filters keep selecting meaningful slices. Its text is the original's; its chunk vectors are the
  real vectors plus Gaussian noise, re-normalised. The noise of each vector is drawn so that its
  cosine to the original equals a similarity sampled from the real corpus' nearest-neighbour
  similarity distribution: the nearest-neighbour similarities of the extended set then resemble
  the real ones (`nn_check` measures both and the build records them).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import resource
import time
from datetime import date
from pathlib import Path
from typing import Any, cast

import numpy as np
from protokoll.eval.bench.common import BENCH_DATA, dir_size_mb
from protokoll.eval.bench.source import Snapshot, SourceProtocol
from protokoll.index.embedding import Embedder
from protokoll.index.index import Index
from protokoll.ingest.records import Protocol, content_hash

log = logging.getLogger(__name__)

BUILD_VERSION = 2
SEED = 8


class ReplayEmbedder:
    """Hands `Index.add` the precomputed vectors of the protocol being added: first its chunk
    vectors, then its decision vectors, each checked against the number of texts."""

    def __init__(self, name: str, dim: int) -> None:
        self.name = name
        self.dim = dim
        self.batch_size = 32
        self._queue: list[np.ndarray] = []
        self.mismatches = 0
        self.chunk_mismatches = 0
        self.last_chunk_vectors = np.zeros((0, dim), dtype=np.float32)

    def expect(self, *arrays: np.ndarray) -> None:
        self._queue = list(arrays)

    def encode_documents(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        if not self._queue:
            raise RuntimeError("ReplayEmbedder: inga fler förberäknade vektorer")
        chunks = len(self._queue) == 2  # the chunk vectors come first
        arr = self._queue.pop(0)
        if len(arr) != len(texts):
            arr = self._fitted(arr, len(texts), chunks)
        if chunks:
            self.last_chunk_vectors = arr
        return arr

    def _fitted(self, arr: np.ndarray, n: int, chunks: bool) -> np.ndarray:
        # The parser or chunker changed since the source index was built, so a protocol gives
        # a chunk more or less than it did there: the build goes on with the vectors it has
        # (a missing one stands in as the protocol's mean direction) and counts the protocols
        # where it did, so a build that needs many says so. Decision vectors likewise; they do
        # not take part in chunk search.
        if chunks:
            self.chunk_mismatches += 1
        else:
            self.mismatches += 1
        mean = arr.mean(axis=0) if len(arr) else np.ones(self.dim, dtype=np.float32)
        mean = (mean / (np.linalg.norm(mean) or 1.0)).astype(np.float32)
        if chunks and len(arr) > n:
            return arr[:n]
        if chunks:
            return np.vstack([arr, np.tile(mean, (n - len(arr), 1))])
        return np.tile(mean, (n, 1))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        raise RuntimeError("ReplayEmbedder kodar inga frågor (teman ska komma ur källans katalog)")


def real_nn_similarities(vectors: np.ndarray, block: int = 2048) -> np.ndarray:
    """Each vector's cosine to its nearest other vector, exactly."""
    n = len(vectors)
    out = np.empty(n, dtype=np.float32)
    for i in range(0, n, block):
        sims = vectors[i : i + block] @ vectors.T
        rows = np.arange(sims.shape[0])
        sims[rows, rows + i] = -np.inf
        out[i : i + block] = sims.max(axis=1)
    return out


def noisy_copy(vectors: np.ndarray, targets: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Unit vectors whose cosine to the given ones is (in expectation) `targets`.

    With g ~ N(0, σ²I) in d dimensions, |g|² ≈ dσ² and g ⟂ v nearly, so cos(v, v+g) ≈
    1/√(1+dσ²); σ = √((1/s² − 1)/d) gives cosine s.
    """
    d = vectors.shape[1]
    s = np.clip(targets, 0.5, 0.995).astype(np.float64)
    sigma = np.sqrt((1.0 / s**2 - 1.0) / d)[:, None]
    out = vectors + rng.standard_normal(vectors.shape) * sigma
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out.astype(np.float32)


def _shift_years(d: date | None, years: int) -> date | None:
    if d is None:
        return None
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def _copy_protocol(p: Protocol, r: int, bodies: list[str]) -> Protocol:
    body = p.body
    if body and bodies:
        body = bodies[(bodies.index(body) + r) % len(bodies)] if body in bodies else body
    new_date = _shift_years(p.date, r)
    title = p.title
    if p.date and new_date and p.date.isoformat() in title:
        title = title.replace(p.date.isoformat(), new_date.isoformat())
    # A version of its own: with the original's, adding copy r+1 would find copy r as the same
    # content at a path that does not exist, take it for a moved file and delete it, and the
    # 100k index would keep only the originals and the last round of copies.
    return dataclasses.replace(
        p, id=f"{p.id}-k{r}", source=f"bench-kopia-{r}/{p.source}", date=new_date, body=body,
        title=title, version=content_hash(f"{p.version}:kopia {r}"),
    )  # fmt: skip


def plan(snapshot: Snapshot, n: int, seed: int = SEED) -> list[tuple[SourceProtocol, int]]:
    """(source protocol, copy round) pairs: round 0 is the real protocol."""
    rng = np.random.default_rng(seed)
    order = [snapshot.protocols[i] for i in rng.permutation(len(snapshot.protocols))]
    chosen: list[tuple[SourceProtocol, int]] = []
    total = 0
    r = 0
    while total < n:
        added = False
        for sp in order:
            size = len(sp.chunks)
            if total >= n:
                break
            # Whole protocols; one may overshoot by at most 5 % of the target.
            if total + size > n * 1.05 and total > 0:
                continue
            chosen.append((sp, r))
            total += size
            added = True
        if not added:
            break
        if total < n and r == 0 and n <= snapshot.chunk_count:
            break  # a real subset never needs copies
        r += 1
    return chosen


def peak_rss_mb() -> float:
    """This process's peak RSS so far (VmHWM), MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def bench_dir(n: int, root: Path = BENCH_DATA) -> Path:
    return root / f"idx-{n}"


def build(snapshot: Snapshot, n: int, root: Path = BENCH_DATA, force: bool = False) -> Path:
    """Build (or reuse) the bench index of ~n chunks; returns its data folder."""
    data = bench_dir(n, root)
    info_file = root / f"idx-{n}.json"
    want = {"build": BUILD_VERSION, "n": n, "seed": SEED, "snapshot": snapshot.digest()}
    if not force and info_file.exists() and (data / "catalog.sqlite").exists():
        have = json.loads(info_file.read_text())
        if all(have.get(k) == v for k, v in want.items()):
            return data
    if data.exists():
        import shutil

        shutil.rmtree(data)
    t0 = time.perf_counter()
    rss_start = peak_rss_mb()
    chosen = plan(snapshot, n)
    bodies = sorted({sp.protocol.body for sp in snapshot.protocols if sp.protocol.body})
    rng = np.random.default_rng(SEED)
    real = snapshot.all_vectors()
    nn_real = real_nn_similarities(real) if any(r for _, r in chosen) else np.array([])

    replay = ReplayEmbedder(snapshot.model, snapshot.dim)
    index = Index(data, embedder=lambda: cast(Embedder, replay))
    _ = index.embedder  # records the model name and dimension in the catalog
    for key, value in snapshot.meta.items():
        if key != "analyzer":
            index.catalog.set_meta(key, value)
    index.catalog.set_meta("decision_taxonomy", index.decisions._digest())

    ids: list[str] = []
    pids: list[str] = []
    vec_parts: list[np.ndarray] = []
    for i, (sp, r) in enumerate(chosen, 1):
        protocol = sp.protocol if r == 0 else _copy_protocol(sp.protocol, r, bodies)
        vectors = sp.vectors
        if r:
            vectors = noisy_copy(vectors, rng.choice(nn_real, size=len(vectors)), rng)
        replay.expect(vectors, sp.decision_vectors)
        index.add(protocol)
        ids.extend(c.id for c in index.chunks_of(protocol.id))
        vectors = replay.last_chunk_vectors
        pids.extend([protocol.id] * len(vectors))
        vec_parts.append(vectors)
        if i % 50 == 0:
            log.warning("bygger %d: %d/%d protokoll, %d chunkar", n, i, len(chosen), len(ids))
    rss_added = peak_rss_mb()
    # As `protokoll ingest` does at its end: the derived caches for the next reader.
    t_caches = time.perf_counter()
    index.settle()
    caches_s = time.perf_counter() - t_caches
    active = index.catalog.counts()
    index.catalog.close()
    if active["chunks"] != len(ids) or active["protocols"] != len(chosen):
        raise RuntimeError(
            f"bänkindex {n}: {active['protocols']} protokoll och {active['chunks']} chunkar "
            f"aktiva, men {len(chosen)} och {len(ids)} lades till"
        )
    vecs = np.concatenate(vec_parts)
    # Exact ground truth beside (not inside) the data folder, so disk figures are the product's.
    np.savez(root / f"idx-{n}.truth.npz", ids=np.array(ids), pids=np.array(pids), vectors=vecs)
    built: dict[str, Any] = {
        **want,
        "chunks": len(ids),
        "protocols": len(chosen),
        "copies": sum(1 for _, r in chosen if r),
        "rounds": max(r for _, r in chosen),
        "decision_vector_stand_ins": replay.mismatches,
        "protocols_with_chunk_vector_stand_ins": replay.chunk_mismatches,
        "build_s": round(time.perf_counter() - t0, 1),
        "caches_s": round(caches_s, 1),
        # This process's peak: before the loop (the source snapshot), after the adds, at the end.
        "peak_rss_mb": {"snapshot": rss_start, "added": rss_added, "caches": peak_rss_mb()},
        "disk_mb": dir_size_mb(data),
    }
    info_file.write_text(json.dumps(built, indent=1))
    log.warning("bänkindex %d klart: %s", n, built)
    return data


def truth(n: int, root: Path = BENCH_DATA) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(chunk ids, protocol ids, vectors) of a built bench index, in build order."""
    z = np.load(root / f"idx-{n}.truth.npz")
    return z["ids"], z["pids"], z["vectors"]


def info(n: int, root: Path = BENCH_DATA) -> dict[str, Any]:
    return cast(dict[str, Any], json.loads((root / f"idx-{n}.json").read_text()))


def nn_check(vectors: np.ndarray, sample: int = 400, seed: int = SEED) -> dict[str, float]:
    """Percentiles of the nearest-neighbour cosine of a sample of vectors within the set."""
    rng = np.random.default_rng(seed)
    idx = rng.choice(len(vectors), size=min(sample, len(vectors)), replace=False)
    sims = vectors[idx] @ vectors.T
    sims[np.arange(len(idx)), idx] = -np.inf
    nn = sims.max(axis=1)
    return {f"p{q}": round(float(np.percentile(nn, q)), 4) for q in (5, 25, 50, 75, 95)}
