"""A row of a table of figures, told with its header so that it can answer.

Readers keep a table's cells apart with tabs (Word, HTML, text exports): "Harvåsens
kommun\t9 640\t21,0 %\t2 705" under "Medlemskommun\tInvånare 2023-12-31\tAndel\tMedlemsbidrag
2025 (tkr)"; Markdown keeps them apart with " | ". The row alone says
nothing a question asks ("Hur mycket ska Harvåsen betala i medlemsbidrag 2025?"): what each
figure is stands in the header. So a row of figures under a header is told as one sentence,
"Medlemskommun: Harvåsens kommun; Invånare 2023-12-31: 9 640; Andel: 21,0 %; Medlemsbidrag
2025: 2 705 tkr", with a unit the header gives in brackets moved to its figures, and weighed
like any sentence (sentences.py). Rows without such a header (a wrapped header split over two
lines, a list of names) stay out, as before.
"""

from __future__ import annotations

import re

from protokoll.ingest.extract import tabbed
from protokoll.service.ask.vocabulary import LEXICON, either

# A cell that is a figure: "9 640", "21,0 %", "−10,8", "+975 kr", "850 kr".
_FIGURE = re.compile(
    rf"[−–+-]?\s?\d[\d\s  ]*(?:[,.]\d+)?\s*(?:%|{either(LEXICON.money_units, folded=False)})?",
    re.IGNORECASE,
)
# A unit a header gives in brackets: "Medlemsbidrag 2025 (tkr)", "Budget (mnkr)".
_UNIT = re.compile(rf"\s*\((%|{either(LEXICON.money_units, folded=False)})\)\s*$", re.IGNORECASE)
# How far above a row its header may stand, in lines (blank lines between rows count).
HEADER_LINES = 40


_BAR = " | "


def is_row(line: str) -> bool:
    """Whether a line or sentence is a table's row: cells apart with tabs (not the tab after a
    list item's number, `tabbed`) or " | "."""
    return tabbed(line) or _BAR in line


def _cells(line: str) -> list[str]:
    line = line.strip()
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    return [c.strip() for c in line.strip("|").split(_BAR)]


def label(row: str) -> str:
    """A row's first cell: what its figures are of."""
    return _cells(row)[0]


def _figure(cell: str) -> bool:
    return bool(cell) and _FIGURE.fullmatch(cell) is not None


def header_of(text: str, start: int) -> list[str] | None:
    """The header of the table whose row begins at `start`: the nearest line above it in the
    same table (tabbed lines, blank lines between them) with no figure after its first cell."""
    end = text.rfind("\n", 0, start)
    for _ in range(HEADER_LINES):
        if end < 0:
            return None
        begin = text.rfind("\n", 0, end) + 1
        line, end = text[begin:end], begin - 1
        if not line.strip():
            continue
        if not is_row(line):
            return None  # the table ended above: no header
        cells = _cells(line)
        if all(not c.strip("-: ") for c in cells):
            continue  # Markdown's line under its header
        if not any(_figure(c) for c in cells[1:]):
            return cells
    return None


def told_row(text: str, start: int, row: str) -> str | None:
    """The row at `start` told with its header, or None when it is no row of figures under a
    header of as many cells."""
    cells = _cells(row)
    if len(cells) < 2 or not any(_figure(c) for c in cells[1:]):
        return None
    header = header_of(text, start)
    if header is None or len(header) != len(cells):
        return None
    said = []
    for head, cell in zip(header, cells, strict=True):
        if not cell:
            continue
        unit = _UNIT.search(head)
        if unit and _figure(cell) and not cell.endswith(unit[1]):
            head, cell = head[: unit.start()], f"{cell} {unit[1]}"
        said.append(f"{head}: {cell}" if head else cell)
    return "; ".join(said)
