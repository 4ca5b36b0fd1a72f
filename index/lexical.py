"""Shim, removed at merge: re-exports the lexical index from `search/lexical.py`."""

from protokoll.index.search.lexical import LexicalIndex, top_scores

__all__ = ["LexicalIndex", "top_scores"]
