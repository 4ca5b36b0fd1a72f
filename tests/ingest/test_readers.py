from pathlib import Path

import pytest
from protokoll.ingest.errors import ReadError, UnsupportedFormat
from protokoll.ingest.readers import read_document

TEXT = (
    "Protokoll Kultur- och fritidsnämnden 2024-02-01\n\n§ 3 Bidrag till föreningar\n\n"
    "Beslut: Nämnden beviljar bidraget.\n"
)


def test_utf8_with_bom_is_read_without_the_bom(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    doc = read_document(f)
    assert doc.text.startswith("Protokoll Kultur- och fritidsnämnden")
    assert doc.encoding == "utf-8-sig"


def test_windows_1252_keeps_swedish_letters(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes((TEXT + "Åsa Öberg – ordförande\n").encode("cp1252"))
    doc = read_document(f)
    assert "Åsa Öberg – ordförande" in doc.text
    assert "fritidsnämnden" in doc.text
    assert doc.encoding == "cp1252"


def test_crlf_and_decomposed_letters_are_normalised(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes(TEXT.replace("\n", "\r\n").replace("ä", "a\u0308").encode("utf-8"))
    doc = read_document(f)
    assert "\r" not in doc.text
    assert "nämnden" in doc.text


@pytest.mark.parametrize(
    "name, content, fragment",
    [
        ("tom.txt", b"", "tom"),
        ("binar.txt", b"\x00\x01\x02" * 100, "binär"),
        ("kort.txt", b"hej", "nästan ingen text"),
    ],
)
def test_bad_text_files_raise_an_error_naming_the_file(
    tmp_path: Path, name: str, content: bytes, fragment: str
) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    with pytest.raises(ReadError) as err:
        read_document(f)
    assert name in str(err.value)
    assert fragment in str(err.value)


def test_unknown_file_type_is_refused_by_name(tmp_path: Path) -> None:
    f = tmp_path / "konstig.xyz"
    f.write_text("hej")
    with pytest.raises(UnsupportedFormat) as err:
        read_document(f)
    assert "konstig.xyz" in str(err.value)


def test_a_markdown_tables_rows_read_as_labels_name_lists_and_figures(tmp_path: Path) -> None:
    # A head in a table reads as the municipal template's labels, a member table as a list of
    # names, and a table of figures keeps its cells apart as written.
    path = tmp_path / "ktn-2024-11-20.md"
    path.write_text(
        "# Protokoll\n\n| | |\n|---|---|\n| **Plats och tid** | Regionens hus, Granhamn |\n\n"
        "| Namn | Parti | Uppdrag |\n|---|---|---|\n| Cecilia Wahlund | M | ordförande |\n\n"
        "| Kommun | Andel | Bidrag |\n|---|---|---|\n| Hällbo kommun | 30,5 % | 27 023 tkr |\n\n"
        "| Namn | Titel | Närvarande vid |\n|---|---|---|\n| Anna Wester | VD | §§ 31–44 |\n",
        encoding="utf-8",
    )
    text = read_document(path).text
    assert "Plats och tid: Regionens hus, Granhamn\n" in text
    assert "Cecilia Wahlund\tM\tordförande\n" in text
    # The items someone was present for are no figures: the row lists a name.
    assert "Anna Wester\tVD\t§§ 31–44" in text
    assert "Hällbo kommun | 30,5 % | 27 023 tkr\n" in text
    assert "---" not in text


ROLL_CALL_HTML = (
    "<html><body><h2>§ 45 Fjärrvärmepriser 2025</h2><h3>Omröstning</h3><table>"
    "<tr><th>Ledamot</th><th>Ja</th><th>Nej</th><th>Avstår</th></tr>"
    "<tr><td>Bengt Sandell (S)</td><td>X</td><td></td><td></td></tr>"
    "<tr><td>Maja Eriksson (SD)</td><td></td><td>X</td><td></td></tr>"
    "<tr><td>Rasmus Holmgren (C)</td><td></td><td> </td><td>X</td></tr>"
    "</table></body></html>"
)
ROLL_CALL_MARKDOWN = (
    "## § 45 Fjärrvärmepriser 2025\n\n### Omröstning\n\n| Ledamot | Ja | Nej | Avstår |\n"
    "|---|---|---|---|\n| Bengt Sandell (S) | X | | |\n| Maja Eriksson (SD) | | X | |\n"
    "| Rasmus Holmgren (C) | | | X |\n"
)


@pytest.mark.parametrize(
    "name, content", [("styrelse.html", ROLL_CALL_HTML), ("styrelse.md", ROLL_CALL_MARKDOWN)]
)
def test_a_roll_calls_mark_stays_under_its_column(tmp_path: Path, name: str, content: str) -> None:
    # Empty cells inside a row stay empty columns, as in Word, so that the "X" of a member who
    # voted no is not read as a yes; empty cells at a row's end go.
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    lines = read_document(path).text.splitlines()
    assert "Ledamot\tJa\tNej\tAvstår" in lines
    assert "Bengt Sandell (S)\tX" in lines
    assert "Maja Eriksson (SD)\t\tX" in lines
    assert "Rasmus Holmgren (C)\t\t\tX" in lines
