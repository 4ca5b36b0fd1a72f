"""Embedding, the vector store, the lexical index, and their fusion into ranked hits."""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
