"""Who replaced whom: "vem ersatte Karin Torstensson?", "vem tog över efter …"."""

from __future__ import annotations

import re

from protokoll.ingest.text import fold
from protokoll.service.ask.citations import fact_citation
from protokoll.service.ask.context import Question, date_key
from protokoll.service.ask.phrasing import where
from protokoll.service.ask.records import Answer
from protokoll.service.ask.support import MIN_FACT_COVERAGE, cover, name_in
from protokoll.service.ask.vocabulary import FRAMES, LEXICON, SEAT_TAKEN, either

# Who serves for another at one meeting, and a question asking who was elected to the seat or
# succeeded its holder.
_STAND_IN = frozenset(map(fold, LEXICON.substitution.stand_in))
_SUCCESSOR_ASKED = re.compile(rf"\b(?:{either(LEXICON.substitution.successor_asked)})\b")
# A seat in an organ ("Vem tar Roger Nilssons plats i arbetsutskottet?") is filled by an
# election, not by whoever served for its holder at one meeting.
_SEAT_IN_ORGAN = re.compile(rf"{SEAT_TAKEN.pattern}\s+i\s+\w")


def substitution(q: Question) -> Answer | None:
    facts = q.facts(["substitution"])
    if _SUCCESSOR_ASKED.search(q.folded) or _SEAT_IN_ORGAN.search(q.folded):
        facts = [(p, f) for p, f in facts if fold(f.detail or "") not in _STAND_IN]
    named = [(p, f) for p, f in facts if f.value and name_in(f.value, q.words)]
    if not named and "av" in q.words:  # "vem ersattes av X": the newcomer is named instead
        named = [(p, f) for p, f in facts if name_in(f.subject, q.words)]
    if not named:
        # "vem tog över efter områdeschefen för äldre i Oskarshamn": the one replaced is
        # described, not named; the sentence must carry the description.
        topic = q.topic(FRAMES["substitution"])
        scored = [(cover(topic, q.context(p, f)), p, f) for p, f in facts if q.in_scope(p)]
        scored = [x for x in scored if x[0] >= MIN_FACT_COVERAGE]
        scored.sort(key=lambda x: -x[0])
        named = [(p, f) for _, p, f in scored[:1]]
    if not named:
        return None
    named.sort(key=lambda pf: date_key(pf[0]), reverse=True)
    p, f = named[0]
    verb = f.detail or "ersätter"
    return Answer(
        f"{f.subject} {verb} {f.value} ({where(p, f)}).",
        "fact",
        [fact_citation(p, f) for p, f in named[:3]],
        (f.subject, f.value or ""),
    )
