"""Which answerer is tried when: an ordered table of (applies to the question?, answerer).

Routes exist where the data is structured (substitutions, attendance, roles, votes, counts,
decisions, a meeting's date). They no longer decide alone: each answer they give is a candidate
that the learned selector ranks together with the sentences of the passages.
"""

from __future__ import annotations

from collections.abc import Callable

from protokoll.ingest.lexicon import Intent
from protokoll.service.ask import kinds
from protokoll.service.ask.agreement import asks_decision
from protokoll.service.ask.answerers.decisions import decision
from protokoll.service.ask.answerers.meetings import (
    DOCUMENT_ASKED,
    asks_adjusted,
    asks_place,
    meeting,
)
from protokoll.service.ask.answerers.numbers import number, votes
from protokoll.service.ask.answerers.presence import presence
from protokoll.service.ask.answerers.presenters import presenter
from protokoll.service.ask.answerers.roles import SIGNER, appointment, post, role
from protokoll.service.ask.answerers.substitution import substitution
from protokoll.service.ask.context import Question
from protokoll.service.ask.records import Answer
from protokoll.service.ask.vocabulary import (
    DURATION_ASKED,
    GOES_ALONG,
    PRESENCE,
    PRESENTING,
    ROLE_PHRASES,
    SEAT_TAKEN,
    SUBSTITUTION,
    VOTE,
    role_named,
)

Answerer = Callable[[Question], Answer | None]
Applies = Callable[[Question], bool]


def _substitution(q: Question) -> bool:
    # "vem … efter X" asks who came after X, with or without a verb of replacing, as "vem tog
    # X:s plats" does.
    after = q.understood.intent == Intent.WHO and "efter" in q.words
    return bool(SUBSTITUTION.search(q.folded) or SEAT_TAKEN.search(q.folded)) or after


def _people(q: Question) -> bool:
    return q.understood.intent.asks_for_people


def _signing(q: Question) -> bool:
    """Asked about a document's signature: "vem skrev under", "när justerade utskottet
    betänkandet?" (the signature states both who and when)."""
    return any(r == SIGNER and rx.search(q.folded) for rx, r in ROLE_PHRASES)


def _document(q: Question) -> bool:
    """The document itself asked for: "vilken beteckning har betänkandet om …" (its matter may
    well mention signing: "… om personer som skrivit under ett medborgarinitiativ")."""
    return bool(DOCUMENT_ASKED.search(q.folded))


def _roles(q: Question) -> bool:
    """A person asked for ("vem", "vilken ledamot"), or a document's signature; or a role
    searched for by its name alone ("justerare kommunstyrelsen 14 mars 2023")."""
    person = _people(q) or kinds.asked(q.understood, q.asked) == "person"
    searched = q.understood.intent == Intent.SEARCH and role_named(q.folded) is not None
    return person or searched or (_signing(q) and not _document(q))


def _meeting(q: Question) -> bool:
    """The document asked for, a meeting's date or place, or the day its minutes were
    adjusted."""
    when = q.understood.intent == Intent.WHEN and not _signing(q)
    return _document(q) or when or asks_place(q) or asks_adjusted(q)


def _count(q: Question) -> bool:
    """ "hur många …", but not "hur länge …" (a duration is answered by the passages)."""
    return q.understood.intent == Intent.HOW_MANY and not DURATION_ASKED.match(q.folded)


def _vote(q: Question) -> bool:
    # The vote facts are counts: "vem lade ner sin röst …" asks for a person, whom the roles
    # and the passages name.
    return bool(VOTE.search(q.folded)) and not _people(q)


def decides(q: Question) -> bool:
    intent = q.understood.intent
    asks = asks_decision(q.folded, intent)
    # "När beslutade …" asks a date, "Hur mycket … beslutade direktionen att köpa" an amount:
    # the decision's own words answer neither, nor "Vem reserverade sig mot beslutet om …",
    # which asks for a person.
    # "Varför ville Backlund vänta med beslutet …" asks a reason, which no decision states.
    why = q.folded.lstrip().startswith("varfor")
    return (
        asks
        and not why
        and intent not in (Intent.WHEN, Intent.HOW_MANY)
        and not intent.asks_for_people
    )


# (name, applies to the question?, answerer). Every route that applies offers its answer as a
# candidate; the selector weighs them with the sentences of the passages (service/ask/asker.py).
ROUTES: tuple[tuple[str, Applies, Answerer], ...] = (
    ("substitution", _substitution, substitution),
    # The meeting's or document's own record; the name is the selector's (a feature).
    ("meeting_date", _meeting, meeting),
    ("role", _roles, role),
    ("post", _people, post),
    ("appointment", _people, appointment),
    ("presenter", lambda q: _people(q) and bool(PRESENTING.search(q.folded)), presenter),
    ("votes", _vote, votes),
    ("number", _count, number),
    (
        "presence",
        lambda q: bool(PRESENCE.search(q.folded) and not GOES_ALONG.search(q.folded)),
        presence,
    ),
    ("decision", decides, decision),
)
ROUTE_NAMES = tuple(name for name, _, _ in ROUTES)


def route(q: Question) -> Answer | None:
    """The answer of the first route that applies and answers (the "routes" answerer)."""
    for name, applies, answerer in ROUTES:
        if applies(q) and (a := answerer(q)):
            a.route = name
            return a
    return None


def route_answers(q: Question) -> list[tuple[str, Answer]]:
    """The answer of every route that applies and answers, with the route's name."""
    out = []
    for name, applies, answerer in ROUTES:
        if applies(q) and (a := answerer(q)):
            out.append((name, a))
    return out
