"""The municipal template most Swedish kommuner write their minutes in: a first page with a
column of labels ("Plats och tid", "Beslutande", "Övriga deltagare", "Utses att justera",
"Underskrifter") beside their values, and a posting certificate ("ANSLAG/BEVIS") with later
dates. Read from a real PDF, as a municipality publishes it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from protokoll.ingest.extract import extract_facts
from protokoll.ingest.records import Protocol
from protokoll.service.reading import read_protocol

from .pdf_samples import Line, write_pdf

LABEL, VALUE = 57.0, 210.0


def _rows(top: float, rows: list[tuple[str, list[str]]]) -> list[Line]:
    """Each label with its values below one another in the value column."""
    lines: list[Line] = []
    y = top
    for label, values in rows:
        if label:
            lines.append((LABEL, y, label))
        for v in values:
            lines.append((VALUE, y, v))
            y -= 14
        if not values:
            y -= 14
        y -= 6
    return lines


FIRST_PAGE = [
    (LABEL, 800, "SAMMANTRÄDESPROTOKOLL"),
    (400, 800, "Sammanträdesdatum"),
    (400, 786, "2024-05-14"),
    (LABEL, 760, "Kommunstyrelsen"),
    *_rows(
        730,
        [
            ("Plats och tid", ["Kommunhuset, Sessionssalen, kl. 13.00–15.45"]),
            (
                "Beslutande",
                [
                    "Ann-Marie Lundqvist (C), ordförande",
                    "Jonas Berglund (M), 1:e vice ordförande",
                    "Fatima Hassan (S), 2:e vice ordförande",
                    "Olle Nordin (C)",
                    "Kristina Wallin (KD)",
                ],
            ),
            ("Övriga deltagare", ["Cecilia Strand, kommundirektör", "Sara Lindh, sekreterare"]),
            ("Utses att justera", ["Fatima Hassan (S)"]),
            ("Justeringens plats och tid", ["Kommunhuset 2024-05-21"]),
            ("Underskrifter", ["Sekreterare", "Sara Lindh", "Ordförande", "Ann-Marie Lundqvist"]),
            ("", ["Justerande", "Fatima Hassan"]),
            ("ANSLAG/BEVIS", []),
            ("Organ", ["Kommunstyrelsen"]),
            ("Sammanträdesdatum", ["2024-05-14"]),
            ("Datum då anslaget sätts upp", ["2024-05-22"]),
            ("Datum då anslaget tas ned", ["2024-06-13"]),
            ("Förvaringsplats för protokollet", ["Kommunkansliet"]),
        ],
    ),
]
ITEMS_PAGE = [
    (LABEL, 800, "§ 62 Ny förskola i Norrby"),
    (LABEL, 780, "Barn- och utbildningsnämnden har begärt en ny förskola med sex avdelningar."),
    (LABEL, 766, "Investeringen beräknas till 58 miljoner kronor."),
    (LABEL, 740, "Kommunstyrelsen beslutar att föreslå kommunfullmäktige att anta investeringen."),
    (LABEL, 710, "§ 63 Personaldagen 2024"),
    (LABEL, 690, "Personaldagen i april samlade ca 120 deltagare från kommunens förvaltningar."),
    (LABEL, 664, "Kommunstyrelsen beslutar att lägga informationen till handlingarna."),
]
LABELS = (
    "Plats och tid", "Utses att justera", "Justeringens plats och tid", "Organ",
    "Sammanträdesdatum", "Datum då anslaget", "Förvaringsplats", "Underskrifter", "ANSLAG",
)  # fmt: skip


@pytest.fixture(scope="module")
def protocol(tmp_path_factory: pytest.TempPathFactory) -> Protocol:
    folder = tmp_path_factory.mktemp("mall")
    return read_protocol(write_pdf(folder / "ks-protokoll.pdf", [FIRST_PAGE, ITEMS_PAGE]))


def test_the_meeting_is_dated_by_its_meeting_not_by_the_posting(protocol: Protocol) -> None:
    assert protocol.date == date(2024, 5, 14)
    assert protocol.body == "Kommunstyrelsen"
    assert protocol.place == "Kommunhuset, Sessionssalen"


def test_the_title_is_not_continued_by_the_next_label(protocol: Protocol) -> None:
    assert "Sammanträdesdatum" not in protocol.title
    assert "Kommunstyrelsen" in protocol.title


def test_the_labelled_lists_are_read_as_attendance(protocol: Protocol) -> None:
    attended = {f.subject: f.detail for f in extract_facts(protocol) if f.kind == "attendance"}
    for name in ("Ann-Marie Lundqvist", "Jonas Berglund", "Fatima Hassan", "Olle Nordin",
                 "Kristina Wallin"):  # fmt: skip
        assert attended.get(name) in ("beslutande", "ordförande", "justerare"), name
    assert attended["Cecilia Strand"] == "övriga deltagare"


def test_no_label_of_the_template_is_anyones_name(protocol: Protocol) -> None:
    names = [p.name for p in protocol.attendance]
    assert names and not [n for n in names if n.startswith(LABELS)]


def test_the_roles_beside_the_names_and_above_the_signatures_are_read(protocol: Protocol) -> None:
    roles = {(f.subject, f.value) for f in extract_facts(protocol) if f.kind == "role"}
    assert ("Ann-Marie Lundqvist", "ordförande") in roles
    assert ("Jonas Berglund", "förste vice ordförande") in roles
    assert ("Fatima Hassan", "justerare") in roles
    signed = {(f.subject, f.detail) for f in extract_facts(protocol) if f.kind == "attendance"}
    assert ("Sara Lindh", "sekreterare") in signed


def test_the_template_as_a_word_table_gives_the_same_people(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("SAMMANTRÄDESPROTOKOLL")
    d.add_paragraph("Kommunstyrelsen")
    d.add_paragraph("Sammanträdesdatum 2024-05-14")
    template = [
        ("Plats och tid", ["Kommunhuset, Sessionssalen, kl. 13.00–15.45"]),
        ("Beslutande", ["Ann-Marie Lundqvist (C), ordförande", "Olle Nordin (C)",
                        "Kristina Wallin (KD)"]),
        ("Övriga deltagare", ["Cecilia Strand, kommundirektör"]),
        ("Utses att justera", ["Olle Nordin (C)"]),
    ]  # fmt: skip
    table = d.add_table(rows=len(template), cols=2)
    for i, (label, values) in enumerate(template):
        table.cell(i, 0).text = label
        cell = table.cell(i, 1)
        cell.text = values[0]
        for v in values[1:]:
            cell.add_paragraph(v)
    d.add_paragraph("§ 62 Ny förskola i Norrby")
    d.add_paragraph("Kommunstyrelsen föreslår kommunfullmäktige att anta investeringen.")
    path = tmp_path / "ks-protokoll.docx"
    d.save(str(path))
    p = read_protocol(path)
    names = [x.name for x in p.attendance]
    assert names == ["Ann-Marie Lundqvist", "Olle Nordin", "Kristina Wallin", "Cecilia Strand"]
    assert p.date == date(2024, 5, 14)
