"""The documents a question names: a report's designation, a meeting date, an organ.

A question that names a document is about that document: retrieval is narrowed to the protocols
that match before any passage is ranked (`Understood.protocols`, honoured by dense, lexical and
fused search). When the archive holds no such document, `Understood.absent` carries the reason in
Swedish and the question is declined with it, never answered from another document.

What a designation looks like and which words end an organ's name are data (the lexicon's
[references]), not code.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache

from protokoll.ingest.lexicon import Intent, alternation, lexicon
from protokoll.ingest.records import Protocol
from protokoll.ingest.text import fold, names_body
from protokoll.service.ask.agreement import asks_decision
from protokoll.service.ask.citations import paragraph
from protokoll.service.ask.records import Answer
from protokoll.service.organs import (
    Heading,
    asks_a_decision,
    asks_its_decision,
    holds,
    named_organs,
    names_an_organ,
    spelled,
    unheld_organ,
    unheld_place,
)
from protokoll.service.stated import LEADING_PREPOSITIONS, states_day, states_period, whole_months
from protokoll.service.understanding import Understood

_LEX = lexicon()
_REF = _LEX.references
DESIGNATION_RE = re.compile(_REF.designation)
_SHORT_DESIGNATION_RE = re.compile(_REF.short_designation)
_REPORT_ENDINGS = tuple(fold(e).lower() for e in _REF.report_endings)
_OWN_YEAR_BEFORE = re.compile(
    rf"(?<!\w)(?:för|\w*(?:{alternation(_REF.own_year_reports)}))\s+$", re.IGNORECASE
)
_SESSION_RE = re.compile(_REF.session)
_SESSION_WORDS = frozenset(fold(w).lower() for w in _REF.session_words)
# Compounds too: "styrelsemötet", "nämndsammanträdet".
_MEETING_RE = re.compile(
    rf"(?<![\w-])(?:{alternation(_REF.meeting_compound_parts, folded=True)})?"
    rf"(?:{alternation(_REF.meeting_words, folded=True)})(?!\w)"
)

# A short designation with its session beside it, either way round: "JuU3 2018/19", "AU4
# 2019/20", "SkU1 för 2019/20", "2019/20 AU4". Together they are the full designation.
_SHORT_WITH_SESSION = re.compile(
    rf"(?P<short>{_REF.short_designation})\s*(?:,|från|för|i|under)?\s*(?:riksmötet\s+)?"
    rf"(?P<session>{_REF.session})"
    rf"|(?P<session2>{_REF.session})\s+(?P<short2>{_REF.short_designation})"
)


def designations(question: str) -> list[str]:
    """The report designations a question names, as written in titles: "2018/19:AU10"."""
    full = [f"{m[1]}:{m[2]}" for m in DESIGNATION_RE.finditer(question)]
    paired = [
        f"{m['session'] or m['session2']}:{m['short'] or m['short2']}"
        for m in _SHORT_WITH_SESSION.finditer(question)
    ]
    return list(dict.fromkeys(full + paired))


def names_a_designation(question: str, title: str) -> bool:
    """Whether the question names the report of `title` by its designation, with or without
    the session ("2019/20:CU6", "CU6")."""
    named = designations(question)
    if any(_names_designation(title, d) for d in named):
        return True
    # "CU6" is the "2019/20:CU6" of a title, not "CU60".
    folded = _folded(title)
    return any(
        re.search(rf"\d:{re.escape(fold(s).lower())}(?!\w)", folded)
        for s in dict.fromkeys(_SHORT_DESIGNATION_RE.findall(question))
    )


def _names_designation(title: str, designation: str) -> bool:
    # "2018/19:AU1" is not "2018/19:AU10": the designation ends where the title's word does.
    want, folded = fold(designation).lower(), _folded(title)
    if want not in folded:  # most titles: no regex needed
        return False
    return re.search(rf"(?<![\w/]){re.escape(want)}(?!\w)", folded) is not None


@lru_cache(maxsize=1 << 16)
def _folded(title: str) -> str:
    # Every title of the archive is matched against each designation a question names: folded
    # once, not once per question (7 ms per such question at 1,500 protocols).
    return fold(title).lower()


def _day_text(day: date) -> str:
    return f"{day.day} {_LEX.month_names[day.month - 1]} {day.year}"


def _period_text(u: Understood) -> str:
    if u.date_from is not None and u.date_from == u.date_to:
        return f"från den {_day_text(u.date_from)}"
    expr = (u.date_expression or "").strip()
    if not expr:
        span = f"{u.date_from or '…'}–{u.date_to or '…'}"
        return f"från perioden {span}"
    return expr if expr.lower().startswith(LEADING_PREPOSITIONS) else f"från {expr}"


def _in_period(u: Understood, day: date | None) -> bool:
    if u.month is not None:
        return day is not None and day.month == u.month and (u.day is None or day.day == u.day)
    if u.date_from is None and u.date_to is None:
        return True
    if day is None:
        return False
    return (u.date_from is None or day >= u.date_from) and (u.date_to is None or day <= u.date_to)


def _of_body(u: Understood, body: str | None) -> bool:
    return not u.body or names_body(u.body, body or "")


def _one_day(u: Understood) -> bool:
    return u.day is not None or (u.date_from is not None and u.date_from == u.date_to)


def _names_a_meeting(u: Understood, by_body: bool = True) -> bool:
    """Whether the question ties its date to a meeting: a single day ("den 14 mars 2019": a
    meeting's date, where a month or a quarter is as often what the text is about), an open
    bound ("före 2023", "sedan 2022": which meetings are meant), a meeting word, an organ
    (unless not `by_body`: one that writes only reports, `loosened`), or a question about what
    was decided (decided then, at a meeting)."""
    one_day = _one_day(u)
    bound = u.month is None and (u.date_from is None or u.date_to is None)
    if one_day or bound or u.intent == Intent.DECISION or (u.body and by_body):
        return True
    return bool(_MEETING_RE.search(fold(u.query).lower()) or (by_body and names_an_organ(u.query)))


def _around_date(u: Understood) -> tuple[str, str] | None:
    """The question's text before and after the date expression it was narrowed by, or None."""
    expr = u.date_expression
    at = u.query.find(expr) if expr else -1
    if expr is None or at < 0:
        return None
    return u.query[:at], u.query[at + len(expr) :]


def _applies_to(u: Understood) -> bool:
    """Whether the question's date follows "för": the period a decision, budget or figure applies
    to ("anslaget till barnbidraget för 2020", "obligationsköp för första kvartalet 2022"),
    decided at a meeting before it, so it neither narrows nor declines. "För två år sedan" is no
    such period."""
    around = _around_date(u)
    if around is None:
        return False
    before, after = (part.split() for part in around)
    return bool(before) and before[-1].lower() == "för" and not (after and after[0] == "sedan")


def _asks_what_a_report_says(u: Understood) -> bool:
    """Whether the question names a report as its source after its date ("hur många kommuner
    erbjöd nattis hösten 2017 enligt utbildningsutskottets förskolebetänkande?"): the date is then
    the time of what is asked about, not of a meeting, so it neither narrows nor declines."""
    around = _around_date(u)
    if around is None:
        return False
    source = re.search(r"(?<!\w)enligt(?!\w)(.*)", around[1], re.IGNORECASE | re.S)
    if source is None:
        return False
    return _names_a_report(source[1]) or bool(_SHORT_DESIGNATION_RE.search(source[1]))


def _report_of_then(u: Understood) -> bool:
    """Whether the date is the one of the report the question names as its source ("… i år
    enligt prognosen i augusti", "… enligt Riksbankens prognos i juni"): the meeting of then, if
    any, presented it; with none, a later meeting reported it, so no meeting is missing."""
    around = _around_date(u)
    if around is None:
        return False
    named = re.search(r"(?<!\w)enligt\s+((?:[\w-]+\s+){0,2}[\w-]+)\s*$", around[0], re.I)
    return named is not None and _names_a_report(named[1])


def _names_a_report(text: str) -> bool:
    """A word of the text is a report's ([references] report_endings, compounds too:
    "budgetbetänkandet")."""
    return any(w.endswith(_REPORT_ENDINGS) for w in _words(text))


def _words(text: str) -> list[str]:
    return re.findall(r"[\w-]+", fold(text).lower())


def _absent_session(u: Understood, headings: Sequence[Heading]) -> str | None:
    """The riksmöte a question names ("under riksmötet 2020/21") or ties to reports ("betänkandet
    om luftfart 2021/22", in an archive of Riksdag reports) when no document is from it. In an
    archive without Riksdag reports, "rapporten om budget 2023/24" names a budget year."""
    # "JO:s ämbetsberättelse för 2017/18" and "ämbetsberättelsen 2017/18" name the year a report
    # covers, which a later riksmöte reports on (as a date after "för", `_applies_to`): no
    # session to decline for.
    sessions = [
        m[0] for m in _SESSION_RE.finditer(u.query)
        if not _OWN_YEAR_BEFORE.search(u.query[: m.start()])
    ]  # fmt: skip
    if not sessions:
        return None
    if not _SESSION_WORDS.intersection(_words(u.query)) and not (
        _names_a_report(u.query)
        and any(DESIGNATION_RE.search(title) for _, title, _, _ in headings)
    ):
        return None
    return next((s for s in sessions if not any(s in title for _, title, _, _ in headings)), None)


def _decided(u: Understood) -> bool:
    return asks_decision(fold(u.query), u.intent)


def resolve(
    u: Understood,
    headings: Sequence[Heading],
    known: Callable[[str], bool],
    spoken_in: Callable[[str, list[str]], bool] = lambda word, ids: False,
) -> None:
    """Narrow `u` to the documents its question names, or set `u.absent` when the archive holds
    none of them. `headings` are the archive's protocols; `known(word)` tells whether a word
    occurs anywhere in the archive's text, `spoken_in(word, ids)` whether in these protocols'."""
    named = designations(u.query)
    if named:
        ids = tuple(pid for pid, title, _, _ in headings if any(
            _names_designation(title, d) for d in named))  # fmt: skip
        if not ids:
            u.absent = f"{_REF.designation_kind} {named[0]} finns inte i samlingen."
            return
        u.designation = named[0]
        u.protocols = ids
        # The designation names the document; a date or organ read beside it would only narrow
        # it again, and a report's own date is not always the one a user names.
        u.date_from = u.date_to = None
        u.month = u.day = None
        u.date_expression = None
        u.body = None
        return
    if session := _absent_session(u, headings):
        u.absent = f"Det finns inget {_REF.session_kind} {session} i samlingen."
        return
    if u.date_from or u.date_to or u.month:
        about_a_report = _asks_what_a_report_says(u) or _applies_to(u)
        held = [h for h in headings if _in_period(u, h[2]) and _of_body(u, h[3])]
        # A meeting then, but perhaps another organ's: "när byggnadsnämnden sammanträdde den
        # 15 september 2022" is not answered from the välfärdsnämnd's protocol of that day.
        organ = None if u.body or not held else unheld_organ(u.query, held, headings, spoken_in)
        # Or the organ of another place: "socialnämnden i Tallmora" in Granhede's archive.
        elsewhere = None if organ else unheld_place(u.query, held, headings, spoken_in, _decided(u))
        if elsewhere is not None:
            organ = " i ".join(elsewhere)
        if not about_a_report and held and organ is None:
            return
        if (_names_a_meeting(u) or organ) and not about_a_report and not _report_of_then(u):
            period = _period_text(u)
            if organ or u.body:
                period = f"från {organ or u.body} {period.removeprefix('från ')}"
            u.absent = f"Det finns inget protokoll {period} i samlingen."
            timed = _one_day(u) or u.month is not None or whole_months(u.date_from, u.date_to)
            # "när"/"vilket datum" asks for a date of then, which a text may state ("Vilket datum
            # har fullmäktige sitt budgetsammanträde 2025?", a meeting planned): searched in the
            # text, and declined with the reason when none states it.
            decided = u.intent == Intent.DECISION or asks_a_decision(u.query)
            u.spoken_period = timed and (
                not (decided or _MEETING_RE.search(fold(u.query).lower()))
                or u.intent == Intent.WHEN
            )
            return
        # No meeting then, and the question does not ask for one: the date is what the text is
        # about ("artikel 7 inleddes i september 2018"), so it is searched, not filtered on.
        u.date_from = u.date_to = None
        u.month = u.day = None
        u.date_expression = None
        u.search_text = u.query
        return
    if elsewhere := unheld_place(u.query, headings, headings, spoken_in, _decided(u)):
        u.absent = "Det finns inget protokoll från {} i {} i samlingen.".format(*elsewhere)
        return
    for organ in named_organs(u.query):
        if holds(organ, headings):
            continue
        if known(organ) and not asks_its_decision(u.query, organ):
            continue  # mentioned somewhere in the archive, and what it said may be there
        u.absent = f"Det finns inget protokoll från {spelled(u.query, organ)} i samlingen."
        return


def loosened(u: Understood, headings: Sequence[Heading] = ()) -> Understood | None:
    """The question with its month or year searched for instead of filtered on, when that
    period may be what the text is about rather than when the meeting was: "vad var
    uthyrningsgraden i april 2024?" is answered by a May meeting's "Uthyrningsgraden var 98,7
    procent i april.", though a meeting was held in April. None when the date names a meeting
    (a day, an open bound, a meeting word, an organ, a decision) or is no month or year. An
    organ whose documents in `headings` are all reports names no meeting: "Vilken minister
    informerade försvarsutskottet i januari 2020 …" is told in a report the committee signed in
    February."""
    month_or_year = u.month is not None or whole_months(u.date_from, u.date_to)
    if u.date_expression is None or not month_or_year:
        return None
    if _names_a_meeting(u, by_body=not _writes_reports(u.body, headings)):
        return None
    return dataclasses.replace(
        u, date_from=None, date_to=None, month=None, day=None, search_text=u.query
    )


def _writes_reports(body: str | None, headings: Sequence[Heading]) -> bool:
    """Whether every document of `body` is a report (by its title), and there is one."""
    titles = [title for _, title, _, b in headings if body and names_body(body, b or "")]
    return bool(titles) and all(_names_a_report(t) for t in titles)


def spoken_of(u: Understood) -> Understood | None:
    """The question searched without the day, month or year it names, when no protocol is from
    then but the text may speak of that time: "Vilken minister informerade näringsutskottet den
    23 april 2019 om …?" names the day a minister informed the committee, and "… vid
    finansutskottets utfrågning i januari 2018?" the month of a hearing, which the committee's
    later report records. Only for a time the question ties to no meeting word and no decision
    (`spoken_period`); the organ it names still narrows the search, and the answer must state that
    time itself (`states_spoken`), so that no other meeting answers."""
    if u.absent is None or not u.spoken_period:
        return None
    return dataclasses.replace(
        u, date_from=None, date_to=None, month=None, day=None, search_text=u.query,
        absent=None, spoken_period=False,
    )  # fmt: skip


def states_spoken(u: Understood, text: str, document: Protocol | None) -> bool:
    """Whether `text` of `document` states the time `spoken_of` searched without: the day
    (`states_day`), or the month or year (`states_period`)."""
    if _one_day(u):
        return states_day(u, text)
    return states_period(u, text, _year(document))


def records_period(u: Understood, kind: str, day: date | None) -> bool:
    """Whether a document of `kind` dated `day` records the question's month or year by its own
    date: a meeting's protocol from then tells what happened then, while a report's date is when
    the committee signed it ("betänkande", [references] report_endings)."""
    return day is not None and _in_period(u, day) and not _names_a_report(kind)


def answers_of_period(u: Understood, answer: Answer, recorded: bool) -> bool:
    """Whether an answer or the title of its item states the month or year the question names
    (`loosened`): "Statsrådet Ardalan Shekarabis svar vid frågestunden den 31 januari 2019" heads
    the answer to "Vilket statsråd svarade på frågestunden i januari 2019 …"; or, with
    `recorded`, whether it cites the protocol of a meeting held then (`records_period`). The
    paragraph is not read: a year it names in passing let an amount of other years answer."""
    if not answer.answerable:
        return False
    cited = answer.citations[0].protocol if answer.citations else None
    if recorded and cited is not None and records_period(u, cited.kind, cited.date):
        return True
    titles = [c.section_title for c in answer.citations]
    return states_period(u, " ".join([answer.answer, *titles]), _year(cited))


def answers_spoken(u: Understood, answer: Answer) -> bool:
    """Whether an answer found by `spoken_of`, or a paragraph it cites, states the time searched
    without ("Den 23 januari 2018 anordnade finansutskottet en utfrågning … I utfrågningen
    medverkade …"): only then may it answer for the absent meeting."""
    if not answer.answerable or not answer.citations:
        return False
    if _ahead_of(u, answer.citations[0].protocol):
        return False
    stated = " ".join([answer.answer, *(paragraph(c) for c in answer.citations)])
    return states_spoken(u, stated, answer.citations[0].protocol)


def _ahead_of(u: Understood, document: Protocol | None) -> bool:
    """Whether the question asks what an organ did on a day after `document` was written: a
    protocol of April that plans "återrapporteras vid sammanträdet den 11 juni" cannot tell
    what the nämnd dealt with on 11 June. A question asking "när" may still be answered by a
    date planned ahead."""
    day = u.date_from if _one_day(u) else None
    written = document.date if document is not None else None
    return (
        bool(u.body) and u.intent != Intent.WHEN
        and day is not None and written is not None and written < day
    )  # fmt: skip


def _year(p: Protocol | None) -> int | None:
    return p.date.year if p is not None and p.date else None
