"""What the HTTP API may show of where a protocol came from: never a path on the server.

The CLI prints a protocol's `source` as the full path it was read from; that is the user's own
machine. Over HTTP the same field would tell anyone the server's folder layout, so every
response passes through `public_json`: `source` becomes the file's path relative to the upload
folder, or its file name, or, with PROTOKOLL_SOURCE_URL_BASE, that public address plus the name.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from protokoll.service.settings import Settings


def public_source(source: str, settings: Settings) -> str:
    if not source or "://" in source:  # already an address (e.g. Riksdagen's open data)
        return source
    return _public(source, settings.data, settings.source_url_base)


# Memoised: a search shows ten or more `source` fields, mostly of protocols shown before, and
# working each out again (resolving the upload folder, two paths) took 0.48 ms per HTTP search
# at 100k chunks; the same folder resolved again gives the same answer while the service runs.
@lru_cache(maxsize=4096)
def _public(source: str, data: Path, url_base: str | None) -> str:
    path = Path(source)
    try:
        shown = path.relative_to((data / "uploads").resolve()).as_posix()
    except ValueError:
        shown = path.name
    if url_base:
        return url_base.rstrip("/") + "/" + quote(shown)
    return str(PurePosixPath(shown))


def public_json(obj: Any, settings: Settings) -> Any:
    """`obj` with every `source` field made public, at any depth."""
    # Scalars are passed as they are, not through a call each: a search's JSON is mostly the
    # numbers of its highlight spans.
    if isinstance(obj, dict):
        return {
            k: public_source(v, settings)
            if k == "source" and isinstance(v, str)
            else public_json(v, settings)
            if isinstance(v, dict | list)
            else v
            for k, v in obj.items()
        }
    if isinstance(obj, list):
        return [public_json(v, settings) if isinstance(v, dict | list) else v for v in obj]
    return obj
