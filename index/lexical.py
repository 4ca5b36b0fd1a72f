"""Shim, removed at merge: the lexical index now lives in `search/lexical.py`."""

from protokoll.index.search.lexical import LexicalIndex, top_scores

__all__ = ["LexicalIndex", "top_scores"]
