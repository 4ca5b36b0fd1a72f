"""How sure an answer of the "routes" answerer is: the share of right answers its route gave on
questions it was measured on, as a probability and as "hög", "medel" or "låg". The answer
verifier (verifier.py) tells each answer apart within its route and replaces these shares where
it ships; they remain its baseline, and the probability when no verifier is trained.

The counts come from the archive tuning sets (the ask set only for a route they seldom saw; never
a test half), asked through the product itself by `python -m protokoll.eval.confidence`, and ship
as `data/confidence.json` with their sources and how well each set held against the others. A
route's probability is its share of right answers with one right and one wrong answer added (a
Beta(1, 1) prior), so that a route seldom seen stays near one half instead of at 0 or 1.

Tuning sets flatter the routes tuned on them: over the fourteen test halves, answers of the
sentence routes from other passages than the first were right 0.41–0.66 of the time against
shares of 0.59–0.83. So the probability also counts how each route did at the first look at each
new round's tuning half, run before anything was changed for it (`eval/answer_logs/*first-look`):
the tuning share weighs as `prior` answers (10, in the data file), and the first looks' right
and given answers are added to it. Leaving one first look out at a time, a weight of 10 to 20
fitted the one left out best (Brier 0.206 against 0.219 for the tuning shares alone).

The sentence routes and the count route are counted apart by where the answer stands: in the
first passage as search ranks the question's passages (with its priors, service/priors.py), or
in another. On the tuning sets an answer from the first passage was right 129 of 142 times, one
from another 82 of 108; split so, the shares held better on each set counted without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from protokoll.service.ask.selector import certainty, shipped_json

# Routes whose share is counted apart for answers from the first passage and from the others.
SPLIT = ("passage", "passage_typed", "number")


class Calibration:
    def __init__(self, model: dict[str, Any]) -> None:
        self.counts = {
            route: (int(c["right"]), int(c["answered"])) for route, c in model["routes"].items()
        }
        self.first_looks = {
            route: (int(c["right"]), int(c["answered"]))
            for route, c in model.get("first_looks", {}).items()
        }
        self.prior = float(model.get("prior", 0))
        if self.first_looks and self.prior <= 0:
            raise ValueError("first_looks kräver en prior större än noll")
        self.levels = (float(model["levels"]["medel"]), float(model["levels"]["hög"]))

    @classmethod
    def load(cls, path: Path | None = None) -> Calibration:
        """The shipped counts, or those at `path`."""
        return cls(shipped_json("confidence.json", path))

    @staticmethod
    def key(route: str | None, first: bool) -> str | None:
        """The name a route's answers are counted under: "passage_typed@1" for a sentence of the
        first passage, "passage_typed@2" for one of another; other routes by their own name."""
        if route in SPLIT:
            return f"{route}@{1 if first else 2}"
        return route

    def probability(self, route: str | None) -> float | None:
        """The probability that an answer of this route is right: its share on the tuning sets
        with one right and one wrong answer added, weighing as `prior` answers beside those it
        gave at the first looks; None for a route never measured."""
        if route not in self.counts and route not in self.first_looks:
            return None
        right, answered = self.counts.get(route, (0, 0))
        share = (right + 1) / (answered + 2)
        seen_right, seen = self.first_looks.get(route, (0, 0))
        if not seen:
            return round(share, 3)
        return round((seen_right + self.prior * share) / (seen + self.prior), 3)

    def certainty(self, p: float) -> str:
        """ "hög", "medel" or "låg" for an answer given with probability p."""
        return certainty(p, self.levels)
