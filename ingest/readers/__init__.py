"""Readers turn a file into normalised text (plus page offsets where the format has pages).

One module per format; `read_document` picks the reader by file extension. A reader raises
`ReadError` naming the file, never a bare exception.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from protokoll.ingest.errors import UnsupportedFormat
from protokoll.ingest.ocr import OcrOptions
from protokoll.ingest.readers.base import NO_LIMITS, RawDocument, ReadLimits, spaced, too_large
from protokoll.ingest.readers.docx import read_docx
from protokoll.ingest.readers.html import read_html
from protokoll.ingest.readers.pdf import read_pdf
from protokoll.ingest.readers.riksdagen import read_riksdagen_json
from protokoll.ingest.readers.text import read_text_file

Reader = Callable[[Path, ReadLimits], RawDocument]

# Formats whose text is at most as long as the file (UTF-8 needs 1–4 bytes a character, markup
# only adds): a file over 4 bytes per allowed character is refused before it is read.
_TEXTUAL = {".txt", ".md", ".markdown", ".html", ".htm", ".json"}

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


def read_document(
    path: Path, limits: ReadLimits = NO_LIMITS, ocr: OcrOptions | None = None
) -> RawDocument:
    """The document in `path`, read within `limits` (file size, characters, pages, and for zip
    formats the unpacked size and elements); over a limit it is refused, naming the file. `ocr`
    says how PDF pages are read by OCR (without it, PDFs are read by their text layer only)."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnsupportedFormat(
            str(path),
            f"filtypen '{path.suffix or '(ingen)'}' stöds inte "
            f"(stöds: {', '.join(supported_suffixes())})",
        )
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # the reader names the file and why it cannot be read
    if size > limits.max_file_bytes:
        raise too_large(
            path, f"filen är för stor ({spaced(size)} byte)", limits.max_file_bytes, "byte",
            "PROTOKOLL_MAX_FILE_BYTES",
        )  # fmt: skip
    if path.suffix.lower() in _TEXTUAL and size > 4 * limits.max_chars:
        raise too_large(
            path, f"filen är för stor ({spaced(size)} byte, mer text än gränsen tillåter)",
            limits.max_chars, "tecken", "PROTOKOLL_MAX_CHARS",
        )  # fmt: skip
    doc = read_pdf(path, limits, ocr) if path.suffix.lower() == ".pdf" else reader(path, limits)
    if len(doc.text) > limits.max_chars:
        raise too_large(
            path, f"dokumentet har {spaced(len(doc.text))} tecken text", limits.max_chars,
            "tecken", "PROTOKOLL_MAX_CHARS",
        )  # fmt: skip
    return doc


__all__ = [
    "OcrOptions", "RawDocument", "ReadLimits", "read_document", "supported_suffixes", "READERS",
]  # fmt: skip
