"""Attendance facts: one per person listed as present, absent or signing.

`value` is the organisation beside the name, `detail` the list it stands in ("närvarade
ledamöter", "ersättare"), or the role heading above it in a signature block ("ordförande"). A role
written beside the name ("Hammarviks kommun, ordförande") is a role fact of its own.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from protokoll.ingest.extract.names import LO, clean_person_name, norm, org_like
from protokoll.ingest.extract.reading import Reading
from protokoll.ingest.extract.roles import normal_role
from protokoll.ingest.extract.substitutions import states_substitution
from protokoll.ingest.extract.units import line_spans, strip_span
from protokoll.ingest.lexicon import lexicon
from protokoll.ingest.records import Fact

_LEX = lexicon()


def attendance(r: Reading) -> Iterator[Fact]:
    text = r.text
    heads: dict[int, list[tuple[int, str]]] = {}  # section start → (line start, list name)
    for sec in r.secs:
        if sec.kind != "attendance":
            continue
        found = []
        for a, b in line_spans(text, sec.start, sec.end):
            h = _heading_word(text[a:b])
            if h:
                found.append((a, h))
        heads[sec.start] = found
    for person in r.p.attendance:
        a = text.rfind("\n", 0, person.start) + 1
        b = text.find("\n", person.start)
        b = len(text) if b < 0 else b
        line = text[a:b]
        name = clean_person_name(person.name)
        org = person.organisation
        if name != norm(person.name):
            org = org or norm(person.name)[len(name) :].strip() or None
        i = bisect.bisect_right(r.sec_starts, person.start) - 1
        listed = person.role
        if i >= 0 and r.secs[i].start in heads:
            before = [h for s, h in heads[r.secs[i].start] if s <= a]
            listed = before[-1] if before else listed
        value, roles, own_list = _split_organisation(org, line)
        start, end = strip_span(text, a, b)
        yield r.fact("attendance", name, value, start, end, own_list or listed)
        for role, where in roles:
            yield r.fact("role", name, role, start, end, where)


def _heading_word(line: str) -> str | None:
    """The list or role a bare heading line names: "Beslutande", "**Ledamöter**", "Ordförande";
    in the template's row "Underskrifter<tab>Sekreterare<tab>Paragrafer 62–70", the last cell
    that names one (the names below it sign as secretary)."""
    cells = [c for c in line.split("\t") if c.strip()]
    if len(cells) > 1:
        # Only a row the list's own heading opens: "ordinarie<tab>ersättare" heads two columns.
        if _heading_word(cells[0]) is None:
            return None
        return [h for c in cells if (h := _heading_word(c))][-1]
    h = line.strip().strip("#*_ ").rstrip(":").strip("*_ ").lower()
    h = " ".join(h.split())
    if h in _LEX.attendance_lists:
        return h
    role = _LEX.roles.get(h)
    if role:
        return role
    if h in _LEX.signature_lists:
        return h
    return None


def _split_organisation(
    org: str | None, line: str
) -> tuple[str | None, list[tuple[str, str | None]], str | None]:
    """An attendance entry's organisation without the roles written beside it, the roles, and
    the list an entry names for itself ("Märta Ågren (C), tjänstgörande ersättare").

    "Hammarviks kommun, ordförande" → ("Hammarviks kommun", [("ordförande", None)]);
    "ordförande, riksbanksfullmäktige" → ("riksbanksfullmäktige", [("ordförande",
    "riksbanksfullmäktige")]); "Ekbacka kommun, kommunstyrelsens ordförande" → ("Ekbacka kommun",
    [("ordförande", "kommunstyrelsen")])."""
    if not org:
        return None, [], None
    if re.match(r"^(?:som|har|är|var|och)\b", org.strip()) or states_substitution(line):
        return None, [], None  # "… ersätter Tomas Lind (C), som har anmält förhinder."
    parts = [p.strip() for p in org.split(",")]
    keep: list[str] = []
    roles: list[tuple[str, str | None]] = []
    listed = None
    for i, part in enumerate(parts):
        bare = re.sub(r"\s*\([^)]*\)\s*$", "", part).strip()
        role = normal_role(bare)
        if " ".join(bare.lower().split()) in _LEX.attendance_lists:
            listed = " ".join(bare.lower().split())
            continue
        gen = re.fullmatch(rf"([{LO}][{LO}-]{{4,}})s[ \t]+(vice ordförande|ordförande)", bare)
        if role:
            after = [p for p in parts[i + 1 :] if p and not normal_role(p)]
            where = after[0] if after and org_like(after[0]) else None
            roles.append((role, where))
        elif gen:
            roles.append((normal_role(gen[2]) or gen[2], gen[1]))
        elif part:
            keep.append(part)
    value = ", ".join(keep) if keep else None
    if value is not None and value not in org:
        value = keep[0]  # keep a verbatim piece of the line
    return value, roles, listed
