"""When a meeting was held: "vilket datum hölls presidiekonferensen?"."""

from __future__ import annotations

from protokoll.service.ask.context import Question
from protokoll.service.ask.records import Answer, Citation
from protokoll.service.ask.vocabulary import FRAMES, MEETING_HELD, RELATIVE


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
        at = p.text.find(p.title)
        start, end = (at, at + len(p.title)) if at >= 0 else (0, min(len(p.text), 80))
        cites.append(Citation(p, start, end, None, p.title, p.page_at(start)))
        parts.append(f"{p.date.isoformat()} ({p.title})")
    if not parts:
        return None
    return Answer("Mötet hölls " + " och ".join(parts) + ".", "fact", cites)
