"""Shim, removed at merge: fusion now lives in `search/fusion.py`."""

from protokoll.index.search.fusion import convex, minmax, rrf

__all__ = ["convex", "minmax", "rrf"]
