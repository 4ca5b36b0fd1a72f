"""Decision extraction over real and example protocols, and the hand-marked measurement."""

from __future__ import annotations

import pytest
from protokoll.eval.decisions import evaluate_extraction, load_marked
from protokoll.ingest.extract import decision_context, extract_decisions
from protokoll.ingest.records import EXAMPLE_DECISION, Protocol

from tests.conftest import CORPUS, EXAMPLES, SEEDS, require_corpus
from tests.ingest.extract.protocols import SEED_MEETING, SEED_PRESIDIUM, parse, read


def by_section(p: Protocol) -> dict[str | None, list[str]]:
    out: dict[str | None, list[str]] = {}
    for d in extract_decisions(p):
        out.setdefault(d.section_number, []).append(d.text)
    return out


def test_the_seed_meeting_yields_its_four_decisions_with_items_and_headings() -> None:
    p = read(require_corpus(SEEDS) / SEED_MEETING)
    ds = extract_decisions(p)
    assert [d.section_number for d in ds] == ["2", "7", "7", "9"]
    listed, plan, member, pilot = ds
    assert listed.text == "Protokollet läggs till handlingarna."
    assert listed.outcome == "lagt till handlingarna"
    # The sentence the layout broke over two paragraphs is kept whole.
    assert plan.text.endswith("årshjul/sammanträdesplan\n\nLäns-gemensam ledning 2024")
    assert plan.heading == "Årshjul/Sammanträdesplan Läns-gemensam ledning 2024"
    assert plan.outcome == "bifall"
    assert "Karin Jilkén" in member.text and "Karin Torstensson" in member.text
    assert member.heading == "Byte av deltagare i samordnande grupp"
    assert "samordnare för elevhälsa" in pilot.text and pilot.section_title == "Tillägg i protokoll"
    # "Beslut togs vid detta möte att administrera …" reports how a decision was taken.
    assert not any(d.text.startswith("Beslut togs") for d in ds)
    assert all(d.date is not None and d.date.isoformat() == "2023-09-29" for d in ds)


def test_the_example_decision_record_is_the_seed_meetings_elevhalsa_decision() -> None:
    p = read(require_corpus(SEEDS) / SEED_MEETING)
    assert EXAMPLE_DECISION.text in [d.text for d in extract_decisions(p)]


def test_a_presidiekonferens_that_only_mentions_others_decisions_yields_none() -> None:
    p = read(require_corpus(SEEDS) / SEED_PRESIDIUM)
    assert "beslutats" in p.text  # prose about the fullmäktige decisions
    assert extract_decisions(p) == []
    assert extract_decisions(read(EXAMPLES / "exempel_e.md")) == []


@pytest.mark.parametrize(
    "name", ["exempel_a.txt", "exempel_b.md", "exempel_c.txt", "exempel_d.txt"]
)
def test_offsets_cite_the_decision_text_exactly(name: str) -> None:
    p = read(EXAMPLES / name)
    ds = extract_decisions(p)
    assert ds
    for d in ds:
        assert p.text[d.start : d.end] == d.text
        assert d.protocol_id == p.id and d.body == p.body and d.date == p.date


def test_the_adopted_decision_wins_over_the_proposal() -> None:
    a = read(EXAMPLES / "exempel_a.txt")
    (d47,) = [d for d in extract_decisions(a) if d.section_number == "47"]
    assert d47.text.startswith("Ärendet återremitteras") and d47.outcome == "återremiss"
    assert d47.proposal == "Nämnden antar Elevhälsoplan 2024–2026."
    # "… finner att nämnden beslutar att återremittera" in the motions is not a second decision.
    assert len(by_section(a)["47"]) == 1

    b = read(EXAMPLES / "exempel_b.md")
    (d115,) = [d for d in extract_decisions(b) if d.section_number == "115"]
    assert d115.outcome == "bordläggning" and "bordläggs" in d115.text

    d = read(EXAMPLES / "exempel_d.txt")
    (d60,) = [x for x in extract_decisions(d) if x.section_number == "60"]
    assert d60.outcome == "avslag" and d60.text.startswith("Nämnden beslutar att avslå")
    assert d60.proposal and "beviljar bygglov" in d60.proposal


def test_a_numbered_decision_list_is_one_decision() -> None:
    a = read(EXAMPLES / "exempel_a.txt")
    (d48,) = by_section(a)["48"]
    assert d48.startswith("Nämnden beslutar att:\n1. anta")
    assert d48.endswith("4. planen följs upp i samband med delårsrapporten per augusti.")


def test_decision_points_with_subheadings_split_at_each_heading() -> None:
    c = read(EXAMPLES / "exempel_c.txt")
    ds = [d for d in extract_decisions(c) if d.section_number == "7"]
    assert [d.heading for d in ds] == [
        "Sammanträdesplan 2025",
        "Byte av deltagare i samordnande grupp Äldre",
    ]
    assert "Sofie Lundh" in ds[1].text and "Sofie Lundh" not in ds[0].text


def test_a_past_decision_recounted_in_prose_is_not_a_decision_of_the_meeting() -> None:
    p = parse(
        "Protokoll Direktionen 2024-11-06\n\n"
        "§1. Det ekonomiska läget\n\n"
        "Återhämtningen i ekonomin gick något trögare än väntat. Direktionen beslutade att "
        "sänka styrräntan med 0,25 procentenheter vid förra mötet.\n"
        "Även ECB beslutade i oktober att sänka räntan.\n\n"
        "§2. Penningpolitiska beslut\n\n"
        "Direktionen beslutade\n\n• att sänka styrräntan till 2,75 procent,\n\n"
        "• att publicera protokollet den 18 november 2024.\n\n"
        "Denna paragraf förklarades omedelbart justerad.\n"
    )
    ds = extract_decisions(p)
    assert len(ds) == 1
    assert ds[0].section_number == "2"
    assert ds[0].text.endswith("publicera protokollet den 18 november 2024.")


def test_decisions_quoted_from_an_earlier_treatment_are_not_this_meetings() -> None:
    p = parse(
        "Protokoll Välfärdsnämnden 15.9.2022\n\n"
        "44 § Rekrytering av välfärdschef\n\n"
        "Stadsstyrelsen 5.9.2022, 186 §\n\n"
        "Stadsdirektörens förslag:\nStadsstyrelsen beslutar att lediganslå tjänsten.\n\n"
        "Stadsstyrelsens beslut:\nStadsstyrelsen beslöt att lediganslå tjänsten.\n______\n\n"
        "Välfärdsnämnden 15.9.2022, 44 §\n\n"
        "Bildningsdirektörens förslag:\nAntecknas för kännedom.\n\n"
        "Välfärdsnämndens beslut:\nAntecknades för kännedom.\n______\n"
    )
    ds = extract_decisions(p)
    assert [d.text for d in ds] == ["Antecknades för kännedom."]
    assert ds[0].proposal == "Antecknas för kännedom."


def test_an_agenda_records_no_decisions() -> None:
    p = parse(
        "Föredragningslista Stadsstyrelsen 26.9.2022\n\n"
        "§ 1 Anmälningsärenden\n\nStadsdirektörens förslag:\nAntecknas för kännedom.\n\n"
        "Stadsstyrelsens beslut:\n\n§ 2 Budget\n\nStadsdirektörens förslag:\nGodkänns.\n"
    )
    assert p.kind == "föredragningslista"
    assert extract_decisions(p) == []


def test_minutes_whose_first_item_fixes_the_agenda_record_their_decisions() -> None:
    # "§ 13 Fastställande av föredragningslista" in the head did make minutes an agenda.
    p = parse(
        "Protokoll Patientnämnden 2025-03-14\n\n"
        "## § 13 Fastställande av föredragningslista\n\n### Beslut\n\n"
        "Föredragningslistan fastställs.\n\n"
        "## § 14 Verksamhetsberättelse 2024\n\n### Beslut\n\n"
        "1. Verksamhetsberättelsen för 2024 godkänns.\n"
    )
    assert p.kind == "sammanträde"
    assert any("Verksamhetsberättelsen för 2024 godkänns." in d.text for d in extract_decisions(p))


def test_ids_are_deterministic_and_follow_the_version() -> None:
    p = read(EXAMPLES / "exempel_b.md")
    first = [d.id for d in extract_decisions(p)]
    assert first == [d.id for d in extract_decisions(read(EXAMPLES / "exempel_b.md"))]
    changed = parse(p.text.replace("450 000 kronor", "475 000 kronor"), "exempel_b.md")
    assert set(first).isdisjoint(d.id for d in extract_decisions(changed))


def test_the_embedded_context_carries_the_item_and_the_proposal_it_refers_to() -> None:
    p = parse(
        "Protokoll Nämnden 2024-01-10\n\n§ 5 Mötestider 2024\n\n"
        "Förslag till beslut: Nämnden sammanträder första torsdagen varje månad.\n\n"
        "Beslut: Enligt förslag.\n"
    )
    (d,) = extract_decisions(p)
    assert d.text == "Enligt förslag."
    assert d.outcome == "bifall"
    ctx = decision_context(d)
    assert "Mötestider 2024" in ctx and "första torsdagen" in ctx


def test_extraction_against_the_hand_marked_decisions() -> None:
    """The measured figures (docs/quality.md): over every marked protocol present here."""
    require_corpus(SEEDS)
    marked = load_marked()
    result = evaluate_extraction(read, marked, CORPUS)
    assert result["protocols"] >= 5
    assert result["marked"] >= 40
    assert result["precision"] >= 0.95, result["per_protocol"]
    assert result["recall"] >= 0.95, result["per_protocol"]
    assert result["exact_bounds"] >= 0.95
    text_only = [m for m in marked if not m.source.endswith(".pdf")]
    clean = evaluate_extraction(read, text_only, CORPUS)
    assert clean["precision"] == 1.0 and clean["recall"] == 1.0
    assert clean["outcome_accuracy"] == 1.0


def test_a_committee_reports_proposal_is_one_decision_per_point_with_its_title() -> None:
    """Under "Utskottets förslag till riksdagsbeslut" each point's "Riksdagen …" is a decision,
    with the point's title as its heading; a reservation's alternative proposal is none."""
    text = (
        "Betänkande 2019/20:FöU8 Försvarsmaktens personal\n\n"
        "Utskottets förslag till riksdagsbeslut\n\n"
        "1.\n\nUtveckla och behålla personal\n\nRiksdagen avslår motion\n\n"
        "2019/20:2736 av Beatrice Ask m.fl. (M) yrkandena 1 och 4.\n\nReservation 1 (M)\n\n"
        "2.\n\nVeteranfrågor\n\nRiksdagen ställer sig bakom det som utskottet anför om "
        "veteraner och tillkännager detta för regeringen.\n\n"
        "Stockholm den 6 februari 2020\n\nPå försvarsutskottets vägnar\n\nPål Jonson\n\n"
        "Reservationer\n\nVeteranfrågor, punkt 2 (SD)\n\nav Roger Richthoff (SD).\n\n"
        "Förslag till riksdagsbeslut\n\nRiksdagen avslår motionen.\n"
    )
    p = parse(text)
    points = [(d.heading, d.text) for d in extract_decisions(p)]
    assert points == [
        ("Utveckla och behålla personal",
         "Riksdagen avslår motion\n\n2019/20:2736 av Beatrice Ask m.fl. (M) yrkandena 1 och 4."),
        ("Veteranfrågor", "Riksdagen ställer sig bakom det som utskottet anför om veteraner och "
                          "tillkännager detta för regeringen."),
    ]  # fmt: skip
    assert all(p.text[d.start : d.end] == d.text for d in extract_decisions(p))


def test_an_organ_named_with_small_letters_after_its_first_word_labels_its_decision() -> None:
    p = parse(
        "Protokoll Miljö- och byggnämnden 2024-09-11\n\n"
        "§ 84 Medborgarförslag om höns i villaområden\n\n"
        "Ärendebeskrivning\nLinnea Bergman har i ett medborgarförslag föreslagit att det ska "
        "bli tillåtet att hålla höns i villaområden.\n\n"
        "Miljö- och byggnämndens beslut\n1. Medborgarförslaget avslås.\n"
        "2. Förvaltningen får i uppdrag att se över de lokala hälsoskyddsföreskrifterna.\n"
    )
    assert by_section(p)["84"] == [
        "1. Medborgarförslaget avslås.\n"
        "2. Förvaltningen får i uppdrag att se över de lokala hälsoskyddsföreskrifterna."
    ]


def test_a_decision_ends_where_its_dispatch_list_begins() -> None:
    p = parse(
        "Protokoll Tekniska nämnden 2025-03-18\n\n"
        "§ 12 Taxa för upplåtelse av offentlig plats\n\n"
        "Nämndens beslut\nNämnden föreslår kommunfullmäktige att anta den reviderade taxan.\n"
        "Expedieras\nKommunfullmäktige\nEkonomikontoret\n"
    )
    assert by_section(p)["12"] == [
        "Nämnden föreslår kommunfullmäktige att anta den reviderade taxan."
    ]
