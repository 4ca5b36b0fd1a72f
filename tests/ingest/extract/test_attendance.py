"""Attendance facts: one per listed person, with the organisation and the list it stands in."""

from __future__ import annotations

from tests.ingest.extract.protocols import (
    SEED_MEETING,
    SEED_PRESIDIUM,
    example,
    facts_of,
    seed,
)


def test_the_seed_meeting_attendance_is_one_fact_per_listed_person() -> None:
    p = seed(SEED_MEETING)
    attended = {f.subject: f for f in facts_of(p, "attendance")}
    assert len(attended) == len({a.name for a in p.attendance})
    assert attended["Susann Winst"].value == "Högsby kommun, via länk"
    assert attended["Susann Winst"].detail == "närvarade ledamöter"
    # "Niklas Teodorsson Kommunförbundet Kalmar län": the missing comma is no part of the name.
    assert attended["Niklas Teodorsson"].value == "Kommunförbundet Kalmar län"
    assert attended["Cecilia Frid"].detail == "övriga medverkande"


def test_tab_separated_name_and_organisation_lists() -> None:
    attended = {f.subject: f for f in facts_of(seed(SEED_PRESIDIUM), "attendance")}
    assert attended["Ulf Strömberg"].value == "Region Kronoberg"
    assert attended["Ulf Strömberg"].detail == "övriga deltagare"


def test_a_signature_under_a_list_names_both_the_list_and_the_role() -> None:
    # The signature "Ordförande / Margareta Holm" stands under the list "Sekreterare".
    signed = facts_of(example("exempel_a.txt"), "attendance")
    assert {f.detail for f in signed if f.subject == "Margareta Holm"} == {
        "beslutande",
        "ordförande",
    }


def test_what_follows_a_substitution_in_the_list_is_no_organisation() -> None:
    # "… ersätter Tomas Lind (C), som har anmält förhinder."
    attended = facts_of(example("exempel_d.txt"), "attendance")
    assert all(f.value is None or "förhinder" not in f.value for f in attended)
