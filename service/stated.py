"""Whether a text states the time a question names: the day ("den 23 april 2019"), or the month,
months or year ("i januari 2019", "januari–oktober 2024", "kvartal 2 2024"). references.py asks it
of an answer found without the question's date filter, which may only answer when it says that
time itself.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from protokoll.ingest.lexicon import lexicon
from protokoll.ingest.text import fold
from protokoll.service.understanding import Understood

_MONTHS = lexicon().month_names
# How a date expression that starts with one of these reads after "Det finns inget protokoll".
LEADING_PREPOSITIONS = ("i ", "under ", "från ", "mellan ", "sedan ", "efter ", "före ", "till ")


def states_day(u: Understood, answer: str) -> bool:
    """Whether an answer states the day the question names ("den 23 april 2019", "23/4 2019" is
    not read), with its year when the question names one."""
    day = u.day or (u.date_from.day if u.date_from else None)
    month = u.month or (u.date_from.month if u.date_from else None)
    if day is None or month is None:
        return False
    text = fold(answer).lower()
    name = fold(_MONTHS[month - 1]).lower()
    if not re.search(rf"(?<!\d){day}\s+{name}(?!\w)", text):
        return False
    return u.month is not None or u.date_from is None or str(u.date_from.year) in text


def whole_months(start: date | None, end: date | None) -> bool:
    """Whole months of one year: a month, months in a row ("januari–oktober 2024") or the
    year."""
    if start is None or end is None or start.day != 1 or start.year != end.year:
        return False
    return end.day == calendar.monthrange(end.year, end.month)[1]


def states_period(u: Understood, answer: str, year_of_document: int | None) -> bool:
    """Whether an answer found without the question's date filter (`loosened`) states that
    period itself: its month by name, and its year unless the document is from that year."""
    text = fold(answer).lower()
    said = fold(u.date_expression or "").lower().strip()
    for preposition in LEADING_PREPOSITIONS:
        said = said.removeprefix(preposition)
    if said and re.search(rf"(?<!\w){re.escape(said)}(?!\w)", text):
        return True  # in the question's own words: "kvartal 2 2024", "hösten 2023"
    year = u.date_from.year if u.date_from else None
    if u.date_from and u.date_to and (u.date_from.month, u.date_to.month) == (1, 12):
        return str(year) in text  # a whole year
    first = u.month or (u.date_from.month if u.date_from else None)
    last = u.date_to.month if u.date_to and u.month is None else first
    if first is None or last is None:
        return False
    # A month, or months in a row ("januari–oktober 2024"): one of them by name.
    names = "|".join(fold(_MONTHS[m - 1]) for m in range(first, last + 1))
    if not re.search(rf"\b(?:{names})\b", text):
        return False
    return year is None or year == year_of_document or str(year) in text
