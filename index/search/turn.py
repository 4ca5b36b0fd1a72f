"""A learned turn of the question's vector toward the texts that answer it.

e5 was trained to find passages on a topic; our questions ask for the one passage (or sentence)
that answers. A 384×384 matrix W, learned from which of the candidates held the answer to our
own tuning questions and held near the identity, turns the question's vector before it is
compared: (W q)·c. Two ship, each trained by a script in eval/ with its sources and figures in a
JSON file beside it:
- `index/data/search_adapter.npy`: the chunks search fuses (index/search/searcher.py; trained by
  `python -m protokoll.eval.search_adapter`);
- `service/ask/data/adapter.npy`: the sentences the passages answerer chooses among
  (service/ask/adapter.py; `python -m protokoll.eval.selector.adapter`).

A W belongs to the model it was trained with: with any other model the vector is used as it is.
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Turn:
    model: str  # the model W was trained for, as `Embedder.name` gives it
    w: np.ndarray
    about: dict[str, Any] = field(default_factory=dict)

    def __call__(self, model: str, qvec: np.ndarray) -> np.ndarray:
        """The vector turned by W and of length one, when W was trained for `model`; else the
        vector as it is."""
        if model != self.model or self.w.shape != (len(qvec), len(qvec)):
            return qvec
        out = self.w @ qvec.astype(np.float32)
        return out / max(float(np.linalg.norm(out)), 1e-12)


@lru_cache(maxsize=4)
def shipped(package: str, stem: str) -> Turn:
    """The W that ships as `data/<stem>.npy` in `package`, with its `data/<stem>.json`; read
    once, at the first use."""
    data = resources.files(package).joinpath("data")
    about = json.loads(data.joinpath(f"{stem}.json").read_text("utf-8"))
    raw = data.joinpath(f"{stem}.npy").read_bytes()
    w = np.load(io.BytesIO(raw), allow_pickle=False).astype(np.float32)
    log.info("frågevridning %s laddad för %s (%s)", stem, about["model"], about["trained"])
    return Turn(str(about["model"]), w, about)


def search_turn() -> Turn:
    """The W that turns a search's question toward the chunks that answer it."""
    return shipped("protokoll.index", "search_adapter")
