"""OCR of PDF pages with Tesseract and its Swedish data (Debian's tesseract-ocr, tesseract-ocr-swe,
driven through pytesseract), and the test that decides which pages need it.

A page is read by OCR when it has no text layer, or when its text layer does not look like
Swedish: Nykarleby's PDFs carry fonts whose ToUnicode maps lose letters ("E elina Sund ik äljs
tll ice ordförande"), which no PDF library can repair. "Looks like Swedish" is the share of a
page's words found in wordfreq's Swedish list; the threshold was chosen on real pages
(docs/quality.md, "OCR"): every Riksbank page lies far above it, the garbled Nykarleby pages
below. An OCR'd page replaces the text layer only when it reads as more Swedish than it.

Blank pages (Riksbank minutes have some) are recognised by their pixels and never OCR'd. OCR is
slow (seconds per page), so its text is cached by a hash of the rendered page in the data
folder: a re-ingest of the same pages runs no OCR. Pages of one PDF are OCR'd in parallel.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# A page is read by OCR when fewer than this share of its words are Swedish words
# (docs/quality.md, "OCR": chosen on the shared municipal and Riksbank PDFs).
MIN_SWEDISH_SHARE = 0.80
MIN_PAGE_CHARS = 25  # fewer letters than this: no text layer (a scanned image)
MIN_WORDS = 8  # too few words to judge the language by: the text layer is kept
BLANK_LEVEL = 160  # grey levels below this count as ink
BLANK_SHARE = 0.0002  # a page with less ink than this share of its pixels is blank
LANGUAGE = "swe"
DPI = 300
_WORD = re.compile(r"[^\W\d_]+")
_warned = threading.Event()

ProgressFn = Callable[[int, int, str], None]


@dataclass(frozen=True)
class OcrOptions:
    """How the PDF reader uses OCR: on or off, where results are cached, the threshold, how
    many pages at once, and who is told of each page done (done, total, "fil.pdf s. 3")."""

    enabled: bool = True
    cache_dir: Path | None = None
    min_swedish: float = MIN_SWEDISH_SHARE
    jobs: int = 2
    progress: ProgressFn | None = None


@functools.lru_cache(maxsize=1)
def _swedish_words() -> frozenset[str]:
    from wordfreq import get_frequency_dict

    return frozenset(get_frequency_dict("sv"))


def swedish_share(text: str) -> tuple[float, int]:
    """The share of the text's words (two letters or more) found in the Swedish word list, and
    how many words there were."""
    words = [w for w in _WORD.findall(text.lower()) if len(w) >= 2]
    if not words:
        return 0.0, 0
    known = _swedish_words()
    return sum(w in known for w in words) / len(words), len(words)


def needs_ocr(text: str, min_swedish: float = MIN_SWEDISH_SHARE) -> bool:
    """True for a page without a text layer, or whose text layer does not read as Swedish."""
    if sum(c.isalpha() for c in text) < MIN_PAGE_CHARS:
        return True
    share, words = swedish_share(text)
    return words >= MIN_WORDS and share < min_swedish


def better_than_layer(ocr_text: str, layer_text: str) -> bool:
    """Whether the OCR'd text should replace the page's text layer."""
    if sum(c.isalpha() for c in ocr_text) < MIN_PAGE_CHARS:
        return False
    if sum(c.isalpha() for c in layer_text) < MIN_PAGE_CHARS:
        return True
    return swedish_share(ocr_text)[0] > swedish_share(layer_text)[0]


@functools.lru_cache(maxsize=1)
def tesseract_version() -> str | None:
    """Tesseract's version when it and its Swedish data are installed, else None."""
    if shutil.which("tesseract") is None:
        return None
    try:
        import pytesseract

        if LANGUAGE not in pytesseract.get_languages(config=""):
            return None
        return str(pytesseract.get_tesseract_version())
    except Exception:  # a broken install is reported like a missing one
        log.debug("tesseract kunde inte startas", exc_info=True)
        return None


def ocr_available() -> bool:
    return tesseract_version() is not None


def warn_missing_once() -> None:
    """Said once per process, not once per page or file."""
    if not _warned.is_set():
        _warned.set()
        log.warning(
            "OCR saknas: Tesseract med svenska (tesseract-ocr, tesseract-ocr-swe) är inte "
            "installerat, så inskannade sidor och sidor med trasigt textlager läses med "
            "textlagret (installera: apt-get install tesseract-ocr tesseract-ocr-swe)"
        )


class PageCache:
    """OCR text by page hash, one small file each under the data folder's `ocr/`."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.txt"

    def get(self, key: str) -> str | None:
        if self.folder is None:
            return None
        try:
            return self._path(key).read_text(encoding="utf-8")
        except OSError:
            return None

    def put(self, key: str, text: str) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written aside and renamed: a reader never sees half a page.
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, path)
        except OSError as exc:  # a full or read-only disk costs a re-OCR, never the ingest
            log.info("OCR-cachen kunde inte skrivas (%s): %s", path, exc)


def is_blank(image: Any) -> bool:
    """A page with (almost) no dark pixels: white, or a faint background."""
    histogram = image.convert("L").histogram()
    return sum(histogram[:BLANK_LEVEL]) < BLANK_SHARE * sum(histogram)


def page_key(image: Any) -> str:
    """The page hash: its rendered pixels plus what else decides the OCR's output."""
    h = hashlib.sha256(image.tobytes())
    h.update(f"|{image.size}|{LANGUAGE}|{DPI}|{tesseract_version()}".encode())
    return h.hexdigest()


def _recognise(image: Any) -> str:
    """Tesseract on one page image, as pytesseract's `image_to_string` runs it, but on one
    OpenMP thread: pages already run `OcrOptions.jobs` at once, and two Tesseracts with a
    thread per core each took 3.3× as long for the same text (docs/quality.md). The variable
    goes to the subprocess only; set in this process it would also cap torch's threads."""
    import pytesseract

    cmd = pytesseract.pytesseract.tesseract_cmd
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    if "A" in image.getbands():  # as pytesseract does: transparency becomes white
        from PIL import Image

        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, (0, 0), image.getchannel("A"))
        image = background
    with tempfile.TemporaryDirectory(prefix="protokoll-ocr-") as tmp:
        src, out = Path(tmp) / "page.png", Path(tmp) / "page"
        image.save(src, format="PNG")
        done = subprocess.run(
            [cmd, str(src), str(out), "-l", LANGUAGE, "txt"],
            env=env, capture_output=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise pytesseract.TesseractError(
                done.returncode, done.stderr.decode("utf-8", "replace").strip()
            )
        return (Path(tmp) / "page.txt").read_bytes().decode("utf-8")


def ocr_pages(
    render: Callable[[int], Any], pages: list[int], options: OcrOptions, label: str
) -> dict[int, str]:
    """OCR text of the given pages (0-based), each rendered by `render(i)` to a PIL image.

    Rendering stays in the calling thread (pdfium is not thread-safe); Tesseract runs as a
    subprocess per page, `options.jobs` at once. Cached pages cost one render and no OCR.
    """
    cache = PageCache(options.cache_dir)
    out: dict[int, str] = {}
    done = 0

    def tick(i: int) -> None:
        nonlocal done
        done += 1
        if options.progress:
            options.progress(done, len(pages), f"{label} s. {i + 1}")

    jobs = max(1, options.jobs)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        running: dict[int, tuple[str, Future[str]]] = {}
        for i in pages:
            image = render(i)
            if is_blank(image):  # an empty page (a back side, a separator): nothing to read
                out[i] = ""
                tick(i)
                continue
            key = page_key(image)
            cached = cache.get(key)
            if cached is not None:
                out[i] = cached
                tick(i)
                continue
            running[i] = (key, pool.submit(_recognise, image))
            del image
            if len(running) >= 2 * jobs:  # a bounded number of page images in memory
                _collect(running, out, cache, tick, wait_all=False)
        _collect(running, out, cache, tick, wait_all=True)
    return out


def _collect(
    running: dict[int, tuple[str, Future[str]]],
    out: dict[int, str],
    cache: PageCache,
    tick: Callable[[int], None],
    wait_all: bool,
) -> None:
    for i in sorted(running):
        key, fut = running[i]
        if not wait_all and not fut.done() and i != min(running):
            continue
        text = fut.result()
        cache.put(key, text)
        out[i] = text
        tick(i)
        del running[i]
