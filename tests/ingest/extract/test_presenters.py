"""Presenter facts: who presented an item, by label, verb or welcome."""

from __future__ import annotations

import pytest

from tests.ingest.extract.protocols import (
    HEAD,
    SEED_MEETING,
    SEED_PRESIDIUM,
    assert_yields,
    example,
    facts_of,
    parse,
    seed,
    triples,
)


def test_the_seed_meeting_names_the_presenters_of_its_items() -> None:
    presenters = triples(seed(SEED_MEETING), "presenter")
    item3 = "Nära vård – processen och arbetet framåt"
    assert ("Sofia Hartz", item3, "3") in presenters
    assert ("Anna Hasselbom Trofast", item3, "3") in presenters
    # "Föredragare: Niklas Teodorsson, …, Kommunförbundet i Kalmar län. Marie Ragnarsson, …"
    item4 = {s for s, _, n in presenters if n == "4"}
    assert item4 == {"Niklas Teodorsson", "Marie Ragnarsson", "Mathias Karlsson"}
    assert ("Sofia Hartz", "Nya hälsovalsuppdraget", "6") in presenters


def test_the_presidium_conference_names_its_speakers() -> None:
    presenters = {s for s, _, _ in triples(seed(SEED_PRESIDIUM), "presenter")}
    assert {"Sofia Hartz", "Katja Saado", "Helén Svensson", "Linda Lavesson"} <= presenters
    assert {"Ulf Strömberg", "Mathias Karlsson", "Lotta Lindgren"} <= presenters


def test_the_examples_name_who_presented_which_item() -> None:
    presenters = triples(example("exempel_a.txt"), "presenter")
    assert ("Johan Åkerlund", "Månadsuppföljning av ekonomin per februari 2024", "46") in presenters
    assert ("Sara Lindqvist", "Elevhälsoplan 2024–2026", "47") in presenters
    assert {s for s, _, n in triples(example("exempel_c.txt"), "presenter") if n == "3"} == {
        "Petter Nordh",
        "Henrik Sjödin",
    }
    pairs = {(s, v) for s, v, _ in triples(example("exempel_e.md"), "presenter")}
    assert ("Gunilla Ärlebäck", "Äldreomsorg – trygghetsteam efter sjukhusvistelse") in pairs
    assert ("Sofie Lundh", "Äldreomsorg – trygghetsteam efter sjukhusvistelse") in pairs


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("Föredragare: Jon Ås, ekonom, Granby kommun, Lea Berg, jurist", "Lea Berg"),
        ("Föredragande: Jon Ås", "Jon Ås"),
        ("Jon Ås inleder punkten.", "Jon Ås"),
        ("Punkten inleds av Jon Ås.", "Jon Ås"),
        ("Jon Ås berättar om läget.", "Jon Ås"),
        ("Jon Ås presenterade förslaget.", "Jon Ås"),
        ("Jon Ås, controller, beskrev utfallet.", "Jon Ås"),
        ("Jon Ås gav en tillbakablick på året.", "Jon Ås"),
        ("Därefter gav Jon Ås en inblick i arbetet.", "Jon Ås"),
    ],
)
def test_each_phrasing_yields_the_item_presented(sentence: str, subject: str) -> None:
    assert_yields(sentence, "presenter", subject, "Ärendet")


def test_board_members_beginning_their_statements_are_not_presenters() -> None:
    text = (
        "Protokoll Direktionen 2024-01-10\n\n§ 2 Läget\n\n"
        "Vice riksbankschef Anna Svensson inledde med att säga att hon delar bedömningen.\n"
    )
    assert facts_of(parse(text), "presenter") == []


def test_who_welcomes_the_meeting_presents_its_opening_item() -> None:
    p = parse(HEAD + "Maja Ek, ordförande, samt Jon Ås, regionråd, hälsade alla välkomna.\n")
    assert {f.subject for f in facts_of(p, "presenter")} == {"Maja Ek", "Jon Ås"}
    p = parse(HEAD + "Maja Ek hälsar på hos förvaltningen i maj.\n")
    assert facts_of(p, "presenter") == []
