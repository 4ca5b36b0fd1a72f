"""Facts stated in a protocol: who replaced whom, who was appointed, who chaired, who presented
an item, who attended, and the counts the text states.

`extract_facts(protocol)` is a pure function over a parsed `Protocol`. Every fact keeps the
offsets of the sentence or line that states it, so `protocol.text[f.start:f.end]` contains the
names and the number the fact is about; an answer built on a fact can quote it verbatim.

The rules are written for Swedish protocol prose in general, never for one protocol's names
(names.py says what a person's name is). Descriptors between a name and its verb are skipped:
"Karin Jilkén verksamhetschef äldre Kalmar kommun ersätter Karin Torstensson …", "Sofie Lundh,
enhetschef i Björkfors kommun, ersätter …", "Renée Jönsson (S) tjänstgör för …". Precision comes
before recall: a phrasing that does not fit one of the forms yields nothing, since a wrong fact
becomes a wrong answer.

Each kind has its module, which says what the fields hold; `section_number` is always the item
the sentence stands in. The text is split once into sentences and lines (units.py), and every
rule runs on one unit with bounded patterns, so extraction stays linear in the length of the
protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from protokoll.ingest.extract.appointments import appointments
from protokoll.ingest.extract.attendance import attendance
from protokoll.ingest.extract.numbers import numbers
from protokoll.ingest.extract.presenters import presenters
from protokoll.ingest.extract.reading import Reading
from protokoll.ingest.extract.roles import (
    behalf_signatures,
    inline_roles,
    label_roles,
    reservations,
    signature_roles,
)
from protokoll.ingest.extract.substitutions import seat_changes, stand_ins, substitutions
from protokoll.ingest.extract.units import Unit, units
from protokoll.ingest.records import Fact, Protocol

# Bump when the rules change, so stored facts from older rules can be re-extracted.
FACTS_VERSION = "13"

# The rules over one sentence or line, in the order their facts are listed for it.
_UNIT_RULES: tuple[Callable[[Reading, Unit], Iterator[Fact]], ...] = (
    substitutions,
    appointments,
    label_roles,
    inline_roles,
    presenters,
    numbers,
)


def extract_facts(protocol: Protocol) -> list[Fact]:
    """All facts the protocol's text states, in text order (pure; no I/O)."""
    r = Reading(protocol)
    facts: list[Fact] = []
    read = [r.unit(a, b) for a, b in units(r.text)]
    for u in read:
        for rule in _UNIT_RULES:
            facts.extend(rule(r, u))
    facts.extend(seat_changes(r, read))
    facts.extend(stand_ins(r, read))
    facts.extend(signature_roles(r))
    facts.extend(behalf_signatures(r))
    facts.extend(reservations(r))
    facts.extend(attendance(r))
    return _dedupe(facts)


def _dedupe(facts: list[Fact]) -> list[Fact]:
    """One fact per (kind, subject, value, detail); the first statement in the text is kept. A
    role without its organisation goes when the same role is stated with one."""
    placed = {(f.subject, f.value) for f in facts if f.kind == "role" and f.detail}
    seen: set[tuple[str, str, str | None, str | None]] = set()
    out = []
    for f in sorted(facts, key=lambda f: (f.start, f.end, f.kind)):
        key = (f.kind, f.subject, f.value, f.detail)
        if key in seen or (f.kind == "role" and not f.detail and (f.subject, f.value) in placed):
            continue
        seen.add(key)
        out.append(f)
    return out
