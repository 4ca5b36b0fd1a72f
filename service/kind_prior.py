"""The kind a question asks for as a prior in the ranking.

A question that asks for a date, a day, a number, an amount, a person, a place or an
organisation is answered by a passage that holds one, beyond what the question itself names
(service/ask/kinds.py). On the four tuning sets, 95 % of the passages that hold the answer do,
against 53 % of the other passages among the ten best. So such a passage gains KIND_PRIOR on the
fused score (which lies between 0 and 1) among the POOL best, before the list is cut to the k
asked for. The weight was chosen by leaving each tuning set out in turn: every split chose 0.15
(docs/quality.md, thirteenth pass).
"""

from __future__ import annotations

from dataclasses import replace

from protokoll.index.records import Hit
from protokoll.service.ask.kinds import holds_beyond

KIND_PRIOR = 0.15
# Passages re-ranked by the prior: the best this many by the fused score.
POOL = 30


def prefer_asked_kind(hits: list[Hit], kind: str, question: str, k: int) -> list[Hit]:
    """The k best of `hits` once each passage holding the asked kind has gained KIND_PRIOR;
    ties keep the fused order."""
    scored = [
        (h.score + (KIND_PRIOR if holds_beyond(kind, h.chunk.text, question) else 0.0), h)
        for h in hits
    ]
    ranked = sorted(range(len(scored)), key=lambda i: -scored[i][0])[:k]
    return [
        replace(scored[i][1], rank=r, score=round(scored[i][0], 4)) for r, i in enumerate(ranked, 1)
    ]
