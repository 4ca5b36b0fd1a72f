"""What a person said is read in their own turn, where minutes give each speaker one. Small
minutes in the Riksbank's layout, indexed beside the example protocols."""

from __future__ import annotations

from pathlib import Path

from protokoll.service.facade import Protokollsok

from tests.conftest import index_beside_examples

MINUTES = """Penningpolitiskt protokoll mars 2025

Sammanträdesdatum: 2025-03-19

§ 1. Penningpolitisk diskussion

Riksbankschef Lena Strand:
Jag stödjer förslaget att lämna styrräntan oförändrad på 2,25 procent.
Jag räknar med att styrräntan ligger kvar på 2,25 procent under hela året.

Vice riksbankschef Olof Berg:
Jag stödjer förslaget att lämna styrräntan oförändrad.
Jag räknar med att styrräntan sänks till 2,0 procent efter sommaren.

§ 2. Beslut

Direktionen beslutade att lämna styrräntan oförändrad på 2,25 procent.
"""


def test_what_a_named_member_expected_is_never_another_members_turn(
    fresh_app: Protokollsok, tmp_path: Path
) -> None:
    index_beside_examples(fresh_app, tmp_path, "pp-mars-2025.txt", MINUTES)

    def answer(question: str) -> str:
        return str(fresh_app.ask(question)["answer"])

    strand = "Jag räknar med att styrräntan ligger kvar på 2,25 procent under hela året."
    assert answer(
        "Vilken styrränta räknade Lena Strand med, enligt protokollet från mars 2025?"
    ) == (strand)
    assert "sänks till 2,0 procent" in answer(
        "Vilken styrränta räknade Olof Berg med efter sommaren, enligt protokollet från mars 2025?"
    )
    # Lena Strand's sentence is the closer one to these words, but it is not what Olof Berg said.
    assert strand not in answer("Vad räknade Olof Berg med för styrränta i mars 2025?")


def test_a_number_only_another_member_gave_is_no_answer_about_the_named_one(
    fresh_app: Protokollsok, tmp_path: Path
) -> None:
    minutes = """Penningpolitiskt protokoll april 2025

Sammanträdesdatum: 2025-04-23

§ 1. Penningpolitisk diskussion

Riksbankschef Lena Strand:
Jag räknar med att styrräntan sänks med 0,25 procentenheter i juni.

Vice riksbankschef Olof Berg:
Jag räknar med att styrräntan sänks under sommaren, men storleken får framtiden avgöra.
"""
    index_beside_examples(fresh_app, tmp_path, "pp-april-2025.txt", minutes)
    r = fresh_app.ask(
        "Hur mycket räknade Olof Berg med att styrräntan sänks, enligt protokollet från april 2025?"
    )
    assert r["answerable"] is False, r["answer"]
