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
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from protokoll.ingest.errors import ReadError
from protokoll.ingest.layout import join_pages, remove_running_lines
from protokoll.ingest.readers.base import NO_LIMITS, RawDocument, ReadLimits, spaced, too_large

log = logging.getLogger(__name__)

_HYPHEN_MARKS = ("\x02", "\ufffe", "\u00ad")
_MIN_CHARS_PER_PAGE = 25  # less than this on average: a scan without a text layer
_TAB_GAP = 3.0  # a gap wider than this many line heights separates columns (a tab)
_JOIN_GAP = 0.25  # a gap narrower than this many line heights is inside a word
_PARAGRAPH_GAP = 1.45  # a line gap this many times the usual spacing starts a paragraph
_FILE_TITLE = re.compile(r"\.(?:docx?|pdf|odt|rtf|txt)\b|^microsoft|^untitled|^namnlös", re.I)
_ORG_AUTHOR = re.compile(
    r"\b(?:riksbank|kommun|region|stad|nämnd|styrelse|myndighet|verket|rådet|inspektion)", re.I
)
_LEADER = re.compile(r"(?:[ ]?\.){4,}")  # ". . . . ." dot leaders of a table of contents


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
    for n, line in enumerate(lines):
        # A paragraph break is a vertical gap well above the page's usual line spacing.
        if n and spacing and lines[n - 1].mid - line.mid > _PARAGRAPH_GAP * spacing:
            out.append("")
        joined = ""
        prev_right: float | None = None
        for left, right, text in sorted(line.segments):
            piece = text.replace("\r", " ").replace("\n", " ")
            if prev_right is not None and joined and piece.strip(" ") not in _HYPHEN_MARKS:
                gap = left - prev_right
                if gap > _TAB_GAP * line.height:
                    joined = joined.rstrip(" ") + "\t"
                elif gap > _JOIN_GAP * line.height and not joined.endswith((" ", "\t")):
                    joined += " "
            joined += piece.lstrip(" ") if joined.endswith((" ", "\t")) or not joined else piece
            prev_right = right
        joined = _LEADER.sub(" ....", joined)
        out.append(re.sub(r"[ ]{2,}", " ", joined).strip())
    return _join_hyphenated(out)


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


def _ocr_available() -> bool:
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        langs = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "swe" in langs.split()


def _ocr_page(page: Any, path: Path, limits: ReadLimits) -> str:
    """Swedish OCR of one page with Debian's tesseract (optional; used only when installed)."""
    import io

    scale = 300 / 72
    width, height = page.get_size()
    pixels = int(width * scale) * int(height * scale)
    if pixels > limits.max_ocr_pixels:  # a page may declare any size; rendering it allocates it
        raise too_large(
            path, f"en sida skulle bli {spaced(pixels)} bildpunkter för OCR",
            limits.max_ocr_pixels, "bildpunkter", "PROTOKOLL_MAX_OCR_PIXELS",
        )  # fmt: skip
    image = page.render(scale=scale).to_pil()
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    res = subprocess.run(
        ["tesseract", "-", "-", "-l", "swe"], input=buf.getvalue(), capture_output=True, timeout=300
    )
    return res.stdout.decode("utf-8", errors="replace")


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


def read_pdf(path: Path, limits: ReadLimits = NO_LIMITS) -> RawDocument:
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
        n_chars = sum(len("".join(p)) for p in pages)
        fmt = "pdf"
        if len(doc) and n_chars < _MIN_CHARS_PER_PAGE * len(doc):
            if not _ocr_available():
                raise ReadError(
                    str(path),
                    "PDF-filen saknar textlager (inskannad bild?); den behöver OCR, som inte är "
                    "installerat (apt-get install tesseract-ocr tesseract-ocr-swe)",
                )
            log.info("%s: saknar textlager, OCR med tesseract", path)
            pages = [_ocr_page(doc[i], path, limits).splitlines() for i in range(len(doc))]
            fmt = "pdf-ocr"
    except pdfium.PdfiumError as exc:
        raise ReadError(str(path), f"PDF-filen är skadad och kan inte läsas ({exc})") from exc
    finally:
        doc.close()
    cleaned = remove_running_lines(pages)
    text, page_starts = join_pages(["\n".join(lines) for lines in cleaned])
    if len(text.strip()) < 20:
        raise ReadError(str(path), "PDF-filen innehåller nästan ingen text")
    return RawDocument(text=text, format=fmt, page_starts=page_starts, metadata=metadata)
