"""Bounded input: decompression bombs and oversized documents are refused before they cost
memory or time, by a message that names the file and the limit."""

from __future__ import annotations

from pathlib import Path

import pytest
from protokoll.eval.bench.bombs import paragraph_bomb, small_docx
from protokoll.ingest.errors import ReadError
from protokoll.ingest.readers import ReadLimits, read_document

from tests.ingest.pdf_samples import protocol_pages, write_pdf


def test_docx_paragraph_bomb_is_refused_before_parsing_naming_file_and_limit(
    tmp_path: Path,
) -> None:
    bomb = paragraph_bomb(tmp_path / "bomb.docx")
    assert bomb.stat().st_size < 100_000  # 30 MB of paragraphs inside
    with pytest.raises(ReadError) as refused:
        read_document(bomb)
    message = str(refused.value)
    assert str(bomb) in message and "PROTOKOLL_MAX_XML_ELEMENTS" in message
    assert "1 000 000" in message


def test_docx_over_the_unpacked_limit_is_refused(tmp_path: Path) -> None:
    doc = small_docx(tmp_path / "stor.docx", ["Protokoll " + "x" * 5000])
    with pytest.raises(ReadError) as refused:
        read_document(doc, ReadLimits(max_unpacked_bytes=4000))
    assert "stor.docx" in str(refused.value)
    assert "PROTOKOLL_MAX_UNPACKED_BYTES" in str(refused.value)


def test_document_over_the_character_limit_is_refused_after_extraction(tmp_path: Path) -> None:
    doc = small_docx(tmp_path / "lång.docx", ["Protokoll Kommunstyrelsen " + "ord " * 600])
    with pytest.raises(ReadError) as refused:
        read_document(doc, ReadLimits(max_chars=1000))
    assert "lång.docx" in str(refused.value) and "PROTOKOLL_MAX_CHARS" in str(refused.value)
    assert read_document(doc, ReadLimits(max_chars=10_000)).text.startswith("Protokoll")


def test_text_file_far_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "stor.txt"
    big.write_bytes(b"Protokoll " * 1000)
    with pytest.raises(ReadError) as refused:
        read_document(big, ReadLimits(max_chars=2000))
    assert "stor.txt" in str(refused.value) and "2 000 tecken" in str(refused.value)


def test_pdf_with_more_pages_than_the_limit_is_refused(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "sidor.pdf", protocol_pages(4))
    with pytest.raises(ReadError) as refused:
        read_document(pdf, ReadLimits(max_pages=3))
    assert "sidor.pdf" in str(refused.value) and "PROTOKOLL_MAX_PAGES" in str(refused.value)
    assert len(read_document(pdf, ReadLimits(max_pages=4)).page_starts) == 4


def test_any_file_over_the_byte_limit_is_refused_first(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "tung.pdf", protocol_pages(2))
    with pytest.raises(ReadError) as refused:
        read_document(pdf, ReadLimits(max_file_bytes=100))
    assert "tung.pdf" in str(refused.value) and "PROTOKOLL_MAX_FILE_BYTES" in str(refused.value)
