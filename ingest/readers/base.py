"""What every reader returns."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TRAILING_WS = re.compile(r"[ \t\u00a0]+\n")
_MANY_BLANK = re.compile(r"\n{4,}")


@dataclass(frozen=True, slots=True)
class RawDocument:
    text: str  # normalised: NFC, "\n" line ends, no trailing spaces
    format: str  # "text", "markdown", "pdf", …
    encoding: str | None = None
    page_starts: tuple[int, ...] = ()


def normalise_text(raw: str) -> str:
    """The canonical text all offsets refer to.

    NFC so that "ä" typed or decomposed compare equal; non-breaking spaces become spaces
    because users never type them; trailing blanks and runs of empty lines go.
    """
    text = unicodedata.normalize("NFC", raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("\ufeff", "")
    text = _TRAILING_WS.sub("\n", text)
    text = _MANY_BLANK.sub("\n\n\n", text)
    return text.strip("\n ") + "\n"
