"""Word (.docx) with python-docx: body paragraphs and tables in document order.

Page headers and footers of a Word file live apart from the body, so they never reach the text;
the first page's header is kept as metadata, for the municipality a template sets there.
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
    lists = _Lists(document)
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            style = (item.style.name if item.style is not None else "") or ""
            if style.lower().startswith(("heading", "rubrik", "title")) and text:
                blocks.append(f"\n{text}\n")
            else:
                blocks.append(f"{lists.marker(item)}{text}" if text else text)
        elif isinstance(item, Table):
            for row in item.rows:
                blocks.extend(_row_lines(row))
            blocks.append("")
    text = normalise_text("\n".join(blocks))
    if len(text.strip()) < 20:
        raise ReadError(str(path), "Word-filen innehåller nästan ingen text")
    head = _letterhead(document)
    return RawDocument(text=text, format="docx", metadata={"letterhead": head} if head else {})


def _letterhead(document: Any) -> str:
    """The first page's header as lines (its paragraphs and its tables' rows): where a Word
    template sets the municipality ("Sälgeberga kommun<tab>SAMMANTRÄDESPROTOKOLL") that the
    parser adds to the organ. It is no part of the text."""
    if not document.sections:
        return ""
    section = document.sections[0]
    header = section.first_page_header if section.different_first_page_header_footer else None
    if header is None or header.is_linked_to_previous:
        header = section.header
    lines = [p.text.strip() for p in header.paragraphs]
    lines += [line for table in header.tables for row in table.rows for line in _row_lines(row)]
    return "\n".join(line for line in lines if line)


def _row_lines(row: Any) -> list[str]:
    """A table row as lines: its cells side by side, tab-separated, and a cell's paragraphs (and
    its line breaks) on lines of their own, as the row reads on the page (and as the PDF reader
    gives it): the template's "Beslutande" beside one member per paragraph is
    "Beslutande<tab>first member", then a line per member.

    The first line keeps an empty cell as an empty column, so that a roll call's "X" stays under
    "Ja", "Nej" or "Avstår" ("Anna Berg (S)<tab><tab>X"). A merged cell is one cell: python-docx
    gives a cell spanning columns once per column and one spanning rows in every row, as the
    same cell, so it is told by identity; two cells that only hold the same text ("8,6<tab>8,6")
    are two columns."""
    cells: list[list[str]] = []
    seen: set[int] = set()
    for cell in row.cells:
        tc = cell._tc
        if id(tc) in seen:
            continue
        seen.add(id(tc))
        if tc.getparent() is not row._tr:
            cells.append([])  # the rest of a cell merged down from a row above
            continue
        lines = [" ".join(t.split()) for p in cell.paragraphs for t in p.text.split("\n")]
        cells.append([t for t in lines if t])
    while cells and not cells[-1]:
        cells.pop()
    depth = max((len(c) for c in cells), default=0)
    first = "\t".join(c[0] if c else "" for c in cells)
    rest = ["\t".join(c[k] for c in cells if k < len(c)) for k in range(1, depth)]
    return [first, *rest] if depth else []


class _Lists:
    """The marker Word shows before a list paragraph: "1. ", "2. " for a numbered list, "• " for
    a bulleted one, from the paragraph's numbering or its style's ("List Number", "Punktlista").
    python-docx gives the text without it, and a decision's "1. … 2. …" then read as plain lines.
    Numbers count on per list (numId) and level, as Word shows them."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self.formats: dict[tuple[str, str], str] = {}
        self.counts: dict[str, list[int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {
            a.get(qn("w:abstractNumId")): {
                lvl.get(qn("w:ilvl")): fmt.get(qn("w:val"))
                for lvl in a.findall(qn("w:lvl"))
                if (fmt := lvl.find(qn("w:numFmt"))) is not None
            }
            for a in numbering.findall(qn("w:abstractNum"))
        }
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            levels = abstract.get(ref.get(qn("w:val")) if ref is not None else None, {})
            for ilvl, fmt in levels.items():
                self.formats[(num.get(qn("w:numId")), ilvl)] = fmt

    def marker(self, paragraph: Any) -> str:
        num = _num_pr(paragraph)
        if num is None:
            return ""
        num_id, ilvl = num
        fmt = self.formats.get((num_id, ilvl))
        if fmt is None or fmt == "none":
            return ""
        if fmt == "bullet":
            return "• "
        level = int(ilvl) if ilvl.isdigit() else 0
        counts = self.counts.setdefault(num_id, [0] * 9)
        counts[level] += 1
        counts[level + 1 :] = [0] * (8 - level)  # a deeper list starts again under a new item
        return f"{counts[level]}. "


def _num_pr(paragraph: Any) -> tuple[str, str] | None:
    """(numId, ilvl) of a paragraph's list numbering, its own or its style's (or a base
    style's); None when it is no list paragraph."""
    ppr = paragraph._p.pPr
    style = paragraph.style
    num_pr = ppr.numPr if ppr is not None else None
    while num_pr is None and style is not None:
        spr = style.element.pPr
        num_pr = spr.numPr if spr is not None else None
        style = style.base_style
    if num_pr is None or num_pr.numId is None:
        return None
    ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    return str(num_pr.numId.val), str(ilvl)
