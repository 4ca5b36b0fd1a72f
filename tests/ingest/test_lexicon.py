"""The Swedish lexicon as data: each word written once, with å/ä/ö, and the tables agree."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest
from protokoll.ingest.lexicon import Intent, alternation, classify_intent, lexicon
from protokoll.ingest.text import fold


def _data() -> dict[str, Any]:
    raw = resources.files("protokoll.ingest").joinpath("data", "lexicon_sv.toml").read_text("utf-8")
    return tomllib.loads(raw)


def _tables(node: Any, path: str = "") -> Iterator[tuple[str, list[str]]]:
    """Every table of words: lists of words, and the keys of the tables that map words."""
    if isinstance(node, dict):
        if node and all(isinstance(v, str | int) for v in node.values()):
            yield path, list(node)
        for key, value in node.items():
            yield from _tables(value, f"{path}.{key}".lstrip("."))
    elif isinstance(node, list) and node and all(isinstance(w, str) for w in node):
        yield path, node


def test_no_table_writes_a_word_twice_or_an_unaccented_copy_of_one() -> None:
    tables = list(_tables(_data()))
    assert len(tables) > 30
    for where, words in tables:
        folded = [fold(w) for w in words]
        assert len(set(folded)) == len(folded), (
            where,
            sorted(w for w in words if folded.count(fold(w)) > 1),
        )


def test_the_presenting_sections_speak_of_the_presenting_verbs() -> None:
    lex = lexicon()
    verbs = set(lex.verbs["presenting"])
    assert set(lex.presenting.requires) <= verbs
    assert set(lex.presenting.requires.values()) == {"opened", "talk", "welcome"}
    assert lex.presenting.not_inverted <= verbs


def test_attendance_headings_are_the_lists_and_the_signature_headings() -> None:
    lex = lexicon()
    assert lex.signature_lists <= lex.signature_headings
    assert not lex.attendance_lists & lex.signature_headings
    assert lex.attendance_headings == lex.attendance_lists | lex.signature_headings
    assert {"närvarande", "justering", "protokolljustering"} <= lex.attendance_headings


def test_months_and_outcomes_are_complete() -> None:
    lex = lexicon()
    assert lex.month_names[0] == "januari" and len(lex.month_names) == 12
    assert set(lex.months.values()) == set(range(1, 13))
    assert len(lex.outcomes) == 6
    for rules in lex.outcomes.values():
        re.compile(rules)


def test_an_alternation_tries_the_longest_phrase_first_and_spaces_match_tabs() -> None:
    pattern = re.compile(alternation(["ordförande", "vice ordförande"]))
    assert pattern.match("vice\t ordförande")[0] == "vice\t ordförande"  # type: ignore[index]
    assert alternation(["närvarande"], folded=True) == "narvarande"


def test_an_unaccented_question_is_read_as_the_accented_one() -> None:
    assert classify_intent("nar holls motet?") == classify_intent("När hölls mötet?") == Intent.WHEN
    assert classify_intent("Vem ersatte Karin Torstensson?") == Intent.WHO


@pytest.mark.parametrize(
    "question",
    [
        "Blir det tätare tågavgångar mellan Kullsta och Rödmyra?",
        "Fick ägaren dispens från strandskyddet för sin bastu?",
        "kommer spelbolagen få fortsätta sponsra melodifestivalen?",
        "Får Systembolaget fortsätta köra hem sprit?",
    ],
)
def test_a_yes_or_no_question_about_a_matter_asks_what_was_decided(question: str) -> None:
    assert classify_intent(question) == Intent.DECISION


def test_a_yes_or_no_question_about_a_meeting_is_not_about_a_decision() -> None:
    # "var" opens both "Var hölls …" and "Var Susann Winst på plats?": neither asks a decision.
    assert classify_intent("var Susann Winst på plats på mötet?") != Intent.DECISION
    assert classify_intent("Senast när ska taxan vara antagen?") == Intent.WHEN
