"""Word (.docx) with python-docx: body paragraphs and tables in document order.

Page headers and footers of a Word file live apart from the body, so they never reach the text.
Headings stay lines of their own with a blank line around them, so the parser sees them as such.

A .docx is a zip archive, and a few kilobytes may unpack to gigabytes (a decompression bomb).
Before python-docx parses anything, every entry is unpacked as a stream and counted, and the
main document's XML elements are counted too; an archive over the limits is refused at the first
byte beyond them, without ever holding it in memory.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from protokoll.ingest.errors import ReadError
from protokoll.ingest.readers.base import (
    NO_LIMITS,
    RawDocument,
    ReadLimits,
    normalise_text,
    spaced,
    too_large,
)

_BLOCK = 1 << 20
_MAIN = "word/document.xml"


def check_archive(path: Path, limits: ReadLimits) -> None:
    """Refuse a zip whose entries unpack beyond `limits`, by what they really unpack to (the
    sizes an archive declares may lie), and a main document with too many XML elements."""
    total = 0
    with zipfile.ZipFile(path) as archive:
        declared = sum(max(0, i.file_size) for i in archive.infolist())
        if declared > limits.max_unpacked_bytes:
            raise _unpacked(path, declared, limits)
        for info in archive.infolist():
            elements = 0
            with archive.open(info) as stream:
                while block := stream.read(_BLOCK):
                    total += len(block)
                    if total > limits.max_unpacked_bytes:
                        raise _unpacked(path, total, limits, "minst ")
                    if info.filename == _MAIN:
                        # Every element opens with "<" (as do comments and declarations, so
                        # this counts at least as many as the parser would build).
                        elements += block.count(b"<")
                        if elements > limits.max_xml_elements:
                            raise too_large(
                                path, f"Word-dokumentet har fler än {spaced(elements)} XML-element",
                                limits.max_xml_elements, "element", "PROTOKOLL_MAX_XML_ELEMENTS",
                            )  # fmt: skip


def _unpacked(path: Path, size: int, limits: ReadLimits, least: str = "") -> Exception:
    return too_large(
        path, f"Word-filen packas upp till {least}{spaced(size)} byte",
        limits.max_unpacked_bytes, "byte uppackat", "PROTOKOLL_MAX_UNPACKED_BYTES",
    )  # fmt: skip


def read_docx(path: Path, limits: ReadLimits = NO_LIMITS) -> RawDocument:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        if path.stat().st_size == 0:
            raise ReadError(str(path), "filen är tom")
        if not zipfile.is_zipfile(path):  # python-docx would only say "Package not found"
            raise ReadError(str(path), "Word-filen är skadad eller ingen .docx (inget zip-arkiv)")
        check_archive(path, limits)
        document = docx.Document(str(path))
    except ReadError:
        raise
    except OSError as exc:
        raise ReadError(str(path), f"kan inte läsas ({exc.strerror or exc})") from exc
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(str(path), f"Word-filen är skadad eller ingen .docx ({exc})") from exc
    except Exception as exc:  # python-docx raises lxml and package errors of many kinds
        raise ReadError(str(path), f"Word-filen kan inte läsas ({exc})") from exc

    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            style = (item.style.name if item.style is not None else "") or ""
            if style.lower().startswith(("heading", "rubrik", "title")) and text:
                blocks.append(f"\n{text}\n")
            else:
                blocks.append(text)
        elif isinstance(item, Table):
            for row in item.rows:
                blocks.extend(_row_lines(row))
            blocks.append("")
    text = normalise_text("\n".join(blocks))
    if len(text.strip()) < 20:
        raise ReadError(str(path), "Word-filen innehåller nästan ingen text")
    return RawDocument(text=text, format="docx")


def _row_lines(row: Any) -> list[str]:
    """A table row as lines: its cells side by side, tab-separated, and a cell's paragraphs on
    lines of their own, as the row reads on the page (and as the PDF reader gives it): the
    template's "Beslutande" beside one member per paragraph is "Beslutande<tab>first member",
    then a line per member."""
    cells: list[list[str]] = []
    for cell in row.cells:
        lines = [" ".join(p.text.split()) for p in cell.paragraphs]
        lines = [t for t in lines if t]
        if lines and (not cells or cells[-1] != lines):  # merged cells repeat their text
            cells.append(lines)
    depth = max((len(c) for c in cells), default=0)
    return ["\t".join(c[k] for c in cells if k < len(c)) for k in range(depth)]
