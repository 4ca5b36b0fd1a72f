"""Page layout: running headers and footers out, pages joined with exact page offsets.

Paged formats (PDF) repeat a header and a footer on every page: the protocol title and date,
"Sida 3", "Justerandes signatur", "Utdragsbestyrkande". Left in, they split sentences in the
middle, land in chunks and match every query that names the organ. They are removed here, in the
reader's output and before any offset is assigned, so `page_starts` and every later offset refer
to the cleaned text.

A line is a running header or footer when it stands in the top or bottom lines of a page and
a line of the same words (digits and signs ignored) stands there on many pages. Lines that are page
furniture by their wording alone (a bare page number, "Justerandes signatur") go from any page.
"""

from __future__ import annotations

import re
from collections import Counter

from protokoll.ingest.readers.base import normalise_text

MARGIN_LINES = 4  # how many lines at the top and at the bottom of a page count as margin
MIN_SHARE = 0.4  # a margin line repeated on this share of the pages is furniture
MIN_PAGES = 3  # fewer pages than this give no evidence of repetition

_FURNITURE = re.compile(
    r"^(?:"
    # 3, - 3 -, Sida 3 (12), 3/12, 3 av 12
    r"(?:sida|sid|s\.|page)?\s*[-–]?\s*\d{1,4}\s*[-–]?\s*(?:(?:\(|av\s+|/\s*)\d{1,3}\)?)?"
    r"|justerandes?\s+sign(?:atur|\.)?.*"
    r"|ordförandens?\s+sign(?:atur|\.)?.*"
    r"|utdragsbestyrkande.*"
    r")$",
    re.IGNORECASE,
)


# "§ 45 Budget", "45 § Budget", or "§ 45" alone on a line above its title: an item heading is
# content even when every page has one (a protocol that starts each item on a new page).
_ITEM_HEADING = re.compile(r"^\s*(?:§\s*\d+[a-z]?|\d+[a-z]?\s*§)(?:[\s.:]+\w|\s*$)")


_WORDS = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")
# A margin line that names the page ("Protokoll 17 § 28.03.2023 Sida") is a running header
# once it repeats on MIN_PAGES pages, however many pages (attachments) go without it.
_PAGE_WORDS = frozenset({"sida", "sid", "page", "blad"})


_DATE_ALONE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})\s*$")


def _key(line: str) -> str:
    """A line as compared across pages: its words. Page numbers, dates and item numbers differ
    from page to page, and OCR reads them in its own way ("Protokoll<tab>17 §<tab>28.03.2023
    <tab>Sida" on a page with text, "Protokoll 168 28.03.2023 Sida" on a scanned one): one
    running header."""
    words = _WORDS.findall(line.lower())
    if not words and (m := _DATE_ALONE.match(line)):
        # The meeting's date alone ("2025-03-11"), the part of a running header that a page
        # break does not change: the same on every page, so it is compared as written.
        return f"datum {m[1]}"
    # A line without words ("1 [20]", "- 3 -") is compared by its signs.
    return " ".join(words) if words else _DIGITS.sub("#", "".join(line.split()))


def _margin_indexes(lines: list[str]) -> list[int]:
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    # On a short page the margins must not meet: at most a third of its lines each.
    n = min(MARGIN_LINES, max(1, len(filled) // 3))
    return sorted(set(filled[:n] + filled[-n:]))


def is_furniture(line: str) -> bool:
    """Page furniture by its wording alone: page numbers, signature and certification boxes."""
    s = line.strip()
    return bool(s) and bool(_FURNITURE.match(s))


# A margin line or cell that is a number alone ("3", "- 3 -"): a page number only where it
# counts the pages, else a figure of a table or a note that a page break put in a margin.
_BARE_NUMBER = re.compile(r"^\s*[-–]?\s*(\d{1,4})\s*[-–]?\s*$")


def _page_offset(pages: list[list[str]]) -> int | None:
    """How the bare numbers in the margins count the pages (number − page, the most common), or
    None when no such count holds on as many pages as MIN_PAGES."""
    offsets: Counter[int] = Counter()
    for p, lines in enumerate(pages):
        cells = (c for i in _margin_indexes(lines) for c in lines[i].split("\t"))
        offsets.update({int(m[1]) - p for c in cells if (m := _BARE_NUMBER.match(c))})
    if not offsets:
        return None
    offset, n = offsets.most_common(1)[0]
    return offset if n >= min(MIN_PAGES, len(pages)) else None


def _furniture_on(cell: str, page: int, offset: int | None) -> bool:
    if m := _BARE_NUMBER.match(cell):
        return offset is not None and int(m[1]) - page == offset
    return is_furniture(cell)


def remove_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop running headers/footers from each page's lines (top-to-bottom order)."""
    counts: Counter[str] = Counter()
    inside: Counter[str] = Counter()  # the same lines within the pages, below and above margins
    for lines in pages:
        edge = _margin_indexes(lines)
        counts.update({_key(lines[i]) for i in edge})
        within = set(range(len(lines))) - set(edge)
        inside.update({_key(lines[i]) for i in within if lines[i].strip()})
    need = max(MIN_PAGES, MIN_SHARE * len(pages))
    # A line of the same words that the pages also write within their text is content that a
    # page break put in a margin ("Dnr RS 2024/0877" under an item heading at a page's top),
    # not a running header: those stand in the margins only.
    running = {
        k for k, n in counts.items()
        if k.strip("#_ .-") and inside[k] * 2 < n
        and (n >= need or (n >= MIN_PAGES and _PAGE_WORDS & set(k.split())))
    }  # fmt: skip
    offset = _page_offset(pages)
    out = []
    for p, lines in enumerate(pages):
        margin = set(_margin_indexes(lines))
        title = min(margin) if p == 0 and margin else -1  # the document's first line: its title
        kept = []
        for i, ln in enumerate(lines):
            if i in margin and not _ITEM_HEADING.match(ln):
                if _key(ln) in running and i != title:
                    continue
                # "Protokoll Kulturnämnden<tab>Sida 3": the page number cell goes, the rest stays;
                # "Kultur- och fritidsnämnden<tab>45 300<tab>300" keeps its figures.
                ln = "\t".join(c for c in ln.split("\t") if not _furniture_on(c, p, offset))
                if not ln.strip():
                    continue
            kept.append(ln)
        out.append(kept)
    return out


def join_pages(pages: list[str]) -> tuple[str, tuple[int, ...]]:
    """One normalised text from page texts, and the offset where each page begins.

    Pages are separated by a blank line. A page without text still gets a start (equal to the
    next page's), so page numbers keep matching the PDF's own numbering.
    """
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for page in pages:
        starts.append(pos)
        body = normalise_text(page) if page.strip() else ""
        if not body:
            continue
        if parts:
            parts.append("\n")
            pos += 1
            starts[-1] = pos
        parts.append(body)
        pos += len(body)
    return "".join(parts), tuple(starts)
