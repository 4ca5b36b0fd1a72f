"""A federation's minutes with a table of figures, a sum with its part after "varav", a
deadline for a matter named by a road's number, and a demand the direktion did not go along
with. Each kind is in every archive: a fee table, a budget's whole and part, "väg 312". One
small index, in the two forms readers give a table (text with tabs, Markdown with bars)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from protokoll.index.embedding import Embedder
from protokoll.service.ask.tables import told_row
from protokoll.service.facade import Protokollsok

from tests.conftest import indexed_alone

_HEAD = """Protokoll direktionen 2025-03-20

Organ: Direktionen för Ekås-Brynje vattenförbund
Sammanträdesdatum: 2025-03-20

Beslutande
Anna Lund (S), ordförande
Per Ek (M)
Sara Holm (C)

§ 12 Medlemsbidrag 2026

Förbundets medlemsbidrag fördelas efter antalet invånare den 31 december.

"""
_TABLE = [
    ["Medlemskommun", "Invånare", "Andel", "Medlemsbidrag 2026 (tkr)"],
    ["Ekås kommun", "12 400", "40,0 %", "4 120"],
    ["Brynje kommun", "18 600", "60,0 %", "6 180"],
    ["Totalt", "31 000", "100,0 %", "10 300"],
]
_REST = """
Direktionen fastställer medlemsbidragen för 2026 enligt tabellen.

§ 13 Investeringsbudget 2026

Investeringsbudgeten uppgår till 96 mnkr för 2026, varav den största investeringen är det nya
reningsverket i Ekås.

§ 14 Yttrande över ombyggnad av väg 312

Trafikverket har gett förbundet möjlighet att yttra sig över ombyggnaden av väg 312 mellan Ekås
och Brynje. Yttrandet ska ha kommit in till Trafikverket senast den 15 april 2025.

§ 15 Ny slamavskiljare i Brynje

Per Ek (M) yrkar att ärendet återremitteras för en ny kostnadsberäkning.

Ordföranden ställer proposition på om ärendet ska avgöras i dag eller återremitteras och finner
att direktionen beslutar att ärendet ska avgöras i dag.

Direktionen godkänner att förbundet köper en ny slamavskiljare för 1,2 mnkr.
"""


def _written(rows: list[list[str]], bars: bool) -> str:
    if bars:
        lines = ["| " + " | ".join(r) + " |" for r in rows]
        lines.insert(1, "|---|---|---|---|")
        return "\n".join(lines) + "\n"
    return "\n\n".join("\t".join(r) for r in rows) + "\n"


@pytest.fixture(scope="module", params=["txt", "md"])
def direktion(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> Iterator[Protokollsok]:
    head = _HEAD.replace("Protokoll", "# Protokoll") if request.param == "md" else _HEAD
    text = head + _written(_TABLE, bars=request.param == "md") + _REST
    files = {f"ekas-brynje-direktionen-2025-03-20.{request.param}": text}
    folder = tmp_path_factory.mktemp(f"direktion-{request.param}")
    with indexed_alone(folder, embedder, files) as app:
        yield app


def test_a_row_of_figures_is_told_with_its_header_and_the_unit_it_gives() -> None:
    text = "\n\n".join("\t".join(r) for r in _TABLE)
    row = "\t".join(_TABLE[2])
    told = told_row(text, text.index(row), row)
    assert told == (
        "Medlemskommun: Brynje kommun; Invånare: 18 600; Andel: 60,0 %; "
        "Medlemsbidrag 2026: 6 180 tkr"
    )
    # A list of names under no header of figures is no such row.
    names = "Ledamöter\nAnna Ek\tordförande\nPer Ek\tledamot\n"
    assert told_row(names, names.index("Per"), "Per Ek\tledamot") is None


def test_a_figure_in_a_table_is_answered_from_its_row_under_the_header_naming_it(
    direktion: Protokollsok,
) -> None:
    r = direktion.ask("Hur mycket ska Brynje betala i medlemsbidrag 2026?")
    assert "6 180" in r["answer"], r["answer"]
    assert "4 120" not in r["answer"], r["answer"]


def test_a_sum_is_not_the_cost_of_the_part_named_after_varav(direktion: Protokollsok) -> None:
    for question in ("Hur mycket kostar det nya reningsverket i Ekås?",
                     "Vad beräknas det nya reningsverket i Ekås kosta?"):  # fmt: skip
        r = direktion.ask(question)
        assert "96 mnkr" not in r["answer"], (question, r["answer"])


def test_a_deadline_for_a_matter_named_by_its_number_is_found_under_its_item(
    direktion: Protokollsok,
) -> None:
    r = direktion.ask("Senast när ska Trafikverket ha förbundets yttrande om väg 312?")
    assert "15 april 2025" in r["answer"], r["answer"]


def test_going_along_with_a_demand_is_asked_of_the_decision_not_of_attendance(
    direktion: Protokollsok,
) -> None:
    r = direktion.ask("Gick direktionen med på Per Eks krav på återremiss?")
    assert not r["answer"].startswith("Ja, Per Ek"), r["answer"]
