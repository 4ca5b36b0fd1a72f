"""Substitution facts: who replaced whom, newcomer first, in any voice."""

from __future__ import annotations

import pytest
from protokoll.ingest.records import EXAMPLE_FACT

from tests.ingest.extract.protocols import (
    HEAD,
    SEED_MEETING,
    assert_yields,
    example,
    facts_of,
    parse,
    quote,
    seed,
    triples,
)


def test_the_seed_meeting_states_that_karin_jilken_replaces_karin_torstensson_in_item_7() -> None:
    p = seed(SEED_MEETING)
    (sub,) = facts_of(p, "substitution")
    assert (sub.subject, sub.value, sub.section_number, sub.detail) == (
        "Karin Jilkén",
        "Karin Torstensson",
        "7",
        "ersätter",
    )
    assert "ersätter Karin Torstensson" in quote(p, sub)
    assert "verksamhetschef" not in sub.subject and "områdeschef" not in (sub.value or "")
    # The record's documented example is this fact.
    assert (EXAMPLE_FACT.kind, EXAMPLE_FACT.subject, EXAMPLE_FACT.value) == (
        sub.kind,
        sub.subject,
        sub.value,
    )
    assert (EXAMPLE_FACT.section_number, EXAMPLE_FACT.detail, EXAMPLE_FACT.end) == (
        sub.section_number,
        sub.detail,
        sub.end,
    )


def test_the_examples_state_their_substitutions_in_the_attendance_and_in_prose() -> None:
    assert triples(example("exempel_a.txt"), "substitution") == {
        ("Renée Jönsson", "Karl-Erik Lund", None)
    }
    assert ("Sölve Nyman", "Anneli Berg", None) in triples(example("exempel_b.md"), "substitution")
    # Her seat on the arbetsutskott, left in one sentence and filled in the decision after it.
    seat = ("Linnéa Strand", "Anneli Berg", "118")
    assert seat in triples(example("exempel_b.md"), "substitution")
    c = example("exempel_c.txt")
    subs = {(f.subject, f.value, f.section_number, f.detail) for f in facts_of(c, "substitution")}
    assert subs == {
        ("Jesper Malmqvist", "Birgitta Sundin", "1", "ersatte"),
        ("Sofie Lundh", "Göran Åberg", "7", "ersätter"),
    }
    assert triples(example("exempel_d.txt"), "substitution") == {
        ("Märta Ågren", "Tomas Lind", None)
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "Lisa Holm (S) ersätter Per Nyström (S).",
        "Lisa Holm tjänstgör för Per Nyström.",
        "Lisa Holm tjänstgjorde för Per Nyström.",
        "Per Nyström ersätts av Lisa Holm.",
        "Lisa Holm efterträder Per Nyström.",
        "Lisa Holm träder in i stället för Per Nyström.",
        "Under dagen tjänstgjorde Lisa Holm (S) för Per Nyström (S).",
    ],
)
def test_each_phrasing_yields_its_substitution(sentence: str) -> None:
    assert_yields(sentence, "substitution", "Lisa Holm", "Per Nyström")


@pytest.mark.parametrize(
    ("sentence", "subject", "value"),
    [
        (
            "Nämnden beslutar att Eva Ström, enhetschef i Granby kommun, ersätter Ove Sjö.",
            "Eva Ström",
            "Ove Sjö",
        ),
        (
            "Styrelsen beslutar att Eva Ström kvalitetschef vård Granby kommun ersätter Ove Sjö "
            "utvecklingsledare Ekby kommun",
            "Eva Ström",
            "Ove Sjö",
        ),
        (
            "Vi hälsar Eva-Lena Ström, som i mars ersatte Ove Sjö (som har gått i pension).",
            "Eva-Lena Ström",
            "Ove Sjö",
        ),
    ],
)
def test_descriptors_between_a_name_and_its_verb_are_skipped(
    sentence: str, subject: str, value: str
) -> None:
    assert_yields(sentence, "substitution", subject, value)


@pytest.mark.parametrize(
    ("sentence", "detail"),
    [
        ("Per Nyström ersätts av Lisa Holm.", "ersätter"),
        ("Per Nyström ersattes av Lisa Holm.", "ersatte"),
        ("Per Nyström efterträds av Lisa Holm.", "efterträder"),
        ("Nämnden beslutar att Lisa Holm ska ersätta Per Nyström.", "ersätter"),
        ("Lisa Holm (S), tjänstgörande ersättare för Per Nyström (S)", "tjänstgör för"),
    ],
)
def test_a_substitution_reads_newcomer_first_in_any_voice(sentence: str, detail: str) -> None:
    (f,) = facts_of(parse(HEAD + sentence + "\n"), "substitution")
    assert f"{f.subject} {f.detail} {f.value}" == f"Lisa Holm {detail} Per Nyström"


@pytest.mark.parametrize(
    "item",
    [
        "Maria Holmgren (S) har avsagt sig uppdraget som ledamot i barn- och utbildningsnämnden."
        "\n\nBeslut\n\n1. Avsägelsen godkänns.\n2. Till ny ledamot i barn- och "
        "utbildningsnämnden väljs Hampus Viklund (S).",
        "1. Maria Holmgren (S) entledigas från uppdraget som ledamot.\n"
        "2. Till ny ledamot för tiden till och med 2026-12-31 väljs Hampus Viklund (S).",
        # Words between "har" and "avsagt sig"; the newcomer before the electing verb.
        "Maria Holmgren (S) har i en skrivelse den 2 september 2025 avsagt sig uppdraget som "
        "ledamot i arbetsutskottet.\n\nBeslut\n\n1. Avsägelsen godkänns.\n2. Hampus Viklund "
        "(S) väljs till ledamot i arbetsutskottet för tiden till och med den 31 december 2026.",
    ],
)
def test_a_seat_left_and_filled_over_two_sentences_is_a_substitution(item: str) -> None:
    p = parse(HEAD + item + "\n")
    (fact,) = facts_of(p, "substitution")
    assert (fact.subject, fact.value) == ("Hampus Viklund", "Maria Holmgren")
    assert quote(p, fact).startswith("Maria Holmgren") and "Hampus Viklund" in quote(p, fact)


def test_an_election_without_a_seat_left_before_it_is_no_substitution() -> None:
    p = parse(HEAD + "Till ny ledamot väljs Hampus Viklund (S).\n")
    assert facts_of(p, "substitution") == []


@pytest.mark.parametrize(
    "item",
    [
        # The one leaving in the sentence before, the one serving "i hennes ställe".
        "Tove Rehn (MP) anmäler jäv, eftersom hon är kassör i föreningen, och deltar inte i "
        "beslutet. Ersättaren Lars Wennberg (MP) tjänstgör i hennes ställe.",
        # Both in one sentence.
        "Tove Rehn (MP) anmäler jäv och lämnar lokalen, och Lars Wennberg (MP) tjänstgör i "
        "hennes ställe.",
    ],
)
def test_a_member_serving_in_the_place_of_one_named_before_replaces_her(item: str) -> None:
    p = parse(HEAD + item + "\n")
    (fact,) = facts_of(p, "substitution")
    assert (fact.subject, fact.value) == ("Lars Wennberg", "Tove Rehn")
    assert quote(p, fact).startswith("Tove Rehn") and quote(p, fact).endswith("ställe.")


def test_serving_in_someones_place_with_nobody_named_before_is_no_substitution() -> None:
    p = parse(HEAD + "Ordföranden lämnar lokalen. Lars Wennberg (MP) tjänstgör i hennes ställe.\n")
    assert facts_of(p, "substitution") == []
