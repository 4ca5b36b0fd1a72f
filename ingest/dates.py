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


_MONTH_YEAR_RE = re.compile(
    rf"(?<![\w-])({_MONTH_ALT})\.?\s+((?:19|20)\d{{2}})(?!\d)", re.IGNORECASE
)
_YEAR_RE = re.compile(r"(?<![\d/:.-])((?:19|20)\d{2})(?![\d/:-])")


def months_named(text: str) -> set[tuple[int, int]]:
    """(year, month) of every date, month or year the text names ("2 maj 2020", "i november
    2020", "under 2021"); a year alone stands for its last month, so that it is not before a date
    in that year."""
    found = {(d.year, d.month) for _, d in find_dates(text)}
    found |= {(int(m[2]), MONTHS[m[1].lower()]) for m in _MONTH_YEAR_RE.finditer(text)}
    # The years that are not part of a date or month already found.
    rest = _MONTH_YEAR_RE.sub(" ", DMY_RE.sub(" ", ISO_RE.sub(" ", text)))
    return found | {(int(y), 12) for y in _YEAR_RE.findall(rest)}


def first_date(text: str, allow_compact: bool = False) -> date | None:
    found = find_dates(text, allow_compact)
    return found[0][1] if found else None


_LEX = lexicon()
_MEETING_CUES = re.compile(rf"\b(?:{alternation(_LEX.meeting_date_cues)})\b", re.IGNORECASE)
_LATER_CUES = re.compile(rf"\b(?:{alternation(_LEX.later_date_cues)})\b", re.IGNORECASE)
_CUE_WINDOW = 80  # characters before a date in which a cue word is looked for


def _cue_before(text: str, offset: int) -> str | None:
    """ "meeting", "later" or None: the cue word nearest before the date at `offset`, on its line
    or, when the date stands alone on its line, on the line above (a label over its value)."""
    line_start = text.rfind("\n", 0, offset) + 1
    window = text[max(line_start, offset - _CUE_WINDOW) : offset]
    if "\t" in text[line_start:offset]:
        # A row of a head table ("Justeringens plats och tid<tab>Räddningstjänstens kansli, …,
        # onsdagen den 15 oktober 2025"): its label is the cue, however long the value before
        # the date; cut at 80 characters it read "… och tid", a meeting's cue.
        window = text[line_start:offset]
    if not window.strip(" \t:.,–-"):
        above_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
        window = text[max(above_start, offset - _CUE_WINDOW) : offset]
    best: tuple[int, str] | None = None
    for kind, pattern in (("meeting", _MEETING_CUES), ("later", _LATER_CUES)):
        for m in pattern.finditer(window):
            # The nearest wins; at the same end, the longer cue ("justeringsdatum" over "datum").
            key = (m.end() * 1000 + len(m[0]), kind)
            if best is None or key[0] > best[0]:
                best = key
    return None if best is None else best[1]


def unlabelled_date(text: str, allow_compact: bool = False) -> date | None:
    """The first date in `text` that no later cue names ("Publicerad 2024-12-11 · Dokumenttyp:
    Protokoll", a web diarium's first line, dates the page, not the meeting)."""
    found = find_dates(text, allow_compact)
    return next((dt for off, dt in found if _cue_before(text, off) != "later"), None)


def meeting_date(text: str, allow_compact: bool = False) -> date | None:
    """The date the meeting was held, among the dates in `text` (a protocol's head).

    A protocol also holds later dates: when it was checked ("Justerat 2022-09-22"), published or
    announced. A date after a meeting cue ("Sammanträdesdatum", "Mötet hölls den") is the
    meeting's; a date after a later cue is never taken while another one is there; otherwise the
    first date. Both lists of cue words are data (the lexicon's [dating]).
    """
    found = find_dates(text, allow_compact)
    if not found:
        return None
    cues = [(_cue_before(text, off), dt) for off, dt in found]
    for cue, dt in cues:
        if cue == "meeting":
            return dt
    for cue, dt in cues:
        if cue is None:
            return dt
    return min(dt for _, dt in cues)  # only later dates: the earliest is nearest the meeting
