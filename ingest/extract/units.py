"""Sentences and stand-alone lines ("units"): the pieces of text every fact rule reads.

The text is split once; every rule then runs on one unit with bounded patterns, so extraction
stays linear in the length of the protocol. Offsets are absolute into `protocol.text`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from protokoll.ingest.extract.names import UP, Name
from protokoll.ingest.lexicon import alternation, lexicon

_LEX = lexicon()

_LAST_WORD_RE = re.compile(r"(?:^|[\s(])([\w.]+)$")
_SENTENCE_END_RE = re.compile(rf"[.!?][\"”»)]*[ \t]+(?=[{UP}])")
# A list item's bullet, also as PDFs made from word processors write it: the Symbol and
# Wingdings fonts' private-use glyphs (U+F0B7, U+F0A7, U+F0D8) and the typographic ones.
BULLETS = "-*•–·▪◦\uf0b7\uf0a7\uf0d8"
_LIST_START_RE = re.compile(
    rf"^\s*(?:[{BULLETS}]\s|\d{{1,3}}[.)]\s|§|\[|#|\*\*|[\w ]{{1,30}}:(?:\s|$))"
)
# The tab a PDF puts after a list item's bullet or number ("•\tatt lämna reporäntan …").
_MARKER_TAB_RE = re.compile(rf"^\s*(?:[{BULLETS}]|\d{{1,3}}[.)])\t")
# A label line lists several people over sentence stops ("Föredragare: Niklas Teodorsson, …,
# Kommunförbundet i Kalmar län. Marie Ragnarsson, …"): it stays one unit.
LIST_LABEL_RE = re.compile(
    rf"^[\s>*_#-]*(?:{alternation(_LEX.presenting.labels)})[*_]*[ \t]*:[*_]*",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(slots=True)
class Unit:
    """One sentence or stand-alone line, with the person names in it."""

    start: int
    end: int
    text: str
    names: list[Name] = field(default_factory=list)


def lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of `text`, without its newline."""
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    return out


def line_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of the lines between `start` and `end`."""
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        yield pos, stop
        pos = stop + 1


def strip(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    """The span `a`–`b` without surrounding white space; nothing when only space is left."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b:
        yield a, b


def strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    """The span `a`–`b` without surrounding white space, or as it is when only space."""
    spans = list(strip(text, a, b))
    return spans[0] if spans else (a, b)


def tabbed(text: str) -> bool:
    """Whether a line or sentence has a tab between its words, as the columns of a list of
    names have ("Anna Ek\tordförande"); the tab after a list item's bullet or number does not
    count, since a bulleted sentence is still a sentence."""
    return "\t" in _MARKER_TAB_RE.sub("", text)


def _continues(prev: str, nxt: str) -> bool:
    """Whether `nxt` continues a sentence wrapped from `prev` (PDF text breaks lines inside
    sentences, bulleted ones too; typed protocols put a paragraph on one line)."""
    p = prev.rstrip()
    if len(p) < 60 or p.endswith((".", "!", "?", ":", ";")) or tabbed(prev) or tabbed(nxt):
        return False
    return not _LIST_START_RE.match(nxt)


def units(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence or stand-alone line, stripped of surrounding space."""
    para: tuple[int, int] | None = None
    prev = ""
    for a, b in lines(text):
        line = text[a:b]
        if not line.strip():
            if para:
                yield from _sentences(text, *para)
            para, prev = None, ""
            continue
        if para and _continues(prev, line):
            para = (para[0], b)
        else:
            if para:
                yield from _sentences(text, *para)
            para = (a, b)
        prev = line
    if para:
        yield from _sentences(text, *para)


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    if LIST_LABEL_RE.match(text, start, end) and text.find("\n", start, end) < 0:
        yield from strip(text, start, end)
        return
    cut = start
    for m in _SENTENCE_END_RE.finditer(text, start, end):
        word = _LAST_WORD_RE.search(text[max(start, m.start() - 12) : m.start()])
        w = word[1].lower() if word else ""
        if text[m.start()] == "." and (w in _LEX.abbreviations or (len(w) == 1 and w.isalpha())):
            continue
        yield from strip(text, cut, m.start() + 1)
        cut = m.end()
    yield from strip(text, cut, end)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence or stand-alone line of a protocol's text, with the same
    rules the facts are read with: abbreviations ("leg.", "bl.a.") do not end a sentence, and a
    sentence wrapped over lines stays one."""
    return list(units(text))
