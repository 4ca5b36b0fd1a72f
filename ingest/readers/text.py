"""Plain text and Markdown, in UTF-8 (with or without BOM) or Windows-1252/Latin-1."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from protokoll.ingest.errors import ReadError
from protokoll.ingest.readers.base import (
    NO_LIMITS,
    RawDocument,
    ReadLimits,
    normalise_text,
    read_nonempty,
)

log = logging.getLogger(__name__)

# Bytes that cp1252 leaves undefined; if they occur the text is Latin-1 (or not text at all).
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode by evidence, not by guess: valid UTF-8 is UTF-8 (a random Latin-1 text with
    å/ä/ö is practically never valid UTF-8); otherwise Windows-1252, or Latin-1 if the bytes
    use positions cp1252 leaves undefined."""
    if b"\x00" in data[:4096]:
        raise ReadError(path, "filen är binär, inte text (NUL-tecken)")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8", errors="strict"), "utf-8"
    except UnicodeDecodeError:
        pass
    if any(b in _CP1252_UNDEFINED for b in data):
        return data.decode("latin-1"), "latin-1"
    return data.decode("cp1252"), "cp1252"


# A Markdown table's row ("| **Plats och tid** | Kommunhuset, sal A |") and its rule ("|---|:--:|").
_TABLE_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.MULTILINE)
_TABLE_RULE = re.compile(r"^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*:?-*:?[ \t]*$", re.MULTILINE)
_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(.+?)\1$")
_ITEMS = re.compile(r"§§?\s*\d+(?:\s*[–,-]\s*\d+)*")


def _cells(row: re.Match[str]) -> str:
    """A table row as a line, without a cell's emphasis: two cells as a label and its value
    ("Plats och tid: Kommunhuset, sal A"); more, as columns apart by tabs when they are a list of
    names ("Cecilia Wahlund<tab>M<tab>ordförande", as a text export reads), or as a row of
    figures that may answer a question ("Hällbo kommun | 30,5 % | 27 023 tkr")."""
    cells = [m[2] if (m := _EMPHASIS.match(c.strip())) else c.strip() for c in row[1].split("|")]
    if len(cells) == 2:
        return ": ".join(c for c in cells if c)
    # An empty cell inside the row stays an empty column, as the Word reader keeps it, so that a
    # roll call's "X" stays under "Ja", "Nej" or "Avstår"; empty cells at its end go.
    while len(cells) > 1 and not cells[-1]:
        cells.pop()
    # The items someone was present for ("§§ 31–44") are no figures: that row lists a name.
    figures = _ITEMS.sub(" ", "".join(cells))
    return " | ".join(cells) if any(c.isdigit() for c in figures) else "\t".join(cells)


def markdown_tables(text: str) -> str:
    """`text` with its tables' rules dropped and each row read as tab-separated cells."""
    return _TABLE_ROW.sub(_cells, _TABLE_RULE.sub("", text))


def read_text_file(path: Path, limits: ReadLimits = NO_LIMITS) -> RawDocument:
    data = read_nonempty(path)
    text, encoding = decode_bytes(data, str(path))
    if encoding != "utf-8":
        log.info("%s: läst som %s", path, encoding)
    fmt = "markdown" if path.suffix.lower() in {".md", ".markdown"} else "text"
    normalised = normalise_text(markdown_tables(text) if fmt == "markdown" else text)
    if len(normalised.strip()) < 20:
        raise ReadError(str(path), "filen innehåller nästan ingen text")
    return RawDocument(text=normalised, format=fmt, encoding=encoding)
