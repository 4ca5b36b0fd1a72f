"""From the index's records to the contract's models (service/schemas.py).

Every citation the service gives, in search, ask and decisions, is labelled by `citation_label`
and linked by `schemas.source_url`, here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable

from protokoll.index.decisions import DecisionHit
from protokoll.index.records import Hit
from protokoll.ingest.records import Chunk, Protocol
from protokoll.service import schemas
from protokoll.service.highlight import QueryMarks
from protokoll.service.understanding import Understood


def distinct_bodies(bodies: Iterable[str]) -> list[str]:
    """Each organ once, however its protocols capitalise it ("Sveriges Riksbank" in one set of
    minutes, "Sveriges riksbank" in the next): as the spelling that sorts first, the one with
    the most capitals. Filtering already ignores case; only a listing would show both."""
    first: dict[str, str] = {}
    for body in sorted(bodies):
        first.setdefault(body.casefold(), body)
    return sorted(first.values())


def citation_label(
    p: Protocol, section_number: str | None, section_title: str, page: int | None
) -> str:
    """ "Protokoll Läns-gemensam ledning 2023-09-29, punkt 7 Beslutspunkter, s. 4"."""
    parts = [p.title]
    if p.date and p.date.isoformat() not in p.title:
        parts.append(p.date.isoformat())
    if section_number:
        sec = (
            f"§ {section_number}"
            if _uses_paragraphs(p, section_number)
            else f"punkt {section_number}"
        )
        parts.append(f"{sec} {section_title}".strip())
    elif section_title and section_title != "Inledning":
        parts.append(section_title)
    if page:
        parts.append(f"s. {page}")
    return ", ".join(parts)


def _uses_paragraphs(p: Protocol, number: str) -> bool:
    # "§ 45" / "§45", or number first as in Finland-Swedish protocols: "45 §" / "45§".
    return any(f in p.text for f in (f"§ {number}", f"§{number}", f"{number} §", f"{number}§"))


def protocol_ref(p: Protocol) -> schemas.ProtocolRef:
    return schemas.ProtocolRef(
        id=p.id,
        title=p.title,
        date=p.date.isoformat() if p.date else None,
        body=p.body,
        kind=p.kind,
        place=p.place,
        source=p.source,
    )


def understood(u: Understood) -> schemas.UnderstoodOut:
    return schemas.UnderstoodOut(
        question_type=u.intent.value,
        date_from=u.date_from.isoformat() if u.date_from else None,
        date_to=u.date_to.isoformat() if u.date_to else None,
        month=u.month,
        day=u.day,
        date_expression=u.date_expression,
        body=u.body,
        did_you_mean=u.did_you_mean,
        corrections={**u.restored, **u.corrections},
        search_text=u.search_text,
        designation=u.designation,
        absent=u.absent,
    )


def search_hit(hit: Hit, marks: QueryMarks) -> schemas.SearchHit:
    """A passage found for a query; its highlights are the words sharing a term with it."""
    c, p = hit.chunk, hit.protocol
    return schemas.SearchHit(
        rank=hit.rank,
        score=hit.score,
        text=c.text,
        protocol=protocol_ref(p),
        section=schemas.SectionRef(number=c.section_number, title=c.section_title),
        page=c.page,
        ocr=p.ocr_in(c.start, c.end),
        start=c.start,
        end=c.end,
        chunk_id=c.id,
        citation=citation_label(p, c.section_number, c.section_title, c.page),
        highlights=marks.spans(c.text),
        url=schemas.source_url(p.id, c.start, c.end),
    )


def decision_item(hit: DecisionHit, p: Protocol) -> schemas.DecisionItem:
    d = hit.stored.decision
    citation = citation_label(p, d.section_number, d.section_title, d.page)
    if d.heading:
        citation += f" ({d.heading})"
    signals = None
    if hit.score is not None:
        signals = schemas.DecisionSignals(dense=hit.dense, lexical=hit.lexical, themes=hit.boost)
    return schemas.DecisionItem(
        id=d.id,
        text=d.text,
        outcome=d.outcome,
        themes=[schemas.DecisionTheme(label=lab, score=s) for lab, s in hit.stored.themes],
        score=hit.score,
        protocol=protocol_ref(p),
        section=schemas.SectionRef(number=d.section_number, title=d.section_title),
        heading=d.heading,
        proposal=d.proposal,
        page=d.page,
        ocr=p.ocr_in(d.start, d.end),
        start=d.start,
        end=d.end,
        citation=citation,
        url=schemas.source_url(p.id, d.start, d.end),
        signals=signals,
    )


def protocol_detail(p: Protocol, chunks: list[Chunk], with_text: bool) -> schemas.ProtocolDetail:
    return schemas.ProtocolDetail(
        **protocol_ref(p).model_dump(),
        version=p.version,
        format=p.format,
        ocr=[schemas.OcrPage(page=n, start=a, end=b) for n, a, b in p.ocr_spans()],
        sections=[
            schemas.ProtocolSection(
                number=s.number, title=s.title, kind=s.kind, start=s.start, end=s.end, page=s.page
            )
            for s in p.sections
        ],
        attendance=[
            schemas.Attendee(
                name=x.name, organisation=x.organisation, role=x.role, start=x.start, end=x.end
            )
            for x in p.attendance
        ],
        chunks=len(chunks),
        text=p.text if with_text else None,
    )
