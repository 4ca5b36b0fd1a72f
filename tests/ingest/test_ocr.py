"""OCR of scanned and garbled PDF pages: which pages are read by it, what the reader keeps, the
page cache, and Tesseract missing. Real Tesseract, real PDFs (made here, or the shared corpus)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from protokoll.index.embedding import Embedder
from protokoll.ingest.ocr import (
    MIN_SWEDISH_SHARE,
    OcrOptions,
    needs_ocr,
    ocr_available,
    swedish_share,
)
from protokoll.ingest.readers import read_document
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

from ..conftest import CORPUS, EXAMPLES, require_corpus
from .pdf_samples import write_pdf

GARBLED = "Stadsstyrelsen äljer E elina Sund ik tll ice ordförande i ungdomsf llmäktige"
CLEAN = "Stadsstyrelsen väljer Evelina Sundvik till vice ordförande i ungdomsfullmäktige"
NYKARLEBY = CORPUS / "municipal-pdf" / "ungdomsfullmaktige_protokoll_30_01_2023_16_15_153457.pdf"


def _needs_tesseract() -> None:
    """CI installs Tesseract (scripts/test.sh); there a missing one is a failure, not a skip."""
    if not ocr_available():
        reason = "Tesseract with Swedish data is not installed (scripts/setup.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def _text_pages(source: Path, lines_per_page: int = 42) -> list[list[tuple[float, float, str]]]:
    """An example protocol laid out on A4 pages as positioned lines."""
    lines: list[str] = []
    for raw in source.read_text(encoding="utf-8").splitlines():
        lines.extend(textwrap.wrap(raw, 82) or [""])
    pages = []
    for first in range(0, len(lines), lines_per_page):
        chunk = lines[first : first + lines_per_page]
        pages.append([(60.0, 790.0 - 17.5 * n, ln) for n, ln in enumerate(chunk) if ln])
    return pages


def scanned_pdf(path: Path, source: Path, pages: int = 2) -> Path:
    """A scan of an example protocol: its pages drawn as text, rendered to images, and saved as a
    PDF of images only (no text layer), as a scanner would."""
    import pypdfium2 as pdfium

    text_pdf = write_pdf(path.with_suffix(".text.pdf"), _text_pages(source)[:pages])
    doc = pdfium.PdfDocument(str(text_pdf))
    images = [doc[i].render(scale=200 / 72, grayscale=True).to_pil() for i in range(len(doc))]
    doc.close()
    text_pdf.unlink()
    images[0].save(path, "PDF", resolution=200.0, save_all=True, append_images=images[1:])
    return path


def test_swedish_share_tells_a_garbled_text_layer_from_a_clean_one() -> None:
    assert swedish_share(CLEAN)[0] >= 0.9
    assert swedish_share(GARBLED)[0] < MIN_SWEDISH_SHARE
    assert needs_ocr(GARBLED) and not needs_ocr(CLEAN)
    assert needs_ocr("")  # no text layer
    assert not needs_ocr("Bilaga till protokollet: xyzzyq qwrtpw")  # too few words to judge: kept


@pytest.mark.slow
def test_scanned_pdf_is_searchable_and_cited_to_its_page(
    tmp_path: Path, embedder: Embedder
) -> None:
    _needs_tesseract()
    folder = tmp_path / "in"
    folder.mkdir()
    scanned_pdf(folder / "skannad.pdf", EXAMPLES / "exempel_a.txt")
    settings = Settings(data=tmp_path / "data")
    with Protokollsok(settings, embedder=embedder) as app:
        report = app.ingest([folder])
        assert report.added and not report.failed, report.failed
        hits = app.search("underskott för skolskjuts", k=3)["results"]
        top = next(h for h in hits if "underskott" in h["text"])
        assert top["page"] == 2
        assert top["ocr"] is True and "s. 2" in top["citation"]
        detail = app.protocol(top["protocol"]["id"])
        assert detail["format"] == "pdf-ocr" and [o["page"] for o in detail["ocr"]] == [1, 2]
        # Offsets hold for OCR text as for a text layer: the quote is the text at start–end.
        assert detail["text"][top["start"] : top["end"]] == top["text"]
        # The source view says the cited passage came from OCR.
        from protokoll.service.source_view import render_source

        html = render_source(detail, top["start"], top["end"])
        assert "OCR-läst" in html and "Stycket är OCR-läst" in html
    assert list((tmp_path / "data" / "ocr").rglob("*.txt")), "OCR results are cached"


@pytest.mark.slow
def test_a_second_read_takes_the_ocr_text_from_the_page_cache(tmp_path: Path) -> None:
    _needs_tesseract()
    pdf = scanned_pdf(tmp_path / "skannad.pdf", EXAMPLES / "exempel_a.txt", pages=1)
    options = OcrOptions(cache_dir=tmp_path / "ocr")
    first = read_document(pdf, ocr=options)
    assert "Barn- och utbildningsnämnden" in first.text and first.ocr_pages == (1,)
    (cached,) = list((tmp_path / "ocr").rglob("*.txt"))
    # Mark the cached page: a second read that ran Tesseract again would not carry the mark.
    cached.write_text(cached.read_text(encoding="utf-8") + "\nCACHEMARKERING\n", encoding="utf-8")
    assert "CACHEMARKERING" in read_document(pdf, ocr=options).text


@pytest.mark.slow
def test_nykarleby_garbled_names_are_recovered_by_ocr(tmp_path: Path) -> None:
    """The shared Nykarleby PDF reads "E elina Sund ik äljs tll ice ordförande" from its text
    layer on page 6; OCR of that page gives the names back."""
    _needs_tesseract()
    import pypdfium2 as pdfium

    require_corpus(NYKARLEBY)
    src = pdfium.PdfDocument(str(NYKARLEBY))
    page6 = pdfium.PdfDocument.new()
    page6.import_pages(src, [5])  # one page keeps the test to one OCR run
    single = tmp_path / "sida6.pdf"
    page6.save(str(single))
    layer = read_document(single, ocr=OcrOptions(enabled=False))
    assert "E elina Sund ik" in layer.text and "Evelina Sundvik" not in layer.text
    doc = read_document(single, ocr=OcrOptions(cache_dir=tmp_path / "ocr"))
    assert "Evelina Sundvik" in doc.text and doc.ocr_pages == (1,)


@pytest.mark.slow
def test_no_riksbank_page_is_ocrd(tmp_path: Path) -> None:
    """Clean text layers stay: the threshold's false-OCR rate on the Riksbank minutes is zero,
    and their blank pages are recognised without running Tesseract."""
    _needs_tesseract()
    folder = require_corpus(CORPUS / "riksbank-pdf")
    cache = tmp_path / "ocr"
    for pdf in sorted(folder.glob("*.pdf")):
        assert read_document(pdf, ocr=OcrOptions(cache_dir=cache)).ocr_pages == (), pdf.name
    assert not cache.exists() or not list(cache.rglob("*.txt")), "Tesseract ran on a page"


@pytest.mark.slow
def test_missing_tesseract_is_said_once_and_the_text_layer_is_kept(tmp_path: Path) -> None:
    lines = [(60.0, 780.0 - 16 * n, GARBLED) for n in range(12)]
    for name in ("a.pdf", "b.pdf"):
        write_pdf(tmp_path / name, [lines, lines])
    script = (
        "import logging, sys\n"
        "from pathlib import Path\n"
        "from protokoll.ingest.readers import OcrOptions, read_document\n"
        "logging.basicConfig(level=logging.WARNING)\n"
        "for name in ('a.pdf', 'b.pdf'):\n"
        "    doc = read_document(Path(sys.argv[1]) / name, ocr=OcrOptions())\n"
        "    assert 'E elina Sund ik' in doc.text and doc.ocr_pages == (), doc\n"
    )
    # No tesseract on PATH: the process cannot find it, as on a machine without it.
    env = dict(os.environ, PATH=str(tmp_path / "tom"))
    res = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert res.stderr.count("OCR saknas") == 1, res.stderr
    assert "tesseract-ocr-swe" in res.stderr
