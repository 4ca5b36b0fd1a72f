"""What a Swedish question asks for, understood once and shared by search, ask and decisions.

- Time expressions become date filters where the intent is clear (service/periods.py): "i
  september 2023", "hösten 2023", "sedan 2022", "riksbankens möte i juli 2017" … A month or day
  without a year means that month or day in any year.
- A known organ named in the question becomes a body filter.
- The question's intent (vem, när, hur många, vilka, beslut, var, vad) is the lexicon's
  `classify_intent`, read from how the question begins and from its verbs.
The expression that became a filter is removed from the text that is searched, so words such as
"september" do not also pull in passages that merely mention the month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from protokoll.ingest.lexicon import INTENT_LABELS, Intent, classify_intent
from protokoll.ingest.text import fold
from protokoll.service import periods


@dataclass
class Understood:
    query: str
    search_text: str
    intent: Intent = Intent.SEARCH
    date_from: date | None = None
    date_to: date | None = None
    date_expression: str | None = None
    month: int | None = None  # a month (and day) named without a year: any year
    day: int | None = None
    body: str | None = None
    corrections: dict[str, str] = field(default_factory=dict)
    # Words typed without å, ä and ö, as read (`query` holds them put back): shown, not fixed.
    restored: dict[str, str] = field(default_factory=dict)
    # The documents the question names (service/references.py): a report's designation and the
    # protocols search is narrowed to, or why the archive cannot answer (a Swedish sentence).
    designation: str | None = None
    protocols: tuple[str, ...] | None = None
    absent: str | None = None
    # The absent meeting is only a day, month or year the question names (no meeting word, no
    # decision): the text may speak of that time instead (references.spoken_of).
    spoken_period: bool = False

    @property
    def names_a_filter(self) -> bool:
        """Whether the question names a date, a period or a body to narrow the search to."""
        return bool(self.date_from or self.date_to or self.month or self.body)

    @property
    def did_you_mean(self) -> str | None:
        if not self.corrections and not self.restored:
            return None
        return corrected(self.query, self.corrections)

    @property
    def spelled_text(self) -> str:
        """The searched text with misspelt words replaced where they stand as words."""
        return corrected(self.search_text or self.query, self.corrections)

    @property
    def dense_text(self) -> str | None:
        """What the model encodes when a word was misspelt: the searched text with every
        occurrence of it replaced; None when nothing was corrected."""
        if not self.corrections:
            return None
        text = self.search_text
        for wrong, right in self.corrections.items():
            text = text.replace(wrong, right)
        return text

    def describe(self) -> str:
        """One Swedish line for human output."""
        parts = [f"frågetyp: {INTENT_LABELS[self.intent]}"]
        if self.month:
            # The month's full name: its longest spelling ("juni", not "jun").
            name = max((n for n, v in periods.MONTHS.items() if v == self.month), key=len)
            when = f"{self.day} {name}" if self.day else name
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
        if self.designation:
            parts.append(f"dokument: {self.designation}")
        if self.absent:
            parts.append(f"saknas: {self.absent}")
        if self.did_you_mean:
            parts.append(f"menade du: ”{self.did_you_mean}”")
        return " · ".join(parts)


def corrected(text: str, corrections: dict[str, str]) -> str:
    """`text` with each misspelt word replaced where it stands as a whole word."""
    for wrong, right in corrections.items():
        text = re.sub(rf"\b{re.escape(wrong)}\b", right, text)
    return text


def _find_body(query: str, bodies: list[str]) -> str | None:
    """The known organ (or its part before a comma) the question names, the longest where one
    name holds another ("Läns-gemensam ledning i samverkan"); None when it names two different
    organs ("finansutskottet … skatteutskottet och arbetsmarknadsutskottet"): which of them wrote
    the document is not said, and a wrong filter hides it."""
    q = fold(query)
    named: dict[str, str] = {}
    for b in bodies:
        for core in {b, b.split(",")[0]}:
            core = core.strip()
            if len(core) >= 6 and re.search(rf"(?<!\w){re.escape(fold(core))}", q):
                named[fold(core)] = core
    kept = [core for key, core in named.items() if not any(key in k and key != k for k in named)]
    return kept[0] if len(kept) == 1 else None


def understand(query: str, newest: date | None, bodies: list[str]) -> Understood:
    reference = newest or date.today()
    result = Understood(query=query, search_text=query, intent=classify_intent(query))
    result.body = _find_body(query, bodies)
    found = periods.find(query.lower(), reference)
    if found is None:
        return result
    spec, start, end = found.spec, found.start, found.end
    result.date_expression = query[start:end].strip()
    if found.bounded:
        result.date_from, result.date_to = spec.date_from, spec.date_to
        text = re.sub(r"\s+([?!.,;:])", r"\1", query[:start] + " " + query[end:])
        text = re.sub(r"\s{2,}", " ", text).strip()
        result.search_text = text if text.strip(" ?!.,;:") else query
    else:
        result.date_from, result.date_to, result.month, result.day = spec
        text = (query[:start] + " " + query[end:]).strip()
        result.search_text = re.sub(r"\s{2,}", " ", text) or query
    return result
