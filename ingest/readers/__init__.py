"""Readers turn a file into normalised text (plus page offsets where the format has pages).

One module per format; `read_document` picks the reader by file extension. A reader raises
`ReadError` naming the file, never a bare exception.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from protokoll.ingest.errors import UnsupportedFormat
from protokoll.ingest.readers.base import RawDocument
from protokoll.ingest.readers.text import read_text_file

Reader = Callable[[Path], RawDocument]

READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".md": read_text_file,
    ".markdown": read_text_file,
}


def supported_suffixes() -> list[str]:
    return sorted(READERS)


def read_document(path: Path) -> RawDocument:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnsupportedFormat(
            str(path),
            f"filtypen '{path.suffix or '(ingen)'}' stöds inte "
            f"(stöds: {', '.join(supported_suffixes())})",
        )
    return reader(path)


__all__ = ["RawDocument", "read_document", "supported_suffixes", "READERS"]
