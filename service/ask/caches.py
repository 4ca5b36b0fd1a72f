"""What ask keeps between questions: sentence spans and speaker turns of protocols, and vectors
of sentences.

Each is a pure function of its key (a protocol version; a model and a text), so none
goes stale; each is bounded and emptied when full. The facade owns one `AskCaches` for its
lifetime, so a server answers repeated questions about the same protocols without re-encoding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
from protokoll.index.embedding import Embedder
from protokoll.ingest.extract import sentence_spans
from protokoll.ingest.extract.turns import Turn, speaker_turns
from protokoll.ingest.records import Protocol

MAX_PROTOCOLS = 2000
MAX_VECTORS = 50_000
T = TypeVar("T")


@dataclass
class AskCaches:
    units: dict[tuple[str, str], list[tuple[int, int]]] = field(default_factory=dict)
    vectors: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    speakers: dict[tuple[str, str], list[Turn]] = field(default_factory=dict)

    def sentences(self, p: Protocol) -> list[tuple[int, int]]:
        """The sentence spans of a protocol version."""
        return _of_version(self.units, p, lambda: sentence_spans(p.text))

    def turns(self, p: Protocol) -> list[Turn]:
        """The speaker turns of a protocol version (`ingest.extract.turns`)."""
        return _of_version(self.speakers, p, lambda: speaker_turns(p))

    def encoded(self, embedder: Embedder, texts: list[str]) -> np.ndarray:
        """The sentence vectors of `texts`, in order; each text is encoded once per model."""
        missing = [t for t in dict.fromkeys(texts) if (embedder.name, t) not in self.vectors]
        if missing:
            if len(self.vectors) > MAX_VECTORS:
                self.vectors.clear()
            for t, v in zip(missing, embedder.encode_sentences(missing), strict=True):
                self.vectors[(embedder.name, t)] = v
        return np.stack([self.vectors[(embedder.name, t)] for t in texts])


def _of_version(store: dict[tuple[str, str], T], p: Protocol, make: Callable[[], T]) -> T:
    """What `make` gives for this protocol version, made once; the store is emptied when full."""
    key = (p.id, p.version)
    if key not in store:
        if len(store) > MAX_PROTOCOLS:
            store.clear()
        store[key] = make()
    return store[key]
