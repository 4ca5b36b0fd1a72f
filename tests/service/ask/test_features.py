"""Candidates and their features, through the real index of the seeds and examples."""

from __future__ import annotations

import numpy as np
from protokoll.service.ask.features import FEATURES
from protokoll.service.facade import Protokollsok


def test_every_candidate_gets_one_row_of_every_feature(app: Protokollsok) -> None:
    q, found, x = app.answer_candidates("vem ersatte Karin Torstensson?")
    assert found and x.shape == (len(found), len(FEATURES))
    origins = {c.origin for c in found}
    assert "substitution" in origins and "sentence" in origins
    dense = x[:, FEATURES.index("dense")]
    assert np.all((dense > 0.5) & (dense <= 1.0001))
    assert x[:, FEATURES.index("dense_gap")].max() == 0.0


def test_the_kind_asked_for_is_read_from_the_question(app: Protokollsok) -> None:
    _, found, x = app.answer_candidates("när hölls presidiekonferensen?")
    assert found and np.all(x[:, FEATURES.index("asks_date")] == 1.0)
    assert np.all(x[:, FEATURES.index("asks_person")] == 0.0)


def test_a_question_without_passages_has_no_candidates(app: Protokollsok) -> None:
    _, found, x = app.answer_candidates("vilka beslut togs i december 2019?")
    assert found == [] and x.shape == (0, len(FEATURES))
