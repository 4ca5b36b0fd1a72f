from datetime import date
from pathlib import Path

import pytest
from protokoll.ingest.parse import parse_protocol
from protokoll.ingest.readers import read_document
from protokoll.ingest.readers.base import RawDocument, normalise_text
from protokoll.ingest.records import Protocol

from ..conftest import EXAMPLES, SEEDS, require_corpus


def parse_file(path: Path) -> Protocol:
    return parse_protocol(read_document(path), str(path.resolve()))


def parse_text(text: str) -> Protocol:
    return parse_protocol(RawDocument(normalise_text(text), "text"), "/tmp/x.txt")


def items(p: Protocol) -> list[tuple[str | None, str]]:
    return [(s.number, s.title) for s in p.sections if s.kind == "item"]


def seed(prefix: str) -> Protocol:
    require_corpus()
    return parse_file(next(SEEDS.glob(f"{prefix}_*")))


def test_seed_dates_come_from_the_text_not_the_file_name() -> None:
    assert seed("000").date == date(2023, 9, 29)
    assert seed("003").date == date(2023, 10, 13)  # written "231013" in the title


def test_seed_items_are_numbered_one_to_nine_and_lists_inside_are_not_items() -> None:
    p = seed("000")
    items = [s for s in p.sections if s.kind == "item"]
    assert [s.number for s in items] == [str(n) for n in range(1, 10)]
    assert items[6].title == "Beslutspunkter"
    # item 4 holds a list "1. Vad är gemensam primärvård?" that must stay inside item 4
    assert all("Vad är gemensam" not in s.title for s in p.sections)


def test_unnumbered_headings_become_sections_and_tab_lists_become_people() -> None:
    p = seed("003")
    assert p.kind == "presidiekonferens"
    assert p.body == "Läns-gemensam ledning i samverkan"
    titles = [s.title for s in p.sections]
    assert "Intensiv kontextuell behandling (IKB)" in titles
    people = {x.name: x for x in p.attendance}
    assert people["Johanna Fors"].organisation == "Torsås kommun"
    assert people["Ulf Strömberg"].role == "övriga deltagare"
    assert len(p.attendance) >= 80


def test_attendance_offsets_point_at_the_names() -> None:
    p = seed("000")
    assert p.attendance
    for person in p.attendance:
        assert p.text[person.start : person.end] == person.name


@pytest.mark.parametrize(
    "name, when, body, first_item",
    [
        (
            "exempel_a.txt",
            date(2024, 3, 14),
            "Barn- och utbildningsnämnden, Sjöviks kommun",  # the letterhead's municipality
            "45",
        ),
        ("exempel_b.md", date(2024, 5, 2), "Kommunstyrelsen, Ekbacka kommun", "112"),
        (
            "exempel_c.txt",
            date(2024, 4, 11),
            "Regional ledningsgrupp för hälsa, vård och omsorg",
            "1",
        ),
        ("exempel_d.txt", date(2024, 6, 6), "Miljö- och byggnämnden, Granlunda kommun", "58"),
    ],
)
def test_example_protocols_parse(name: str, when: date, body: str, first_item: str) -> None:
    p = parse_file(EXAMPLES / name)
    assert p.date == when
    assert p.body == body
    items = [s for s in p.sections if s.kind == "item"]
    assert items[0].number == first_item
    numbers = [int(s.number) for s in items if s.number]
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def test_paragraph_references_in_running_text_are_not_items() -> None:
    p = parse_text(
        "Protokoll Kulturnämnden 2024-01-10\n\n§ 1 Öppnande\n\nOrdföranden öppnar.\n\n"
        "§ 2 Bidrag\n\nÄrendet hänger ihop med\n§ 1 ovan och beslutas.\n\n"
        "§ 3 Avslutning\n\nMötet avslutas.\n"
    )
    assert [s.number for s in p.sections if s.kind == "item"] == ["1", "2", "3"]


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Protokoll Socialnämnden 29 september 2023", date(2023, 9, 29)),
        ("Sammanträdesprotokoll Kommunfullmäktige 15.09.2022", date(2022, 9, 15)),
        ("Protokoll styrelsen 230512", date(2023, 5, 12)),
        ("Protokoll fört vid sammanträde med tekniska nämnden den 3 mars 2021", date(2021, 3, 3)),
    ],
)
def test_date_formats_seen_in_protocols(title: str, expected: date) -> None:
    assert parse_text(f"{title}\n\n1. Öppnande\n\nText.\n\n2. Avslut\n\nText.\n").date == expected


@pytest.mark.parametrize(
    ("line", "place"),
    [
        ("Plats: Kommunhuset, sal Tallen, kl. 08.30–11.45", "Kommunhuset, sal Tallen"),
        ("Sammanträdesplats\tStadshuset, Topeliusesplanaden 7", "Stadshuset, Topeliusesplanaden 7"),
        ("Sammanträdesplats Stadshuset, stadsstyrelsens rum", "Stadshuset, stadsstyrelsens rum"),
        ("Plats och tid Stadshuset, kl 13.00–15.10", "Stadshuset"),
        ("Plats    Biblioteket", "Biblioteket"),
        ("Plats för anteckningar", None),  # a common word opening a sentence is no label
    ],
)
def test_the_meeting_place_comes_from_a_label_with_a_colon_or_in_two_columns(
    line: str, place: str | None
) -> None:
    text = f"Protokoll Kulturnämnden 2023-03-28\n\n{line}\n\n§ 1 Öppnande\n\nText.\n"
    assert parse_text(text).place == place


def test_ids_are_stable_for_a_source_and_versions_follow_content() -> None:
    a = parse_protocol(RawDocument("Protokoll A 2024-01-01\n\ntext ett\n", "text"), "/x/a.txt")
    b = parse_protocol(RawDocument("Protokoll A 2024-01-01\n\ntext två\n", "text"), "/x/a.txt")
    assert a.id == b.id and a.version != b.version


REPORT = """Socialutskottets betänkande 2018/19:SoU11

Vaccination mot HPV

Utskottets förslag till riksdagsbeslut

Riksdagen avslår motionerna

2018/19:683 av Heléne Björklund (S) yrkande 2,

2018/19:862 av Edward Riedl (M).

Riksdagen antar regeringens förslag till

lag om ändring i smittskyddslagen.

Ställningstagande

Utskottet anser att motionerna inte bör bifallas.
"""


def test_a_decision_line_above_the_list_it_decides_on_is_content_not_a_heading() -> None:
    p = parse_text(REPORT)
    titles = [s.title for s in p.sections]
    assert "Utskottets förslag till riksdagsbeslut" in titles
    assert "Ställningstagande" in titles
    assert "Riksdagen avslår motionerna" not in titles
    assert "Riksdagen antar regeringens förslag till" not in titles
    (section,) = [s for s in p.sections if s.title == "Utskottets förslag till riksdagsbeslut"]
    body = p.text[section.start : section.end]
    assert "Riksdagen avslår motionerna" in body and "lag om ändring i smittskyddslagen" in body


def test_an_attendance_list_ends_where_the_prose_under_it_begins() -> None:
    # A report: the names on one line, then the committee's reasoning under headings of its own.
    report = parse_text(
        "Betänkande 2018/19:SkU99 Ändrade skatteregler\n\n"
        "Utskottets förslag till riksdagsbeslut\n\n"
        "1. Lag om ändring i inkomstskattelagen\n\n"
        "2. Lag om ändring i skatteförfarandelagen\n\n"
        "Följande ledamöter har deltagit i beslutet: Anna Ek (S), Bo Berg (M) och "
        "Cecilia Dahl (V).\n\n"
        "Redogörelse för ärendet\n\n"
        "Ärendet och dess beredning\n\n"
        "I betänkandet behandlar utskottet regeringens proposition om ändrade skatteregler.\n\n"
        "Utskottets ställningstagande\n\n"
        "Utskottet anser att reglerna bör ändras så som regeringen föreslår i propositionen.\n"
    )
    assert [p.name for p in report.attendance] == ["Anna Ek", "Bo Berg", "Cecilia Dahl"]
    kinds = {s.title: s.kind for s in report.sections}
    assert kinds["Följande ledamöter har deltagit i beslutet"] == "attendance"
    assert kinds["Redogörelse för ärendet"] == kinds["Utskottets ställningstagande"] == "heading"
    reasoning = report.text.index("Utskottet anser")
    assert next(s for s in report.sections if s.start <= reasoning < s.end).kind == "heading"

    # Minutes: a list of those present, one per line, then what was noted at the meeting.
    minutes = parse_text(
        "Protokoll från direktionens möte\n\n"
        "NÄRVARANDE: Eva Lund, ordförande\nPer Holm\nLisa Strand, vice ordförande\n\n"
        "Det noterades att Per Holm och Lisa Strand skulle sammanställa utkastet till "
        "protokoll.\n\n"
        "§ 1. Den ekonomiska utvecklingen\n\nInflationen har sjunkit.\n"
    )
    assert [p.name for p in minutes.attendance] == ["Eva Lund", "Per Holm", "Lisa Strand"]
    noted = minutes.text.index("Det noterades")
    section = next(s for s in minutes.sections if s.start <= noted < s.end)
    assert section.kind == "preamble"


def test_items_are_the_longest_rising_run_so_a_table_of_contents_does_not_hide_them() -> None:
    # A scanned agenda: one line of its table of contents kept a real "§" and an OCR'd page
    # number; the items themselves follow, numbered from a lower number.
    p = parse_text(
        "Föredragningslista 16/2022 Stadsstyrelsen\n\n"
        "Ärenden som skall behandlas Sida\n"
        "200 § Samkommunstämmor 2022 mms 51\n\n"
        "188 §\nSammanträdets laglighet och beslutförhet\n\nOrdföranden öppnar sammanträdet.\n\n"
        "189 § Val av protokolljusterare\n\nTill justerare utses Anna Ek.\n\n"
        "190 § Godkännande av föredragningslistan\n\nFöredragningslistan godkänns.\n"
    )
    assert items(p) == [
        ("188", "Sammanträdets laglighet och beslutförhet"),
        ("189", "Val av protokolljusterare"),
        ("190", "Godkännande av föredragningslistan"),
    ]


def test_lettered_items_follow_their_number() -> None:
    p = parse_text(
        "Penningpolitiskt protokoll 2024-06-26\n\n§3a. Den ekonomiska utvecklingen\n\nText.\n\n"
        "§3b. Det ekonomiska läget och penningpolitiken\n\nText.\n\n§4. Penningpolitiska beslut\n"
    )
    assert [number for number, _ in items(p)] == ["3a", "3b", "4"]


def test_a_scanned_item_whose_paragraph_sign_became_an_eight_fills_its_gap() -> None:
    p = parse_text(
        "Protokoll 5/2022 Välfärdsnämnden\n\n"
        "46 § Utdelningsgrunder\n\nNämnden godkänner utdelningsgrunderna.\n\n"
        "478 Mötestider 2022\n\nNämnden fastställer mötestiderna för hösten.\n\n"
        "2018 var ett år med många möten.\n\n"
        "48 § Budgetuppföljning\n\nBudgetuppföljningen antecknas.\n"
    )
    assert items(p) == [
        ("46", "Utdelningsgrunder"),
        ("47", "Mötestider 2022"),
        ("48", "Budgetuppföljning"),
    ]


def test_a_list_entry_with_a_long_note_does_not_end_the_list() -> None:
    p = parse_text(
        # A PDF's text layer may keep a blank line between the entries.
        "Protokoll Kommunstyrelsen 2024-05-02\n\nBeslutande\n\n"
        "Anna Ek (S), ordförande, deltog inte i beslutet under § 5 på grund av jäv.\n\n"
        "Bo Berg (M)\n\nCecilia Dahl (V)\n\n§ 1 Val av justerare\n\nBo Berg utses.\n"
    )
    assert [x.name for x in p.attendance] == ["Anna Ek", "Bo Berg", "Cecilia Dahl"]


# The head of a scanned agenda as OCR reads it: the town, the document, label and value apart.
SCANNED_FORM = (
    "NYKARLEBY\nFöredragningslista 16/2022\nOrgan Stadsstyrelsen\n"
    "Sammanträdestid 26.09.2022 kl. 16:30\n\n188 § Val av protokolljusterare\n\nText.\n"
)


def test_a_scanned_form_keeps_one_space_between_the_organ_label_and_its_name() -> None:
    p = parse_text(SCANNED_FORM)
    assert p.body == "Stadsstyrelsen"
    running = parse_text("Protokoll 2024-01-01\n\nOrgan för samverkan inrättas.\n\n§ 1 Budget\n")
    assert running.body != "för samverkan inrättas"


def test_a_letterhead_above_the_line_naming_the_document_is_not_its_title() -> None:
    # A scanned agenda opens with the OCR'd logo and the town's name; the title is the line
    # that says what the document is.
    p = parse_text("KORT mm\n\n" + SCANNED_FORM)
    assert p.title == "Föredragningslista 16/2022 Stadsstyrelsen"
    # A first line that names the document stays the title, whatever follows it.
    kept = parse_text("Penningpolitiskt protokoll\n\nProtokoll från mötet den 3 juli 2017\n")
    assert kept.title == "Penningpolitiskt protokoll"
    # With no line naming a kind of document near the top, the first line is the title.
    plain = parse_text("Kalmar kommun\nKommunstyrelsen 2024-03-05\n\n§ 1 Budget\n\nText.\n")
    assert plain.title == "Kalmar kommun"


@pytest.mark.parametrize(
    "head",
    [
        "§ 24 Dnr KS 2023/530\nNy förskola i Norrby",
        "§ 24\tKS 2023/530\nNy förskola i Norrby",
        "§ 24\nDnr: 2023.530\nNy förskola i Norrby",
        "§ 24\nNy förskola i Norrby\nDnr KS 2023/530",
        "§ 24   BMN 2023/530   Ny förskola i Norrby",
    ],
)
def test_an_items_case_number_is_not_its_title(head: str) -> None:
    # The municipal template writes the diarienummer beside "§ 24" and the title below it.
    p = parse_text(
        "Protokoll Kommunfullmäktige 2024-03-18\n\n§ 23 Val av justerare\n\nText.\n\n"
        f"{head}\n\nEn förskola med sex avdelningar byggs i Norrby.\n"
    )
    assert items(p) == [("23", "Val av justerare"), ("24", "Ny förskola i Norrby")]


def test_a_title_with_a_year_span_is_still_a_title() -> None:
    p = parse_text("Protokoll Kommunstyrelsen 2024-05-02\n\n§ 7 Budget 2024/25\n\nText.\n")
    assert items(p) == [("7", "Budget 2024/25")]
