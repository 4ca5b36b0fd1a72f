"""Swedish date expressions as they appear in protocols."""

from __future__ import annotations

import re
from datetime import date

from protokoll.ingest.lexicon import alternation, lexicon

# Month names and their abbreviations → month number ("sept" → 9).
MONTHS = lexicon().months

_MONTH_ALT = alternation(MONTHS)
ISO_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?!\d)")
DMY_RE = re.compile(r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d{2})(?![\d])")
TEXTUAL_RE = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:\s+|\.\s*|:e\s+|:a\s+)({_MONTH_ALT})\.?\s+((?:19|20)\d{{2}})(?!\d)",
    re.IGNORECASE,
)
COMPACT_RE = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{2})(?!\d)")  # yymmdd, only trusted in titles


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str, allow_compact: bool = False) -> list[tuple[int, date]]:
    """All dates in `text` with their offsets, in text order."""
    found: list[tuple[int, date]] = []
    for m in ISO_RE.finditer(text):
        if dt := _make(int(m[1]), int(m[2]), int(m[3])):
            found.append((m.start(), dt))
    for m in TEXTUAL_RE.finditer(text):
        if dt := _make(int(m[3]), MONTHS[m[2].lower()], int(m[1])):
            found.append((m.start(), dt))
    for m in DMY_RE.finditer(text):
        if dt := _make(int(m[3]), int(m[2]), int(m[1])):
            found.append((m.start(), dt))
    if allow_compact:
        for m in COMPACT_RE.finditer(text):
            if dt := _make(2000 + int(m[1]), int(m[2]), int(m[3])):
                found.append((m.start(), dt))
    found.sort(key=lambda x: x[0])
    return found


def first_date(text: str, allow_compact: bool = False) -> date | None:
    found = find_dates(text, allow_compact)
    return found[0][1] if found else None
