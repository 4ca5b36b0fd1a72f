"""What ask keeps between questions: sentence spans and speaker turns of protocols, vectors of
sentences, and the words of the sentences that state numbers.

Each is a pure function of its key (a protocol version; a model and a text), so none
goes stale; each is bounded and emptied when full. The facade owns one `AskCaches` for its
lifetime, so a server answers repeated questions about the same protocols without re-encoding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, TypeVar

import numpy as np
from protokoll.index.embedding import Embedder
from protokoll.ingest.extract import sentence_spans
from protokoll.ingest.extract.turns import Turn, speaker_turns
from protokoll.ingest.records import Protocol
from protokoll.service.ask.kinds import proper_words

if TYPE_CHECKING:
    from protokoll.service.ask.fact_memo import FactMemo

MAX_PROTOCOLS = 2000
MAX_VECTORS = 50_000
# The number facts of 100k chunks are 14,000 (12,000 sentences, 9.8 MB kept as below).
MAX_FACTS = 50_000
T = TypeVar("T")


class FactWords(NamedTuple):
    """What the number route weighs a number fact by, without its protocol's text: the
    analysed terms of its sentence, of the sentence with its item's title, and the years
    written in the two (every four digits from 19 or 20 inside a run of digits, so that "a
    year the question names is written there" reads the same as in the text)."""

    said: tuple[str, ...]
    where: tuple[str, ...]
    years: tuple[str, ...]


# (protocol id, version, start, end) of a fact's sentence.
FactKey = tuple[str, str, int, int]


@dataclass
class AskCaches:
    units: dict[tuple[str, str], list[tuple[int, int]]] = field(default_factory=dict)
    vectors: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    speakers: dict[tuple[str, str], list[Turn]] = field(default_factory=dict)
    names: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    facts: dict[FactKey, FactWords] = field(default_factory=dict)
    # Where the facts' words are kept between processes (`fact_memo`), read at first use.
    memo: FactMemo | None = None
    # Whether sentences are ranked by the question's vector as the learned adapter turns it
    # (adapter.py; setting `query_adapter`).
    query_adapter: bool = True
    _memo_read: bool = field(default=False, repr=False)
    _unsaved: int = field(default=0, repr=False)

    def sentences(self, p: Protocol) -> list[tuple[int, int]]:
        """The sentence spans of a protocol version."""
        return _of_version(self.units, p, lambda: sentence_spans(p.text))

    def turns(self, p: Protocol) -> list[Turn]:
        """The speaker turns of a protocol version (`ingest.extract.turns`)."""
        return _of_version(self.speakers, p, lambda: speaker_turns(p))

    def proper_words(self, p: Protocol) -> frozenset[str]:
        """The capitalised words a protocol version writes inside sentences (`kinds.
        proper_words`): its names, also where a sentence starts with one."""
        return _of_version(self.names, p, lambda: proper_words(p.text))

    def fact_words(
        self, p: Protocol, start: int, end: int, make: Callable[[], FactWords | None]
    ) -> FactWords | None:
        """The words of the fact at `start`–`end` of this protocol version (`p` may be a
        listing: only its id and version are read); `make` reads them, or gives None for a
        protocol gone since it was listed, which is not kept. At 100k chunks the number route
        read 733 protocols and analysed 14,000 sentences for every question; now once."""
        if not self._memo_read:
            self._memo_read = True
            if self.memo is not None:
                kept = self.memo.load()
                if len(kept) <= MAX_FACTS:
                    self.facts.update(kept)
        key = (p.id, p.version, start, end)
        words = self.facts.get(key)
        if words is None:
            words = make()
            if words is not None:
                if len(self.facts) > MAX_FACTS:
                    self.facts.clear()
                self.facts[key] = words
                self._unsaved += 1
        return words

    def keep_fact_words(self) -> None:
        """Write the facts' words to the memo when some were read from their protocols since."""
        if self.memo is not None and self._unsaved:
            self._unsaved = 0
            self.memo.save(self.facts)

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
