"""Freed heap memory handed back to the OS after a large transient allocation (a cache build, a
model let go of), so that what comes next does not stack its own peak on top."""

from __future__ import annotations

import contextlib
import ctypes


def give_back_freed_memory() -> None:
    """glibc keeps freed pages in the arena of the thread that freed them, where another
    thread's allocations never reuse them: after the first build from a Chroma server at 100k
    chunks, 400 MB more stayed resident than the loading that came next could use
    (docs/quality.md). `malloc_trim` returns them."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: its allocator decides
        ctypes.CDLL("libc.so.6").malloc_trim(0)
