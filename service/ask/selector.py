"""The learned answer selector: gradient-boosted trees over the candidates' features.

The model is a data file (service/ask/data/selector.json) written by
`python -m protokoll.eval.selector.train`, which records what it was trained on, its metrics and
the thresholds chosen on held-out folds. Here it is only evaluated, with numpy: no scikit-learn
at run time. A candidate's probability is that of being a right answer; the asker answers with
the most probable candidate when it reaches `threshold` and declines otherwise.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from protokoll.service.ask.features import FEATURES

# How sure the answer is, as the person asking is told ("Säkerhet: hög").
CERTAINTY = ("låg", "medel", "hög")


def certainty(p: float, levels: tuple[float, float]) -> str:
    """ "hög", "medel" or "låg" for probability p, given the levels ("medel", "hög") it starts
    from."""
    medel, hog = levels
    return CERTAINTY[2] if p >= hog else CERTAINTY[1] if p >= medel else CERTAINTY[0]


def shipped_json(name: str, path: Path | None = None) -> dict[str, Any]:
    """A data file that ships in `service/ask/data/`, or the one at `path` instead."""
    if path is None:
        raw = resources.files("protokoll.service.ask").joinpath("data", name)
        return dict(json.loads(raw.read_text("utf-8")))
    return dict(json.loads(Path(path).read_text("utf-8")))


@dataclass(frozen=True)
class Tree:
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    missing_left: np.ndarray
    leaf: np.ndarray
    value: np.ndarray

    def predict(self, x: np.ndarray) -> np.ndarray:
        node = np.zeros(len(x), dtype=np.int64)
        rows = np.arange(len(x))
        while True:
            inner = ~self.leaf[node]
            if not inner.any():
                return self.value[node]
            f = self.feature[node]
            v = x[rows, f]
            go_left = np.where(np.isnan(v), self.missing_left[node], v <= self.threshold[node])
            nxt = np.where(go_left, self.left[node], self.right[node])
            node = np.where(inner, nxt, node)


class Selector:
    """Probabilities of candidates being right, and how sure an answer is."""

    def __init__(self, model: dict[str, Any]) -> None:
        if tuple(model["features"]) != FEATURES:
            missing = set(FEATURES) ^ set(model["features"])
            raise ValueError(
                "selector.json passar inte koden: egenskaperna skiljer sig "
                f"({sorted(missing)[:5]}); träna om med python -m protokoll.eval.selector.train"
            )
        self.model = model
        self.baseline = float(model["baseline"])
        self.trees = [
            Tree(
                feature=np.asarray(t["feature"], dtype=np.int64),
                threshold=np.asarray(t["threshold"], dtype=np.float64),
                left=np.asarray(t["left"], dtype=np.int64),
                right=np.asarray(t["right"], dtype=np.int64),
                missing_left=np.asarray(t["missing_left"], dtype=bool),
                leaf=np.asarray(t["leaf"], dtype=bool),
                value=np.asarray(t["value"], dtype=np.float64),
            )
            for t in model["trees"]
        ]
        self.threshold = float(model["threshold"])
        self.levels = (float(model["levels"]["medel"]), float(model["levels"]["hög"]))

    @classmethod
    def load(cls, path: Path | None = None) -> Selector:
        """The shipped model, or the one at `path`."""
        return cls(shipped_json("selector.json", path))

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        raw = np.full(len(x), self.baseline)
        xx = x.astype(np.float64)
        for t in self.trees:
            raw += t.predict(xx)
        return 1.0 / (1.0 + np.exp(-raw))

    def certainty(self, p: float) -> str:
        """ "hög", "medel" or "låg" for an answer given with probability p."""
        return certainty(p, self.levels)
