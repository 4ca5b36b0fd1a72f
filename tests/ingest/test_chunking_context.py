"""Headings travel with the content under them; headings alone and tables of contents give no
chunks."""

from __future__ import annotations

from protokoll.ingest.chunking import CONTEXT_SEPARATOR, chunk_protocol, embedding_header
from protokoll.ingest.parse import parse_protocol
from protokoll.ingest.readers.base import RawDocument, normalise_text

SENTENCE = "Utskottet anser att anslaget ska höjas med tio miljoner kronor för nästa år. "
REPORT = f"""Arbetsmarknadsutskottets betänkande

Innehållsförteckning

Sammanfattning ..................... 1
Utskottets överväganden ............ 4

Sammanfattning

Utskottet föreslår att riksdagen bifaller propositionen.

Utskottets överväganden

Arbetsmiljö

Utskottets ställningstagande

{SENTENCE * 30}
"""


def _parsed(text: str):  # type: ignore[no-untyped-def]
    return parse_protocol(RawDocument(normalise_text(text), "text"), "/tmp/bet.txt")


def test_a_heading_only_section_gives_no_chunk_and_heads_the_content_below() -> None:
    p = _parsed(REPORT)
    chunks = chunk_protocol(p, chunk_size=600, chunk_overlap=0)
    texts = [c.text for c in chunks]
    assert "Utskottets överväganden" not in texts and "Arbetsmiljö" not in texts
    under = [c for c in chunks if c.section_title == "Utskottets ställningstagande"]
    assert len(under) > 2
    # Each piece names the headings above it; the first holds them in place (the run of
    # headings, then its own), the later ones carry its own heading in their context.
    above = CONTEXT_SEPARATOR.join(["Utskottets överväganden", "Arbetsmiljö"])
    for c in under:
        own = c.text.startswith("Utskottets överväganden\n\nArbetsmiljö\n\nUtskottets ställn")
        assert c.context == (above if own else f"{above}{CONTEXT_SEPARATOR}{c.section_title}")
        assert "Arbetsmiljö" in embedding_header(p, c)
    short = chunk_protocol(_parsed(REPORT.replace(SENTENCE * 30, SENTENCE)))
    first = next(c for c in short if c.section_title == "Utskottets ställningstagande")
    assert first.text.startswith("Utskottets överväganden") and first.context == above
    assert "Utskottets ställningstagande" in first.text
    for c in chunks:
        assert p.text[c.start : c.end] == c.text


def test_a_table_of_contents_gives_no_chunks() -> None:
    chunks = chunk_protocol(_parsed(REPORT))
    assert not any("....." in c.text or c.section_title == "Innehållsförteckning" for c in chunks)
    leaders = "Protokoll 1/2024 Kulturnämnden\n\n§ 1 Budget ........ 2\n§ 2 Taxor ........ 3\n\n"
    body = "§ 1 Budget\n\nNämnden beslutar att fastställa budgeten för 2024 enligt förslaget.\n"
    chunks = chunk_protocol(_parsed(leaders + body))
    assert chunks and not any("........" in c.text for c in chunks)


def test_a_scanned_table_of_contents_gives_no_chunks_either() -> None:
    # OCR reads dot leaders as runs of letters; the lines are still a table of contents.
    scanned = (
        "Protokoll 5/2022 Välfärdsnämnden\n\nÄrenden Sida\n"
        "39 8 Sammanträdets laglighet och beslutförhet =eommissssrsssersrrrrsrrrr rr nr 1\n"
        "40 8 Val av protokolljusterare minesssersssrrrssererrrsrerrrs rer rrrrnnr rr 2\n\n"
        "§ 39 Sammanträdets laglighet och beslutförhet\n\n"
        "Nämnden konstaterar att sammanträdet är lagligen sammankallat och beslutfört.\n"
    )
    chunks = chunk_protocol(_parsed(scanned))
    assert chunks and not any("rrrr" in c.text for c in chunks)
    assert any("lagligen sammankallat" in c.text for c in chunks)


def test_a_heading_split_off_its_long_first_paragraph_is_not_a_chunk() -> None:
    p = _parsed(f"Protokoll 2024-01-01\n\n§ 1 Budget\n\n{SENTENCE * 40}\n\n§ 2 Taxor\n\nInga.\n")
    chunks = chunk_protocol(p, chunk_size=500, chunk_overlap=0)
    assert all(c.text != "§ 1 Budget" for c in chunks)
    budget = [c for c in chunks if c.section_number == "1"]
    assert all("Budget" in c.text.split("\n")[0] or c.context == "Budget" for c in budget)
