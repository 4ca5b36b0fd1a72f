"""What was decided: "Vad beslutades om elevhälsan?", "Vad hände med detaljplanen för
Hamnängen?"."""

from __future__ import annotations

from protokoll.service.ask.context import Question
from protokoll.service.ask.phrasing import where_section
from protokoll.service.ask.records import Answer, Citation
from protokoll.service.ask.support import MIN_FACT_COVERAGE
from protokoll.service.ask.vocabulary import FRAMES

# Decision search's best candidates are weighed by how much of the topic they carry; those
# within CLOSE_TO_BEST of the best are all given (at most three).
CANDIDATES = 20
CLOSE_TO_BEST = 0.05


def decision(q: Question) -> Answer | None:
    """The decisions whose text, sub-heading and item title carry the question's topic."""
    topic = q.topic(FRAMES["decision"])
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
    parts, cites = [], []
    for _, _, p, d in chosen:
        stands = where_section(p, d.section_number, d.section_title)
        parts.append(f"{' '.join(d.text.split())} ({stands})")
        cites.append(Citation(p, d.start, d.end, d.section_number, d.section_title, d.page))
    return Answer(" — ".join(parts), "fact", cites)
