"""The records the index hands out and takes: a ranked hit, the index's settings, the outcome of
adding a protocol; with realistic examples beside them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from protokoll.index.search.request import EXAMPLE_REQUEST, Mode, SearchRequest
from protokoll.ingest.records import EXAMPLE_CHUNK, EXAMPLE_PROTOCOL, Chunk, Protocol

# What `Index.add` did with a protocol: new, a new version of it, the same content under a new
# path (its old entry removed), or nothing (the same version is indexed).
Status = Literal["added", "replaced", "moved", "unchanged"]


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
    prf_terms: int = 0  # pseudo-relevance feedback (index/search/feedback.py); 0 = off
    prf_docs: int = 5
    prf_weight: float = 0.3
    # "hnsw", "exact", or "auto": exact over the vector matrix until this process has loaded
    # the HNSW index (a one-shot CLI search never does; the service does in the background).
    dense_search: str = "auto"
    # Chunks per document; more is refused before anything is embedded.
    max_chunks: int = 10_000
    # Fuse the closeness to the question turned by the learned W (index/search/turn.py).
    search_adapter: bool = True


EXAMPLE_HIT = Hit(
    rank=1, score=0.9312, chunk=EXAMPLE_CHUNK, protocol=EXAMPLE_PROTOCOL, dense=0.8841,
    lexical=14.27,
)  # fmt: skip

__all__ = [
    "EXAMPLE_HIT", "EXAMPLE_REQUEST", "Hit", "IndexSettings", "Mode", "SearchRequest", "Status",
]  # fmt: skip
