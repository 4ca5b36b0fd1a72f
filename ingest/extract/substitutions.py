"""Substitution facts: who replaced whom ("Lisa Holm (S) ersätter Per Nyström (S)").

`subject` is the newcomer, `value` the one replaced, `detail` the verb in active form, so
"{subject} {detail} {value}" reads as a sentence whatever voice the text used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from protokoll.ingest.extract.names import Name, norm
from protokoll.ingest.extract.reading import Reading
from protokoll.ingest.extract.units import Unit
from protokoll.ingest.lexicon import alternation, lexicon
from protokoll.ingest.records import Fact

_WORDS = lexicon().substitution
_ACTIVE_RE = re.compile(rf"(?<![\w-])({alternation(_WORDS.active)})(?![\w-])")
# "Under sammanträdet tjänstgjorde Lisa Holm (S) för Per Nyström (S)": the verb before both.
_INVERTED_RE = re.compile(r"(?<![\w-])(tjänstgör|tjänstgjorde)[ \t]+(?=[A-ZÅÄÖ])")
_PASSIVE_RE = re.compile(rf"(?<![\w-])({alternation(_WORDS.passive)})(?![\w-])")
# How a phrase reads with the newcomer first, so "{subject} {detail} {value}" is a sentence.
_ACTIVE_VERB = {**_WORDS.passive, **_WORDS.reading}
_LEAVING_RE = re.compile(rf"(?<![\w-])(?:{alternation(_WORDS.leaving)})(?![\w-])")
_ELECTING_RE = re.compile(rf"(?<![\w-])(?:{alternation(_WORDS.electing)})(?![\w-])")
_IN_PLACE_RE = re.compile(rf"(?<![\w-])(?:{alternation(_WORDS.in_their_place)})(?![\w-])")
_NEW_SEAT_RE = re.compile(rf"(?i)(?<![\w-])(?:{alternation(_WORDS.new_seat)})(?![\w-])")
# A seat's leaving and filling stand this close at most (characters between the two sentences).
SEAT_GAP = 400


def _active(verb: str) -> str:
    v = norm(verb).lower()
    return _ACTIVE_VERB.get(v, v)


def states_substitution(line: str) -> bool:
    """Whether a line states that someone replaces someone (in either voice)."""
    return bool(_ACTIVE_RE.search(line) or _PASSIVE_RE.search(line))


def substitutions(r: Reading, u: Unit) -> Iterator[Fact]:
    if len(u.names) < 2:
        return
    for m in _ACTIVE_RE.finditer(u.text):
        pos, end = u.start + m.start(), u.start + m.end()
        who, whom = r.nearest_before(u, pos), r.nearest_after(u, end)
        if who and whom and who.text != whom.text:
            yield r.fact("substitution", who.text, whom.text, u.start, u.end, _active(m[1]))
    for m in _INVERTED_RE.finditer(u.text):
        who_list = r.chain_after(u, u.start + m.end(), adjacent=True)
        if len(who_list) != 1:
            continue
        after = r.after_party(who_list[0].end, u.end)
        fm = re.match(r"[ \t]+för[ \t]+", r.text[after : after + 10])
        if not fm:
            continue
        whom = r.nearest_after(u, after + fm.end())
        if whom and whom.start == after + fm.end() and whom.text != who_list[0].text:
            detail = f"{m[1]} för"
            yield r.fact("substitution", who_list[0].text, whom.text, u.start, u.end, detail)
    for m in _PASSIVE_RE.finditer(u.text):
        pos, end = u.start + m.start(), u.start + m.end()
        whom, who = r.nearest_before(u, pos), r.nearest_after(u, end)
        if who and whom and who.text != whom.text:
            yield r.fact("substitution", who.text, whom.text, u.start, u.end, _active(m[1]))


def seat_changes(r: Reading, units: list[Unit]) -> Iterator[Fact]:
    """Who took the seat someone left, stated over two sentences of one item (an avsägelse and
    fyllnadsval): "Maria Holmgren (S) entledigas från uppdraget som ledamot …" and, at most
    SEAT_GAP characters on, "Till ny ledamot … väljs Hampus Viklund (S)." The fact spans both."""
    leaving: tuple[Unit, Name] | None = None
    for u in units:
        if leaving is not None and (
            u.start - leaving[0].end > SEAT_GAP
            or r.section_at(u.start) != r.section_at(leaving[0].start)
        ):
            leaving = None
        if m := _LEAVING_RE.search(u.text):
            whom = r.nearest_before(u, u.start + m.start())
            leaving = (u, whom) if whom else leaving
            continue
        if leaving is None or not _NEW_SEAT_RE.search(u.text):
            continue
        m = _ELECTING_RE.search(u.text)
        # "Till ny ledamot väljs Hampus Viklund (S)", "Fatima Haddad (S) väljs till ledamot …".
        if m and (
            who := r.nearest_after(u, u.start + m.end()) or r.nearest_before(u, u.start + m.start())
        ):
            unit, whom = leaving
            if who.text != whom.text:
                yield r.fact("substitution", who.text, whom.text, unit.start, u.end, "ersätter")
            leaving = None


def stand_ins(r: Reading, units: list[Unit]) -> Iterator[Fact]:
    """Who served in the place of a member named just before, in the same sentence or the one
    before it in the item: "Tove Rehn (MP) anmäler jäv … och deltar inte i beslutet. Ersättaren
    Lars Wennberg (MP) tjänstgör i hennes ställe." The fact spans both sentences."""
    previous: Unit | None = None
    for u in units:
        m = _IN_PLACE_RE.search(u.text)
        who = r.nearest_before(u, u.start + m.start()) if m else None
        if who is not None:
            first, named = u, [n for n in u.names if n.end <= who.start]
            if (
                not named
                and previous is not None
                and u.start - previous.end <= SEAT_GAP
                and r.section_at(u.start) == r.section_at(previous.start)
            ):
                first, named = previous, previous.names
            if named and named[-1].text != who.text:
                yield r.fact(
                    "substitution", who.text, named[-1].text, first.start, u.end, "tjänstgör för"
                )
        previous = u
