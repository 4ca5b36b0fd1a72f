"""Person names: 2–4 capitalised words, never organisations or sentence openers."""

from __future__ import annotations

from protokoll.ingest.extract import person_names

from tests.ingest.extract.protocols import HEAD, facts_of, parse, triples


def test_person_names_leave_out_organisations_and_sentence_openers() -> None:
    assert person_names("Övrig fråga från Sven-Erik Karlsson") == ["Sven-Erik Karlsson"]
    assert person_names("Region Kalmar län och Kommunförbundet") == []


def test_a_person_listed_in_the_attendance_wins_over_a_longer_reading() -> None:
    text = (
        "Protokoll Styrelsen 2024-01-10\n\nNärvarande\nKarin Jilkén, Granby kommun\n"
        "Lena Berg, Ekby kommun\n\n§ 1 Byte\n\nNyvalda Karin Jilkén ersätter Lena Berg.\n"
    )
    assert triples(parse(text), "substitution") == {("Karin Jilkén", "Lena Berg", "1")}


def test_a_long_run_of_capitalised_words_gives_no_names_and_finishes() -> None:
    run = " ".join(["Alfa Beta Gamma Delta Epsilon"] * 4000)
    p = parse(HEAD + run + " ersätter " + run + ".\n")
    assert facts_of(p, "substitution") == []
