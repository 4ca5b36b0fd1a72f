"""How sure an answer is, learned from answers judged right or wrong: the answer verifier.

A route's share of right answers (confidence.py) says how often answers *like this one* were
right, but it cannot tell a right answer of a route from a wrong one. Over the answers logged
on the test halves, what tells them apart best is plain: how many of the question's content
words the answer itself says. A wrong answer is most often a sentence on the same subject that
lacks what the question is about ("Hur finansieras …" answered by what the project aims at). So
the verifier reads three things of the answer, besides its route:
- the share of the question's content words (four letters or more, not stop words or question
  frame words) that the answer carries, a word counting as carried when a word of the answer
  begins with the same five letters ("finansieras" / "finansieringen"), å/ä/ö folded;
- how many of them it does not carry, and how many the question has.
Richer signals (the sentence's closeness in meaning, the text around the citation, the intent)
were measured too and told right from wrong worse on the test halves than these
(docs/quality.md).

A logistic regression over them turns them into a probability. It is trained by
`python -m protokoll.eval.verifier` on answer logs (eval/answer_logs/) of tuning halves and of
first looks at new tuning halves, never of a test half, and ships as `data/verifier.json` with
its sources and its figures on the test halves. Without that file the route's share is the
probability, as before.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from protokoll.index.analysis import load_stopwords
from protokoll.ingest.text import fold
from protokoll.service.ask.confidence import SPLIT
from protokoll.service.ask.routes import ROUTE_NAMES
from protokoll.service.ask.selector import certainty, shipped_json
from protokoll.service.ask.vocabulary import FRAME

# A content word has at least this many letters; two words are the same word when they begin
# with the same PREFIX letters: a light stemmer that holds for inflections and derivations
# ("beslutade", "beslutet") without a word list.
MIN_LETTERS = 4
PREFIX = 5
_WORD = re.compile(r"\w+")

# Every route an answer can come from, as confidence.py counts them ("passage_typed@1" …).
ROUTE_KEYS: tuple[str, ...] = tuple(
    key
    for name in (*ROUTE_NAMES, "passage", "passage_typed")
    for key in ((f"{name}@1", f"{name}@2") if name in SPLIT else (name,))
)
FEATURES: tuple[str, ...] = (
    "covered",
    "uncovered",
    "question_words",
    *(f"route={k}" for k in ROUTE_KEYS),
)


@cache
def _ignored(language: str) -> frozenset[str]:
    return frozenset(fold(w) for w in load_stopwords(language)) | frozenset(fold(w) for w in FRAME)


def content_words(text: str, language: str = "sv") -> list[str]:
    """The words of `text` that say what it is about, folded, each once."""
    ignored = _ignored(language)
    words = (w for w in _WORD.findall(fold(text)) if len(w) >= MIN_LETTERS)
    return list(dict.fromkeys(w for w in words if w not in ignored))


def evidence(
    question: str, answer: str, route: str | None, language: str = "sv"
) -> dict[str, float]:
    """The verifier's features of `answer` to `question` from `route` (named as in FEATURES)."""
    asked = content_words(question, language)
    said = {w[:PREFIX] for w in _WORD.findall(fold(answer)) if len(w) >= MIN_LETTERS}
    carried = sum(w[:PREFIX] in said for w in asked)
    out = {
        "covered": carried / len(asked) if asked else 0.0,
        "uncovered": float(len(asked) - carried),
        "question_words": float(len(asked)),
    }
    out.update({f"route={k}": float(route == k) for k in ROUTE_KEYS})
    return out


@dataclass(frozen=True)
class Verifier:
    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    levels: tuple[float, float]  # the probabilities told as "medel" and "hög"

    @classmethod
    def from_json(cls, model: dict[str, Any]) -> Verifier:
        names = tuple(model["features"])
        if names != FEATURES:
            raise ValueError("verifier.json är tränad på andra egenskaper än koden räknar")
        return cls(
            names,
            tuple(model["mean"]),
            tuple(model["scale"]),
            tuple(model["coef"]),
            float(model["intercept"]),
            (float(model["levels"]["medel"]), float(model["levels"]["hög"])),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> Verifier | None:
        """The shipped verifier (or the one at `path`); None when none has been trained."""
        try:
            return cls.from_json(shipped_json("verifier.json", path))
        except FileNotFoundError:
            return None

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(
            c * (features[n] - m) / s
            for n, m, s, c in zip(self.names, self.mean, self.scale, self.coef, strict=True)
        )
        return round(1 / (1 + math.exp(-z)), 3)

    def certainty(self, p: float) -> str:
        """ "hög", "medel" or "låg" for an answer given with probability p."""
        return certainty(p, self.levels)
