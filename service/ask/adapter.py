"""A learned turn of the question's vector toward the sentences that answer it.

The passages answerer ranks the sentences of the best passages partly by how close each is to
the question in meaning (e5). e5 was trained to find passages on a topic, not the one sentence
that answers: among the sentences the answerer chooses from, the closest held the answer for 0.52
of the tuning questions. A 384×384 matrix W, learned from which of those sentences held the answer
(`python -m protokoll.eval.selector.adapter`, listwise, held near the identity), turns the
question's vector before it is compared: (W q)·s ranks an answering sentence first for 0.58
(five folds by document), and for 0.56 against 0.50 on the older test halves it never saw.

W ships as `data/adapter.npy`, with what it was trained on and its figures in `data/adapter.json`
(read as index/search/turn.py reads search's own W). It belongs to the model it was trained with:
with any other model the question's vector is used as it is. The closeness that decides whether
a sentence is close enough to answer at all stays the model's own (passages.py); W only
reorders. `closeness` gives both, encoding only the sentences that can still win.
"""

from __future__ import annotations

import numpy as np
from protokoll.index.search.turn import shipped
from protokoll.service.ask.context import Question

# The sentences encoded first, the best by the rest of their score (`closeness`).
FIRST_ENCODED = 12


def turned(model: str, qvec: np.ndarray, enabled: bool = True) -> np.ndarray:
    """The question's vector turned by W and of length one, when W was trained for `model`;
    else the vector as it is."""
    return shipped("protokoll.service.ask", "adapter")(model, qvec) if enabled else qvec


def closeness(
    q: Question, docs: list[str], qvec: np.ndarray, rest: np.ndarray, may_answer: np.ndarray,
    weight: float, gap: float,
) -> np.ndarray:  # fmt: skip
    """Two rows: each candidate's closeness to the question as the model gives it, which says
    whether it is close enough to answer, and as the turned question gives it, which ranks
    (-inf where not needed). Encoding the sentences is most of an answer's time, and a named
    speaker's turns give a hundred of them. Closeness adds at most `weight` (both vectors are of
    length one) to the `rest` of a score, so once the best few are encoded, a sentence whose
    rest is further than that below the best score, and than `gap` more, can be neither the
    answer nor shown beside it (passages.py): it is not encoded."""
    embedder = q.index.embedder
    qvecs = np.stack([qvec, turned(embedder.name, qvec, q.caches.query_adapter)])
    both = np.full((2, len(docs)), -np.inf)
    ranking = both[1]
    live = np.flatnonzero(np.isfinite(rest))
    ranked = live[np.argsort(-rest[live], kind="stable")]
    first = list(ranked[:FIRST_ENCODED])
    if not may_answer[first].any() and may_answer[ranked].any():
        first.append(next(k for k in ranked if may_answer[k]))
    for batch in (first, None):
        if batch is None:
            best = float(np.max(np.where(may_answer, rest + weight * ranking, -np.inf)))
            reach = rest + weight + 1e-6 >= best - gap
            batch = [k for k in ranked if reach[k] and ranking[k] == -np.inf]
        if batch:
            both[:, batch] = qvecs @ q.caches.encoded(embedder, [docs[k] for k in batch]).T
    return both
