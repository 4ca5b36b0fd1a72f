"""Word reader: body text in order, headings as lines, tables as tab-separated rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from protokoll.ingest.errors import ReadError
from protokoll.ingest.parse import parse_protocol
from protokoll.ingest.readers import read_document

docx = pytest.importorskip("docx")


@pytest.fixture
def protocol_docx(tmp_path: Path) -> Path:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Sidhuvud som inte hör till texten"
    d.add_heading("Protokoll Socialnämnden 2024-03-01", level=0)
    d.add_heading("Närvarande", level=2)
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Åsa Öberg", "ordförande"
    table.cell(1, 0).text, table.cell(1, 1).text = "Erik Sandberg", "ledamot"
    d.add_heading("§ 12 Budgetuppföljning", level=2)
    d.add_paragraph("Nämnden går igenom utfallet för perioden januari–februari.")
    d.add_paragraph("Beslut: Socialnämnden godkänner uppföljningen.")
    d.add_heading("§ 13 Övriga frågor", level=2)
    d.add_paragraph("Inga övriga frågor anmäldes.")
    path = tmp_path / "social.docx"
    d.save(str(path))
    return path


def test_docx_text_keeps_order_headings_and_table_rows(protocol_docx: Path) -> None:
    doc = read_document(protocol_docx)
    assert doc.format == "docx"
    assert doc.text.startswith("Protokoll Socialnämnden 2024-03-01\n")
    assert "Åsa Öberg\tordförande\nErik Sandberg\tledamot" in doc.text
    assert "\n§ 12 Budgetuppföljning\n" in doc.text
    assert doc.text.index("§ 12") < doc.text.index("utfallet") < doc.text.index("§ 13")
    assert "Sidhuvud" not in doc.text


def test_docx_parses_into_items_and_people(protocol_docx: Path) -> None:
    p = parse_protocol(read_document(protocol_docx), str(protocol_docx))
    assert [s.number for s in p.sections if s.kind == "item"] == ["12", "13"]
    people = {x.name: x for x in p.attendance}
    assert people["Åsa Öberg"].organisation == "ordförande"


def test_word_lists_keep_the_numbers_and_bullets_word_shows(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_heading("§ 14 Budget 2025", level=2)
    d.add_paragraph("Beslut")
    d.add_paragraph("Budgeten fastställs.", style="List Number")
    d.add_paragraph("Förvaltningen får i uppdrag att återrapportera.", style="List Number")
    d.add_paragraph("Nämnden noterar följande:")
    d.add_paragraph("elevantalet har ökat", style="List Bullet")
    path = tmp_path / "listor.docx"
    d.save(str(path))
    text = read_document(path).text
    assert "\n1. Budgeten fastställs.\n2. Förvaltningen får i uppdrag att återrapportera." in text
    assert "\n• elevantalet har ökat" in text


def test_a_word_table_keeps_its_columns_its_equal_cells_and_its_line_breaks(
    tmp_path: Path,
) -> None:
    d = docx.Document()
    d.add_paragraph("Omröstning")
    votes = d.add_table(rows=4, cols=4)
    for r, row in enumerate([["Ledamot", "Ja", "Nej", "Avstår"], ["Anna Berg (S)", "X", "", ""],
                             ["Olle Ek (M)", "", "X", ""], ["Summa", "1", "1", "0"]]):  # fmt: skip
        for c, text in enumerate(row):
            votes.cell(r, c).text = text
    d.add_paragraph("Budget")
    budget = d.add_table(rows=2, cols=4)
    budget.cell(0, 0).merge(budget.cell(0, 3)).text = "Nettokostnad, mnkr"
    for c, text in enumerate(["Miljönämnden", "8,6", "8,6", "0,0"]):
        budget.cell(1, c).text = text
    d.add_paragraph("Närvaro")
    head = d.add_table(rows=1, cols=2)
    head.cell(0, 0).text = "Beslutande"
    head.cell(0, 1).paragraphs[0].add_run("Anna Berg (S), ordförande").add_break()
    head.cell(0, 1).paragraphs[0].add_run("Olle Ek (M)")
    path = tmp_path / "tabeller.docx"
    d.save(str(path))
    text = read_document(path).text
    # the "X" stays under its column, and a row's trailing empty cells go
    assert "Ledamot\tJa\tNej\tAvstår\nAnna Berg (S)\tX\nOlle Ek (M)\t\tX\nSumma\t1\t1\t0" in text
    # two cells with the same figure are two columns; a cell spanning four is one
    assert "Nettokostnad, mnkr\nMiljönämnden\t8,6\t8,6\t0,0" in text
    # a line break in a cell is a line, as a paragraph is
    assert "Beslutande\tAnna Berg (S), ordförande\nOlle Ek (M)" in text


@pytest.mark.parametrize("size", [0, 400])
def test_truncated_or_empty_docx_is_refused_by_name(
    tmp_path: Path, protocol_docx: Path, size: int
) -> None:
    f = tmp_path / "trasig.docx"
    f.write_bytes(protocol_docx.read_bytes()[:size])
    with pytest.raises(ReadError) as err:
        read_document(f)
    assert "trasig.docx" in str(err.value)
    assert ("tom" if size == 0 else "skadad") in str(err.value)
