"""What a question asks for, and whether a sentence holds it."""

from __future__ import annotations

import pytest
from protokoll.ingest.lexicon import Intent
from protokoll.service.ask.passages import asked, holds
from protokoll.service.understanding import Understood


def read(question: str, intent: Intent = Intent.WHAT) -> Understood:
    return Understood(query=question, search_text=question, intent=intent)


@pytest.mark.parametrize(
    ("question", "intent", "kind"),
    [
        ("vilket datum beslutades planen?", Intent.DECISION, "day"),
        ("när hölls mötet?", Intent.WHEN, "date"),
        ("vilket år infördes taxan?", Intent.WHAT, "date"),
        ("till vilken nivå höjdes räntan?", Intent.WHAT, "number"),
        ("hur lange pågår projektet?", Intent.HOW_MANY, "duration"),
        ("vem ledde mötet?", Intent.WHO, "person"),
        ("vad sa man om planen?", Intent.WHAT, None),
    ],
)
def test_what_the_question_asks_for(question: str, intent: Intent, kind: str | None) -> None:
    assert asked(read(question, intent), question) == kind


def test_a_sentence_without_the_kind_of_thing_asked_for_is_no_answer() -> None:
    assert holds("day", "Planen beslutades i mars 2023.") == 0.0
    assert holds("day", "Planen beslutades den 28 mars 2023.") == 1.0
    assert holds("number", "Räntan höjdes kraftigt.") == 0.0
    assert holds("number", "Räntan höjdes till 4 procent.") == 1.0
    assert holds("number", "Tolv ledamöter var närvarande.") == 1.0
    assert holds("duration", "Projektet pågår i tre år.") == 1.0
    assert holds("duration", "Projektet pågår länge.") == 0.0
    assert holds(None, "Vad som helst.") == 0.0
