"""What was decided: "Vad beslutades om elevhälsan?", "Vad hände med detaljplanen för
Hamnängen?"."""

from __future__ import annotations

import re

from protokoll.ingest.records import Decision, Protocol
from protokoll.ingest.text import fold
from protokoll.service.ask.context import Question
from protokoll.service.ask.phrasing import where_section
from protokoll.service.ask.records import Answer, Citation
from protokoll.service.ask.support import MIN_FACT_COVERAGE, Topic, found
from protokoll.service.ask.vocabulary import FRAMES, ORGAN_OPENS

# Decision search's best candidates are weighed by how much of the topic they carry; those
# within CLOSE_TO_BEST of the best are all given (at most three).
CANDIDATES = 20
CLOSE_TO_BEST = 0.05
# "Vilka beslut fattade välfärdsnämnden i september 2022?": every decision of the one meeting
# the question names, this many at most.
LISTED = 12
# A document with at most this many decisions is answered with all of them when the question's
# topic is the document's own (`_whole`).
FEW = 3
# How many of a document's decisions are looked through for those of one item (`of_item`).
ITEM_DECISIONS = 500
ALL_DECISIONS = re.compile(r"\bvilka beslut\b|\bvad beslutades\b|\bvad beslutade\b")


def decision(q: Question) -> Answer | None:
    """The decisions whose text, sub-heading and item title carry the question's topic; all
    decisions of a meeting when the question asks what it decided and names nothing else."""
    topic = q.topic(FRAMES["decision"])
    if ALL_DECISIONS.search(q.folded) and (listed := _meeting_decisions(q, topic)):
        return listed
    if not topic:
        return None
    u = q.understood
    bodies = q.index.resolve_bodies(u.body) if u.body else None
    # A named document's decisions are few: all are weighed, not only those search ranks high.
    theme = None if u.protocols else u.spelled_text
    res = q.index.decisions.search(
        theme, u.date_from, u.date_to, bodies, None, None, CANDIDATES, u.protocols
    )
    scored = []
    for hit in res.hits:
        d = hit.stored.decision
        p = q.index.protocol_summary(d.protocol_id)
        if p is None or not q.in_scope(p):
            continue
        have = q.terms(f"{d.section_title} {d.heading or ''} {d.text}")
        scored.append((q.weigher.cover_beyond(topic, have, p), hit.score or 0.0, p, d))
    if not scored:
        return None
    scored.sort(key=lambda x: (-x[0], -x[1]))
    best = scored[0][0]
    if best < MIN_FACT_COVERAGE:
        return None
    chosen = [x for x in scored if x[0] >= best - CLOSE_TO_BEST][:3]
    if len({p.id for _, _, p, _ in chosen}) == 1 and (whole := _whole(q, topic, chosen[0][2])):
        return whole
    return _stated([(p, d) for _, _, p, d in chosen])


def _whole(q: Question, topic: Topic, p: Protocol) -> Answer | None:
    """Every decision of a document with few, when the question's topic is the document's own
    title: "Vad beslutade riksdagen om Skolinspektionens uppföljning av brister i skolor?" asks
    what the report of that title decided, both that the government's report is put aside and
    what the Riksdag asks of the government. Words that name the document (its designation,
    organ, kind, year) or that every one of its decisions writes ("Riksdagen …") need not be in
    the title."""
    res = q.index.decisions.search(k=FEW + 1, protocols=(p.id,))
    if not 1 < res.total <= FEW:
        return None
    decided = sorted((h.stored.decision for h in res.hits), key=lambda d: d.start)
    title = q.terms(" ".join(w for w in (p.title or "").split() if not re.search(r"\d", w)))
    naming = q.weigher.identity(p) | set.intersection(*(q.terms(d.text) for d in decided))
    rest = [x for x in topic if not found(x[0], naming - title)]
    if not rest or not all(found(x[0], title) for x in rest):
        return None
    return _stated([(p, d) for d in decided])


def _stated(decisions: list[tuple[Protocol, Decision]], more: str = "") -> Answer:
    """The decisions as they are written, each with where it stands and cited there."""
    parts, cites = [], []
    for p, d in decisions:
        stands = where_section(p, d.section_number, d.section_title)
        parts.append(f"{' '.join(d.text.split())} ({stands})")
        cites.append(Citation(p, d.start, d.end, d.section_number, d.section_title, d.page))
    return Answer(" — ".join(parts) + more, "fact", cites)


def of_item(q: Question, answer: Answer) -> Answer | None:
    """The decisions of the item a sentence answer stands in, when the sentence is none of
    them: "Vad blev det för beslut om medborgarförslaget om höns?" is answered by
    "Medborgarförslaget avslås", not by the proposal's description, a member's yrkande or the
    chair's propositionsordning under the same item, which share more of the question's words.
    A sentence in the organ's own voice ("Nämnden avvisar denna satsning …") states its view
    already."""
    said = re.split(r"(?<=[.!?])\s+", answer.answer)
    if not answer.citations or any(ORGAN_OPENS.match(fold(s).lower()) for s in said):
        return None
    c = answer.citations[0]
    res = q.index.decisions.search(k=ITEM_DECISIONS, protocols=(c.protocol.id,))
    of_it = sorted(
        (
            d
            for h in res.hits
            if (d := h.stored.decision).section_number == c.section_number
            and d.section_title == c.section_title
        ),
        key=lambda d: d.start,
    )
    if not of_it or any(d.start < c.end and c.start < d.end for d in of_it):
        return None
    stated = _stated([(c.protocol, d) for d in of_it[:FEW]])
    stated.route = "decision"
    return stated


def _meeting_decisions(q: Question, topic: Topic) -> Answer | None:
    """The decisions of the one meeting that the question names by its organ, date or title
    and by nothing else, in the order of its items."""
    meetings, named = q.meetings(topic)
    rest = [x for x in topic if not named.intersection(x[0])]
    u = q.understood
    if rest or len(meetings) != 1 or not (named or u.date_from or u.month or u.body):
        return None
    full = q.in_full(meetings)  # a listing has no text to tell "§ 9" from "punkt 9"
    if not full:
        return None
    p = full[0]
    res = q.index.decisions.search(k=LISTED + 1, protocols=(p.id,))
    decided = sorted((h.stored.decision for h in res.hits), key=lambda d: d.start)
    if not decided:
        return None
    more = (
        f" Protokollet har {res.total} beslut; de {LISTED} första visas."
        if res.total > LISTED
        else ""
    )
    return _stated([(p, d) for d in decided[:LISTED]], more)
