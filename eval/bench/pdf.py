"""Benchmark: text quality and speed of PDF libraries on the municipal (and Riksbank) PDFs.

    .venv/bin/python -m protokoll.eval.bench.pdf [FOLDER ...]

For each library (pypdf, pypdfium2, pdfminer.six, plus poppler's pdftotext as a GPL reference
when installed, and this project's reader) it prints, over all pages:
- dict: share of words (3+ letters) found in a Swedish word list (Debian's `wswedish`,
  /usr/share/dict/swedish, plus the vocabulary of the Riksdagen texts in the corpus). Clean
  protocol text scores about 0.86–0.89 with this list (the seeds), since compounds and names are
  missing from it;
- split: words cut by a line-end hyphen ("lag-" + "ligt") left in the text;
- åäö: share of å/ä/ö among letters (lost diacritics would lower it);
- odd: replacement, private-use and control characters;
- ms/page: extraction time.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

WORD = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü]{3,}")
# A word cut at a line end: a hyphen (or pdfium's soft-hyphen mark) before a lowercase start.
SPLIT = re.compile(r"[a-zåäö](?:-[ \t]*\r?\n[ \t]*|[\x02\ufffe\u00ad]\s*)[a-zåäö]")
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def dictionary() -> set[str]:
    words: set[str] = set()
    wl = Path("/usr/share/dict/swedish")
    if wl.exists():
        words.update(w.strip().lower() for w in wl.read_text(encoding="latin-1").splitlines())
    for f in sorted((CORPUS / "riksdagen-betankanden").glob("*.json")):
        doc = json.loads(f.read_text(encoding="utf-8"))["dokumentstatus"]["dokument"]
        text = html.unescape(re.sub(r"<[^>]+>", " ", doc.get("html") or ""))
        words.update(w.lower() for w in WORD.findall(text))
    return words


def pypdf_pages(p: Path) -> list[str]:
    import pypdf

    return [pg.extract_text() for pg in pypdf.PdfReader(p).pages]


def pdfium_pages(p: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(p)
    out = []
    for page in doc:
        tp = page.get_textpage()
        out.append(tp.get_text_range())
        tp.close()
    doc.close()
    return out


def pdfminer_pages(p: Path) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    return [
        "".join(e.get_text() for e in page if isinstance(e, LTTextContainer))
        for page in extract_pages(p)
    ]


def poppler_pages(p: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(p), "-"], capture_output=True, text=True)
    return out.stdout.split("\f")[:-1]


def our_pages(p: Path) -> list[str]:
    from protokoll.ingest.readers.pdf import read_pdf

    doc = read_pdf(p)
    bounds = [*doc.page_starts, len(doc.text)]
    return [doc.text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def measure(name: str, fn: Callable[[Path], list[str]], files: list[Path], dic: set[str]) -> str:
    pages = words = known = splits = letters = swe = odd = 0
    seconds = 0.0
    for f in files:
        t0 = time.perf_counter()
        texts = fn(f)
        seconds += time.perf_counter() - t0
        for t in texts:
            pages += 1
            ws = [w.lower() for w in WORD.findall(t)]
            words += len(ws)
            known += sum(w in dic for w in ws)
            splits += len(SPLIT.findall(t))
            letters += sum(c.isalpha() for c in t)
            swe += sum(c in "åäöÅÄÖ" for c in t)
            odd += sum(
                1
                for c in t
                if c in "\ufffd\ufffe\x02"
                or 0xE000 <= ord(c) <= 0xF8FF
                or (ord(c) < 32 and c not in "\n\t\r\f")
            )
    return (
        f"| {name} | {pages} | {known / max(words, 1):.3f} | {splits} | "
        f"{swe / max(letters, 1):.4f} | {odd} | {1000 * seconds / max(pages, 1):.1f} |"
    )


def main() -> int:
    folders = [Path(a) for a in sys.argv[1:]] or [CORPUS / "municipal-pdf"]
    files = sorted(f for d in folders for f in d.glob("*.pdf"))
    if not files:
        print("no PDFs found")  # noqa: T201
        return 1
    dic = dictionary()
    libs: dict[str, Callable[[Path], list[str]]] = {
        "pypdf": pypdf_pages,
        "pypdfium2 (raw text)": pdfium_pages,
        "pdfminer.six": pdfminer_pages,
    }
    if shutil.which("pdftotext"):
        libs["pdftotext -layout (GPL, reference)"] = poppler_pages
    libs["protokoll reader (pypdfium2, lines by position)"] = our_pages
    print(f"{len(files)} PDFs in {', '.join(str(d) for d in folders)}; {len(dic)} dictionary words")  # noqa: T201
    print("| library | pages | dict | split | åäö | odd | ms/page |")  # noqa: T201
    print("|---|---|---|---|---|---|---|")  # noqa: T201
    for name, fn in libs.items():
        try:
            print(measure(name, fn, files, dic))  # noqa: T201
        except ImportError as exc:
            print(f"| {name} | not installed ({exc.name}) |")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
