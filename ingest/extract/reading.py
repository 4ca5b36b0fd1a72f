"""One protocol as the fact rules read it: its text, its items, its people, and where the names
of a sentence stand in relation to a verb."""

from __future__ import annotations

import bisect
import re

from protokoll.ingest.extract.names import LIST_GAP_RE, LO, PARTY_RE, Name, People
from protokoll.ingest.extract.units import Unit
from protokoll.ingest.records import Fact, Protocol

_STOP_IN_GAP_RE = re.compile(r"[.;:!?]\s|\n\s*\n")
_PREPOSITION_END_RE = re.compile(r"\b(?:på|i|vid|från|inom|hos|av)\s+$")
_LOWER_GAP_RE = re.compile(rf"[\s{LO}]*")


class Reading:
    """A parsed protocol with what every rule needs: the sections in text order, the names the
    attendance lists, and the fact a rule states at an offset."""

    def __init__(self, protocol: Protocol) -> None:
        self.p = protocol
        self.text = protocol.text
        self.people = People(protocol.attendance)
        secs = sorted(protocol.sections, key=lambda s: s.start)
        self.sec_starts = [s.start for s in secs]
        self.secs = secs

    def unit(self, start: int, end: int) -> Unit:
        """The unit `start`–`end` with the person names in it."""
        u = Unit(start, end, self.text[start:end])
        u.names = self.people.names(u.text, start)
        return u

    def section_at(self, offset: int) -> tuple[str | None, str]:
        """(number, title) of the item an offset stands in; the protocol's title before any."""
        i = bisect.bisect_right(self.sec_starts, offset) - 1
        if i < 0:
            return None, self.p.title
        s = self.secs[i]
        return s.number, s.title

    def fact(
        self,
        kind: str,
        subject: str,
        value: str | None,
        start: int,
        end: int,
        detail: str | None = None,
    ) -> Fact:
        number, _ = self.section_at(start)
        return Fact(kind, subject, value, start, end, number, detail)

    def chain_after(self, u: Unit, pos: int, adjacent: bool = False) -> list[Name]:
        """Names listed from `pos` on: "Linnéa Strand (S)", "Johanna Norrbygård och Tua Backman".
        The first name starts at `pos`, after white space unless `adjacent`."""
        out: list[Name] = []
        cursor = pos
        for n in u.names:
            if n.start < cursor:
                continue
            gap = self.text[cursor : n.start]
            if not out and (gap if adjacent else gap.strip()):
                break
            if out and not LIST_GAP_RE.fullmatch(gap):
                break
            out.append(n)
            cursor = n.end
        return out

    def chain_ending(self, u: Unit, last: Name) -> list[Name]:
        """The names listed up to and including `last`: "Åsa Öberg och Ali Haddad"."""
        i = u.names.index(last)
        chain = [last]
        while i > 0:
            prev = u.names[i - 1]
            gap = self.text[prev.end : chain[0].start]
            if not LIST_GAP_RE.fullmatch(gap):
                break
            chain.insert(0, prev)
            i -= 1
        return chain

    def after_party(self, pos: int, end: int) -> int:
        """The offset after a party written at `pos` ("(S)"), or `pos` when none is."""
        m = PARTY_RE.match(self.text, pos, end)
        return m.end() if m else pos

    def nearest_before(self, u: Unit, pos: int, max_gap: int = 130) -> Name | None:
        """The name a verb at `pos` belongs to, skipping a descriptor between them."""
        cands = []
        for n in u.names:
            if n.end > pos:
                break
            if pos - n.end > max_gap or _STOP_IN_GAP_RE.search(self.text, n.end, pos):
                continue
            before = self.text[max(u.start, n.start - 6) : n.start].lower()
            if _PREPOSITION_END_RE.search(before):
                continue  # "… chef på Anna Lindhs skola": part of a descriptor
            cands.append(n)
        if not cands:
            return None
        known = [n for n in cands if n.text in self.people.known]
        return (known or cands)[-1]

    def nearest_after(self, u: Unit, pos: int) -> Name | None:
        """The name right after a verb at `pos`, with at most a few lower-case words between."""
        for n in u.names:
            if n.start < pos:
                continue
            gap = self.text[pos : n.start]
            if len(gap) <= 40 and _LOWER_GAP_RE.fullmatch(gap):
                return n
            return None
        return None
