"""PDF reader: pages kept, running headers/footers out, Swedish letters intact, bad PDFs named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from protokoll.ingest.chunking import chunk_protocol
from protokoll.ingest.errors import ReadError
from protokoll.ingest.parse import parse_protocol
from protokoll.ingest.readers import read_document

from .pdf_samples import protocol_pages, write_pdf


@pytest.fixture
def protocol_pdf(tmp_path: Path) -> Path:
    return write_pdf(tmp_path / "kultur.pdf", protocol_pages(4))


def test_running_header_footer_and_page_numbers_are_removed(protocol_pdf: Path) -> None:
    doc = read_document(protocol_pdf)
    assert doc.format == "pdf"
    for furniture in ("Sida", "Justerandes signatur", "Utdragsbestyrkande"):
        assert furniture not in doc.text
    # The title stays once, as the document's first line, not once per page.
    assert doc.text.startswith("Protokoll Kultur- och fritidsnämnden 2024-02-01\n")
    assert doc.text.count("Protokoll Kultur- och fritidsnämnden") == 1
    assert "\n4\n" not in doc.text and not doc.text.rstrip().endswith("4")


def test_page_starts_point_at_each_page_after_the_removal(protocol_pdf: Path) -> None:
    doc = read_document(protocol_pdf)
    assert len(doc.page_starts) == 4
    for page, start in enumerate(doc.page_starts[1:], 2):
        assert doc.text[start:].startswith(f"§ {44 + page} Ärende nummer {page}")


def test_sections_and_chunks_carry_the_page_they_stand_on(protocol_pdf: Path) -> None:
    p = parse_protocol(read_document(protocol_pdf), str(protocol_pdf))
    items = [s for s in p.sections if s.kind == "item"]
    assert [(s.number, s.page) for s in items] == [("45", 1), ("46", 2), ("47", 3), ("48", 4)]
    chunks = chunk_protocol(p)
    for c in chunks:
        assert p.text[c.start : c.end] == c.text
        if c.section_number:
            assert c.page == int(c.section_number) - 44


def test_swedish_letters_survive(protocol_pdf: Path) -> None:
    text = read_document(protocol_pdf).text
    assert "öppettider för fritidsgård 1 i Åby" in text
    assert "Förvaltningen har berett ärendet och föreslår att nämnden beslutar." in text


def test_soft_hyphen_at_line_end_joins_the_word_and_real_hyphens_stay(tmp_path: Path) -> None:
    pdf = write_pdf(
        tmp_path / "a.pdf",
        [
            [
                (72, 800, "Protokoll Nämnden 2024-01-01"),
                (72, 700, "Ordföranden konstaterar att nämnden är lag\xad"),
                (72, 686, "ligt sammankallad och beslutför."),
                (72, 672, "Mötet leds av Anna Tötterman-"),
                (72, 658, "Engström som ordförande."),
            ]
        ],
    )
    text = read_document(pdf).text
    assert "nämnden är lagligt\nsammankallad" in text
    assert "Tötterman-\nEngström" in text


def _expect_error(path: Path, fragment: str) -> None:
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert path.name in str(err.value)
    assert fragment in str(err.value)


def test_random_bytes_named_pdf_are_refused_by_name(tmp_path: Path) -> None:
    f = tmp_path / "skrap.pdf"
    f.write_bytes(os.urandom(20000).replace(b"%PDF", b"xxxx"))
    _expect_error(f, "ingen PDF")


def test_truncated_pdf_is_refused_as_damaged(tmp_path: Path, protocol_pdf: Path) -> None:
    f = tmp_path / "avkortad.pdf"
    f.write_bytes(protocol_pdf.read_bytes()[:300])
    _expect_error(f, "skadad")


def test_empty_pdf_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "tom.pdf"
    f.write_bytes(b"")
    _expect_error(f, "tom")


def test_encrypted_pdf_is_refused(tmp_path: Path, protocol_pdf: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    w = pypdf.PdfWriter(clone_from=str(protocol_pdf))
    w.encrypt("hemligt", algorithm="RC4-128")
    f = tmp_path / "last.pdf"
    with f.open("wb") as out:
        w.write(out)
    _expect_error(f, "krypterad")


def test_pdf_without_text_layer_says_ocr_is_needed(tmp_path: Path) -> None:
    f = write_pdf(tmp_path / "skannad.pdf", [[], []], image_only=True)
    _expect_error(f, "OCR")


def test_a_roll_calls_cross_stays_under_its_column_and_other_cells_stay_as_drawn(
    tmp_path: Path,
) -> None:
    # A PDF draws no empty cell: the "X" of a member who voted no stands under "Nej" only by
    # its position, which the reader writes as empty columns before it, as Word does.
    head = [(70, 700, "Ledamot"), (250, 700, "Parti"), (330, 700, "Ja"), (390, 700, "Nej"),
            (450, 700, "Avstår")]  # fmt: skip
    rows = [
        [(70, 685, "Margareta Lindqvist"), (250, 685, "M"), (330, 685, "X")],
        [(70, 670, "Birgitta Wallén"), (250, 670, "SD"), (450, 670, "X")],
        [(70, 655, "Elin Rask"), (250, 655, "V"), (390, 655, "X")],
        [(70, 640, "Kent Wiklander"), (390, 640, "ersättare för Lena Hägg")],
    ]
    intro = [(70, 730, "Omröstning genomförs med följande resultat.")]
    pdf = write_pdf(tmp_path / "kf.pdf", [intro + head + [c for r in rows for c in r]])
    lines = read_document(pdf).text.splitlines()
    assert "Ledamot\tParti\tJa\tNej\tAvstår" in lines
    assert "Margareta Lindqvist\tM\tX" in lines
    assert "Birgitta Wallén\tSD\t\t\tX" in lines
    assert "Elin Rask\tV\t\tX" in lines
    # Only marks move: a row's words stay as drawn.
    assert "Kent Wiklander\tersättare för Lena Hägg" in lines
