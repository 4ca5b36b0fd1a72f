"""HTML reader: readable lines from headings and paragraphs; scripts, styles and chrome gone."""

from __future__ import annotations

from pathlib import Path

import pytest
from protokoll.ingest.errors import ReadError
from protokoll.ingest.parse import parse_protocol
from protokoll.ingest.readers import read_document

PAGE = """<!DOCTYPE html>
<html><head><meta charset="windows-1252"><title>Kommunen</title>
<style>p { color: red }</style><script>var meny = "Startsida";</script></head>
<body><nav><a href="/">Startsida</a> <a href="/om">Om kommunen</a></nav>
<header>Ekbacka kommun – sök</header>
<main>
<h1>Protokoll Byggnadsnämnden 2024-05-02</h1>
<h2>Närvarande</h2>
<table><tr><td>Göran Ekström</td><td>ordförande</td></tr>
<tr><td>Linnéa Strand</td><td>ledamot</td></tr></table>
<h2>§ 7 Bygglov för förskola</h2>
<p>Ansökan gäller en förskola<br>vid Hamnängen &amp; skolgården.</p>
<h2>§ 8 Övrigt</h2><p>Inget att rapportera.</p>
</main>
<footer>© Ekbacka kommun</footer></body></html>
"""


def test_html_keeps_headings_and_paragraphs_and_drops_chrome(tmp_path: Path) -> None:
    f = tmp_path / "bygg.html"
    f.write_bytes(PAGE.encode("cp1252"))
    doc = read_document(f)
    assert doc.encoding == "windows-1252"
    for gone in ("Startsida", "color: red", "Ekbacka kommun – sök", "©"):
        assert gone not in doc.text
    assert "Protokoll Byggnadsnämnden 2024-05-02\n" in doc.text
    assert "Göran Ekström\tordförande" in doc.text
    assert "Ansökan gäller en förskola\nvid Hamnängen & skolgården." in doc.text
    p = parse_protocol(doc, str(f))
    assert [s.number for s in p.sections if s.kind == "item"] == ["7", "8"]
    assert p.title == "Protokoll Byggnadsnämnden 2024-05-02"


def test_a_breadcrumb_trail_outside_a_nav_is_no_title(tmp_path: Path) -> None:
    f = tmp_path / "direktionen.html"
    f.write_text(
        '<html><body><div class="sidhuvud"><p><a href="/">Skogsbygdens förbund</a> &rsaquo; '
        '<a href="/politik">Politik och beslut</a> &rsaquo; Direktionen &rsaquo; Protokoll</p>'
        "</div><h1>Protokoll Direktionen 2023-10-12</h1><h2>§ 43 Budget 2024</h2>"
        "<p>Direktionen fastställer budgeten för 2024.</p></body></html>",
        encoding="utf-8",
    )
    p = parse_protocol(read_document(f), str(f))
    assert p.title == "Protokoll Direktionen 2023-10-12"
    assert "Politik och beslut" not in p.text


@pytest.mark.parametrize(
    "name, content",
    [
        ("tom.html", b""),
        ("bara-skript.html", b"<html><head><script>alert(1)</script></head><body> </body></html>"),
    ],
)
def test_html_without_text_is_refused_by_name(tmp_path: Path, name: str, content: bytes) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    with pytest.raises(ReadError) as err:
        read_document(f)
    assert name in str(err.value)
