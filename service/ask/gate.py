"""Whether the best sentence is close enough to answer: hand thresholds and a learned gate.

The sentence route (passages.py) ranks the sentences of the best passages and must then say
whether the best one answers at all or the question is declined. Two hand-set pairs of
thresholds, chosen on the small dev set of seeds and examples, decide it first: close in
meaning (e5 cosine ≥ 0.79) and carrying half the question's words, or very close (≥ 0.87) and
carrying a quarter. They decline most questions asked in everyday words the text does not use
("jobb" for "arbetstillfällen").

The gate reads what the route knows of its best sentence (`Support`) and gives the probability
that it is a right answer, a logistic regression trained by `python -m
protokoll.eval.passage_gate` on the answers of the tuning sets' questions that reach this route,
never on a test half. A sentence the hand thresholds let through still answers; one they
decline answers when the gate is sure of it, its probability at the threshold chosen there. The
gate alone, with its threshold chosen the same way, declined five right answers of the dev set
ask (whose questions the thresholds were chosen on) and on the archive's sets traded right
answers for wrong ones about one for one (docs/quality.md); added to the thresholds it only
answers more. It ships as `data/passage_gate.json` with its sources and figures; without that
file (another language's model, say) the hand thresholds decide alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from protokoll.service.ask.selector import shipped_json

# The hand thresholds, chosen on the dev set ask: close in meaning and carrying half the
# question's words, or very close and carrying a quarter.
MIN_DENSE = 0.79
MIN_COVERAGE = 0.5
MIN_DENSE_PARAPHRASE = 0.87
MIN_COVERAGE_PARAPHRASE = 0.25
# The lead of the best sentence over the next best is read up to this much (on the scale of the
# route's score, where a kind held is worth 0.06): beyond it, nothing comes close.
MAX_MARGIN = 0.2
MAX_RANK = 8


@dataclass(frozen=True)
class Support:
    """What the sentence route knows of its best sentence.

    For "Hur många jobb väntas den nya logistikterminalen ge?" and "Företaget räknar med att
    terminalen ger omkring 40 nya arbetstillfällen." (a number held; "jobb" is not said):
    Support(dense=0.853, coverage=0.35, alone=0.35, typed=1.0, open=0.0, margin=0.037, rank=0).
    """

    dense: float  # closeness in meaning to the question (e5 cosine)
    coverage: float  # share of the question's information it carries with its item's title
    alone: float  # … carried by the sentence itself
    typed: float  # 1 when it holds what the question asks for (a date for "när" …)
    open: float  # 1 when the question asks for no kind ("vad", "varför")
    margin: float  # its score's lead over the next sentence's, up to MAX_MARGIN
    rank: float  # the rank of the passage it stands in among the search's hits, up to MAX_RANK

    def row(self) -> list[float]:
        d, c, a, t, o, m, r = astuple(self)
        return [d, c, a, t, o, m, r, d * c, t * d]


FEATURES: tuple[str, ...] = (
    *(f.name for f in fields(Support)),
    "dense_x_coverage",
    "typed_x_dense",
)


@dataclass(frozen=True)
class Gate:
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float

    @classmethod
    def from_json(cls, model: dict[str, Any]) -> Gate:
        if tuple(model["features"]) != FEATURES:
            raise ValueError("passage_gate.json är tränad på andra egenskaper än koden räknar")
        return cls(
            tuple(model["mean"]),
            tuple(model["scale"]),
            tuple(model["coef"]),
            float(model["intercept"]),
            float(model["threshold"]),
        )

    def probability(self, s: Support) -> float:
        return self.probability_of(s.row())

    def probability_of(self, row: Sequence[float]) -> float:
        """The probability for a row of FEATURES (`Support.row`)."""
        z = self.intercept + sum(
            c * (x - m) / sc
            for x, m, sc, c in zip(row, self.mean, self.scale, self.coef, strict=True)
        )
        return 1 / (1 + math.exp(-z))

    def accepts(self, s: Support) -> bool:
        return by_hand(s) or self.probability(s) >= self.threshold


@cache
def shipped(path: Path | None = None) -> Gate | None:
    """The trained gate (or the one at `path`); None when none ships."""
    try:
        return Gate.from_json(shipped_json("passage_gate.json", path))
    except FileNotFoundError:
        return None


def by_hand(s: Support) -> bool:
    """Whether the hand thresholds let the sentence through."""
    close = s.dense >= MIN_DENSE and s.coverage >= MIN_COVERAGE
    return close or (s.dense >= MIN_DENSE_PARAPHRASE and s.coverage >= MIN_COVERAGE_PARAPHRASE)


def accepts(s: Support) -> bool:
    """Whether the best sentence, as `s` tells it, answers the question."""
    gate = shipped()
    return gate.accepts(s) if gate is not None else by_hand(s)
