"""Appointment facts: who was appointed to what ("Till justerare utses Åke Lind (C)").

`value` is the office ("ny ledamot i kommunstyrelsens arbetsutskott", "justerare"), `detail`
the verb as written ("utses", "valdes", "utse"). Whoever is appointed to adjust the minutes also
gets the role justerare.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from protokoll.ingest.extract.names import PARTY, Name, norm
from protokoll.ingest.extract.reading import Reading
from protokoll.ingest.extract.units import Unit
from protokoll.ingest.lexicon import alternation, lexicon
from protokoll.ingest.records import Fact

_WORDS = lexicon().appointment

# An office as written after "utses till": up to the sentence's end, keeping "fr.o.m.".
_ROLE_TEXT = r"(?:[^.;:]|\.(?=\S)){2,120}"
_APPOINT_VERBS = alternation(_WORDS.passive)
_TILL_ROLE_RE = re.compile(
    rf"(?<![\w-])[Tt]ill[ \t]+(?P<role>[^.;:]{{2,90}}?)[ \t]+(?P<verb>{_APPOINT_VERBS})"
    r"(?![\w-])"
)
_NAME_FIRST_RE = re.compile(
    rf"\s*(?:{PARTY})?\s*(?:,[^,.;:]{{1,80}},)?\s*(?:har[ \t]+(?:blivit[ \t]+)?|ska[ \t]+)?"
    rf"(?P<verb>{_APPOINT_VERBS})[ \t]+(?P<prep>till|att|som)[ \t]+(?P<role>{_ROLE_TEXT})"
)
_ROLE_AFTER_RE = re.compile(rf"\s*(?P<prep>till|att|som)[ \t]+(?P<role>{_ROLE_TEXT})")
_ACTIVE_RE = re.compile(rf"(?<![\w-])(?P<verb>{alternation(_WORDS.active)})[ \t]+")
_ROLE_END_RE = re.compile(
    r",|\s+(?:för[ \t]+(?:tiden|perioden|mandatperioden|resten|återstoden|år"
    r"|(?:ett|två|tre|fyra|\d+)[ \t]+år)"
    r"|från[ \t]+och[ \t]+med|fr\.?o\.?m|t\.?o\.?m|till[ \t]+och[ \t]+med|efter|med[ \t]+"
    r"|samt|och[ \t]+att|tillsammans|jämte|fram[ \t]+till|under)\b"
    # "… valde Lars Eklund till mötesordförande och Maria Ek till sekreterare"
    r"|\s+och[ \t]+(?=[A-ZÅÄÖ])"
)
# The next pair of the same sentence: "… och Maria Ek till mötessekreterare".
_AND_RE = re.compile(r"\s+och[ \t]+")


def _role_text(prep: str, role: str) -> str | None:
    role = norm(role)
    if "justera" in role.lower():
        return "justerare"
    if prep == "att":
        return None  # "utses att utreda …": an assignment, not an office
    m = _ROLE_END_RE.search(role)
    role = (role[: m.start()] if m else role).strip()
    if not role or len(role) > 70 or len(role.split()) > 8:
        return None
    return role


def _appoint(r: Reading, u: Unit, n: Name, role: str, verb: str) -> Iterator[Fact]:
    yield r.fact("appointment", n.text, role, u.start, u.end, verb.lower())
    if role == "justerare":
        yield r.fact("role", n.text, "justerare", u.start, u.end)


def appointments(r: Reading, u: Unit) -> Iterator[Fact]:
    if not u.names:
        return
    for m in _TILL_ROLE_RE.finditer(u.text):
        names = r.chain_after(u, u.start + m.end())
        role = _role_text("till", m["role"])
        for n in names:
            if role:
                yield from _appoint(r, u, n, role, m["verb"])
    for n in u.names:
        nm = _NAME_FIRST_RE.match(r.text, n.end, u.end)
        if nm:
            role = _role_text(nm["prep"], nm["role"])
            if role:
                # "Åsa Öberg och Ali Haddad utses att justera": everyone in the list.
                for who in r.chain_ending(u, n):
                    yield from _appoint(r, u, who, role, nm["verb"])
    for m in _ACTIVE_RE.finditer(u.text):
        names = r.chain_after(u, u.start + m.end())
        if not names:
            continue
        while names:
            last = r.after_party(names[-1].end, u.end)
            rest = _ROLE_AFTER_RE.match(r.text, last, u.end)
            if not rest:
                break
            role = _role_text(rest["prep"], rest["role"])
            for n in names:
                if role:
                    yield from _appoint(r, u, n, role, m["verb"])
            cut = _ROLE_END_RE.search(rest["role"])
            more = cut and _AND_RE.match(r.text, rest.start("role") + cut.start(), u.end)
            names = r.chain_after(u, more.end(), adjacent=True) if more else []
