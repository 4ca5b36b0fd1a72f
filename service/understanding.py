"""What a Swedish question asks for, understood once and shared by search, ask and decisions.

- Time expressions become date filters where the intent is clear: "i september 2023",
  "den 29/9", "29 september", "hösten 2023", "i höstas", "under 2023", "förra året". A month or
  day without a year means its latest occurrence up to the newest protocol in the index, which is
  how people speak about recent meetings ("mötet i september").
- A known organ named in the question becomes a body filter.
- The question type (vem, när, hur många, vilka, beslut, var, vad) is detected from how the
  question begins and from its verbs.
The expression that became a filter is removed from the text that is searched, so words such as
"september" do not also pull in passages that merely mention the month.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from protokoll.index.analysis import fold
from protokoll.ingest.dates import MONTHS

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_SEASONS = {"våren": (1, 6), "sommaren": (6, 8), "hösten": (8, 12), "vintern": (12, 12)}
_RELATIVE_SEASONS = {"i våras": "våren", "i somras": "sommaren", "i höstas": "hösten",
                     "i vintras": "vintern"}  # fmt: skip

QUESTION_TYPES = {
    "vem": "vem (person)",
    "vilka_personer": "vilka personer",
    "när": "när (datum)",
    "hur_många": "hur många / hur mycket",
    "beslut": "vad beslutades",
    "var": "var (plats)",
    "vad": "vad",
    "sök": "sökord",
}


class DateSpec(NamedTuple):
    """A date range, or a month (and day) recurring in any year."""

    date_from: date | None
    date_to: date | None
    month: int | None = None
    day: int | None = None


@dataclass
class Understood:
    query: str
    search_text: str
    question_type: str = "sök"
    date_from: date | None = None
    date_to: date | None = None
    date_expression: str | None = None
    month: int | None = None  # a month (and day) named without a year: any year
    day: int | None = None
    body: str | None = None
    corrections: dict[str, str] = field(default_factory=dict)

    @property
    def did_you_mean(self) -> str | None:
        if not self.corrections:
            return None
        text = self.query
        for wrong, right in self.corrections.items():
            text = re.sub(rf"\b{re.escape(wrong)}\b", right, text)
        return text

    def as_json(self) -> dict[str, Any]:
        return {
            "question_type": self.question_type,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "month": self.month,
            "day": self.day,
            "date_expression": self.date_expression,
            "body": self.body,
            "did_you_mean": self.did_you_mean,
            "corrections": self.corrections,
            "search_text": self.search_text,
        }

    def describe(self) -> str:
        """One Swedish line for human output."""
        parts = [f"frågetyp: {QUESTION_TYPES.get(self.question_type, self.question_type)}"]
        if self.month:
            names = [n for n, v in MONTHS.items() if v == self.month and (len(n) > 4 or n == "maj")]
            when = f"{self.day} {names[0]}" if self.day else names[0]
            parts.append(f"datum: {when}, alla år (”{self.date_expression}”)")
        elif self.date_from or self.date_to:
            span = f"{self.date_from or '…'}–{self.date_to or '…'}"
            parts.append(
                f"datum {span} (”{self.date_expression}”)"
                if self.date_expression
                else f"datum {span}"
            )
        if self.body:
            parts.append(f"organ: {self.body}")
        if self.did_you_mean:
            parts.append(f"menade du: ”{self.did_you_mean}”")
        return " · ".join(parts)


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


# Each rule: a pattern on the lower-cased question, and what its match means given the newest
# protocol's date (used only by expressions that are relative by nature: "i höstas", "i år").
_RULES: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"\b(?:den\s+)?((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})\b"),
     lambda m, n: _day(int(m[1]), int(m[2]), int(m[3]))),
    (re.compile(rf"\b(?:den\s+)?(\d{{1,2}})(?::e|:a)?\s+({_MONTH})\.?\s+((?:19|20)\d{{2}})\b"),
     lambda m, n: _day(int(m[3]), MONTHS[m[2]], int(m[1]))),
    (re.compile(r"\b(?:den\s+)?(\d{1,2})/(\d{1,2})[\s/-]+((?:19|20)?\d{2})\b"),
     lambda m, n: _day(_year(m[3]), int(m[2]), int(m[1]))),
    (re.compile(r"\b(?:den\s+)?(\d{1,2})/(\d{1,2})\b"),
     lambda m, n: _recurring(int(m[2]), int(m[1]))),
    (re.compile(rf"\b(?:den\s+)?(\d{{1,2}})(?::e|:a)?\s+({_MONTH})\b"),
     lambda m, n: _recurring(MONTHS[m[2]], int(m[1]))),
    (re.compile(rf"\b(?:i|under|från|in)?\s*({_MONTH})\s+((?:19|20)\d{{2}})\b"),
     lambda m, n: _month_range(int(m[2]), MONTHS[m[1]])),
    (re.compile(rf"\b(?:i|under)\s+({_MONTH})\b"),
     lambda m, n: _recurring(MONTHS[m[1]])),
    (re.compile(r"\b(våren|sommaren|hösten|vintern)\s+((?:19|20)\d{2})\b"),
     lambda m, n: _month_range(int(m[2]), *_SEASONS[m[1]])),
    (re.compile(r"\bi\s+(våras|somras|höstas|vintras)\b"),
     lambda m, n: _relative_season(m[0], n)),
    (re.compile(r"\b(?:förra|föregående)\s+året\b|\bi\s+fjol\b"),
     lambda m, n: _range(date(n.year - 1, 1, 1), date(n.year - 1, 12, 31))),
    (re.compile(r"\bi\s+år\b"), lambda m, n: _range(date(n.year, 1, 1), date(n.year, 12, 31))),
    # A bare year is often the topic ("taxa 2025", "budget för 2024"), not the meeting's date.
    (re.compile(r"(?<![\d–-])\b(?:i|under|år)\s+((?:19|20)\d{2})\b(?![\d–-])"),
     lambda m, n: _range(date(int(m[1]), 1, 1), date(int(m[1]), 12, 31))),
]  # fmt: skip


# "efter februari 2024", "per mars", "till och med 2025": a bound or a reference, not the period.
_NOT_A_PERIOD = re.compile(r"\b(efter|per|före|sedan|till|t\.o\.m\.|inför|mot|fram)\s*$")


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def _relative_season(expr: str, newest: date) -> DateSpec:
    season = _RELATIVE_SEASONS[re.sub(r"\s+", " ", expr)]
    first, last = _SEASONS[season]
    year = newest.year if newest.month >= first else newest.year - 1
    return _month_range(year, first, last)


# Question words typed without å/ä/ö ("hur manga", "nar"), read as written with them.
_UNFOLDED = {"nar": "när", "manga": "många", "lange": "länge", "lang": "lång",
             "narvarande": "närvarande", "narvarade": "närvarade", "foredrog": "föredrog",
             "berattade": "berättade", "halsade": "hälsade", "ingar": "ingår",
             "beslot": "beslöt"}  # fmt: skip


def question_type(query: str) -> str:
    q = " ".join(_UNFOLDED.get(w, w) for w in query.strip().lower().split(" "))
    if re.search(
        r"\b(vad|vilka|vilket|vilken)\b.*\bbeslut|\bbeslut(ade|ades|at)?\s+om\b|^beslut\b", q
    ):
        return "beslut"
    if re.match(r"(vem|vems|vilken person)\b", q):
        return "vem"
    if re.match(r"vilka\b.*\b(personer|ledamöter|ledamot|deltog|deltagare|närvarande|närvarade|"
                r"var med|satt|ingår|medverkade|representerade|föredrog|presenterade|berättade|"
                r"inledde|hälsade|talade|pratade|ställde)", q):  # fmt: skip
        return "vilka_personer"
    if re.match(r"(när|vilket datum|vilken dag)\b", q):
        return "när"
    if re.match(r"(hur (många|mycket|stor|stort|stora|lång|länge))\b", q):
        return "hur_många"
    if re.match(
        r"(var|vart|var någonstans)\s+(hölls|ägde|genomfördes|sammanträdde|låg|är|finns)", q
    ):
        return "var"
    if re.match(r"(vad|vilka|vilken|vilket|hur|varför)\b", q):
        return "vad"
    return "sök"


def _find_body(query: str, bodies: list[str]) -> str | None:
    """The longest known organ (or its part before a comma) named in the question."""
    q = fold(query)
    best: str | None = None
    for b in bodies:
        for core in {b, b.split(",")[0]}:
            core = core.strip()
            named = len(core) >= 6 and re.search(rf"(?<!\w){re.escape(fold(core))}", q)
            if named and (best is None or len(core) > len(best)):
                best = core
    return best


def understand(query: str, newest: date | None, bodies: list[str]) -> Understood:
    reference = newest or date.today()
    low = query.lower()
    result = Understood(query=query, search_text=query, question_type=question_type(query))
    for pattern, resolve in _RULES:
        m = pattern.search(low)
        if not m or _NOT_A_PERIOD.search(low[: m.start()]):
            continue
        spec = resolve(m, reference)
        if spec is None:
            continue
        result.date_from, result.date_to, result.month, result.day = spec
        result.date_expression = query[m.start() : m.end()].strip()
        text = (query[: m.start()] + " " + query[m.end() :]).strip()
        result.search_text = re.sub(r"\s{2,}", " ", text) or query
        break
    result.body = _find_body(query, bodies)
    return result
