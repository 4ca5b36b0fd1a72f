"""Whose words a candidate sentence is: a speaker's turn in minutes, a party's reservation or
statement in a committee report.

"Hur såg Martin Flodén på …" is answered from his own turns, and "Vad ville Centerpartiet …"
from the party's reservation ("Vi anser …"), which never writes the party's name. The passage
route (passages.py) reads these spans beside the passages search found and weighs its
candidate sentences by them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

import numpy as np
from protokoll.ingest.records import Fact, Protocol
from protokoll.ingest.text import fold
from protokoll.service.ask.answerers.roles import (
    RESERVANT,
    STATEMENT,
    marked_parties,
    parties_named,
    parties_of,
    party_words,
)
from protokoll.service.ask.citations import section_title
from protokoll.service.ask.context import Question
from protokoll.service.ask.sentences import HEADING
from protokoll.service.ask.vocabulary import LEXICON, either

# A (protocol id, start, end) span of a protocol's text.
Span = tuple[str, int, int]

# A sentence in the turn of the person a question names, over the rest (`in_their_turns`), on
# the scale of passages.TYPE_BONUS.
TURN_BONUS = 0.06
# More meetings than this in the question's scope: it names no meeting, so no turns are added.
TURN_MEETINGS = 3
# A reservation is read this far at most.
RESERVATION_SPAN = 4000
_ENDS_RESERVATIONS = re.compile(rf"\s*(?:{either(LEXICON.decisions.reservations_end)})\b")
# A party's letters in parentheses after a name ("Ali Esbati m.fl. (V)", "(S, V)").
_MARKED_IN_TEXT = re.compile(r"(?<=[(,])\s*([A-ZÅÄÖ]{1,2})\s*(?=[,)])")


# A sentence that announces someone's words in the paragraph after it (`quoted`).
_ANNOUNCING = re.compile(
    rf"(?i)(?<!\w)(?:{either(LEXICON.verbs['announcing'], folded=False)})(?!\w)"
)
_FOLLOWS = re.compile(r"(?i)(?<!\w)följande(?!\w)|:\s*$")
# How far back from a sentence its quotation's announcement is looked for, in characters.
QUOTE_SPAN = 1500


def announces(sentence: str) -> bool:
    """The sentence announces a quotation ("… anförde X följande …", "X anför:")."""
    return bool(_ANNOUNCING.search(sentence) and _FOLLOWS.search(sentence))


def quoted(
    q: Question, spots: Sequence[tuple[Protocol, int, str, str]]
) -> tuple[np.ndarray, np.ndarray]:
    """For a question naming a person ("Vad sa Morgan Johansson om …"), of each (protocol,
    offset, sentence, item title): whether it announces that person's words, and whether it
    stands in the words so announced (the sentences after the announcement in its item, up to a
    heading, another announcement or QUOTE_SPAN characters). The announcement says who, not
    what."""
    named = q.people_named
    none = np.zeros(len(spots), dtype=bool)
    if not named or q.understood.intent.asks_for_people:
        return none, none.copy()

    def by_them(text: str) -> bool:
        return announces(text) and any(n in fold(text) for n in named)

    announcing = np.array([by_them(s) for _, _, s, _ in spots], dtype=bool)
    inside = none.copy()
    for k, (p, start, _, title) in enumerate(spots):
        spans = q.caches.sentences(p)
        i = bisect_left(spans, (start, -1)) - 1
        while i >= 0 and start - spans[i][0] <= QUOTE_SPAN:
            text = p.text[spans[i][0] : spans[i][1]]
            if HEADING.match(text) or section_title(p, spans[i][0])[1] != title:
                break
            if announces(text):
                inside[k] = by_them(text)
                break
            i -= 1
    return announcing, inside & ~announcing


def their_turns(q: Question) -> list[Span]:
    """The turns of the person a question names, in the meetings it narrows to (a day, a month,
    a named document; at most `TURN_MEETINGS`): "Hur såg Martin Flodén på … i november 2020?"
    is answered from what he said even when search ranks another speaker's passage first."""
    named = q.people_named
    if not named or not q.narrows_to_meetings or q.understood.intent.asks_for_people:
        return []
    scope = [p for p in q.all_protocols if q.in_scope(p)]
    if len(scope) > TURN_MEETINGS:
        return []
    return [
        (p.id, t.start, t.end)
        for p in q.in_full(scope)
        for t in q.caches.turns(p)
        if fold(t.speaker) in named
    ]


def speakers(q: Question, spots: Sequence[tuple[Protocol, int]]) -> list[str | None]:
    """Who speaks at each (protocol, offset), where the minutes give speakers turns
    (`ingest.extract.turns`)."""
    out: list[str | None] = []
    for p, start in spots:
        turn = next((t for t in q.caches.turns(p) if t.start <= start < t.end), None)
        out.append(None if turn is None else turn.speaker)
    return out


def in_their_turns(q: Question, speakers: list[str | None]) -> np.ndarray:
    """What a person said, asked or thought is read in their own turns where the minutes give
    each speaker one ("Vice riksbankschef Anna Seim:"): when a candidate stands in a turn of the
    person the question names, the sentences of other speakers' turns drop out and theirs go
    first. Nothing changes for a question that names nobody or asks who."""
    named = q.people_named
    folded = [fold(s) if s else None for s in speakers]
    if not named or q.understood.intent.asks_for_people or not named.intersection(folded):
        return np.zeros(len(speakers))
    return np.array(
        [TURN_BONUS if s in named else -np.inf if s is not None else 0.0 for s in folded]
    )


def reserved(q: Question, passages: int) -> list[Span]:
    """The reservations and special statements of the parties a question names ("vad tyckte M
    och KD om …"), in the documents of the first `passages` hits and those the question names:
    where a party states its own view on a matter. A reservation runs from its title to the next
    one (or RESERVATION_SPAN characters, or the special statements or appendices after the
    last); a statement under its own heading is that section."""
    parties = parties_named(q)
    if not parties:
        return []
    protocols = _searched(q, passages)
    # A special statement, or a reservation, given its own heading with the parties behind it
    # ("Regeringens lagförslag (M)") is the party's own statement too.
    out = [
        (p.id, s.start, s.end)
        for p in protocols
        for s in p.sections
        if parties & marked_parties(s.title)
    ]
    return out + [
        (p.id, f.start, end)
        for p, f, end in _reservations(q, protocols, (RESERVANT,))
        if parties & marked_parties(f.detail)
    ]


def signed_by(q: Question, passages: int) -> list[Span]:
    """The reservations and special statements a person the question names signed first ("Vad
    påstod Ali Esbati i sin reservation …"): that person's own words, which seldom write the
    name. Nothing for a question asking who."""
    named = q.people_named
    if not named or q.understood.intent.asks_for_people:
        return []
    return [
        (p.id, f.start, end)
        for p, f, end in _reservations(q, _searched(q, passages), (RESERVANT, STATEMENT))
        if fold(f.subject) in named
    ]


def _searched(q: Question, passages: int) -> list[Protocol]:
    # In the order search ranks them, not a set's: two copies of one document tie on every
    # score, and the better ranked must win whatever the process's string hashing.
    ids = dict.fromkeys(
        [*(h.protocol.id for h in q.hits[:passages]), *(q.understood.protocols or ())]
    )
    found = (q.index.protocol_summary(i) for i in ids)
    return [p for p in found if p is not None and q.in_scope(p)]


def _reservations(
    q: Question, protocols: list[Protocol], kinds: tuple[str, ...]
) -> list[tuple[Protocol, Fact, int]]:
    """The reservations (or statements) of `protocols` with where each ends: at the next one,
    at the special statements or appendices after the last, or RESERVATION_SPAN on."""
    found = sorted(
        ((p, f) for p, f in q.facts(["role"], protocols) if f.value in kinds),
        key=lambda pf: pf[1].start,
    )
    ends: dict[str, list[int]] = {}
    for p, f in found:
        if p.id not in ends:
            ends[p.id] = [s.start for s in p.sections if _ENDS_RESERVATIONS.match(fold(s.title))]
        ends[p.id].append(f.start)
    return [
        (p, f, min([*(x for x in ends[p.id] if x > f.start), f.start + RESERVATION_SPAN]))
        for p, f in found
    ]


def party_voiced(
    q: Question, units: Sequence[tuple[Protocol, int, str, str]], spans: list[Span]
) -> list[set[str]]:
    """For each (protocol, offset, item title, sentence), the question's words for a party it
    names when the sentence is that party speaking: in its reservation or statement (`spans`,
    from `reserved`), under a title marked with its letters, or in a sentence that marks them
    ("… m.fl. (V) anför"). "Vad ville Centerpartiet …" is answered by "Vi anser …" in
    Centerpartiet's reservation, which never writes the party's name."""
    parties = parties_named(q)
    if not parties:
        return [set() for _ in units]
    party = q.terms(" ".join(party_words(q)))
    inside = within([(p.id, start) for p, start, *_ in units], spans)
    return [
        party
        if inside[k] or parties & (marked_parties(title) | set(_MARKED_IN_TEXT.findall(text)))
        else set()
        for k, (_, _, title, text) in enumerate(units)
    ]


def within(spots: Sequence[tuple[str, int]], spans: list[Span]) -> np.ndarray:
    """For each (protocol id, offset), whether it lies inside one of the spans."""
    return np.array(
        [any(pid == at_id and a <= at < b for pid, a, b in spans) for at_id, at in spots],
        dtype=bool,
    )


def other_parties(q: Question, units: Sequence[tuple[str, str]]) -> np.ndarray:
    """For each (sentence, item title), True when it names parties and none that the question
    names: "I kommittémotion … av Sofia Damm m.fl. framför Kristdemokraterna …" does not say
    what Liberalerna proposed. All False when the question names no party."""
    asked = parties_named(q)
    if not asked:
        return np.zeros(len(units), dtype=bool)
    return np.array(
        [bool(named) and named.isdisjoint(asked) for named in (parties_of(s, t) for s, t in units)],
        dtype=bool,
    )
