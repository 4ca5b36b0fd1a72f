"""The organ a protocol records, with its municipality: from the title, the head's columns, a
PDF's author and a Word template's page header."""

from __future__ import annotations

from pathlib import Path

import pytest
from protokoll.ingest.meeting_head import issued_by
from protokoll.ingest.parse import parse_protocol
from protokoll.ingest.readers import read_document
from protokoll.ingest.readers.base import RawDocument, normalise_text

from .pdf_samples import Line, write_pdf

HEAD = """{first}
Plats och tid\tKommunhuset, sammanträdesrum Lärkan, kl. 13.00–16.40
Beslutande\tAnders Hjelm (S), ordförande

§ 31 Val av justerare
Karin Ståhlberg utses att justera protokollet.
"""


@pytest.mark.parametrize(
    "issuer, named, organ",
    [
        ("Sälgeberga kommun", "Kommunstyrelsen", "Kommunstyrelsen, Sälgeberga kommun"),
        ("Region Västerlid", "Regionfullmäktige", "Regionfullmäktige, Region Västerlid"),
        (
            "Björkviks kommun",
            "Samhällsbyggnadsnämnden, Björkviks kommun",
            "Samhällsbyggnadsnämnden, Björkviks kommun",
        ),  # fmt: skip
        ("Sälgeberga kommun", "Sälgeberga kommun", "Sälgeberga kommun"),
        ("Sälgeberga kommun", None, "Sälgeberga kommun"),
        ("Sveriges riksbank", "Direktionen", "Sveriges riksbank"),  # the issuer is the organ
    ],
)
def test_a_municipality_issuing_a_document_is_the_organs_municipality(
    issuer: str, named: str | None, organ: str
) -> None:
    assert issued_by(issuer, named) == organ


def test_a_pdf_authored_by_the_municipality_records_the_organ_its_title_names(
    tmp_path: Path,
) -> None:
    pypdf = pytest.importorskip("pypdf")
    head = HEAD.format(first="Sälgeberga kommun    SAMMANTRÄDESPROTOKOLL").splitlines()
    lines: list[Line] = [(50, 800 - 14 * i, t) for i, t in enumerate(head) if t]
    plain = write_pdf(tmp_path / "plain.pdf", [lines])
    writer = pypdf.PdfWriter(clone_from=str(plain))
    writer.add_metadata({"/Title": "Kommunstyrelsen 2025-03-11", "/Author": "Sälgeberga kommun"})
    path = tmp_path / "ks.pdf"
    with path.open("wb") as f:
        writer.write(f)
    p = parse_protocol(read_document(path), str(path))
    assert p.body == "Kommunstyrelsen, Sälgeberga kommun"


@pytest.mark.parametrize(
    "first",
    ["TALLMORA KOMMUN\tSAMMANTRÄDESPROTOKOLL\nKommunfullmäktige\tSammanträdesdatum 2024-04-22",
     "TALLMORA KOMMUN                PROTOKOLL\nKommunfullmäktige              2024-04-22"],
)  # fmt: skip
def test_the_letterheads_municipality_goes_with_the_organ_though_the_title_names_it(
    first: str,
) -> None:
    text = normalise_text(HEAD.format(first=first))
    p = parse_protocol(RawDocument(text, "text"), "/tmp/kf.txt")
    assert p.body == "Kommunfullmäktige, Tallmora kommun"


def test_a_word_templates_page_header_names_the_municipality(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    header = d.sections[0].header.add_table(rows=1, cols=2, width=d.sections[0].page_width)
    header.cell(0, 0).text, header.cell(0, 1).text = "Sälgeberga kommun", "SAMMANTRÄDESPROTOKOLL"
    for line in HEAD.format(first="Arbetsmarknadsnämnden").splitlines():
        d.add_paragraph(line)
    path = tmp_path / "avn.docx"
    d.save(str(path))
    doc = read_document(path)
    assert "Sälgeberga" not in doc.text  # the header is no part of the text
    assert parse_protocol(doc, str(path)).body == "Arbetsmarknadsnämnden, Sälgeberga kommun"


@pytest.mark.parametrize(
    ("first", "organ"),
    [
        # The organ on its own line above a title that names none.
        ("Kommunstyrelsen\nSammanträdesprotokoll 2025-05-13", "Kommunstyrelsen"),
        # A title of the document's kind and a head label: "Sammanträde" is no organ, nor is
        # "Sammanträdesdatum".
        (
            "Samordningsförbundet Ekby\n\nFörbundsstyrelsen\n"
            "PROTOKOLL – Sammanträdesdatum 2024-10-24",
            "Förbundsstyrelsen",
        ),
        # A head written "Label: value" does not continue the title.
        ("Ekby kommun\nUtbildningsnämnden\n\nSammanträdesprotokoll\n\n"
         "Sammanträdesdatum: 2023-03-15", "Utbildningsnämnden, Ekby kommun"),
    ],
)  # fmt: skip
def test_a_title_that_names_no_organ_takes_the_organ_above_it_and_says_it(
    first: str, organ: str
) -> None:
    p = parse_protocol(RawDocument(normalise_text(HEAD.format(first=first)), "text"), "/tmp/p.txt")
    assert p.body == organ
    assert organ.split(",")[0] in p.title  # a citation names the organ
    assert "datum" not in p.title.lower().split()[-1]


def test_a_web_pages_heading_names_the_document_not_the_posting_sentence_under_it() -> None:
    first = (
        "Hoppa till huvudinnehållet\n\nEkby stad\n\n"
        "Stadsdelsnämnden Norra – protokoll från sammanträdet 2024-11-14\n\n"
        "Sammanträdesprotokoll. Protokollet är justerat och anslaget på stadens digitala "
        "anslagstavla 2024-11-20–2024-12-12."
    )
    p = parse_protocol(RawDocument(normalise_text(HEAD.format(first=first)), "html"), "/tmp/s.html")
    assert p.title == "Stadsdelsnämnden Norra – protokoll från sammanträdet 2024-11-14"
    assert str(p.date) == "2024-11-14"  # the meeting's, not the day it was posted
    assert p.body == "Stadsdelsnämnden Norra, Ekby stad"


def test_a_word_protocol_opening_with_its_heads_first_label_takes_its_title_from_the_header() -> (
    None
):
    letterhead = (
        "EKBY KOMMUN\tSAMMANTRÄDESPROTOKOLL\tSida 1 (1)\nValnämnden\tSammanträdesdatum 2025-05-21"
    )
    doc = RawDocument(
        normalise_text(HEAD.format(first="Beslutande\tEva Berg (S)").split("\n", 1)[1]),
        "docx",
        metadata={"letterhead": letterhead},
    )
    p = parse_protocol(doc, "/tmp/vn.docx")
    assert not p.title.startswith("Plats och tid"), p.title
    assert "Valnämnden" in p.title and p.body == "Valnämnden, Ekby kommun"
