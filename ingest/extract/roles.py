"""Role facts: who chaired, who kept the minutes, who adjusted them.

`value` is one of ordförande, vice ordförande (förste/andre …), sekreterare, justerare,
undertecknare, reservant; `detail` the organisation when the text names one ("Läns-gemensam
ledning", "kommunstyrelsen"), or a reservation's title. Roles are read from labels
("Ordförande: Göran Ekström"), from descriptors after a name ("Ulf Rane (M), ordförande"), from
signature blocks, from the line a document is signed under on a body's behalf ("På
skatteutskottets vägnar": undertecknare), and from a committee report's reservations
(reservant).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from protokoll.ingest.dates import find_dates
from protokoll.ingest.extract.names import LO, NAME_RUN_RE, PARTY, is_org_token, norm
from protokoll.ingest.extract.reading import Reading
from protokoll.ingest.extract.units import Unit, lines
from protokoll.ingest.lexicon import alternation, lexicon
from protokoll.ingest.records import Fact
from protokoll.ingest.text import fold

_ROLES = lexicon().roles
_BEHALF = lexicon().behalf
_RESERVATION_HEADINGS = lexicon().reservation_headings
_STATEMENT_HEADINGS = lexicon().statement_headings
# "Bostäder åt tillfälligt anställda, punkt 6 (KD)" over "av Mikael Oscarsson (KD)."
_RESERVED = re.compile(r"^.{3,200}?\s*\([A-ZÅÄÖ]{1,3}(?:,\s*[A-ZÅÄÖ]{1,3})*\)$")
_BY = re.compile(r"^av\s+(?P<names>.+\))\.?$")
# A special statement's signer as a report writes them: "Linda Westerlund Snecker (V) anför:".
_SAYS = re.compile(r"^(?P<names>.+\))\s+anför:$")
# The roles a label line opens with ("Ordförande: …", "Justerare Åsa Öberg"); of the
# abbreviations, only "Ordf." and "Vice ordf." (in _LABEL_RE) open one.
_ROLE_ALT = alternation(r for r in _ROLES if not r.endswith(".") and r not in ("ordf", "vice ordf"))
_LABEL_RE = re.compile(
    rf"^[\s>*_#-]*(?P<role>{_ROLE_ALT}|[Oo]rdf\.|[Vv]ice[ \t]+ordf\.)[*_]*[ \t]*"
    r"(?P<colon>:)?[*_]*[ \t]*",
    re.IGNORECASE,
)
_ROLE_IS_RE = re.compile(
    rf"^[\s>*_#-]*(?P<role>{_ROLE_ALT})[ \t]+(?:är|var|blev)[ \t]+", re.IGNORECASE
)
_AFTER_NAME_RE = re.compile(
    rf"(?:\s*{PARTY})?\s*(?:\((?P<abbr>ordf\.?|ordförande|sekr\.?|sekreterare|justerare|"
    rf"vice[ \t]+ordf\.?|vice[ \t]+ordförande)\)"
    rf"|,?[ \t]*(?P<gen>[{LO}][{LO}-]{{4,}}s[ \t]+)?(?P<role>vice[ \t]+ordförande|"
    rf"viceordförande|ordförande|ordf\.|sekreterare|justerare)(?![\w-]))"
)
_ORG_AFTER_RE = re.compile(r"[ \t]+(?:(?:i|för|inom|vid)[ \t]+)?(?P<org>[^,.;:()\n]{2,80})")


def normal_role(raw: str | None) -> str | None:
    """The role a written role names ("Ordf." → ordförande), or None when it names none."""
    if not raw:
        return None
    r = " ".join(raw.lower().split())
    return _ROLES.get(r) or _ROLES.get(r.rstrip("."))


def _normal_role_line(cell: str) -> str | None:
    """The role a signature caption or heading cell states, alone: "Sekreterare", "ordförande"."""
    h = " ".join(cell.strip().strip("#*_ ").rstrip(":").strip("*_ ").lower().split())
    return _ROLES.get(h) if h else None


def label_roles(r: Reading, u: Unit) -> Iterator[Fact]:
    """ "Ordförande: Göran Ekström", "**Justerare:** Helén Marklund (M)", "Sekreterare
    Mikael Dahl", "Ordförande Anna Hasselbom Trofast, …", "Vice ordförande är Petter
    Nordh"."""
    m = _ROLE_IS_RE.match(u.text) or _LABEL_RE.match(u.text)
    if not m:
        return
    role = normal_role(m["role"])
    if role is None:
        return
    names = r.chain_after(u, u.start + m.end())
    for n in names:
        yield r.fact("role", n.text, role, u.start, u.end)


def inline_roles(r: Reading, u: Unit) -> Iterator[Fact]:
    """ "Sofia Hartz, vice ordförande i Läns-gemensam ledning", "Ulf Rane (M), ordförande",
    "Andreas Erlandsson ordförande kommunförbundet i Kalmar län", "Anna Berg (ordf.)"."""
    for n in u.names:
        m = _AFTER_NAME_RE.match(r.text, n.end, u.end)
        if not m:
            continue
        role = normal_role(m["abbr"] or m["role"])
        if role is None:
            continue
        detail = None
        if m["gen"]:
            detail = m["gen"].strip()[:-1]  # "kommunstyrelsens" → "kommunstyrelsen"
        elif m["role"]:
            detail = _org_after(r.text, m.end(), u.end)
        yield r.fact("role", n.text, role, u.start, u.end, detail)


def _org_after(text: str, pos: int, end: int) -> str | None:
    m = _ORG_AFTER_RE.match(text, pos, end)
    if not m:
        return None
    org = re.split(r"[ \t]+(?:och|samt|som|där|med|hälsa\w*|,)[ \t]+", m["org"])[0].strip()
    words = org.split()
    # A lone letter is a roll call's mark ("Annelie Rask (M), ordförande<spaces>X"), no body.
    if not words or len(words) > 6 or len(org) < 2:
        return None
    has_prep = bool(re.match(r"^[ \t]+(?:i|för|inom|vid)[ \t]", text[pos:end]))
    first = words[0]
    if not has_prep and not (first[0].isupper() or is_org_token(first)):
        return None  # "ordförande hälsar …": no organisation stated
    return org


def signature_roles(r: Reading) -> Iterator[Fact]:
    """Signature blocks: "Sekreterare" over "Mikael Dahl", or "Mikael Lindvall\tSolveig Rif"
    over "ordförande\tprotokollförare"."""
    text = r.text
    spans, nonempty = _nonempty_lines(text)
    for k, i in enumerate(nonempty):
        a, b = spans[i]
        cells = text[a:b].split("\t")
        roles = [_normal_role_line(c) for c in cells]
        if not any(roles):
            continue
        nxt = nonempty[k + 1] if k + 1 < len(nonempty) else None
        prv = nonempty[k - 1] if k > 0 else None
        # A heading over a name ("Justerare" / "Åsa Öberg (C)"), within two lines.
        if nxt is not None and nxt - i <= 2:
            found = list(_cells_roles(r, roles, spans[nxt], a))
            if found:
                yield from found
                continue
        # A caption under a name, directly below it ("Mikael Lindvall" / "ordförande").
        if prv is not None and prv == i - 1 and all(x for x in roles if x is not None):
            yield from _cells_roles(r, roles, spans[prv], spans[prv][0], caption_end=b)


def _nonempty_lines(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """The text's lines, and the indexes of those with something on them."""
    spans = lines(text)
    return spans, [i for i, (a, b) in enumerate(spans) if text[a:b].strip()]


def behalf_signatures(r: Reading) -> Iterator[Fact]:
    """Who signed a document on a body's behalf: "Stockholm den 7 mars 2019 / På
    skatteutskottets vägnar / Jörgen Hellman". The fact quotes the place and date line too when
    it stands right above, so an answer can say when the document was signed (adjusted)."""
    text = r.text
    spans, nonempty = _nonempty_lines(text)
    for k, i in enumerate(nonempty[:-1]):
        a, b = spans[i]
        if not _BEHALF.match(" ".join(fold(text[a:b]).split())):
            continue
        na, nb = spans[nonempty[k + 1]]
        line = text[na:nb]
        m = NAME_RUN_RE.search(line)
        if not m or line[: m.start()].strip() or not r.people.valid(norm(m[0])):
            continue
        tail = line[m.end() :].strip()
        if tail and not re.fullmatch(rf"{PARTY}\s*\**|,.*", tail):
            continue
        start = a
        if k > 0:
            pa, pb = spans[nonempty[k - 1]]
            if find_dates(text[pa:pb]):
                start = pa
        yield r.fact("role", norm(m[0]), "undertecknare", start, na + m.end())


def reservations(r: Reading) -> Iterator[Fact]:
    """A committee report's reservations: "Bostäder åt tillfälligt anställda, punkt 6 (KD)" over
    "av Mikael Oscarsson (KD).". One role fact `reservant` per reservation, for its first signer,
    quoting the title and every signer; `detail` is the title with its parties. Statements
    (särskilda yttranden), listed the same way under their own heading ("av …", or "Namn (V)
    anför:"), are role facts `yttrande`: a statement is no reservation."""
    text = r.text
    spans, nonempty = _nonempty_lines(text)
    under = ""  # the heading above: reservations or statements
    for k, i in enumerate(nonempty[:-1]):
        a, b = spans[i]
        line = text[a:b].strip()
        heading = " ".join(fold(line).split())
        if heading in _RESERVATION_HEADINGS or heading in _STATEMENT_HEADINGS:
            under = heading
            continue
        if not under or not _RESERVED.match(line):
            continue
        na, nb = spans[nonempty[k + 1]]
        signers = text[na:nb].strip()
        statement = under in _STATEMENT_HEADINGS
        by = _BY.match(signers) or (_SAYS.match(signers) if statement else None)
        first = NAME_RUN_RE.search(by["names"]) if by else None
        if first is None or not r.people.valid(norm(first[0])):
            continue
        role = "yttrande" if statement else "reservant"
        yield r.fact("role", norm(first[0]), role, a, nb, detail=line)


def _cells_roles(
    r: Reading,
    roles: list[str | None],
    name_line: tuple[int, int],
    span_start: int,
    caption_end: int | None = None,
) -> Iterator[Fact]:
    """The role facts of a line of names whose cells line up with `roles`."""
    a, b = name_line
    cells, pos = [], a
    for c in r.text[a:b].split("\t"):
        cells.append((pos, c))
        pos += len(c) + 1
    if len(cells) != len(roles):
        return
    for (_, cell), role in zip(cells, roles, strict=True):
        if role is None:
            continue
        m = NAME_RUN_RE.search(cell)
        if not m or cell[: m.start()].strip(" *_") or not r.people.valid(norm(m[0])):
            continue
        tail = cell[m.end() :].strip()
        if tail and not re.fullmatch(rf"{PARTY}\s*\**|,.*", tail):
            continue
        name = norm(m[0])
        end = caption_end if caption_end is not None else b
        yield r.fact("role", name, role, span_start, end)
