"""`Asker`: a question and the passages search found for it in, a verified answer out."""

from __future__ import annotations

import logging

from protokoll.index.index import Index
from protokoll.index.records import Hit
from protokoll.service.ask.caches import AskCaches
from protokoll.service.ask.citations import verified
from protokoll.service.ask.context import Question
from protokoll.service.ask.passages import passage
from protokoll.service.ask.phrasing import NO_MATCHING_PROTOCOLS, NOT_FOUND
from protokoll.service.ask.records import Answer
from protokoll.service.ask.routes import route
from protokoll.service.understanding import Understood

log = logging.getLogger(__name__)


class Asker:
    """Answers questions from one index. Owned by the facade, which understands each question
    once and searches it once; the asker reads the index only through its read API."""

    def __init__(self, index: Index, caches: AskCaches) -> None:
        self.index = index
        self.caches = caches
        # (dense, coverage) of the last best sentence weighed, for tuning the thresholds.
        self.last_support: tuple[float, float] | None = None

    def answer(self, question: str, understood: Understood, hits: list[Hit]) -> Answer:
        """The answer to `question` (stripped, as understood and searched), every citation
        checked against the protocol's text; or a declining answer of kind "none"."""
        self.last_support = None
        answer = self._answer(question, understood, hits) if hits else None
        if answer is not None:
            answer.citations = [
                c for c in answer.citations
                if verified(c, answer, self.index.protocol(c.protocol.id))
            ]  # fmt: skip
            if not answer.citations:
                log.warning("svar utan verifierbar källa förkastat: %r", answer.answer)
                answer = None
        if answer is not None:
            return answer
        u = understood
        if not hits and (u.date_from or u.month or u.body):
            return Answer(NO_MATCHING_PROTOCOLS, "none")
        return Answer(NOT_FOUND, "none")

    def _answer(self, question: str, understood: Understood, hits: list[Hit]) -> Answer | None:
        q = Question(question, understood, hits, self.index, self.caches)
        if answer := route(q):
            return answer
        if q.names_unknown():
            return None
        answer, self.last_support = passage(q)
        return answer
