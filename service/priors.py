"""Two priors from the question that re-rank search's hybrid ranking among its POOL best.

- **The asked kind.** A question that asks for a date, a day, a number, an amount, a person, a
  place or an organisation is answered by a passage that holds one beyond what the question
  itself names (service/ask/kinds.py). On the four tuning sets 95 % of the passages holding the
  answer do, against 53 % of the other passages among the ten best.
- **The named voice.** "Hur såg Martin Flodén på …", "Vad ville Moderaterna …": what a person
  or a party said stands in their own speaker turns or in their reservation or statement
  (service/ask/voices.py). Of the answer passages of questions naming such a voice, 76 % lie
  there, against 21 % of the other passages among the ten best.

Each gains its weight on the fused score (which lies between 0 and 1). Both weights were chosen
by leaving each tuning set out in turn, over 0–0.3: every split chose 0.1–0.2 for each
(docs/quality.md, thirteenth pass).
"""

from __future__ import annotations

from dataclasses import replace

from protokoll.index.index import Index
from protokoll.index.records import Hit
from protokoll.service.ask import voices
from protokoll.service.ask.caches import AskCaches
from protokoll.service.ask.context import Question
from protokoll.service.ask.kinds import asked, holds_beyond
from protokoll.service.ask.voices import Span
from protokoll.service.understanding import Understood

KIND_PRIOR = 0.15
VOICE_PRIOR = 0.15
# Passages re-ranked: the best this many by the fused score. Search draws max(50, 3k) candidates
# per signal and normalises the fused score over them; 16 keeps that at 50, so the fused scores
# are those of an unranked search (30 gave the same R@5 on three tuning sets, one less on the
# fourth).
POOL = 16
# A named party's reservations are looked for in the documents of this many best passages.
VOICE_DOCUMENTS = 5


def reranked(u: Understood, hits: list[Hit], index: Index, caches: AskCaches, k: int) -> list[Hit]:
    """The k best of `hits` (the POOL best by the fused score) once each has gained its
    priors."""
    q = Question(u.query, u, hits, index, caches)
    voiced = voices.their_turns(q) + voices.reserved(q, VOICE_DOCUMENTS)
    kind, voice = kind_gains(hits, asked(u, u.query), u.query), voice_gains(hits, voiced)
    return ordered(hits, [a + b for a, b in zip(kind, voice, strict=True)], k)


def kind_gains(hits: list[Hit], kind: str | None, question: str) -> list[float]:
    """KIND_PRIOR for each hit that holds the asked kind, beyond what the question names."""
    if kind is None:
        return [0.0] * len(hits)
    return [KIND_PRIOR if holds_beyond(kind, h.chunk.text, question) else 0.0 for h in hits]


def voice_gains(hits: list[Hit], spans: list[Span]) -> list[float]:
    """VOICE_PRIOR for each hit that overlaps one of the named voices' spans."""
    return [
        VOICE_PRIOR
        if any(
            pid == h.protocol.id and a < h.chunk.end and h.chunk.start < b for pid, a, b in spans
        )
        else 0.0
        for h in hits
    ]


def ordered(hits: list[Hit], gains: list[float], k: int) -> list[Hit]:
    """The k best of `hits` once each has gained its share; ties keep the fused order."""
    scored = [h.score + g for h, g in zip(hits, gains, strict=True)]
    order = sorted(range(len(hits)), key=lambda i: -scored[i])[:k]
    return [replace(hits[i], rank=r, score=round(scored[i], 4)) for r, i in enumerate(order, 1)]
