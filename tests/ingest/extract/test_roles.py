"""Role facts: who chaired, kept the minutes or adjusted them, and for which organisation."""

from __future__ import annotations

import pytest

from tests.ingest.extract.protocols import (
    SEED_MEETING,
    SEED_PRESIDIUM,
    assert_yields,
    example,
    facts_of,
    parse,
    quote,
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


def test_who_signed_on_a_bodys_behalf_is_a_signer_quoted_with_the_date_above() -> None:
    """Committee reports end "Stockholm den 7 mars 2019 / På skatteutskottets vägnar / Jörgen
    Hellman": the fact quotes the date line, so an answer can say when it was adjusted."""
    text = (
        "Betänkande 2018/19:SkU15 Avskaffad skattereduktion\n\n§ 1 Utskottets förslag\n\n"
        "Därmed bifaller riksdagen propositionen.\n\nStockholm den 7 mars 2019\n\n"
        "På skatteutskottets vägnar\n\nJörgen Hellman\n\n"
        "Följande ledamöter har deltagit i beslutet: Jörgen Hellman (S), Per Åsling (C).\n"
    )
    p = parse(text)
    signers = [f for f in facts_of(p, "role") if f.value == "undertecknare"]
    assert [f.subject for f in signers] == ["Jörgen Hellman"]
    assert quote(p, signers[0]).startswith("Stockholm den 7 mars 2019")
    # Without a name right below, the line signs nothing.
    unsigned = parse(text.replace("Jörgen Hellman\n\nFöljande", "Följande"))
    assert not [f for f in facts_of(unsigned, "role") if f.value == "undertecknare"]


def test_a_reservation_and_a_statement_name_who_stood_behind_them_as_different_roles() -> None:
    """Committee reports list reservations and statements (särskilda yttranden) alike: "Titel,
    punkt 6 (KD)" over "av Namn (KD)." or "Namn (V) anför:". A statement is no reservation: its
    signer is a role of its own."""
    text = (
        "Betänkande 2019/20:FöU8 Försvarsmaktens personal\n\n§ 1 Utskottets förslag\n\n"
        "Reservationer\n\n"
        "Bostäder åt tillfälligt anställda, punkt 6 (KD)\n\nav Mikael Oscarsson (KD).\n\n"
        "Förslag till riksdagsbeslut\n\nJag anser att motionen ska bifallas.\n\n"
        "Veteranfrågor, punkt 7 (M, L)\n\nav Pål Jonson (M) och Allan Widman (L).\n\n"
        "Särskilda yttranden\n\n"
        "Hemvärnet, punkt 8 (SD)\n\nav Roger Richthoff (SD).\n\n"
        "2.\n\nStatens budget inom utgiftsområde 6 (V)\n\nHanna Gunnarsson (V) anför:\n\n"
        "Vänsterpartiets förslag finns i partimotionen.\n"
    )
    p = parse(text)
    reserved = [f for f in facts_of(p, "role") if f.value == "reservant"]
    assert [(f.subject, f.detail) for f in reserved] == [
        ("Mikael Oscarsson", "Bostäder åt tillfälligt anställda, punkt 6 (KD)"),
        ("Pål Jonson", "Veteranfrågor, punkt 7 (M, L)"),
    ]
    assert quote(p, reserved[1]).endswith("av Pål Jonson (M) och Allan Widman (L).")
    stated = [f for f in facts_of(p, "role") if f.value == "yttrande"]
    assert [(f.subject, f.detail) for f in stated] == [
        ("Roger Richthoff", "Hemvärnet, punkt 8 (SD)"),
        ("Hanna Gunnarsson", "Statens budget inom utgiftsområde 6 (V)"),
    ]
    assert quote(p, stated[1]).endswith("Hanna Gunnarsson (V) anför:")


def test_a_roll_calls_mark_beside_a_role_is_no_organisation() -> None:
    p = parse("Protokoll 2025-09-09\n\nOmröstning\n\nMaja Ek (M), ordförande           X\n")
    roles = {(f.subject, f.value, f.detail) for f in facts_of(p, "role")}
    assert ("Maja Ek", "ordförande", None) in roles
