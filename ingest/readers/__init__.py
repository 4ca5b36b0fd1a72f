"""Readers turn a file into normalised text (plus page offsets where the format has pages).

One module per format; `read_document` picks the reader by file extension. A reader raises
`ReadError` naming the file, never a bare exception.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from protokoll.ingest.errors import UnsupportedFormat
from protokoll.ingest.ocr import OcrOptions
from protokoll.ingest.readers.base import RawDocument
from protokoll.ingest.readers.docx import read_docx
from protokoll.ingest.readers.html import read_html
from protokoll.ingest.readers.pdf import read_pdf
from protokoll.ingest.readers.riksdagen import read_riksdagen_json
from protokoll.ingest.readers.text import read_text_file

Reader = Callable[[Path], RawDocument]

READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".md": read_text_file,
    ".markdown": read_text_file,
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_riksdagen_json,  # Riksdagen open data; other JSON is refused by name
}


def supported_suffixes() -> list[str]:
    return sorted(READERS)


def read_document(path: Path, ocr: OcrOptions | None = None) -> RawDocument:
    """The file's text; `ocr` says how PDF pages are read by OCR (without it, PDFs are read by
    their text layer only)."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnsupportedFormat(
            str(path),
            f"filtypen '{path.suffix or '(ingen)'}' stöds inte "
            f"(stöds: {', '.join(supported_suffixes())})",
        )
    if path.suffix.lower() == ".pdf":
        return read_pdf(path, ocr)
    return reader(path)


__all__ = ["OcrOptions", "RawDocument", "read_document", "supported_suffixes", "READERS"]
