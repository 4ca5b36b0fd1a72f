"""Every citation quotes its protocol verbatim: a span that moved or ran past the text is caught."""

from __future__ import annotations

from protokoll.service.ask import Answer, Citation
from protokoll.service.ask.citations import cited, verified
from protokoll.service.facade import Protokollsok


def test_a_tampered_citation_offset_is_caught(app: Protokollsok) -> None:
    r = app.ask("vem ersatte Karin Torstensson?")
    c = r["citations"][0]
    protocol = app.index.protocol(c["protocol"]["id"])
    assert protocol is not None
    answer = Answer(r["answer"], "fact", [], ("Karin Jilkén", "Karin Torstensson"))
    good = Citation(protocol, c["start"], c["end"], "7", "Beslutspunkter", None)
    shifted = Citation(protocol, c["start"] + 40, c["end"] + 40, "7", "Beslutspunkter", None)
    outside = Citation(protocol, len(protocol.text) - 5, len(protocol.text) + 50, "7", "", None)
    assert verified(good, answer, protocol)
    assert not verified(shifted, answer, protocol)
    assert not verified(outside, answer, protocol)
    assert not verified(good, answer, None)  # the protocol is gone


def test_a_citation_quotes_the_text_and_links_the_source_view(app: Protokollsok) -> None:
    p = next(p for p in app.index.protocols() if p.date and p.date.isoformat() == "2023-09-29")
    full = app.index.protocol(p.id)
    assert full is not None
    out = cited(2, Citation(full, 10, 40, "7", "Beslutspunkter", None), full).as_json()
    assert out["n"] == 2 and out["quote"] == full.text[10:40]
    assert out["url"] == f"/protokoll/{p.id}?start=10&end=40"
    assert out["citation"].endswith("punkt 7 Beslutspunkter")
