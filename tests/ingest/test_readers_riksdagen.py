"""Riksdagen open data (`dokumentstatus` JSON): text from its HTML, metadata from its fields."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from protokoll.ingest.errors import ReadError
from protokoll.ingest.parse import parse_protocol
from protokoll.ingest.readers import read_document

from ..conftest import CORPUS, require_corpus

HTML = (
    "<style>p{}</style><div><h1>Skatteutskottets betänkande</h1><p>2019/20:SkU9</p>"
    "<h2>Utskottets förslag till riksdagsbeslut</h2>"
    "<p>Riksdagen avslår motionerna.</p>"
    "<p>Stockholm den 5 december 2019</p><p>På skatteutskottets vägnar</p><p>Per Åsling</p>"
    "<p>Följande ledamöter har deltagit i beslutet: Per Åsling (C), Jörgen Hellman (S), "
    "Helena Bouveng (M) och Dennis Dioukarev (SD).</p></div>"
)


def _write(tmp_path: Path, doc: dict[str, object]) -> Path:
    f = tmp_path / "bet.json"
    f.write_text(json.dumps({"dokumentstatus": {"dokument": doc}}), encoding="utf-8")
    return f


def test_metadata_comes_from_the_json_and_wins_over_the_text(tmp_path: Path) -> None:
    f = _write(
        tmp_path,
        {"typrubrik": "Betänkande 2019/20:SkU9", "titel": "Skatteförfarande", "organ": "SkU",
         "datum": "2019-12-05 00:00:00", "doktyp": "bet", "html": HTML},
    )  # fmt: skip
    doc = read_document(f)
    assert doc.metadata["body"] == "Skatteutskottet"
    p = parse_protocol(doc, str(f))
    assert p.title == "Betänkande 2019/20:SkU9 Skatteförfarande"
    assert p.date == date(2019, 12, 5)
    assert p.body == "Skatteutskottet"
    assert p.kind == "betänkande"
    assert "color" not in p.text and "p{}" not in p.text
    headings = [s.title for s in p.sections]
    assert "Utskottets förslag till riksdagsbeslut" in headings
    people = {x.name: x for x in p.attendance}
    assert set(people) == {"Per Åsling", "Jörgen Hellman", "Helena Bouveng", "Dennis Dioukarev"}
    assert people["Helena Bouveng"].organisation == "M"
    assert people["Per Åsling"].role == "följande ledamöter har deltagit i beslutet"
    for person in p.attendance:
        assert p.text[person.start : person.end] == person.name


@pytest.mark.parametrize(
    "content, fragment",
    [
        ('{"name": "inte riksdagen"}', "okänt JSON-format"),
        ("{trasig json", "ogiltig JSON"),
        ('{"dokumentstatus": {"dokument": {"html": ""}}}', "saknar text"),
    ],
)
def test_other_json_is_refused_by_name(tmp_path: Path, content: str, fragment: str) -> None:
    f = tmp_path / "annat.json"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read_document(f)
    assert "annat.json" in str(err.value) and fragment in str(err.value)


def test_real_betankande_reads_with_committee_and_participants() -> None:
    folder = require_corpus(CORPUS / "riksdagen-betankanden")
    f = folder / "h601au1.json"
    p = parse_protocol(read_document(f), str(f))
    assert p.body == "Arbetsmarknadsutskottet"
    assert p.date == date(2018, 12, 17)
    assert p.title.startswith("Betänkande 2018/19:AU1 Utgiftsområde 13")
    assert "Anna Johansson" in {x.name for x in p.attendance}
    assert "<" not in p.text[:2000]


def test_a_word_broken_at_a_printed_lines_end_is_read_whole(tmp_path: Path) -> None:
    # Riksdagen's text keeps the printed report's line-end hyphens, some as a span of their own.
    html = (
        "<p><span>Totalt fördelades 199 miljoner kronor för sommarlovsakti</span><span>-</span>"
        "<span>viteter och </span><span>den offentliga verk-samheten, enligt Ann</span>"
        "<span>-</span><span>Britt Åsebol. Skatte-verket och icke-statliga EU-rättsakter.</span>"
        "</p><p>Sommarlovsaktiviteter ingår i verksamheten, som Skatteverket följer.</p>"
    )
    f = _write(
        tmp_path,
        {
            "typrubrik": "Betänkande 2018/19:KrU8",
            "titel": "Barn och unga",
            "organ": "KrU",
            "datum": "2019-02-22",
            "doktyp": "bet",
            "html": html,
        },
    )
    text = read_document(f).text
    assert "för sommarlovsaktiviteter och den offentliga verksamheten" in text
    assert "Skatteverket och" in text
    # A word the document never writes whole keeps its hyphen, as does one after an acronym or
    # before a capital.
    assert "icke-statliga" in text and "EU-rättsakter" in text and "Ann-Britt" in text
