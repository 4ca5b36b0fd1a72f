"""The candidate answers to one question: what the selector chooses among.

Two sources, ranked together:
- every answer route that applies (structured facts: substitutions, roles, attendance, votes,
  counts, decisions, a meeting's date), each with the span that states it;
- every sentence and list item of the best passages, with its neighbours and its item's title.

A candidate carries what the features need (service/ask/features.py) and what the answer needs
(service/ask/compose.py); nothing here decides.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from protokoll.index.records import Hit
from protokoll.ingest.records import Protocol
from protokoll.service.ask.citations import following_in_item, in_list, section_title
from protokoll.service.ask.context import Question
from protokoll.service.ask.records import Answer
from protokoll.service.ask.routes import route_answers
from protokoll.service.ask.support import cover
from protokoll.service.ask.vocabulary import FRAME

# Passages whose sentences are candidates, and the shortest sentence that can answer.
PASSAGES = 8
MIN_SENTENCE = 12
# Sentences kept for the selector, which encodes each with the model: the query path's cost
# grows with this (docs/quality.md, Svarstid).
SHORTLIST = 12


@dataclass
class Candidate:
    """One possible answer. `start`–`end` is the span of `protocol.text` that states it."""

    origin: str  # "sentence", or the name of the route that gave it
    protocol: Protocol
    start: int
    end: int
    text: str  # the sentence, or the route's answer
    title: str  # the title of the item it stands under
    number: str | None  # the item's number
    rank: int  # rank of the passage it came from (0 = best); for a route, its protocol's best
    hit: Hit | None
    position: int = 0  # the sentence's place in its item (0 = first)
    preceding: str = ""
    following: str = ""
    following_end: int = 0
    answer: Answer | None = None  # a route's own answer

    @property
    def evidence(self) -> str:
        """The protocol's own words for the candidate."""
        return self.protocol.text[self.start : self.end]


EXAMPLE_CANDIDATE_FIELDS = {
    "origin": "sentence",
    "text": "Karin Jilkén ersätter Karin Torstensson i gruppen.",
    "title": "Information om ny representant",
    "number": "7",
    "rank": 0,
    "position": 1,
}


def _protocol_rank(q: Question, pid: str) -> tuple[int, Hit | None]:
    for i, h in enumerate(q.hits):
        if h.protocol.id == pid:
            return i, h
    return len(q.hits), None


def _routes(q: Question) -> list[Candidate]:
    out = []
    for name, answer in route_answers(q):
        c = answer.citations[0] if answer.citations else None
        if c is None:
            continue
        rank, hit = _protocol_rank(q, c.protocol.id)
        out.append(
            Candidate(
                origin=name,
                protocol=c.protocol,
                start=c.start,
                end=c.end,
                text=answer.answer,
                title=c.section_title,
                number=c.section_number,
                rank=rank,
                hit=hit,
                answer=answer,
            )
        )
    return out


def _sentences(q: Question) -> list[Candidate]:
    out: list[Candidate] = []
    seen: set[tuple[str, int]] = set()
    for rank, hit in enumerate(q.hits[:PASSAGES]):
        p = q.index.protocol_summary(hit.protocol.id)
        if p is None:
            continue
        spans = q.caches.sentences(p)
        starts = [a for a, _ in spans]  # in text order
        for i, (a, b) in enumerate(spans):
            if b <= hit.chunk.start or a >= hit.chunk.end or (p.id, a) in seen:
                continue
            sentence = p.text[a:b]
            if len(sentence.strip()) < MIN_SENTENCE or in_list(p, a):
                continue  # lists of names are answered by the attendance facts
            seen.add((p.id, a))
            number, title = section_title(p, a)
            section_start = next(
                (s.start for s in p.sections if s.start <= a < s.end and s.title == title), 0
            )
            position = i - bisect_left(starts, section_start, 0, i)
            prev = p.text[spans[i - 1][0] : spans[i - 1][1]] if i > 0 else ""
            nxt = following_in_item(p, spans, b, title)
            out.append(
                Candidate(
                    origin="sentence",
                    protocol=p,
                    start=a,
                    end=b,
                    text=sentence.strip(),
                    title=title,
                    number=number,
                    rank=rank,
                    hit=hit,
                    position=position,
                    preceding=prev.strip(),
                    following=p.text[nxt[0] : nxt[1]].strip() if nxt else "",
                    following_end=nxt[1] if nxt else b,
                )
            )
    return out


def shortlist(q: Question, sentences: list[Candidate], size: int = SHORTLIST) -> list[Candidate]:
    """The sentences most likely to answer, by what costs no encoding: how much of the
    question's topic the sentence carries with its title and neighbours, and how well search
    ranked its passage. Their order is kept."""
    if len(sentences) <= size:
        return sentences
    topic = q.topic(FRAME)
    scores = []
    for c in sentences:
        window = cover(topic, q.terms(f"{c.title} {c.preceding} {c.text} {c.following}"))
        alone = cover(topic, q.terms(c.text))
        scores.append(window + alone + 0.5 * (1 - c.rank / PASSAGES))
    keep = set(sorted(range(len(sentences)), key=lambda i: -scores[i])[:size])
    return [c for i, c in enumerate(sentences) if i in keep]


def gather(q: Question) -> list[Candidate]:
    """The route answers first, then the shortlisted sentences of the passages in rank order."""
    return _routes(q) + shortlist(q, _sentences(q))
