"""The features of each candidate answer, as the learned selector reads them.

Every feature is a property of the question, the candidate or the two together that holds for
any protocol: closeness in meaning (e5), how much of the question's topic the candidate carries
(IDF-weighted, with Swedish analysis), whether it holds the kind of thing asked for, whether its
meeting is the one the question names, where it stands, and how search ranked its passage.
Gaps to the best candidate make the features comparable across questions. `FEATURES` names the
columns; the selector's data file records them, so a model and the code can never disagree
silently.
"""

from __future__ import annotations

import math
import re

import numpy as np
from protokoll.ingest.lexicon import Intent
from protokoll.service.ask.candidates import Candidate
from protokoll.service.ask.context import Question
from protokoll.service.ask.kinds import KINDS, asked, held, holds
from protokoll.service.ask.routes import ROUTE_NAMES
from protokoll.service.ask.support import cover, question_years, years_fit
from protokoll.service.ask.vocabulary import FRAME, FRAMES, LEXICON, either

# A route newer than the shipped selector is weighed as the route its answers are most like:
# a post written beside a name in a list (answerers/roles.py, `post`) as a role.
ORIGIN_AS = {"post": "role"}
ORIGINS = ("sentence", *(r for r in ROUTE_NAMES if r not in ORIGIN_AS))
INTENTS = tuple(i.value for i in Intent)

_ADOPTED = re.compile(rf"(?i)\b(?:{either(LEXICON.adopted, folded=False)})\b")
_FUTURE = re.compile(rf"(?i)\b(?:{either(LEXICON.future, folded=False)})\b")
_PROPOSED = re.compile(rf"(?i)\b(?:{either(LEXICON.proposed, folded=False)})\b")
# A heading: a numbered line, or a line of at most four words.
_HEADING = re.compile(r"^\s*(?:#+\s|§\s*\d|\d{1,3}\.\s)(?!(?:\S+\s+){8})|^\S+(?:\s+\S+){0,3}$")

FEATURES: tuple[str, ...] = (
    *(f"intent_{i}" for i in INTENTS),
    *(f"asks_{k}" for k in (*KINDS, "other")),
    *(f"origin_{o}" for o in ORIGINS),
    *(f"holds_{k}" for k in KINDS),
    "holds_asked",
    "following_holds_asked",
    "dense",
    "dense_gap",
    "dense_order",
    "coverage",
    "coverage_gap",
    "coverage_alone",
    "coverage_window",
    "coverage_window_gap",
    "prior",
    "prior_gap",
    "passage_rank",
    "passage_score",
    "passage_dense",
    "passage_lexical",
    "in_scope",
    "years_fit",
    "position",
    "log_chars",
    "heading",
    "ends_colon",
    "adopted",
    "proposed",
    "route_agrees",
    "names_near",
    "question_future",
    "future",
    "names_unknown",
    "question_words",
    "log_candidates",
)


def _order(values: np.ndarray) -> np.ndarray:
    """0 for the highest value, 1 for the next, …"""
    order = np.empty(len(values))
    order[np.argsort(-values, kind="stable")] = np.arange(len(values))
    return order


_NAME = re.compile(r"(?<=\s)[A-ZÅÄÖÉ][a-zåäöéü]+(?:[ -][A-ZÅÄÖÉ][a-zåäöéü]+)*")


def _question_names(question: str) -> list[str]:
    """Capitalised words after the first: the people, places and bodies a question names."""
    return [m.group(0).split()[-1] for m in _NAME.finditer(f" {question.split(' ', 1)[-1]}")]


def _names_near(names: list[str], c: Candidate) -> float:
    """Share of the question's names that stand in the candidate, its title, its paragraph
    before it or the next sentence ("Hur såg Martin Flodén på …": the sentences after "Martin
    Flodén inledde …")."""
    if not names:
        return math.nan
    text = c.protocol.text
    para = max(text.rfind("\n\n", 0, c.start), c.start - 1500, 0)
    near = f"{c.title} {text[para : c.end]} {c.following}"
    return sum(n in near for n in names) / len(names)


def featurize(q: Question, candidates: list[Candidate], qvec: np.ndarray) -> np.ndarray:
    """One row of FEATURES per candidate (float32; NaN where a value does not exist)."""
    n = len(candidates)
    if n == 0:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    u = q.understood
    what = asked(u, q.asked)
    frame = {Intent.DECISION: FRAMES["decision"], Intent.HOW_MANY: FRAMES["number"]}
    topic = q.topic(frame.get(u.intent, FRAME))
    docs = [f"{c.title}: {c.evidence}" if c.title else c.evidence for c in candidates]
    dense = q.caches.encoded(q.index.embedder, docs) @ qvec
    weigher = q.weigher
    coverage = np.array(
        [weigher.cover_beyond(topic, q.terms(d) | weigher.identity(c.protocol), c.protocol)
         for d, c in zip(docs, candidates, strict=True)]
    )  # fmt: skip
    alone = np.array([cover(topic, q.terms(c.evidence)) for c in candidates])
    window = np.array(
        [cover(topic, q.terms(f"{c.title} {c.preceding} {c.evidence} {c.following}"))
         for c in candidates]
    )  # fmt: skip
    prior = 0.6 * dense + 0.3 * coverage + 0.1 * alone
    years = question_years(u.search_text)
    names = _question_names(q.asked)
    future_q = float(bool(_FUTURE.search(q.asked)))
    route_spans = [(c.protocol.id, c.start, c.end) for c in candidates if c.origin != "sentence"]
    q_words = len(q.words)
    unknown = float(q.names_unknown())
    rows = []
    for i, c in enumerate(candidates):
        hit = c.hit
        row: list[float] = [float(u.intent.value == x) for x in INTENTS]
        row += [float(what == k) for k in KINDS] + [float(what is None)]
        origin = ORIGIN_AS.get(c.origin, c.origin)
        row += [float(origin == o) for o in ORIGINS]
        row += held(c.text)
        row += [float(holds(what, c.text)), float(holds(what, c.following))]
        row += [dense[i], dense[i] - dense.max(), 0.0, coverage[i], coverage[i] - coverage.max()]
        row += [alone[i], window[i], window[i] - window.max(), prior[i], prior[i] - prior.max()]
        row += [
            float(c.rank),
            hit.score if hit else math.nan,
            hit.dense if hit and hit.dense is not None else math.nan,
            hit.lexical if hit and hit.lexical is not None else math.nan,
            float(q.in_scope(c.protocol)),
            float(years_fit(years, c.protocol, f"{c.title} {c.evidence}")),
            float(c.position),
            math.log1p(len(c.evidence)),
            float(bool(_HEADING.match(c.evidence))),
            float(c.evidence.rstrip().endswith(":")),
            float(bool(_ADOPTED.search(c.evidence))),
            float(bool(_PROPOSED.search(c.evidence))),
            float(
                c.origin == "sentence"
                and any(
                    pid == c.protocol.id and a < c.end and c.start < b for pid, a, b in route_spans
                )
            ),  # fmt: skip
            _names_near(names, c),
            future_q,
            float(bool(_FUTURE.search(c.evidence))),
            unknown,
            float(q_words),
            math.log(n),
        ]
        rows.append(row)
    x = np.asarray(rows, dtype=np.float32)
    x[:, FEATURES.index("dense_order")] = _order(dense)
    return x
