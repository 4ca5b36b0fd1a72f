"""The answer verifier: how sure an answer is, from how much of the question it says."""

from __future__ import annotations

import pytest
from protokoll.service.ask.verifier import FEATURES, Verifier, content_words, evidence
from protokoll.service.facade import Protokollsok


def test_an_answer_is_as_sure_as_the_shipped_verifier_says(app: Protokollsok) -> None:
    question = "vem ersatte Karin Torstensson?"
    record = app.answer_record(question)
    assert record is not None and record.answerable and record.route == "substitution"
    shipped = Verifier.load()
    assert shipped is not None
    expected = shipped.probability(evidence(question, record.answer, "substitution"))
    assert record.confidence == expected
    assert record.certainty == shipped.certainty(expected)


def test_the_question_words_an_answer_says_are_counted_by_their_first_five_letters() -> None:
    # "Hur finansieras …" asks about financing: "finansieringen" says it, "målet" does not.
    question = "Hur finansieras den nya förskolan i Hamnängen?"
    assert content_words(question) == ["finansieras", "forskolan", "hamnangen"]
    said = evidence(question, "Förskolan finansieringen sker genom lån.", "passage@1")
    unsaid = evidence(question, "Målet är fler platser i kommunen.", "passage@1")
    assert (said["covered"], said["uncovered"]) == (2 / 3, 1.0)
    assert (unsaid["covered"], unsaid["uncovered"]) == (0.0, 3.0)
    assert said["route=passage@1"] == 1.0 and said["route=decision"] == 0.0


def test_an_answer_that_says_less_of_the_question_is_told_less_sure() -> None:
    shipped = Verifier.load()
    assert shipped is not None
    question = "Hur finansieras den nya förskolan i Hamnängen?"
    said = evidence(question, "Förskolan i Hamnängen finansieras med lån.", "passage@1")
    unsaid = evidence(question, "Målet är fler platser i kommunen.", "passage@1")
    assert shipped.probability(unsaid) < shipped.probability(said)


def test_a_verifier_trained_on_other_features_is_refused() -> None:
    model = {"features": ["covered"], "mean": [0.0], "scale": [1.0], "coef": [1.0],
             "intercept": 0.0, "levels": {"medel": 0.8, "hög": 0.9}}  # fmt: skip
    assert len(FEATURES) > 1
    with pytest.raises(ValueError, match="andra egenskaper"):
        Verifier.from_json(model)
