"""PDF with pypdfium2 (Apache-2.0/BSD-3), page by page, lines rebuilt from their positions.

Why pypdfium2: on the municipal PDFs of ../shared/corpus it extracts the same words as pypdf,
pdfminer.six and poppler (the faults there come from the files' own broken ToUnicode maps, which
every library follows), 15–30 times faster, and it marks soft hyphens, so "lag-/ligt" can be
joined again. Figures: docs/quality.md, "PDF-läsning"; `eval/bench/pdf.py` measures them.

Lines are rebuilt from pdfium's text rectangles sorted by position, not taken in content-stream
order: Nykarleby's PDFs draw "39 §" (the item number beside the heading) in a stamped header
object at the end of the stream, and only positional order puts it back in front of its title.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from protokoll.ingest.errors import ReadError
from protokoll.ingest.layout import join_pages, remove_running_lines
from protokoll.ingest.ocr import (
    DPI,
    MIN_PAGE_CHARS,
    OcrOptions,
    better_than_layer,
    needs_ocr,
    ocr_available,
    ocr_pages,
    warn_missing_once,
)
from protokoll.ingest.readers.base import NO_LIMITS, RawDocument, ReadLimits, spaced, too_large
from protokoll.ingest.text import fold
from rapidfuzz import fuzz

log = logging.getLogger(__name__)

_HYPHEN_MARKS = ("\x02", "\ufffe", "\u00ad")
_TAB_GAP = 3.0  # a gap wider than this many line heights separates columns (a tab)
_JOIN_GAP = 0.25  # a gap narrower than this many line heights is inside a word
_PARAGRAPH_GAP = 1.45  # a line gap this many times the usual spacing starts a paragraph
_FILE_TITLE = re.compile(r"\.(?:docx?|pdf|odt|rtf|txt)\b|^microsoft|^untitled|^namnlös", re.I)
_ORG_AUTHOR = re.compile(
    r"\b(?:riksbank|kommun|region|stad|nämnd|styrelse|myndighet|verket|rådet|inspektion)", re.I
)
_LEADER = re.compile(r"(?:[ ]?\.){4,}")  # ". . . . ." dot leaders of a table of contents
# A table cell that marks a row ("X" under "Ja" in a roll call, "x" under "Närvarande").
_MARK = re.compile(r"[^\W\d]{1,3}|[✓✔×•]")


@dataclass
class _Line:
    mid: float
    height: float
    segments: list[tuple[float, float, str]] = field(default_factory=list)  # (left, right, text)


def _page_lines(page: Any) -> list[str]:
    """The page's text lines, top to bottom, each left to right."""
    textpage = page.get_textpage()
    try:
        segs = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = textpage.get_text_bounded(left, bottom, right, top)
            if text.strip() or any(m in text for m in _HYPHEN_MARKS):
                segs.append((left, bottom, right, top, text))
    finally:
        textpage.close()
    segs.sort(key=lambda s: (-(s[1] + s[3]) / 2, s[0]))
    lines: list[_Line] = []
    for left, bottom, right, top, text in segs:
        mid, height = (bottom + top) / 2, max(top - bottom, 1.0)
        if lines and abs(lines[-1].mid - mid) < 0.5 * max(height, lines[-1].height):
            lines[-1].segments.append((left, right, text))
        else:
            lines.append(_Line(mid, height, [(left, right, text)]))
    deltas = sorted(a.mid - b.mid for a, b in zip(lines, lines[1:], strict=False))
    spacing = deltas[len(deltas) // 2] if deltas else 0.0
    out: list[str] = []
    cells: list[list[tuple[float, float]]] = []  # each line's cells, (left, right)
    for n, line in enumerate(lines):
        # A paragraph break is a vertical gap well above the page's usual line spacing.
        if n and spacing and lines[n - 1].mid - line.mid > _PARAGRAPH_GAP * spacing:
            out.append("")
            cells.append([])
        joined = ""
        spans: list[tuple[float, float]] = []
        prev_right: float | None = None
        for left, right, text in sorted(line.segments):
            piece = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
            if prev_right is not None and joined and piece.strip(" ") not in _HYPHEN_MARKS:
                gap = left - prev_right
                if gap > _TAB_GAP * line.height:
                    joined = joined.rstrip(" ") + "\t"
                    spans.append((left, right))
                elif gap > _JOIN_GAP * line.height and not joined.endswith((" ", "\t")):
                    joined += " "
            joined += piece.lstrip(" ") if joined.endswith((" ", "\t")) or not joined else piece
            spans[-1:] = [(spans[-1][0], right)] if spans else [(left, right)]
            prev_right = right
        joined = _LEADER.sub(" ....", joined)
        out.append(re.sub(r"[ ]{2,}", " ", joined).strip())
        cells.append(spans)
    return _join_hyphenated(in_columns(out, cells))


def in_columns(lines: list[str], cells: list[list[tuple[float, float]]]) -> list[str]:
    """The page's lines with a table row's cells under the columns of the table's head.

    A PDF draws no empty cell, so a roll call's "Margareta Lindqvist<tab>M<tab>X" does not say
    whether the X stands under "Ja", "Nej" or "Avstår". Each cell of a row with fewer cells
    than the row of most cells above it (the head: "Ledamot<tab>Parti<tab>Ja<tab>Nej<tab>
    Avstår") goes under the head's column whose left or right edge is nearest its own, and a
    column left out becomes an empty cell, as the Word and HTML readers write it
    ("…<tab>M<tab><tab><tab>X"). Only marks move (an "X", "Ja"): a row of figures or names
    may stand under a head it does not belong to, and a row whose cells do not fall one to a
    column in order, or a line of one cell (the table has ended), stays as it is.
    """
    head: list[tuple[float, float]] = []
    out = []
    for line, spans in zip(lines, cells, strict=True):
        parts = line.split("\t")
        if len(spans) < 2 or len(parts) != len(spans):
            head = head if not line else []
            out.append(line)
            continue
        if len(spans) >= len(head):
            head = spans
            out.append(line)
            continue
        columns = [_column(span, head) for span in spans]
        moved = [t for k, (c, t) in enumerate(zip(columns, parts, strict=True)) if c != k]
        if (
            columns[0] != 0
            or any(b <= a for a, b in zip(columns, columns[1:], strict=False))
            or not all(_MARK.fullmatch(t) for t in moved)
        ):
            out.append(line)
            continue
        row = [""] * (columns[-1] + 1)
        for k, text in zip(columns, parts, strict=True):
            row[k] = text
        out.append("\t".join(row))
    return out


def _column(span: tuple[float, float], head: list[tuple[float, float]]) -> int:
    """The head's column nearest `span` by left or right edge, or -1 when none is near: nearer
    than half the narrowest distance between two neighbouring columns' left edges."""
    lefts = [h[0] for h in head]
    tolerance = min(b - a for a, b in zip(lefts, lefts[1:], strict=False)) / 2
    dist = [min(abs(span[0] - h[0]), abs(span[1] - h[1])) for h in head]
    k = min(range(len(head)), key=dist.__getitem__)
    return k if dist[k] < tolerance else -1


def _join_hyphenated(lines: list[str]) -> list[str]:
    """ "lag<soft hyphen>" + "ligt sammankallad" → "lagligt" + "sammankallad": the word is whole
    again for search, and the line break stays where it was."""
    out = list(lines)
    for i in range(len(out) - 1):
        line = out[i]
        mark = next((m for m in _HYPHEN_MARKS if line.endswith(m)), None)
        if mark is None:
            continue
        head = line[: -len(mark)].rstrip()
        nxt = out[i + 1]
        word, _, rest = nxt.partition(" ")
        if not word:
            continue
        if word and word[0].islower():
            out[i], out[i + 1] = head + word, rest
        else:
            out[i] = head + "-"
    for i, line in enumerate(out):
        for m in _HYPHEN_MARKS:
            line = line.replace(m, "")
        out[i] = line
    return out


def _metadata(doc: Any) -> dict[str, str]:
    """Title (and an issuing organisation as author) from the PDF's document information, when
    they look like what they claim: word processors often leave "Microsoft Word - x.docx" or a
    user name there."""
    try:
        info = doc.get_metadata_dict(skip_empty=True)
    except Exception:  # broken info dictionaries are common and never fatal
        return {}
    out: dict[str, str] = {}
    title = " ".join(str(info.get("Title", "")).split())
    if (
        len(title.split()) >= 2
        and not _FILE_TITLE.search(title)
        and sum(c.isalpha() for c in title) >= 8
    ):
        out["title"] = title
    author = " ".join(str(info.get("Author", "")).split())
    if _ORG_AUTHOR.search(author) and len(author) <= 80:
        out["body"] = author[0].upper() + author[1:]
    return out


def read_pdf(
    path: Path, limits: ReadLimits = NO_LIMITS, ocr: OcrOptions | None = None
) -> RawDocument:
    import pypdfium2 as pdfium

    try:
        head = path.open("rb").read(1024)
    except OSError as exc:
        raise ReadError(str(path), f"kan inte läsas ({exc.strerror or exc})") from exc
    if not head.strip():
        raise ReadError(str(path), "filen är tom")
    if b"%PDF" not in head:
        raise ReadError(str(path), "filen är ingen PDF (PDF-huvud saknas)")
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError(
                str(path), "PDF-filen är krypterad (lösenordsskyddad) och kan inte läsas"
            ) from exc
        raise ReadError(str(path), f"PDF-filen är skadad och kan inte läsas ({exc})") from exc
    try:
        if len(doc) > limits.max_pages:
            raise too_large(
                path, f"PDF-filen har {spaced(len(doc))} sidor", limits.max_pages, "sidor",
                "PROTOKOLL_MAX_PAGES",
            )  # fmt: skip
        metadata = _metadata(doc)
        pages = [_page_lines(doc[i]) for i in range(len(doc))]
        # Without options the text layer is read as it is: OCR needs a cache folder and takes
        # seconds per page, so it is the ingest's choice (PROTOKOLL_OCR), not a reader default.
        ocr_done = _ocr_where_needed(doc, pages, ocr or OcrOptions(enabled=False), path, limits)
    except pdfium.PdfiumError as exc:
        raise ReadError(str(path), f"PDF-filen är skadad och kan inte läsas ({exc})") from exc
    finally:
        doc.close()
    if pages and sum(c.isalpha() for p in pages for ln in p for c in ln) < MIN_PAGE_CHARS:
        why = "OCR är avstängt (PROTOKOLL_OCR)"
        if not ocr_available():
            why = "OCR är inte installerat (apt-get install tesseract-ocr tesseract-ocr-swe)"
        if not ocr_done and ocr is not None and ocr.enabled and ocr_available():
            why = "inte heller OCR hittade någon text"
        raise ReadError(str(path), f"PDF-filen saknar textlager (inskannad bild?) och {why}")
    fmt = "pdf-ocr" if pages and len(ocr_done) == len(pages) else "pdf"
    cleaned = remove_running_lines(pages)
    text, page_starts = join_pages(["\n".join(lines) for lines in cleaned])
    if len(text.strip()) < 20:
        raise ReadError(str(path), "PDF-filen innehåller nästan ingen text")
    return RawDocument(
        text=text, format=fmt, page_starts=page_starts, metadata=metadata, ocr_pages=ocr_done
    )


def _ocr_where_needed(
    doc: Any, pages: list[list[str]], options: OcrOptions, path: Path, limits: ReadLimits
) -> tuple[int, ...]:
    """OCR the pages without a text layer or whose layer does not read as Swedish, in place;
    the 1-based numbers of the pages whose OCR text was kept."""
    wanted = [i for i, ln in enumerate(pages) if needs_ocr("\n".join(ln), options.min_swedish)]
    if not wanted or not options.enabled:
        return ()
    if not ocr_available():
        warn_missing_once()
        return ()
    log.info("%s: OCR av %d sidor av %d", path, len(wanted), len(pages))

    def render(i: int) -> Any:
        width, height = doc[i].get_size()
        pixels = int(width * DPI / 72) * int(height * DPI / 72)
        if pixels > limits.max_ocr_pixels:  # a page may declare any size; rendering allocates it
            raise too_large(
                path, f"en sida skulle bli {spaced(pixels)} bildpunkter för OCR",
                limits.max_ocr_pixels, "bildpunkter", "PROTOKOLL_MAX_OCR_PIXELS",
            )  # fmt: skip
        return doc[i].render(scale=DPI / 72, grayscale=True).to_pil()

    kept = []
    for i, text in sorted(ocr_pages(render, wanted, options, path.name).items()):
        if better_than_layer(text, "\n".join(pages[i])):
            pages[i] = _restore_headings(_ocr_lines(text), pages[i])
            kept.append(i + 1)
    return tuple(kept)


# Tesseract's Swedish model reads "§" as "8" or "$" in common fonts: "8 45 Val av justerare",
# "ekonomichef, $ 46", "Paragrafer: 8 45—8 51". Put back where no number could stand.
_SECTION_AS_DOLLAR = re.compile(r"\$ ?(?=\d)")
_SECTION_AS_EIGHT = re.compile(
    r"^8 (?=\d{1,3}[a-z]? +[A-ZÅÄÖ])"  # an item heading: "8 45 Val av justerare"
    r"|(?<=[,:;] )8 (?=\d{1,3}(?:$|[—–-]))"  # "elevhälsochef, 8 47", "Paragrafer: 8 45—"
    r"|(?<=[—–])8 (?=\d{1,3}\b)"  # "—8 51"
    r"|(?<=\d) [8&$](?=$)"  # number first, at the line's end: "Ungdomsfullmäktige 28.11.2022, 39 8"
)
# An item heading in a text layer ("4 § Val av …", "§ 45 Budget"), and what Tesseract makes of
# one ("48 Val av …", "8 45 Budget"): its number is taken back from the text layer.
_LAYER_HEADING = re.compile(r"^((?:\d{1,3}[a-z]?\s*§|§\s*\d{1,3}[a-z]?))\s+(\S.*)$")
_OCR_HEADING = re.compile(r"^(?:[§$&8]\s)?\d{1,4}\s?[§$&8]?\s+(\S.*)$")


def _section_signs(line: str) -> str:
    line = _SECTION_AS_DOLLAR.sub("§ ", line)
    return _SECTION_AS_EIGHT.sub("§ ", line)


def _restore_headings(lines: list[str], layer: list[str]) -> list[str]:
    """Item headings of the page's text layer put back over their OCR readings: the layer's
    letters may be garbled, but its "4 §" is not, where OCR reads "48"."""
    headings = [(m[1], fold(m[2])) for ln in layer if (m := _LAYER_HEADING.match(ln.strip()))]
    if not headings:
        return lines
    out = list(lines)
    for i, line in enumerate(out):
        m = _OCR_HEADING.match(line)
        if m is None:
            continue
        title = fold(m[1])
        for number, layer_title in headings:
            if fuzz.ratio(title, layer_title) >= 80:
                out[i] = f"{number} {m[1]}"
                break
    return out


def _ocr_lines(text: str) -> list[str]:
    """Tesseract's lines, with its blank line between blocks kept as one paragraph break."""
    out: list[str] = []
    for line in text.replace("\f", "").splitlines():
        line = _section_signs(re.sub(r"[ ]{2,}", " ", line).strip())
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return _join_hyphenated_ocr(out)


def _join_hyphenated_ocr(lines: list[str]) -> list[str]:
    """ "sammanträ-" + "det hölls" → "sammanträdet" + "hölls", as for soft hyphens in a text layer;
    a hyphen before a capital ("Läns-" + "Gemensam") stays."""
    out = list(lines)
    for i in range(len(out) - 1):
        line, nxt = out[i], out[i + 1]
        if len(line) > 2 and line.endswith("-") and line[-2].isalpha() and nxt[:1].islower():
            word, _, rest = nxt.partition(" ")
            out[i], out[i + 1] = line[:-1] + word, rest
    return out
