"""The outcome a decision states, by its earliest statement."""

from __future__ import annotations

import pytest
from protokoll.ingest.extract import OUTCOMES, outcome_of


def test_outcomes_are_offered_in_one_order() -> None:
    assert OUTCOMES == (
        "bifall",
        "avslag",
        "återremiss",
        "bordläggning",
        "information noterad",
        "lagt till handlingarna",
    )


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("Ärendet återremitteras till förvaltningen.", "återremiss"),
        ("Ärendet bordläggs till nästa sammanträde.", "bordläggning"),
        ("Nämnden beslutar att avslå motionen.", "avslag"),
        ("Kommunstyrelsen beslutar att bifalla förslaget.", "bifall"),
        ("Nämnden beslutar att anta planen.", "bifall"),
        ("Informationen noteras.", "information noterad"),
        ("Antecknades för kännedom.", "information noterad"),
        ("Redovisningen läggs till handlingarna.", "lagt till handlingarna"),
        ("Till ny ledamot utses Linnéa Strand (S).", None),
        # The earliest statement decides: the decision is to reject, with a task beside it.
        ("Nämnden beslutar att avslå ansökan samt att godkänna en utredning.", "avslag"),
    ],
)
def test_outcome_is_what_the_decision_states(text: str, outcome: str | None) -> None:
    assert outcome_of(text) == outcome
