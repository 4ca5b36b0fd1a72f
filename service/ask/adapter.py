"""A learned turn of the question's vector toward the sentences that answer it.

The passages answerer ranks the sentences of the best passages partly by how close each is to
the question in meaning (e5). e5 was trained to find passages on a topic, not the one sentence
that answers: among the sentences the answerer chooses from, the closest held the answer for 0.52
of the tuning questions. A 384×384 matrix W, learned from which of those sentences held the answer
(`python -m protokoll.eval.selector.adapter`, listwise, held near the identity), turns the
question's vector before it is compared: (W q)·s ranks an answering sentence first for 0.58
(five folds by document), and for 0.56 against 0.50 on the older test halves it never saw.

W ships as `data/adapter.npy`, with what it was trained on and its figures in `data/adapter.json`.
It belongs to the model it was trained with: with any other model the question's vector is used
as it is. The closeness that decides whether a sentence is close enough to answer at all stays
the model's own (passages.py); W only reorders.
"""

from __future__ import annotations

import io
import logging
from functools import lru_cache
from importlib import resources

import numpy as np
from protokoll.service.ask.selector import shipped_json

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _shipped() -> tuple[str, np.ndarray]:
    """The model W was trained for, and W; read once, at the first question."""
    about = shipped_json("adapter.json")
    raw = resources.files("protokoll.service.ask").joinpath("data", "adapter.npy").read_bytes()
    w = np.load(io.BytesIO(raw), allow_pickle=False).astype(np.float32)
    log.info("frågevridning laddad för %s (%s)", about["model"], about["trained"])
    return str(about["model"]), w


def turned(model: str, qvec: np.ndarray, enabled: bool = True) -> np.ndarray:
    """The question's vector turned by W and of length one, when W was trained for `model`;
    else the vector as it is."""
    if not enabled:
        return qvec
    trained_for, w = _shipped()
    if model != trained_for or w.shape != (len(qvec), len(qvec)):
        return qvec
    out = w @ qvec.astype(np.float32)
    return out / max(float(np.linalg.norm(out)), 1e-12)
