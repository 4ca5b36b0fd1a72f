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


def read_nonempty(path: Path) -> bytes:
    """The file's bytes, or a ReadError naming it when it cannot be read or is empty."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(str(path), f"kan inte läsas ({exc.strerror or exc})") from exc
    if not data.strip():
        raise ReadError(str(path), "filen är tom")
    return data
