"""Which answerer is tried when: an ordered table of (applies to the question?, answerer).

The first answerer that applies and answers wins. Facts come before decisions, and both before
the passages, because a fact that carries the question's topic is the most exact answer there
is. When no route answers, the question is declined.
"""

from __future__ import annotations

from collections.abc import Callable

from protokoll.ingest.lexicon import Intent
from protokoll.service.ask.answerers.decisions import decision
from protokoll.service.ask.answerers.meetings import meeting_date
from protokoll.service.ask.answerers.numbers import number, votes
from protokoll.service.ask.answerers.presence import presence
from protokoll.service.ask.answerers.presenters import presenter
from protokoll.service.ask.answerers.roles import appointment, role
from protokoll.service.ask.answerers.substitution import substitution
from protokoll.service.ask.context import Question
from protokoll.service.ask.records import Answer
from protokoll.service.ask.vocabulary import (
    DECISION,
    DURATION_ASKED,
    PRESENCE,
    PRESENTING,
    SUBSTITUTION,
    VOTE,
)

Answerer = Callable[[Question], Answer | None]
Applies = Callable[[Question], bool]


def _substitution(q: Question) -> bool:
    # "vem … efter X" asks who came after X, with or without a verb of replacing.
    after = q.understood.intent == Intent.WHO and "efter" in q.words
    return bool(SUBSTITUTION.search(q.folded)) or after


def _people(q: Question) -> bool:
    return q.understood.intent.asks_for_people


def _count(q: Question) -> bool:
    """ "hur många …", but not "hur länge …" (a duration is answered by the passages)."""
    return q.understood.intent == Intent.HOW_MANY and not DURATION_ASKED.match(q.folded)


def _vote(q: Question) -> bool:
    return bool(VOTE.search(q.folded))


def _decides(q: Question) -> bool:
    intent = q.understood.intent
    asks = intent == Intent.DECISION or bool(DECISION.search(q.folded))
    return asks and intent != Intent.WHEN


ROUTES: tuple[tuple[Applies, Answerer], ...] = (
    (_substitution, substitution),
    (lambda q: q.understood.intent == Intent.WHEN, meeting_date),
    (_people, role),
    (_people, appointment),
    (lambda q: _people(q) and bool(PRESENTING.search(q.folded)), presenter),
    (lambda q: _count(q) and _vote(q), votes),
    (_count, number),
    (lambda q: bool(PRESENCE.search(q.folded)), presence),
    # A vote asked about without "hur många" ("hur röstade …"), after who attended; a count
    # of votes was tried above.
    (lambda q: _vote(q) and not _count(q), votes),
    (_decides, decision),
)


def route(q: Question) -> Answer | None:
    """The answer of the first route that applies and answers, or None."""
    for applies, answerer in ROUTES:
        if applies(q) and (a := answerer(q)):
            return a
    return None
