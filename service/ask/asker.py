"""`Asker`: a question and the passages search found for it in, a verified answer out.

Two answerers (setting `answerer`):
- "routes" (the default): the first answer route that applies and answers (routes.py), else the
  best sentence of the best passages when it is close enough (passages.py); how sure it is comes
  from the answer verifier (verifier.py: its route and how much of the question it says), or,
  without one, from its route's share of right answers on the tuning sets (confidence.py);
- "selector": every route answer and the passages' sentences are candidates, weighed by the
  learned selector; the most probable candidate whose citation checks out is the answer when
  its probability reaches the threshold chosen on held-out data. It is not the default yet:
  docs/quality.md has its figures beside those of the routes.
Below what either accepts, the question is declined honestly.
"""

from __future__ import annotations

import logging

import numpy as np
from protokoll.index.index import Index
from protokoll.index.records import Hit
from protokoll.service.ask.agreement import proposed_to
from protokoll.service.ask.answerers.decisions import of_item
from protokoll.service.ask.answerers.numbers import read_number_facts
from protokoll.service.ask.caches import AskCaches
from protokoll.service.ask.candidates import Candidate, gather
from protokoll.service.ask.citations import verified
from protokoll.service.ask.compose import compose
from protokoll.service.ask.confidence import Calibration
from protokoll.service.ask.context import Question
from protokoll.service.ask.features import featurize
from protokoll.service.ask.kinds import asked
from protokoll.service.ask.named import missing_in_item, missing_name
from protokoll.service.ask.passages import passage
from protokoll.service.ask.phrasing import NO_MATCHING_PROTOCOLS, NOT_FOUND, NOT_SURE
from protokoll.service.ask.records import Answer
from protokoll.service.ask.routes import decides, route
from protokoll.service.ask.selector import CERTAINTY, Selector
from protokoll.service.ask.verifier import Verifier, evidence
from protokoll.service.ask.voices import within
from protokoll.service.understanding import Understood

log = logging.getLogger(__name__)

# Candidates tried in order of probability until one's citation checks out.
TRIES = 5


class Asker:
    """Answers questions from one index. Owned by the facade, which understands each question
    once and searches it once; the asker reads the index only through its read API."""

    def __init__(
        self,
        index: Index,
        caches: AskCaches,
        answerer: str = "routes",
        selector: Selector | None = None,
        min_certainty: str = CERTAINTY[0],
    ) -> None:
        self.index = index
        self.caches = caches
        self.answerer = answerer
        # Answers told less sure than this are declined (setting `min_certainty`).
        self.min_certainty = min_certainty
        self._selector = selector
        self._calibration: Calibration | None = None
        # None when no verifier has been trained: the route's share is the probability then.
        self._verifier: Verifier | None = None
        self._verifier_read = False

    @property
    def selector(self) -> Selector:
        # Loaded on first use: gathering candidates (eval/selector) needs no model.
        if self._selector is None:
            self._selector = Selector.load()
        return self._selector

    @property
    def calibration(self) -> Calibration:
        if self._calibration is None:
            self._calibration = Calibration.load()
        return self._calibration

    @property
    def verifier(self) -> Verifier | None:
        if not self._verifier_read:
            self._verifier, self._verifier_read = Verifier.load(), True
        return self._verifier

    def warm(self) -> int:
        """Read what an answer route weighs over the whole archive, the words of every number
        fact, so that no question pays for it (the service, after starting). How many facts
        were read (facts stated in one sentence share its words)."""
        return read_number_facts(self.index, self.caches)

    def candidates(
        self, question: str, understood: Understood, hits: list[Hit]
    ) -> tuple[Question, list[Candidate], np.ndarray]:
        """The question as the routes see it, its candidates and their features."""
        q = Question(question, understood, hits, self.index, self.caches)
        found = gather(q) if hits else []
        qvec = self.index.embedder.encode_queries([q.text])[0]
        return q, found, featurize(q, found, qvec)

    def answer(
        self,
        question: str,
        understood: Understood,
        hits: list[Hit],
        answerer: str | None = None,
        first: Hit | None = None,
    ) -> Answer:
        """The answer to `question` (stripped, as understood and searched), every citation
        checked against the protocol's text; or a declining answer of kind "none". `first` is
        the passage search ranks first among `hits`: how sure a routed answer is depends on
        whether it cites it."""
        if (answerer or self.answerer) == "selector":
            return self._sure(self._selected(question, understood, hits))
        answer = self._routed(question, understood, hits) if hits else None
        answer = self._checked(answer) if answer is not None else None
        if answer is None:
            return self._declined(understood, hits)
        spans = [(first.protocol.id, first.chunk.start, first.chunk.end)] if first else []
        answer.first = bool(
            within([(c.protocol.id, c.start) for c in answer.citations], spans).any()
        )
        key = Calibration.key(answer.route, answer.first)
        if self.verifier is not None:
            language = self.index.analyzer.language
            p = self.verifier.probability(evidence(question, answer.answer, key, language))
            answer.confidence, answer.certainty = p, self.verifier.certainty(p)
        elif (share := self.calibration.probability(key)) is not None:
            answer.confidence, answer.certainty = share, self.calibration.certainty(share)
        return self._sure(answer)

    def _sure(self, answer: Answer) -> Answer:
        """The answer, or a declining one when it is told less sure than `min_certainty` (an
        answer without a probability is not sure of anything)."""
        if not answer.answerable or self.min_certainty == CERTAINTY[0]:
            return answer
        told = CERTAINTY.index(answer.certainty) if answer.certainty in CERTAINTY else -1
        if told >= CERTAINTY.index(self.min_certainty):
            return answer
        return Answer(NOT_SURE, "none", confidence=answer.confidence, route=answer.route)

    def _routed(self, question: str, understood: Understood, hits: list[Hit]) -> Answer | None:
        q = Question(question, understood, hits, self.index, self.caches)
        answer = route(q)
        if answer and self._names_agree(q, answer) and not proposed_to(q, answer.answer):
            return answer
        if q.names_unknown():
            return None
        answer = passage(q)[0]
        if answer is not None and decides(q):
            answer = of_item(q, answer) or answer
        return answer if answer is not None and self._names_agree(q, answer) else None

    def _names_agree(self, q: Question, answer: Answer) -> bool:
        """The document the answer cites holds every name the question writes, in its head or
        in the item the answer stands in: "Hur många elever går på Ekbyskolan?" is not answered
        by the count of every school in an item that never names Ekbyskolan."""
        cited = answer.citations[0] if answer.citations else None
        full = self.index.protocol(cited.protocol.id) if cited is not None else None
        if cited is None or full is None:
            return True
        if (name := missing_name(q, full)) is not None:
            log.info("svaret förkastat: %s nämner inte %r", full.id, name)
            return False
        if (name := missing_in_item(q, full, cited.start)) is not None:
            log.info("svaret förkastat: %s nämner inte %r i ärendet", full.id, name)
            return False
        return True

    @staticmethod
    def _declined(u: Understood, hits: list[Hit], confidence: float | None = None) -> Answer:
        text = (
            NO_MATCHING_PROTOCOLS if not hits and (u.date_from or u.month or u.body) else NOT_FOUND
        )
        return Answer(text, "none", confidence=confidence)

    def _selected(self, question: str, understood: Understood, hits: list[Hit]) -> Answer:
        q, found, x = self.candidates(question, understood, hits)
        best = 0.0
        if found:
            probs = self.selector.probabilities(x)
            what = asked(understood, question)
            for i in np.argsort(-probs, kind="stable")[:TRIES]:
                p = float(probs[i])
                best = max(best, p)
                if p < self.selector.threshold:
                    break
                answer = self._checked(compose(found[i], what, understood.intent))
                if answer is not None:
                    answer.confidence = round(p, 3)
                    answer.certainty = self.selector.certainty(p)
                    return answer
        u = understood
        text = (
            NO_MATCHING_PROTOCOLS if not hits and (u.date_from or u.month or u.body) else NOT_FOUND
        )
        return Answer(text, "none", confidence=round(best, 3))

    def _checked(self, answer: Answer) -> Answer | None:
        answer.citations = [
            c for c in answer.citations
            if verified(c, answer, self.index.protocol(c.protocol.id))
        ]  # fmt: skip
        if not answer.citations:
            log.warning("svar utan verifierbar källa förkastat: %r", answer.answer)
            return None
        return answer
