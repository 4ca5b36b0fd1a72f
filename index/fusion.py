"""Shim, removed at merge: re-exports fusion from `search/fusion.py`."""

from protokoll.index.search.fusion import convex, minmax, rrf

__all__ = ["convex", "minmax", "rrf"]
