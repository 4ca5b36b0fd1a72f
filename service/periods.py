"""When a Swedish question says: the period an expression names, as a date range or a month (and
day) in any year.

"i september 2023", "den 29/9", "29 september", "hösten 2023", "i höstas", "under 2023", "förra
året", "första halvåret 2024", "Q3 2023", "vecka 12 2024", "förra månaden"; ranges and open
bounds whose ends carry a year ("mellan mars och maj 2024", "sedan 2022", "före 2023"). When a
question names two periods, the one given to its meeting or minutes is the filter ("arbetslösheten
i maj 2017 enligt riksbankens möte i juli 2017"). `find` returns the period and where its
expression stands, so that understanding.py can take it out of the searched text.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any, NamedTuple

from protokoll.ingest.lexicon import lexicon

MONTHS = lexicon().months
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_SEASONS = {"våren": (1, 6), "sommaren": (6, 8), "hösten": (8, 12), "vintern": (12, 12)}
_RELATIVE_SEASONS = {"i våras": "våren", "i somras": "sommaren", "i höstas": "hösten",
                     "i vintras": "vintern"}  # fmt: skip
_ORDINAL = {"första": 1, "1:a": 1, "andra": 2, "2:a": 2, "tredje": 3, "3:e": 3, "fjärde": 4,
            "4:e": 4}  # fmt: skip
_ORD = "|".join(_ORDINAL)


class DateSpec(NamedTuple):
    """A date range, or a month (and day) recurring in any year."""

    date_from: date | None
    date_to: date | None
    month: int | None = None
    day: int | None = None


def _range(first: date, last: date) -> DateSpec:
    return DateSpec(first, last)


def _month_range(year: int, month: int, last_month: int | None = None) -> DateSpec:
    end_month = last_month or month
    return DateSpec(
        date(year, month, 1), date(year, end_month, calendar.monthrange(year, end_month)[1])
    )


def _day(y: int, m: int, d: int) -> DateSpec | None:
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    return DateSpec(day, day)


def _recurring(month: int, day: int | None = None) -> DateSpec | None:
    """A month or day named without a year: that month/day in any year of the corpus."""
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return DateSpec(None, None, month, day)


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


_YEAR = r"((?:19|20)\d{2})"


def _quarter(year: int, q: int) -> DateSpec | None:
    return _month_range(year, 3 * q - 2, 3 * q) if 1 <= q <= 4 else None


def _week(year: int, week: int) -> DateSpec | None:
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    return DateSpec(monday, date.fromisocalendar(year, week, 7))


def _last_month(newest: date) -> DateSpec:
    year, month = (newest.year, newest.month - 1) if newest.month > 1 else (newest.year - 1, 12)
    return _month_range(year, month)


# Periods that are written out in full, as a bound or an end of a range must be: a date, a month,
# season, half-year, quarter or week with its year, or a year ("sedan 2022", "före 2023").
_PERIODS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})"),
     lambda m: _day(int(m[1]), int(m[2]), int(m[3]))),
    (re.compile(rf"(\d{{1,2}})(?::e|:a)?\s+({_MONTH})\.?\s+{_YEAR}"),
     lambda m: _day(int(m[3]), MONTHS[m[2]], int(m[1]))),
    (re.compile(r"(\d{1,2})/(\d{1,2})[\s/-]+((?:19|20)?\d{2})"),
     lambda m: _day(_year(m[3]), int(m[2]), int(m[1]))),
    (re.compile(rf"({_MONTH})\.?\s+{_YEAR}"), lambda m: _month_range(int(m[2]), MONTHS[m[1]])),
    (re.compile(rf"(våren|sommaren|hösten|vintern)\s+{_YEAR}"),
     lambda m: _month_range(int(m[2]), *_SEASONS[m[1]])),
    (re.compile(rf"({_ORD})\s+halvåret\s+{_YEAR}"),
     lambda m: _month_range(int(m[2]), *((1, 6) if _ORDINAL[m[1]] == 1 else (7, 12)))
     if _ORDINAL[m[1]] <= 2 else None),
    (re.compile(rf"({_ORD})\s+kvartalet\s+{_YEAR}"),
     lambda m: _quarter(int(m[2]), _ORDINAL[m[1]])),
    (re.compile(rf"(?:kvartal|q)\s*([1-4])\s+{_YEAR}"), lambda m: _quarter(int(m[2]), int(m[1]))),
    (re.compile(rf"(?:vecka|v\.?)\s*(\d{{1,2}})\s+{_YEAR}"),
     lambda m: _week(int(m[2]), int(m[1]))),
    (re.compile(_YEAR), lambda m: _range(date(int(m[1]), 1, 1), date(int(m[1]), 12, 31))),
    # "28.3.2023", as Finland-Swedish protocols date their meetings.
    (re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})(?![\d.])"),
     lambda m: _day(int(m[3]), int(m[2]), int(m[1]))),
]  # fmt: skip


def _period(text: str) -> DateSpec | None:
    text = re.sub(r"^den\s+", "", text.strip().rstrip(".?!,;:"))
    for pattern, resolve in _PERIODS:
        m = pattern.fullmatch(text)
        if m:
            spec: DateSpec | None = resolve(m)
            return spec
    return None


def _in_text(index: int, prefix: str = r"(?:den\s+)?") -> tuple[re.Pattern[str], Any]:
    """A rule that finds `_PERIODS[index]` inside a question, as a whole expression."""
    pattern, resolve = _PERIODS[index]
    return re.compile(rf"\b{prefix}(?:{pattern.pattern})\b"), lambda m, n: resolve(m)


# Also as typed without å, ä and ö ("oktobermotet").
_MEETING = r"(?:m[öo]tets?|m[öo]te|sammantr[äa]dets?|sammantr[äa]de|protokollet|protokoll)"
# A meeting or its minutes named just before a period ("riksbankens möte i juli 2017",
# "protokollet från den 3 maj 2023", "styrelsemötet 12 mars 2024"): that period is the meeting's.
_MEETING_BEFORE = re.compile(rf"\w*{_MEETING}\s+(?:(?:i|från|den|av|som hölls|hållet|hållen)\s+)?")
_SEASON_OF = {"vår": "våren", "sommar": "sommaren", "höst": "hösten", "vinter": "vintern"}

# Each rule: a pattern on the lower-cased question, and what its match means given the newest
# protocol's date (used only by expressions that are relative by nature: "i höstas", "i år").
_RULES: list[tuple[re.Pattern[str], Any]] = [
    # A meeting named by its month or season ("decembermötet 2023", "junimötet", "sommarmötet
    # 2020") comes first: another period in the question ("inflationen i maj 2024 enligt
    # protokollet från junimötet") is then what was said, not when.
    (re.compile(rf"\b({_MONTH}){_MEETING}(?:\s+{_YEAR})?\b"),
     lambda m, n: _month_range(int(m[2]), MONTHS[m[1]]) if m[2] else _recurring(MONTHS[m[1]])),
    (re.compile(rf"\b(vår|sommar|höst|vinter){_MEETING}\s+{_YEAR}\b"),
     lambda m, n: _month_range(int(m[2]), *_SEASONS[_SEASON_OF[m[1]]])),
    _in_text(0), _in_text(1), _in_text(2),  # 2023-09-29, 29 september 2023, 29/9 2023
    _in_text(10),  # 28.3.2023
    (re.compile(r"\b(?:den\s+)?(\d{1,2})/(\d{1,2})\b"),
     lambda m, n: _recurring(int(m[2]), int(m[1]))),
    (re.compile(rf"\b(?:den\s+)?(\d{{1,2}})(?::e|:a)?\s+({_MONTH})\b"),
     lambda m, n: _recurring(MONTHS[m[2]], int(m[1]))),
    # "januari–maj 2024": months joined by a dash, the year written once.
    (re.compile(rf"\b(?:(?:i|under)\s+)?({_MONTH})\s*[–-]\s*({_MONTH})\.?\s+{_YEAR}\b"),
     lambda m, n: _month_range(int(m[3]), MONTHS[m[1]], MONTHS[m[2]])
     if MONTHS[m[1]] <= MONTHS[m[2]] else None),
    _in_text(3, prefix=r"(?:(?:i|under|från|in)\s+)?"),  # (i) september 2023
    (re.compile(rf"\b(?:i|under)\s+({_MONTH})\b"),
     lambda m, n: _recurring(MONTHS[m[1]])),
    _in_text(4),  # hösten 2023
    (re.compile(r"\bi\s+(våras|somras|höstas|vintras)\b"),
     lambda m, n: _relative_season(m[0], n)),
    (re.compile(r"\b(?:förra|föregående)\s+året\b|\bi\s+fjol\b"),
     lambda m, n: _range(date(n.year - 1, 1, 1), date(n.year - 1, 12, 31))),
    (re.compile(r"\bi\s+år\b"), lambda m, n: _range(date(n.year, 1, 1), date(n.year, 12, 31))),
    (re.compile(r"\b(?:förra|föregående)\s+månaden\b"), lambda m, n: _last_month(n)),
    _in_text(5), _in_text(6), _in_text(7), _in_text(8),  # halvår, kvartal, Q3, vecka
    # A bare year is often the topic ("taxa 2025", "budget för 2024"), not the meeting's date.
    (re.compile(r"(?<![\d–-])\b(?:i|under|år)\s+((?:19|20)\d{2})\b(?![\d–-])"),
     lambda m, n: _range(date(int(m[1]), 1, 1), date(int(m[1]), 12, 31))),
]  # fmt: skip

# "efter februari 2024", "per mars", "till och med 2025": a bound or a reference, not the period
# (bounds with a year are read by `_bounds` first).
_NOT_A_PERIOD = re.compile(r"\b(efter|per|före|sedan|till|t\.o\.m\.|inför|mot|fram)\s*$")


_FROM_WORDS = ("från och med", "fr.o.m.", "fr.o.m", "från", "sedan", "efter")
_TO_WORDS = ("till och med", "t.o.m.", "t.o.m", "fram till", "före", "innan")
_RANGE_SEPARATORS = ("till och med", "t.o.m.", "och", "till", "–", "-")


def _bounds(low: str) -> tuple[DateSpec, int, int] | None:
    """A range ("mellan mars och maj 2024", "från 2022 till 2023") or an open bound ("sedan
    2022", "efter 1 mars 2024", "före 2023", "till och med juni 2024"), with its span in `low`.

    Only periods written out with their year count: "efter lagändringen" or "från 25 till 30"
    are not dates, and a bare month ("efter mars") stays a reference, not a bound.
    """
    words = list(re.finditer(r"[^\s?!,;()]+", low))
    texts = [w.group(0) for w in words]

    def phrase_at(i: int, options: tuple[str, ...]) -> tuple[str, int] | None:
        for option in options:
            parts = option.split()
            if texts[i : i + len(parts)] == parts:
                return option, len(parts)
        return None

    def period_at(i: int) -> tuple[DateSpec, int] | None:
        for n in range(6, 0, -1):  # the longest period that starts at word i
            # "från 2023 års nivå": a year in the genitive names a budget or a level, not a date.
            if i + n <= len(texts) and texts[i + n : i + n + 1] != ["års"]:
                spec = _period(" ".join(texts[i : i + n]))
                if spec is not None and spec.date_from is not None:
                    return spec, n
        return None

    for i in range(len(texts)):
        start = phrase_at(i, ("mellan", *_FROM_WORDS))
        if start:
            word, used = start
            j = i + used
            # A range: its first end may borrow the year of the second ("mars och maj 2024").
            for n in range(1, 6):
                sep = phrase_at(j + n, _RANGE_SEPARATORS)
                if not sep or word in ("sedan", "efter"):
                    continue
                second = period_at(j + n + sep[1])
                if second is None:
                    continue
                first_text = " ".join(texts[j : j + n])
                first = _period(first_text)
                if first is None or first.date_from is None:
                    first = _period(f"{first_text} {second[0].date_from.year}")  # type: ignore[union-attr]
                if first is not None and first.date_from is not None:
                    end = words[j + n + sep[1] + second[1] - 1].end()
                    return DateSpec(first.date_from, second[0].date_to), words[i].start(), end
            if word == "mellan":
                continue
            bound = period_at(j)
            if bound:
                spec, n = bound
                first_day = spec.date_from
                if word == "efter" and spec.date_to is not None:
                    first_day = date.fromordinal(spec.date_to.toordinal() + 1)
                span = words[i].start(), words[j + n - 1].end()
                if word == "från":
                    # A bare "från" names where a document comes from ("protokollet från
                    # november 2020", "beslut från 2019"): that period, not everything after it
                    # ("från och med", "sedan" and "efter" are the open bounds).
                    return DateSpec(spec.date_from, spec.date_to), *span
                return DateSpec(first_day, None), *span
        end_word = phrase_at(i, _TO_WORDS)
        if end_word:
            word, used = end_word
            bound = period_at(i + used)
            if bound:
                spec, n = bound
                last = spec.date_to
                if word in ("före", "innan") and spec.date_from is not None:
                    last = date.fromordinal(spec.date_from.toordinal() - 1)
                return DateSpec(None, last), words[i].start(), words[i + used + n - 1].end()
    return None


def _relative_season(expr: str, newest: date) -> DateSpec:
    season = _RELATIVE_SEASONS[re.sub(r"\s+", " ", expr)]
    first, last = _SEASONS[season]
    year = newest.year if newest.month >= first else newest.year - 1
    return _month_range(year, first, last)


# A bare year right after a meeting ("årsmötet 2024", "stämman 2023" is not one): the meeting's.
_MEETING_YEAR: tuple[re.Pattern[str], Any] = (
    re.compile(r"((?:19|20)\d{2})\b(?![\d/–-])"),
    lambda m, n: _range(date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)),
)


def _meeting_period(low: str, reference: date) -> tuple[DateSpec, int, int] | None:
    """The period a question gives its meeting, when it names another too: "arbetslösheten i maj
    2017 enligt riksbankens möte i juli 2017" asks about the July meeting, and "från 2024 enligt
    novemberprotokollet 2023" about the November one. A month's meeting ("junimötet 2024") or a
    period right after a meeting or its minutes; None when the question has no such period."""
    found = [*_RULES[0][0].finditer(low), *_RULES[1][0].finditer(low)]
    for before in _MEETING_BEFORE.finditer(low):
        for pattern, _ in [*_RULES[2:], _MEETING_YEAR]:
            if m := pattern.match(low, before.end()):
                found.append(m)
                break
    periods = []
    for m in sorted(found, key=lambda m: m.start()):
        if _NOT_A_PERIOD.search(low[: m.start()]):
            continue  # "efter decembermötet" places something after that meeting
        resolve = next(r for pat, r in [*_RULES, _MEETING_YEAR] if pat is m.re)
        spec = resolve(m, reference)
        if spec is not None:
            periods.append((spec, m.start(), m.end()))
    # A meeting given with its year before one given by its month alone.
    periods.sort(key=lambda p: p[0].date_from is None)
    return periods[0] if periods else None


class Found(NamedTuple):
    """A period the question names, where its expression stands, and whether it is a range or
    an open bound (read by `_bounds`, whose expression keeps no trailing punctuation)."""

    spec: DateSpec
    start: int
    end: int
    bounded: bool


def find(low: str, reference: date) -> Found | None:
    """The period a lower-cased question names, given the newest protocol's date (for "i
    höstas", "i år"), or None."""
    bounded = _bounds(low)
    found = _first_period(low, reference) if bounded is None else None
    first = bounded or found
    meeting = _meeting_period(low, reference)
    if meeting is not None and (first is None or first[2] <= meeting[1] or meeting[2] <= first[1]):
        # Another period stands in the question besides the meeting's: it is what was said
        # about, and the meeting's is the filter.
        return Found(*meeting, bounded=False)
    if bounded is not None:
        return Found(*bounded, bounded=True)
    return Found(*found, bounded=False) if found is not None else None


def _first_period(low: str, reference: date) -> tuple[DateSpec, int, int] | None:
    """The period of the first rule that finds one in the question (`_RULES`), with its span."""
    for pattern, resolve in _RULES:
        m = pattern.search(low)
        if not m or _NOT_A_PERIOD.search(low[: m.start()]):
            continue
        spec = resolve(m, reference)
        if spec is not None:
            return spec, m.start(), m.end()
    return None
