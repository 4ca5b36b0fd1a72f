"""Number facts: counts, amounts and votes, as written with their qualifier and scale."""

from __future__ import annotations

import pytest

from tests.ingest.extract.protocols import (
    SEED_MEETING,
    SEED_PRESIDIUM,
    assert_yields,
    example,
    facts_of,
    quote,
    seed,
    triples,
)


def test_the_seeds_state_a_decision_count_and_85_participants() -> None:
    assert ("beslut", "12 av 13", "3") in triples(seed(SEED_MEETING), "number")
    p = seed(SEED_PRESIDIUM)
    (n,) = [f for f in facts_of(p, "number") if f.subject == "deltagare"]
    assert n.value == "ca 85" and "med ca 85 deltagare" in quote(p, n)


def test_the_examples_state_votes_amounts_and_counts() -> None:
    numbers = triples(example("exempel_a.txt"), "number")
    assert {("ja-röster", "5", "49"), ("nej-röster", "4", "49")} <= numbers
    assert ("kronor", "2,4 miljoner", "46") in numbers
    numbers = triples(example("exempel_b.md"), "number")
    assert {("ja-röster", "7", "113"), ("nej-röster", "4", "113")} <= numbers
    assert ("medarbetare", "omkring 120", "114") in numbers
    numbers = triples(example("exempel_d.txt"), "number")
    assert {("ja-röster", "4", "60"), ("nej-röster", "5", "60")} <= numbers
    assert ("yttranden", "14", "60") in numbers
    numbers = triples(example("exempel_e.md"), "number")
    assert ("deltagare", "14", None) in numbers
    assert ("personer", "96", None) in numbers


def test_an_item_number_is_no_count() -> None:
    # "§ 116 Medborgarförslag …" numbers an item.
    numbers = triples(example("exempel_b.md"), "number")
    assert not any(s == "medborgarförslag" for s, _, _ in numbers)


@pytest.mark.parametrize(
    ("sentence", "subject", "value"),
    [
        ("Mötet samlade 23 deltagare.", "deltagare", "23"),
        ("Mötet samlade cirka 40 deltagare.", "deltagare", "cirka 40"),
        ("Omröstning: 9 ja-röster, 2 nej-röster.", "nej-röster", "2"),
        # A municipal template capitalises the sides.
        ("Med 8 Ja-röster mot 3 Nej-röster beslutar nämnden enligt förslaget.", "ja-röster", "8"),
        ("Med 8 Ja-röster mot 3 Nej-röster beslutar nämnden enligt förslaget.", "nej-röster", "3"),
        ("Beslutet fattades med 31 röster mot 30.", "röster", "31 mot 30"),
        ("Kostnaden är 1,2 miljoner kronor.", "kronor", "1,2 miljoner"),
        ("Bidraget är 150 000 kronor.", "kronor", "150 000"),
        # Riksbank minutes write amounts with a scale and the currency's code, kept as written.
        ("Innehavet uppgår till knappt 340 mdr SEK.", "SEK", "knappt 340 mdr"),
    ],
)
def test_each_phrasing_yields_its_number(sentence: str, subject: str, value: str) -> None:
    assert_yields(sentence, "number", subject, value)
