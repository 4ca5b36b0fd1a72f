"""What every reader returns."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from protokoll.ingest.errors import ReadError

_TRAILING_WS = re.compile(r"[ \t\u00a0]+\n")
_MANY_BLANK = re.compile(r"\n{4,}")


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """What one document may cost to read; anything beyond is refused with a message naming the
    file and the limit. The service fills these from its settings (PROTOKOLL_MAX_*)."""

    max_chars: int = 5_000_000  # characters of text after extraction
    max_pages: int = 2_000  # PDF pages
    max_file_bytes: int = 200_000_000  # the file on disk, before anything is read
    max_unpacked_bytes: int = 100_000_000  # a zip-based file (docx) unpacked, all entries
    max_xml_elements: int = 1_000_000  # XML elements in a docx's main document
    max_ocr_pixels: int = 40_000_000  # one page rendered for OCR (an A4 page at 300 dpi: 8.7 M)


NO_LIMITS = ReadLimits()  # the defaults; a reader called on its own still refuses bombs


@dataclass(frozen=True, slots=True)
class RawDocument:
    text: str  # normalised: NFC, "\n" line ends, no trailing spaces
    format: str  # "text", "markdown", "pdf", …
    encoding: str | None = None
    page_starts: tuple[int, ...] = ()
    # What the format itself states (title, date, body, kind), preferred by the parser over
    # guesses from the text: e.g. Riksdagen's JSON carries the committee and decision date.
    metadata: dict[str, str] = field(default_factory=dict)
    ocr_pages: tuple[int, ...] = ()  # 1-based pages whose text came from OCR (PDF)


def normalise_text(raw: str) -> str:
    """The canonical text all offsets refer to.

    NFC so that "ä" typed or decomposed compare equal; non-breaking spaces become spaces
    because users never type them; trailing blanks and runs of empty lines go.
    """
    text = unicodedata.normalize("NFC", raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("\ufeff", "").replace("\u00ad", "").replace("\u200b", "")
    text = _TRAILING_WS.sub("\n", text)
    text = _MANY_BLANK.sub("\n\n\n", text)
    return text.strip("\n ") + "\n"


def spaced(n: int) -> str:
    """12 345 678: how Swedish writes large numbers."""
    return f"{n:,}".replace(",", " ")


def too_large(path: Path, what: str, limit: int, unit: str, setting: str) -> ReadError:
    """The refusal of a document over a limit, naming the file, the limit and its setting."""
    return ReadError(str(path), f"{what}; gränsen är {spaced(limit)} {unit} ({setting})")


def read_nonempty(path: Path, max_bytes: int | None = None) -> bytes:
    """The file's bytes, or a ReadError naming it when it cannot be read, is empty or is larger
    than `max_bytes` (checked before it is read)."""
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise too_large(
                path, f"filen är för stor ({spaced(size)} byte)", max_bytes, "byte",
                "PROTOKOLL_MAX_FILE_BYTES",
            )  # fmt: skip
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(str(path), f"kan inte läsas ({exc.strerror or exc})") from exc
    if not data.strip():
        raise ReadError(str(path), "filen är tom")
    return data
