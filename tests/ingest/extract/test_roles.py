"""Role facts: who chaired, kept the minutes or adjusted them, and for which organisation."""

from __future__ import annotations

import pytest

from tests.ingest.extract.protocols import (
    SEED_MEETING,
    SEED_PRESIDIUM,
    assert_yields,
    example,
    facts_of,
    seed,
    triples,
)


def test_the_seeds_name_their_chairs_with_the_organisation_they_chair() -> None:
    assert ("Anna Hasselbom Trofast", "ordförande", "1") in triples(seed(SEED_MEETING), "role")
    roles = {(f.subject, f.value, f.detail) for f in facts_of(seed(SEED_PRESIDIUM), "role")}
    assert ("Sofia Hartz", "vice ordförande", "Läns-gemensam ledning") in roles
    assert ("Anna Hasselbom Trofast", "ordförande", "Läns-gemensam ledning") in roles
    assert ("Andreas Erlandsson", "ordförande", "kommunförbundet i Kalmar län") in roles


def test_the_examples_name_chair_vice_chair_and_secretary() -> None:
    roles = triples(example("exempel_a.txt"), "role")
    assert {("Margareta Holm", "ordförande", None), ("Mikael Dahl", "sekreterare", None)} <= roles
    assert ("Erik Sandberg", "vice ordförande", None) in roles
    roles = triples(example("exempel_c.txt"), "role")
    assert ("Petter Nordh", "vice ordförande", "1") in roles
    assert ("Annika Bergström Lövgren", "ordförande", "1") in roles
    assert ("Therese Wik", "sekreterare", None) in roles


def test_roles_from_a_participant_list_keep_the_organisation_written_beside_them() -> None:
    roles = {(f.subject, f.value, f.detail) for f in facts_of(example("exempel_e.md"), "role")}
    assert ("Göran Ekström", "ordförande", "kommunstyrelsen") in roles
    assert ("Petter Nordh", "vice ordförande", "den regionala ledningsgruppen") in roles


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Ordförande: Maja Ek", "ordförande"),
        ("Ordförande Maja Ek, Granby kommun, öppnar mötet.", "ordförande"),
        ("Maja Ek, ordförande i nämnden, öppnar mötet.", "ordförande"),
        ("Maja Ek (ordf.) öppnar mötet.", "ordförande"),
        ("Sekreterare Maja Ek", "sekreterare"),
        ("Justerare: Maja Ek", "justerare"),
        ("Maja Ek, vice ordförande i nämnden, hälsade välkommen.", "vice ordförande"),
    ],
)
def test_each_phrasing_yields_its_role(sentence: str, value: str) -> None:
    assert_yields(sentence, "role", "Maja Ek", value)
