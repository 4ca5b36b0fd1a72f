"""Appointment facts: who was appointed to which office, by the verb as written."""

from __future__ import annotations

import pytest

from tests.ingest.extract.protocols import assert_yields, example, triples


def test_the_examples_appoint_adjusters_and_a_member_of_the_working_committee() -> None:
    assert ("Åsa Öberg", "justerare", "45") in triples(example("exempel_a.txt"), "appointment")
    appointed = triples(example("exempel_b.md"), "appointment")
    assert ("Linnéa Strand", "ny ledamot i kommunstyrelsens arbetsutskott", "118") in appointed
    assert ("Helén Marklund", "justerare", "112") in appointed
    # "utse" in the active voice.
    assert ("Hanna Sjödahl", "justerare", "58") in triples(example("exempel_d.txt"), "appointment")


def test_an_appointed_adjuster_also_has_the_role() -> None:
    assert ("Helén Marklund", "justerare", None) in triples(example("exempel_b.md"), "role")


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        (
            "Till ny ledamot i valberedningen utses Åke Lind (C) för tiden till 2026.",
            "ny ledamot i valberedningen",
        ),
        ("Åke Lind utses till ordförande i utskottet.", "ordförande i utskottet"),
        ("Åke Lind väljs till vice ordförande.", "vice ordförande"),
        ("Åke Lind valdes till sekreterare.", "sekreterare"),
        ("Till justerare utses Åke Lind (C).", "justerare"),
        ("Åke Lind (C) utses att justera protokollet.", "justerare"),
    ],
)
def test_each_phrasing_yields_its_appointment(sentence: str, value: str) -> None:
    assert_yields(sentence, "appointment", "Åke Lind", value)
