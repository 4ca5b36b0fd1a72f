"""Who attended, whether someone did, and how many took part: "vilka deltog på
presidiekonferensen?", "var Karl-Erik Lund närvarande?", "hur många deltog …?"."""

from __future__ import annotations

import re

from protokoll.ingest.extract import person_names
from protokoll.ingest.lexicon import Intent
from protokoll.ingest.records import Fact, Protocol
from protokoll.ingest.text import fold
from protokoll.service.ask.citations import fact_citation
from protokoll.service.ask.context import ProtocolFact, Question, date_key
from protokoll.service.ask.phrasing import where
from protokoll.service.ask.records import Answer, Citation
from protokoll.service.ask.support import cover, name_in
from protokoll.service.ask.vocabulary import ALL_MEETINGS, FRAMES, LEXICON

# The words by which a question asks who did not attend: the absent lists' own (folded).
_ABSENT_ASKED = re.compile(
    rf"\b(?:{'|'.join(sorted({fold(w.split()[-1]) for w in LEXICON.absent_lists}))})\b"
)
# A list longer than this is given as its first names and a count.
SHOWN_NAMES = 12


def _absent(f: Fact) -> bool:
    return (f.detail or "").lower() in LEXICON.absent_lists


def _attendees(facts: list[Fact]) -> list[Fact]:
    """One protocol's entries that say who attended, each person once: those of its attendance
    lists when it has them (its signatures and adjusters name the same people again, often
    surname first: "Frostdahl-Blomqvist Siw" and "Siw Frostdahl-Blomqvist")."""
    listed = [f for f in facts if (f.detail or "") in LEXICON.attendance_lists] or facts
    seen: set[frozenset[str]] = set()
    out = []
    for f in listed:
        key = frozenset(fold(f.subject).split())
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _list_span(p: Protocol, first: Fact, last: Fact) -> Citation:
    """The whole list from its first name to its last, as one citation."""
    return fact_citation(
        p, Fact("attendance", "", None, first.start, last.end, first.section_number)
    )


def presence(q: Question) -> Answer | None:
    topic = q.topic(FRAMES["presence"])
    meetings, named_terms = q.meetings(topic)
    u = q.understood
    named_none = not named_terms and not (u.date_from or u.month or u.body)
    if named_none and not ALL_MEETINGS.search(q.folded):
        # No meeting named: the best passage's protocol, unless the question asks about
        # meetings in general ("på mötena").
        meetings = [p for p in meetings if p.id == q.hits[0].protocol.id] or meetings
    listed = q.facts(["attendance"], meetings)
    if not listed:
        return None
    # "var Olle Nordin med?" asks about one person; "vilka …" and "hur många …" ask for the
    # list, even when a listed entry shares a word with the meeting they name. "Vad jämförde
    # Per Jansson priserna med på mötet?" and "när …" ask something else of a listed person.
    one = u.intent not in (Intent.PEOPLE, Intent.HOW_MANY, Intent.WHAT, Intent.WHEN)
    named = [(p, f) for p, f in listed if one and name_in(f.subject, q.words)]
    if named:
        p, f = named[0]
        if _absent(f):
            return Answer(
                f"Nej, {f.subject} anges som frånvarande ({where(p, f)}).",
                "fact",
                [fact_citation(p, f)],
                (f.subject,),
            )
        org = f", {f.value}" if f.value else ""
        return Answer(
            f"Ja, {f.subject}{org} finns i listan ”{f.detail}” ({where(p, f)}).",
            "fact",
            [fact_citation(p, f)],
            (f.subject,),
        )
    if not re.match(r"\s*(vilka|vem|hur manga|deltog|nagon)\b", q.folded):
        return None
    absent = bool(_ABSENT_ASKED.search(q.folded))
    people = [(p, f) for p, f in listed if _absent(f) == absent]
    # "från Torsås kommun", "vilka regionråd": the entries whose organisation or role holds
    # a word of the question that names no meeting.
    rest = [x for x in topic if not named_terms.intersection(x[0])]
    if rest:
        scored = [(cover(rest, q.terms(f"{f.value or ''} {f.detail or ''}")), p, f)
                  for p, f in people]  # fmt: skip
        top = max((s for s, _, _ in scored), default=0.0)
        if top > 0:
            people = [(p, f) for s, p, f in scored if s >= top - 1e-9]
        elif person_names(q.text) or not re.match(r"\s*(vilka|vem)\b", q.folded):
            return None  # "deltog Per Gessle?", "deltog någon från Malmö?": not listed
    if not people:
        return None
    by_protocol: dict[str, list[ProtocolFact]] = {}
    for p, f in people:
        by_protocol.setdefault(p.id, []).append((p, f))
    groups = sorted(by_protocol.values(), key=lambda g: date_key(g[0][0]), reverse=True)[:3]
    counting = q.folded.lstrip().startswith("hur manga")
    parts, cites = [], []
    for g in groups:
        p = g[0][0]
        shown_facts = _attendees([f for _, f in g])
        names = [f.subject for f in shown_facts]
        first, last = shown_facts[0], shown_facts[-1]
        more = f" med flera ({len(names)} personer)" if len(names) > SHOWN_NAMES else ""
        shown = ", ".join(names[:SHOWN_NAMES]) + more
        lead = f"{len(names)} personer" if counting else shown
        parts.append(f"{lead} ({where(p, first)})")
        if len(shown_facts) <= 3:
            cites += [fact_citation(p, f) for f in shown_facts]
        else:
            cites.append(_list_span(p, first, last))
    return Answer("; ".join(parts) + ".", "fact", cites)


def participants(q: Question, meetings: list[Protocol]) -> Answer | None:
    """How many took part: the number the protocol states ("med ca 85 deltagare"), else the
    length of its attendance list; for each meeting named (newest first)."""
    parts, cites = [], []
    for p in q.in_full(meetings[:3]):
        # The statement about the meeting itself stands in its head or its first item; a count
        # of people further on is about something the meeting treated ("ca 50 deltagare" at
        # a staff event in § 19).
        first_item = next((s.number for s in p.sections if s.kind == "item"), None)
        stated = [f for _, f in q.facts(["number"], [p])
                  if f.subject in LEXICON.participant_nouns
                  and f.section_number in (None, first_item)]  # fmt: skip
        if stated:
            f = min(stated, key=lambda f: f.start)
            parts.append(f"{f.value} {f.subject} ({where(p, f)})")
            cites.append(fact_citation(p, f))
            continue
        listed = _attendees([f for _, f in q.facts(["attendance"], [p]) if not _absent(f)])
        if listed:
            names = [f.subject for f in listed]
            first, last = listed[0], listed[-1]
            parts.append(f"{len(names)} personer i närvarolistan ({where(p, first)})")
            cites.append(_list_span(p, first, last))
    if not parts:
        return None
    return Answer("; ".join(parts) + ".", "fact", cites)
