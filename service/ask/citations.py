"""Citations: where a fact stands in its protocol, and the check that every quote is verbatim."""

from __future__ import annotations

from bisect import bisect_left

from protokoll.ingest.records import Fact, Protocol
from protokoll.ingest.text import fold
from protokoll.service import schemas
from protokoll.service.ask.records import Answer, Citation
from protokoll.service.shaping import citation_label, protocol_ref


def section_title(p: Protocol, offset: int) -> tuple[str | None, str]:
    """The number and title of the innermost section holding `offset`."""
    best = None
    for s in p.sections:
        if s.start <= offset < s.end and (best is None or s.start >= best.start):
            best = s
    return (best.number, best.title) if best else (None, "")


def following_in_item(
    p: Protocol, spans: list[tuple[int, int]], end: int, title: str
) -> tuple[int, int] | None:
    """The sentence (of `spans`, in text order) after the one that ends at `end`, when it stands
    in the same item (`title`): what an answer that leads into it, or needs it, quotes too."""
    i = bisect_left(spans, (end, -1))
    if i == len(spans) or section_title(p, spans[i][0])[1] != title:
        return None
    return spans[i]


def preceding_in_item(
    p: Protocol, spans: list[tuple[int, int]], start: int, title: str
) -> tuple[int, int] | None:
    """The sentence (of `spans`, in text order) before the one that starts at `start`, when it
    stands in the same item (`title`): what an answer that refers back to it quotes too."""
    i = bisect_left(spans, (start, -1)) - 1
    if i < 0 or spans[i][1] > start or section_title(p, spans[i][0])[1] != title:
        return None
    return spans[i]


def in_list(p: Protocol, offset: int) -> bool:
    """The offset stands in an attendance list."""
    return any(s.kind == "attendance" and s.start <= offset < s.end for s in p.sections)


def fact_citation(p: Protocol, f: Fact) -> Citation:
    number, title = section_title(p, f.start)
    if f.section_number and number != f.section_number:
        title = next((s.title for s in p.sections if s.number == f.section_number), title)
    return Citation(p, f.start, f.end, f.section_number, title, p.page_at(f.start))


def verified(c: Citation, answer: Answer, full: Protocol | None) -> bool:
    """The span lies inside the protocol's text and states what the answer must contain."""
    if full is None or not 0 <= c.start < c.end <= len(full.text):
        return False
    quote = full.text[c.start : c.end]
    return all(fold(x) in fold(quote) for x in answer.must_contain if x)


def cited(n: int, c: Citation, full: Protocol) -> schemas.AskCitation:
    """Citation number `n` as the contract gives it, quoting `full.text` at its span."""
    return schemas.AskCitation(
        n=n,
        quote=full.text[c.start : c.end],
        protocol=protocol_ref(c.protocol),
        section=schemas.SectionRef(number=c.section_number, title=c.section_title),
        page=c.page,
        start=c.start,
        end=c.end,
        citation=citation_label(c.protocol, c.section_number, c.section_title, c.page),
        url=schemas.source_url(c.protocol.id, c.start, c.end),
    )


def paragraph(citation: Citation) -> str:
    """The lines a citation lies on: a report's paragraph, which names the time of what its
    sentences tell ("Den 23 januari 2018 anordnade finansutskottet en utfrågning … I utfrågningen
    medverkade …")."""
    text = citation.protocol.text
    start = text.rfind("\n", 0, citation.start) + 1
    end = text.find("\n", citation.end)
    return text[start : end if end >= 0 else len(text)]
