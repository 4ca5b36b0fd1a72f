"""Small text helpers shared by the parsers: lines with their offsets, diacritic folding, and
table-of-contents lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FOLD = str.maketrans(
    {"å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "ü": "u", "æ": "a", "ø": "o"}
)


def fold(word: str) -> str:
    """Lower-case and strip Swedish diacritics: "Jilkén" → "jilken", "Öberg" → "oberg"."""
    return word.lower().translate(_FOLD)


def names_body(asked: str, body: str) -> bool:
    """Whether an organ a user names means a recorded body: the body's name holds it
    ("välfärdsnämnden" of "Välfärdsnämnden"), or the body's name is the leading words of it, as
    a title that named "Läns-gemensam ledning" records the organ "Läns-gemensam ledning i
    samverkan" (a genitive, "Kommunstyrelsens arbetsutskott", is another organ)."""
    a, b = fold(asked.strip()), fold(body.strip())
    return bool(a) and (a in b or (len(b) >= 6 and a.startswith(b + " ")))


@dataclass(slots=True)
class Line:
    """One line of a protocol's text; `start`/`end` are offsets into the whole text."""

    text: str
    start: int
    end: int

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def stripped(self) -> str:
        return self.text.strip()


def split_lines(text: str) -> list[Line]:
    """Lines without their newlines, each knowing where it sits in `text`."""
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(Line(raw, pos, pos + len(raw)))
        pos += len(raw) + 1
    return out


def is_blank(lines: list[Line], i: int) -> bool:
    """Line `i` is empty, or lies outside the text."""
    return i < 0 or i >= len(lines) or not lines[i].text.strip()


# "Val av protokolljusterare ........ 2", "Bostadsbidrag . . . . 14": a table-of-contents line.
# Dot leaders may end in other marks the scan made of them ("......+++.++= 13", "....sser0n 34").
_TOC_LINE_RE = re.compile(
    r"(?:\.[ ]?){3,}[ \t]*\d{0,4}[ \t]*$|\.{2,}[ \t]*\d{1,4}[ \t]*$|\.{3,}\S*[ \t]+\d{1,4}[ \t]*$"
)
# The same line scanned: OCR reads the dot leaders as runs of letters ("beslutförhet
# =eommissssrsssersrrrrsrrrr rr nr 1"), and no Swedish word has one letter three times in a row.
_TRIPLED_RE = re.compile(r"([^\W\d_])\1\1")
_PAGE_NUMBER_END_RE = re.compile(r"\s\d{1,4}\s*$")


def is_toc_line(line: str) -> bool:
    """A line of a table of contents: a title, dot leaders and a page number."""
    if _TOC_LINE_RE.search(line):
        return True
    return bool(_PAGE_NUMBER_END_RE.search(line)) and len(_TRIPLED_RE.findall(line)) >= 2
