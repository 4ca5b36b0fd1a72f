"""The passage route encodes only the sentences that can still be the answer or stand beside it."""

from __future__ import annotations

import numpy as np
import pytest
from protokoll.index.embedding import Embedder
from protokoll.service.ask import adapter
from protokoll.service.facade import Protokollsok

QUESTION = "vad sa förvaltningen om kompetensförsörjning?"


def test_sentences_that_cannot_win_are_not_encoded_and_the_answer_is_the_same(
    app: Protokollsok, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    caches = app.asker.caches
    encoded = caches.encoded

    def encoding(e: Embedder, texts: list[str]) -> np.ndarray:
        asked.extend(texts)
        return encoded(e, texts)

    monkeypatch.setattr(caches, "encoded", encoding)

    pruned = app.answer_record(QUESTION)
    assert pruned is not None and pruned.route.startswith("passage")
    some = len(asked)

    asked.clear()
    monkeypatch.setattr(adapter, "FIRST_ENCODED", 10_000)  # every candidate at once
    every = app.answer_record(QUESTION)
    assert every is not None

    assert 0 < some < len(asked)
    assert (pruned.answer, pruned.route) == (every.answer, every.route)
    assert [(c.protocol.id, c.start, c.end) for c in pruned.citations] == [
        (c.protocol.id, c.start, c.end) for c in every.citations
    ]
