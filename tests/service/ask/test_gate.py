"""The passage gate: whether the sentence route's best sentence answers at all."""

from __future__ import annotations

from protokoll.service.ask import gate
from protokoll.service.ask.gate import FEATURES, Support


def _support(dense: float, coverage: float, typed: float = 1.0, margin: float = 0.05) -> Support:
    return Support(dense=dense, coverage=coverage, alone=coverage, typed=typed, open=1 - typed,
                   margin=margin, rank=0.0)  # fmt: skip


def test_the_shipped_gate_reads_what_the_route_knows() -> None:
    shipped = gate.shipped()
    assert shipped is not None, "service/ask/data/passage_gate.json saknas"
    assert len(shipped.coef) == len(FEATURES) == len(_support(0.9, 0.5).row())
    assert 0.0 < shipped.threshold < 1.0


def test_a_close_sentence_carrying_the_question_answers_and_a_far_empty_one_does_not() -> None:
    assert gate.accepts(_support(0.90, 0.8))
    assert not gate.accepts(_support(0.78, 0.05, typed=0.0, margin=0.0))


def test_more_of_the_question_carried_never_makes_an_answer_less_likely() -> None:
    shipped = gate.shipped()
    assert shipped is not None
    for dense in (0.80, 0.85, 0.90):
        p = [shipped.probability(_support(dense, c)) for c in (0.1, 0.3, 0.5, 0.7, 0.9)]
        assert p == sorted(p), dense
