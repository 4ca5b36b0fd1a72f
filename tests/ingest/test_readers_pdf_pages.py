"""Page citations over the real municipal PDFs (Nykarleby), checked against pages found by hand.

Each (file, §, page) below was looked up by hand: `pdftotext -layout -f P -l P FILE -` per page,
and for 44 § (välfärdsnämnden) and 4 § (ungdomsfullmäktige) by rendering the page with `pdftoppm`
and reading the image. Pages are the PDF's own page numbers (1 = first page of the file), which is
what a PDF viewer shows; the protocols' printed "Sida N" counts from the first § instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from protokoll.ingest.chunking import chunk_protocol
from protokoll.ingest.parse import parse_protocol
from protokoll.ingest.readers import read_document
from protokoll.ingest.records import Protocol
from protokoll.service.facade import Protokollsok, citation_label

from ..conftest import CORPUS, require_corpus

MUNICIPAL = CORPUS / "municipal-pdf"
VALFARD = "valfardsnamnden_protokoll_15_09_2022_18_00_139758.pdf"
PERSONAL = "personalsektionen_protokoll_28_03_2023_15_00_159076.pdf"
UNGDOM = "ungdomsfullmaktige_protokoll_30_01_2023_16_15_153457.pdf"
STADS = "stadsstyrelsen_foredragningslista_26_09_2022_16_30_140208.pdf"

HAND_CHECKED = [  # (file, §, page)
    (VALFARD, "39", 3), (VALFARD, "40", 4), (VALFARD, "42", 6), (VALFARD, "43", 7),
    (VALFARD, "44", 11), (VALFARD, "45", 14), (VALFARD, "47", 17), (VALFARD, "49", 20),
    (PERSONAL, "13", 4), (PERSONAL, "17", 10), (PERSONAL, "20", 18), (PERSONAL, "21", 31),
    (PERSONAL, "24", 43),
    (UNGDOM, "1", 3), (UNGDOM, "4", 6), (UNGDOM, "9", 11),
    (STADS, "189", 4), (STADS, "193", 12), (STADS, "194", 35), (STADS, "202", 56),
]  # fmt: skip

_cache: dict[str, Protocol] = {}


def protocol(name: str) -> Protocol:
    if name not in _cache:
        path = require_corpus(MUNICIPAL) / name
        _cache[name] = parse_protocol(read_document(path), str(path))
    return _cache[name]


@pytest.mark.parametrize("name, number, page", HAND_CHECKED)
def test_chunk_citing_a_paragraph_gives_the_page_it_stands_on(
    name: str, number: str, page: int
) -> None:
    p = protocol(name)
    chunks = [c for c in chunk_protocol(p) if c.section_number == number]
    assert chunks, f"no chunk for § {number} in {name}"
    first = chunks[0]
    assert first.page == page
    assert p.text[first.start : first.end] == first.text
    assert first.text.startswith(f"{number}") or first.text.startswith(f"§ {number}")
    assert citation_label(p, first.section_number, first.section_title, first.page).endswith(
        f"s. {page}"
    )


def test_items_follow_in_order_and_the_table_of_contents_is_not_taken_for_them() -> None:
    p = protocol(VALFARD)
    items = [s for s in p.sections if s.kind == "item"]
    assert [s.number for s in items] == [str(n) for n in range(39, 50)]
    assert all(s.page is not None and s.page >= 3 for s in items)


def test_repeated_page_header_is_not_in_the_text() -> None:
    p = protocol(VALFARD)
    # Every page from 3 on carries "Protokoll  NN §  15.09.2022  Sida / Välfärdsnämnden  N".
    assert "15.09.2022\tSida" not in p.text and "\t15.09.2022\t" not in p.text
    assert p.text.count("Sida") <= 2  # the table of contents' column heading may stay


def test_search_hit_cites_the_page(fresh_app: Protokollsok) -> None:
    path = require_corpus(MUNICIPAL) / UNGDOM
    report = fresh_app.ingest([Path(path)])
    assert not report.failed and len(report.added) == 1
    hits = fresh_app.search("val av vice ordförande i ungdomsfullmäktige", k=5)["results"]
    hit = next(h for h in hits if h["section"]["number"] == "4")
    assert hit["page"] == 6
    assert hit["citation"].endswith("s. 6")
    assert "§ 4" in hit["citation"]
