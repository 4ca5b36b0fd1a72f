"""OCR figures (docs/quality.md, "OCR"): the shared municipal PDFs searched and asked with and
without OCR, OCR seconds per page, and the threshold's false-OCR rate on clean PDFs.

    python -m protokoll.eval.ocr [--corpus-root ../shared/corpus] [--cache /tmp/ocr-cache]

The municipal PDFs are ingested alone into a temporary data folder, once reading their text
layers only and once with OCR, and the questions of the dev sets whose relevant passage lies in
them are asked of each. Their spans were copied from the garbled text layer, which OCR replaces,
so a passage counts as found when it comes from the right file and contains the span up to
misreadings (rapidfuzz partial ratio ≥ 85 over folded text), the same rule for both runs.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from protokoll.eval.answers import is_correct
from protokoll.eval.datasets import Question, load_span_dataset
from protokoll.index.analysis import fold
from protokoll.ingest.ocr import (
    MIN_PAGE_CHARS,
    MIN_SWEDISH_SHARE,
    MIN_WORDS,
    OcrOptions,
    needs_ocr,
    swedish_share,
)
from protokoll.ingest.readers import read_document
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

DATASETS = ("corpus", "archive-tuning", "archive-test")
MATCH = 85.0
ROOT = Path(__file__).resolve().parent / "datasets"
log = logging.getLogger("protokoll.eval.ocr")


def _questions(corpus_root: Path, names: set[str]) -> list[Question]:
    out: list[Question] = []
    for ds in DATASETS:
        data = load_span_dataset(ROOT / ds, corpus_root)
        out += [q for q in data.questions if any(s.source in names for s in q.relevant)]
    return out


def _found(q: Question, hits: list[dict[str, Any]]) -> bool:
    from rapidfuzz import fuzz

    for h in hits:
        name = Path(h["protocol"]["source"]).name
        for s in q.relevant:
            if s.source == name and fuzz.partial_ratio(fold(s.span), fold(h["text"])) >= MATCH:
                return True
    return False


def _run(pdfs: Path, questions: list[Question], ocr: bool, cache: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        if ocr:  # the cache of an earlier run: the OCR itself is timed separately
            (data / "ocr").symlink_to(cache.resolve(), target_is_directory=True)
        with Protokollsok(Settings(data=data, ocr=ocr)) as app:
            report = app.ingest([pdfs])
            assert not report.failed, report.failed
            found = sum(_found(q, app.search(q.query, k=5)["results"]) for q in questions)
            answerable = [q for q in questions if q.answer]
            correct = sum(is_correct(q, app.ask(q.query)["answer"]) for q in answerable)
    return {
        "questions": len(questions), "r_at_5": round(found / len(questions), 3),
        "answerable": len(answerable), "ask_accuracy": round(correct / len(answerable), 3),
    }  # fmt: skip


def _ocr_timing(pdfs: list[Path], cache: Path) -> dict[str, Any]:
    """Seconds per OCR'd page: each PDF read with OCR (empty cache) minus its text-layer read."""
    pages = ocr_seconds = 0.0
    kept = 0
    for pdf in pdfs:
        t0 = time.perf_counter()
        read_document(pdf, ocr=OcrOptions(enabled=False))
        t1 = time.perf_counter()
        asked = _wanted(pdf)
        doc = read_document(pdf, ocr=OcrOptions(cache_dir=cache))
        t2 = time.perf_counter()
        ocr_seconds += (t2 - t1) - (t1 - t0)
        pages += asked
        kept += len(doc.ocr_pages)
        log.warning("%s: %d sidor OCR-lästa, %d behållna, %.0f s", pdf.name, asked,
                    len(doc.ocr_pages), t2 - t1)  # fmt: skip
    return {"pages_ocrd": int(pages), "pages_kept": kept,
            "seconds_per_page": round(ocr_seconds / pages, 2) if pages else None}  # fmt: skip


def _wanted(pdf: Path) -> int:
    """Pages of the PDF the threshold sends to OCR (blank pages included)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        n = 0
        for i in range(len(doc)):
            tp = doc[i].get_textpage()
            n += needs_ocr(tp.get_text_range())
            tp.close()
        return n
    finally:
        doc.close()


def _shares(folder: Path) -> list[tuple[float, int, bool]]:
    import pypdfium2 as pdfium

    out = []
    for pdf in sorted(folder.glob("*.pdf")):
        doc = pdfium.PdfDocument(str(pdf))
        for i in range(len(doc)):
            tp = doc[i].get_textpage()
            text = tp.get_text_range()
            tp.close()
            share, words = swedish_share(text)
            out.append((share, words, sum(c.isalpha() for c in text) < MIN_PAGE_CHARS))
        doc.close()
    return out


def threshold_table(corpus_root: Path) -> list[dict[str, Any]]:
    """Pages whose text layer the language test sends to OCR, per threshold, of the municipal
    (garbled) and Riksbank (clean) PDFs; pages without a text layer are counted apart."""
    muni, riks = _shares(corpus_root / "municipal-pdf"), _shares(corpus_root / "riksbank-pdf")

    def sent(pages: list[tuple[float, int, bool]], t: float) -> int:
        return sum(1 for s, n, empty in pages if not empty and n >= MIN_WORDS and s < t)

    rows: list[dict[str, Any]] = [{
        "no_text_layer": True, "municipal": sum(e for *_, e in muni),
        "riksbank": sum(e for *_, e in riks), "municipal_pages": len(muni),
        "riksbank_pages": len(riks),
    }]  # fmt: skip
    for t in (0.6, 0.7, 0.75, 0.8, 0.83, 0.85, 0.9):
        rows.append({"threshold": t, "municipal": sent(muni, t), "riksbank": sent(riks, t)})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus-root", type=Path, default=Path("../shared/corpus"))
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "ocr-eval-cache")
    ap.add_argument("--skip-timing", action="store_true", help="the cache is already filled")
    ap.add_argument("--only", nargs="*", default=[], help="municipal PDFs whose name starts so")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    muni = args.corpus_root / "municipal-pdf"
    pdfs = [p for p in sorted(muni.glob("*.pdf")) if not args.only or p.name.startswith(
        tuple(args.only))]  # fmt: skip
    if args.only:  # a subset, linked into a folder of its own for the ingest
        subset = Path(tempfile.mkdtemp()) / "municipal-pdf"
        subset.mkdir()
        for p in pdfs:
            (subset / p.name).symlink_to(p.resolve())
        muni = subset
    result: dict[str, Any] = {"threshold": MIN_SWEDISH_SHARE}
    result["thresholds"] = threshold_table(args.corpus_root)
    riks = sorted((args.corpus_root / "riksbank-pdf").glob("*.pdf"))
    riks_cache = Path(tempfile.mkdtemp())
    ocrd = sum(len(read_document(p, ocr=OcrOptions(cache_dir=riks_cache)).ocr_pages) for p in riks)
    result["riksbank"] = {"pdfs": len(riks), "pages_ocr_kept": ocrd,
                          "tesseract_runs": len(list(riks_cache.rglob("*.txt")))}  # fmt: skip
    log.warning("%s", json.dumps(result, ensure_ascii=False))
    if not args.skip_timing:
        result["timing"] = _ocr_timing(pdfs, args.cache)
    questions = _questions(args.corpus_root, {p.name for p in pdfs})
    result["without_ocr"] = _run(muni, questions, False, args.cache)
    result["with_ocr"] = _run(muni, questions, True, args.cache)
    print(json.dumps(result, ensure_ascii=False, indent=1))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
