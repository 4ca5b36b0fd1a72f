"""A meeting's or a document's own record: when it was held ("vilket datum hölls
presidiekonferensen?"), and which document or meeting treated a matter ("vilken beteckning har
betänkandet om spel om pengar?", "i vilket protokoll behandlades detaljplanen?")."""

from __future__ import annotations

import re

from protokoll.ingest.lexicon import Intent
from protokoll.ingest.records import Protocol
from protokoll.service.ask.context import Question
from protokoll.service.ask.records import Answer, Citation
from protokoll.service.ask.support import MIN_FACT_COVERAGE, cover
from protokoll.service.ask.vocabulary import (
    FRAMES,
    LEXICON,
    MEETING_HELD,
    RELATIVE,
    either,
)

DOCUMENT_ASKED = re.compile(rf"\b({either(LEXICON.asks['document'])})\b")
# The best passages whose documents may be the one asked for.
DOCUMENT_HITS = 10


def meeting(q: Question) -> Answer | None:
    """A meeting's date for "när"; which document or meeting, when that is asked."""
    if DOCUMENT_ASKED.search(q.folded):
        return document(q)
    return meeting_date(q) if q.understood.intent == Intent.WHEN else None


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
        if p is None or not q.in_scope(p):
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


def meeting_date(q: Question) -> Answer | None:
    """The date of the meetings named, when the question asks for nothing but the meeting
    itself (not "nästa möte", not something that happened at it)."""
    if not MEETING_HELD.search(q.folded) or RELATIVE.search(q.folded):
        return None
    topic = q.topic(FRAMES["when"])
    if not topic:
        return None
    meetings, named = q.meetings(topic)
    rest = [x for x in topic if not named.intersection(x[0])]
    if not named or rest or not meetings or len(meetings) > 3:
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
