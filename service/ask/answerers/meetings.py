"""A meeting's or a document's own record: when it was held ("vilket datum hölls
presidiekonferensen?"), and which document or meeting treated a matter ("vilken beteckning har
betänkandet om spel om pengar?", "i vilket protokoll behandlades detaljplanen?")."""

from __future__ import annotations

import re

from protokoll.ingest.dates import find_dates
from protokoll.ingest.lexicon import Intent
from protokoll.ingest.records import Protocol
from protokoll.service.ask.context import Question
from protokoll.service.ask.kinds import asked
from protokoll.service.ask.records import Answer, Citation
from protokoll.service.ask.support import MIN_FACT_COVERAGE, cover, found
from protokoll.service.ask.vocabulary import (
    ADJUSTED_ASKED,
    FRAMES,
    LEXICON,
    MEETING_HELD,
    RELATIVE,
    either,
)
from protokoll.service.references import names_a_designation

DOCUMENT_ASKED = re.compile(rf"\b({either(LEXICON.asks['document'])})\b")
# The best passages whose documents may be the one asked for.
DOCUMENT_HITS = 10
# More meetings than this named at once: the question is not about one meeting.
MAX_MEETINGS = 3
# The line stating when minutes were adjusted, with its label (folded or not, as written).
_ADJUSTED_LINE = re.compile(
    rf"(?im)^[ \t|*_]*((?:{either(LEXICON.adjusted_labels, folded=False)})\b[^\n]*)$"
)
# A protocol's header: its organ, time and place, before the first item (as ingest/parse.py reads
# the place).
HEADER_CHARS = 3000


def meeting(q: Question) -> Answer | None:
    """A meeting's date for "när", its place for "var", the day its minutes were adjusted for
    "när justerades"; which document or meeting, when that is asked."""
    if asks_adjusted(q):
        return adjusted(q)
    if DOCUMENT_ASKED.search(q.folded):
        return document(q)
    if asks_place(q):
        return meeting_place(q)
    return meeting_date(q) if q.understood.intent == Intent.WHEN else None


def asks_adjusted(q: Question) -> bool:
    """ "När justerades protokollet …": the day the minutes were adjusted."""
    return q.understood.intent == Intent.WHEN and bool(ADJUSTED_ASKED.search(q.folded))


def asks_place(q: Question) -> bool:
    """ "var hölls mötet?", "i vilken lokal sammanträdde nämnden?" """
    u = q.understood
    return u.intent == Intent.WHERE or (u.intent != Intent.WHEN and asked(u, q.asked) == "place")


def _title_citation(p: Protocol) -> Citation:
    at = p.text.find(p.title)
    start, end = (at, at + len(p.title)) if at >= 0 else (0, min(len(p.text), 80))
    return Citation(p, start, end, None, p.title, p.page_at(start))


def document(q: Question) -> Answer | None:
    """The best ranked document (title, designation, date) whose passage and title carry the
    question's topic."""
    topic = q.topic(FRAMES["document"])
    if not topic:
        return None
    for hit in q.hits[:DOCUMENT_HITS]:
        p = q.index.protocol_summary(hit.protocol.id)
        if p is None or not q.in_scope(p) or names_a_designation(q.asked, p.title):
            # "I vilket betänkande ska frågan beredas i stället för i CU6?" asks for another.
            continue
        said = q.terms(f"{p.title} {p.body or ''} {hit.chunk.text}")
        if cover(topic, said) >= MIN_FACT_COVERAGE:
            break
    else:
        return None
    when = ""
    if p.date is not None:
        d = p.date
        when = f", {d.day} {LEXICON.month_names[d.month - 1]} {d.year}"
    return Answer(f"{p.title}{when}.", "fact", [_title_citation(p)])


def _held(q: Question, frame: str, narrowed: bool = False) -> list[Protocol] | None:
    """The meetings the question names, when it asks for nothing but the meeting itself (not
    "nästa möte", not something that happened at it). With `narrowed`, a question that names
    no meeting but a date or organ few meetings have ("var hölls mötet den 13 oktober?") means
    those meetings."""
    if not MEETING_HELD.search(q.folded) or RELATIVE.search(q.folded):
        return None
    topic = q.topic(FRAMES[frame])
    if not topic and not (narrowed and q.understood.names_a_filter):
        return None
    meetings, named = q.meetings(topic)  # without a topic: every meeting in scope
    if not topic:
        return q.in_full(meetings) if 0 < len(meetings) <= MAX_MEETINGS else None
    rest = [x for x in topic if not named.intersection(x[0])]
    if not named or not meetings or len(meetings) > MAX_MEETINGS:
        return None
    if rest and not (narrowed and q.understood.names_a_filter):
        return None
    full = q.in_full(meetings)
    if rest:
        # "Var hölls ungdomsfullmäktiges möte i Nykarleby den 30 januari 2023?", "i vilket rum
        # i stadshuset …": with the meeting named by its date, the other words of a place
        # question are where it was (the town, the building), found in the protocol's header.
        header = set().union(*(q.terms(p.text[:HEADER_CHARS]) for p in full))
        rest = [x for x in rest if not found(x[0], header)]
    return None if rest else full


def meeting_date(q: Question) -> Answer | None:
    """The date of the meetings named."""
    meetings = _held(q, "when")
    if not meetings:
        return None
    cites, parts = [], []
    for p in meetings:
        if p.date is None:
            continue
        cites.append(_title_citation(p))
        parts.append(f"{p.date.isoformat()} ({p.title})")
    if not parts:
        return None
    return Answer("Mötet hölls " + " och ".join(parts) + ".", "fact", cites)


def adjusted(q: Question) -> Answer | None:
    """When the minutes of the meeting named were adjusted (justerade), as the line of the head
    or the signatures labelled so states it ("Justeringens plats och tid  Kommunkansliet,
    fredag 2024-04-26 kl. 10.00"): the day the appeal period is counted from."""
    topic = q.topic(FRAMES["adjusted"])
    meetings, named = q.meetings(topic)
    # "fullmäktigeprotokollet", "nämndprotokollet": the document itself, by its organ.
    rest = [x for x in topic if not named.intersection(x[0]) and "protokoll" not in x[0][-1]]
    if rest or not 0 < len(meetings) <= MAX_MEETINGS:
        return None
    cites, parts = [], []
    for p in q.in_full(meetings):
        dated = ((m, d) for m in _ADJUSTED_LINE.finditer(p.text) if (d := find_dates(m[0])))
        if (found := next(dated, None)) is None:
            continue
        line, days = found
        start, end = line.start(1), line.end(1)
        cites.append(Citation(p, start, end, None, p.title, p.page_at(start)))
        day = days[0][1]
        held = f", {p.date.isoformat()}" if p.date else ""
        parts.append(f"{day.isoformat()} ({p.title}{held})")
    if not parts:
        return None
    return Answer("Protokollet justerades " + " och ".join(parts) + ".", "fact", cites)


def meeting_place(q: Question) -> Answer | None:
    """Where the meetings named were held, as their protocols state it ("Plats: …")."""
    meetings = _held(q, "where", narrowed=True)
    cites, parts, places = [], [], []
    for p in meetings or []:
        place = p.place or ""
        at = p.text.find(place) if place else -1
        if at < 0:
            continue  # no place stated, or not as the text has it: nothing to cite
        cites.append(Citation(p, at, at + len(place), None, p.title, p.page_at(at)))
        when = f", {p.date.isoformat()}" if p.date else ""
        parts.append(f"{place} ({p.title}{when})")
        places.append(place)
    if not parts:
        return None
    # Each citation is its own meeting's place line (checked to be there); with one meeting, the
    # quote must state the place.
    must = (places[0],) if len(places) == 1 else ()
    return Answer("Mötet hölls: " + " och ".join(parts) + ".", "fact", cites, must)
