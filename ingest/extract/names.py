"""Person names in protocol prose: which runs of capitalised words are people.

A name is 2–4 capitalised words ("Karin Jilkén", "Anna Hasselbom Trofast", "Karl-Erik Lund",
"Emir Hodžić"). A word that names an organisation ("Region", "Kommunförbundet", "…kommun",
"…nämnden") or opens a sentence ("Ordförande", "Därefter") is not part of a name, and a name
listed in the protocol's attendance wins when several readings fit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from protokoll.ingest.lexicon import alternation, lexicon
from protokoll.ingest.records import Person

_LEX = lexicon()
_ORG_WORDS = _LEX.organisations.words
_ORG_ENDINGS = _LEX.organisations.endings
_TITLE_ENDINGS = _LEX.names.title_endings
# What may stand before a name in a list entry: a short title, or a qualifier of one.
_TITLE_WORDS = _LEX.names.titles | _LEX.names.title_qualifiers
# What opens a descriptor after a name, read without its full stop: "leg. psykolog" → leg.
_DESCRIPTOR_TITLES = frozenset(w.strip(".") for w in _LEX.names.titles)

# Upper- and lower-case letters of the Latin scripts names are written in ("Hodžić", "Øberg").
UP = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isalpha() and c.isupper())
LO = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isalpha() and c.islower())
_TOKEN = rf"[{UP}][{LO}'’]+(?:[{UP}][{LO}]+)?(?:-[{UP}]?[{LO}'’]+)*"
_PARTICLE = rf"(?:{alternation(_LEX.names.particles)})"
# A run of capitalised words joined by spaces (a wrapped line inside a sentence counts as a
# space); tabs separate columns, so never join across one.
_SP = r"(?:[ \u00a0]+|[ \u00a0]*\n[ \u00a0]*)"
NAME_RUN_RE = re.compile(
    rf"(?<![\w'’-]){_TOKEN}(?:{_SP}(?:{_PARTICLE}{_SP}){{0,2}}{_TOKEN}){{0,6}}(?![\w'’-])"
)
_TOKEN_RE = re.compile(_TOKEN)
# A party after a name: "(S)", "(MP)", "(KD)".
PARTY = r"\((?:[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,3})\)"
PARTY_RE = re.compile(rf"\s*{PARTY}(?:[ \t]*\*+)?")
# A note in brackets after a name, in lower case: "Gunnar Blom (omval)", "Kent Olsson
# (sammankallande)".
NOTE = r"\([a-zåäö][a-zåäö ,.-]{0,30}\)"
# Between two names of a list: "Anna Berg (S) och Bo Ek", "Ilari Peltomäki, Kim Segervall",
# "Gunnar Blom (omval) och Sara Persson".
LIST_GAP_RE = re.compile(
    rf"\s*(?:{PARTY}|{NOTE})?\s*\**\s*(?:,|och|samt|,[ \t]*och|,[ \t]*samt)\s*"
)

_NEXT_WORD_RE = re.compile(r"[ \t]+(\w+)")


@dataclass(frozen=True, slots=True)
class Name:
    """A person's name found in the text; offsets are absolute into `protocol.text`."""

    start: int
    end: int
    text: str


def norm(name: str) -> str:
    """Runs of white space as one space: names wrap over lines in PDF text."""
    return " ".join(name.split())


def is_org_token(tok: str) -> bool:
    low = tok.lower()
    return low in _ORG_WORDS or low.endswith(_ORG_ENDINGS)


def is_lead_token(tok: str) -> bool:
    low = tok.lower()
    return low in _LEX.names.lead or (low.endswith(_TITLE_ENDINGS) and len(low) > 5)


def clean_person_name(name: str) -> str:
    """An attendance name without the organisation a missing comma glued to it."""
    toks = name.split()
    for i, t in enumerate(toks):
        if i >= 2 and is_org_token(t):
            return " ".join(toks[:i])
    return norm(name)


class People:
    """Name finding for one protocol: the attendance names decide when several readings fit."""

    def __init__(self, attendance: Iterable[Person]) -> None:
        self.known: set[str] = set()
        for p in attendance:
            name = clean_person_name(p.name)
            self.known.add(name)
            self.known.add(" ".join(name.split()))

    def names(self, text: str, base: int) -> list[Name]:
        """The person names in `text`, which starts at offset `base` of the protocol."""
        out = []
        for m in NAME_RUN_RE.finditer(text):
            toks = [(t.start(), t.end(), t[0]) for t in _TOKEN_RE.finditer(m[0])]
            for a, b in self._split(toks):
                s, e = m.start() + a, m.start() + b
                out.append(Name(base + s, base + e, self._nominative(norm(m[0][a:b]), text, e)))
        return out

    def _nominative(self, name: str, text: str, end: int) -> str:
        """ "Emilia Haverinens förslag", "Lars-Åke Nyströms yrkande": the person, not the
        genitive."""
        if not name.endswith("s") or name.endswith("ss"):
            return name
        nxt = _NEXT_WORD_RE.match(text, end)
        if name[:-1] in self.known or (nxt and nxt[1] in _LEX.names.genitive_nouns):
            return name[:-1]
        return name

    def _split(self, toks: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
        """The person names inside one run of capitalised words (usually none or one)."""
        # Cut at organisation words: "Niklas Teodorsson Kommunförbundet Kalmar län".
        parts: list[list[tuple[int, int, str]]] = [[]]
        for t in toks:
            if is_org_token(t[2]):
                parts.append([])
            else:
                parts[-1].append(t)
        found = []
        for part in parts:
            while part and is_lead_token(part[0][2]):
                part = part[1:]
            if len(part) < 2:
                continue
            text = " ".join(t[2] for t in part)
            if len(part) > 4 or text not in self.known:
                # "Nyvalde Karin Jilkén": a listed name at the end of the run wins.
                for k in range(len(part) - 2, 0, -1):
                    if " ".join(t[2] for t in part[k:]) in self.known:
                        part = part[k:]
                        break
            if len(part) > 4:
                continue
            found.append((part[0][0], part[-1][1]))
        return found

    def valid(self, text: str) -> bool:
        """Whether `text` on its own reads as a person's name (a signature cell)."""
        toks = text.split()
        return (
            2 <= len(toks) <= 4
            and not any(is_org_token(t) for t in toks)
            and not is_lead_token(toks[0])
        )


def org_like(s: str) -> bool:
    """ "riksbanksfullmäktige", "Region Norrvik": an organisation, not "på distans"."""
    w = s.split()
    return bool(w) and (w[0][0].isupper() or any(is_org_token(t) for t in w))


def title_prefix(prefix: str) -> bool:
    """Words allowed before a name in a list entry: none, or a short title
    ("vice riksbankschef", "Föredragare")."""
    words = prefix.replace("*", " ").split()
    if len(words) > 3:
        return False
    return all(is_lead_token(w.strip(".:")) or w in _TITLE_WORDS or w in "-–•" for w in words)


def title_start(rest: str) -> bool:
    """Whether what follows a name in a subject entry is a descriptor, not a new clause:
    "ordförande kommunförbundet …", "leg. psykoterapeut …", "(S)"."""
    w = rest.strip().split()
    if not w:
        return True
    first = w[0].lower().strip(".,")
    return (
        first in _DESCRIPTOR_TITLES
        or first.endswith(_TITLE_ENDINGS)
        or first.endswith(_ORG_ENDINGS)
    )


def person_names(text: str) -> list[str]:
    """Person names in a piece of text (2–4 capitalised words, organisations and sentence
    openers left out), as the facts find them."""
    return [n.text for n in People(()).names(text, 0)]
