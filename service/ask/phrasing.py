"""How answers say things in Swedish: where a fact stands, a list of names, and the messages."""

from __future__ import annotations

from protokoll.ingest.records import Fact, Protocol

NOT_FOUND = "Jag hittar inget svar på det i protokollen."
# An answer was found, but less sure than the setting `min_certainty` asks for.
NOT_SURE = "Jag hittar inget svar som är säkert nog i protokollen."
NO_MATCHING_PROTOCOLS = "Det finns inga protokoll som matchar den tid eller det organ du frågar om."


def listing(names: list[str]) -> str:
    """ "A, B och C", each name once."""
    names = list(dict.fromkeys(names))
    return " och ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def where_section(p: Protocol, number: str | None, title: str | None = None) -> str:
    """ "2023-09-29, punkt 7", "2024-05-02, § 116" or "2023-10-13, ”Program”"."""
    parts = [p.date.isoformat() if p.date else p.title]
    if number:
        sign = "§" if f"§ {number}" in p.text or f"§{number}" in p.text else "punkt"
        parts.append(f"{sign} {number}")
    elif title:
        parts.append(f"”{title}”")
    return ", ".join(parts)


def where(p: Protocol, f: Fact) -> str:
    return where_section(p, f.section_number)
