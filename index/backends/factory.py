"""Choosing the backend: a Chroma server when its URL is set, the data folder otherwise."""

from __future__ import annotations

from pathlib import Path

from protokoll.index.backends.base import Backend
from protokoll.index.backends.chroma import ServerAccess
from protokoll.index.backends.local import LocalBackend
from protokoll.index.backends.server import ServerBackend


def open_backend(
    data_dir: Path, server: str | ServerAccess | None, collection: str = "protokoll"
) -> Backend:
    """The backend of the index in `data_dir`; `collection` names the index in a server (a
    local folder holds one index, in its fixed collection)."""
    if isinstance(server, str):
        server = ServerAccess(server) if server else None
    if server:
        return ServerBackend(data_dir, server, collection)
    return LocalBackend(data_dir)
