"""What is read from an association's minutes: the organisation (not the kind of meeting) as the
body, the posts beside the names of those present, and every election the meeting made."""

from __future__ import annotations

from protokoll.ingest.extract import extract_decisions, extract_facts
from protokoll.ingest.extract.units import sentence_spans
from protokoll.ingest.records import Fact, Protocol

from .association_protocols import (
    ANNUAL_MEETING,
    BOARD_MEETING,
    COMPANY_BOARD,
    COUNCIL,
    WORKING_GROUP_NOTES,
)
from .test_parse import parse_text


def _facts(p: Protocol, kind: str) -> list[tuple[str, str | None]]:
    return [(f.subject, f.value) for f in extract_facts(p) if f.kind == kind]


def test_the_body_is_the_organisation_the_meeting_was_held_in() -> None:
    assert parse_text(ANNUAL_MEETING).body == "Hällby IF"
    assert parse_text(BOARD_MEETING).body == "Brf Lönnen 12"


def test_posts_in_brackets_beside_those_present_are_kept() -> None:
    present = dict(_facts(parse_text(BOARD_MEETING), "attendance"))
    assert present["Mattias Lund"] == "kassör"
    assert present["Lisa Ström"] == "suppleant"
    assert (present["Eva Nyqvist"] or "").startswith("förvaltare från Fastum Förvaltning AB")


def test_a_re_election_is_an_appointment() -> None:
    elected = _facts(parse_text(ANNUAL_MEETING), "appointment")
    assert ("Birgitta Sundin", "föreningens ordförande") in elected


def test_two_people_elected_to_two_posts_in_one_sentence_each_get_their_own() -> None:
    # "Årsmötet valde Lars Eklund till mötesordförande och Maria Ek till mötessekreterare."
    elected = _facts(parse_text(ANNUAL_MEETING), "appointment")
    assert ("Lars Eklund", "mötesordförande") in elected
    assert ("Maria Ek", "mötessekreterare") in elected


def test_a_note_in_brackets_after_a_name_does_not_end_the_list_of_those_elected() -> None:
    # "… valdes Gunnar Blom (omval) och Sara Persson (nyval)", "Kent Olsson (sammankallande) och
    # Helena Roos".
    elected = _facts(parse_text(ANNUAL_MEETING), "appointment")
    assert ("Sara Persson", "styrelseledamöter") in elected
    assert ("Helena Roos", "valberedning") in elected


def test_the_term_of_office_is_not_part_of_the_post() -> None:
    elected: list[Fact] = [
        f for f in extract_facts(parse_text(ANNUAL_MEETING)) if f.kind == "appointment"
    ]
    assert all("för ett år" not in (f.value or "") for f in elected)


def test_a_count_with_an_adjective_before_its_noun_is_a_number_fact() -> None:
    counted = _facts(parse_text(ANNUAL_MEETING), "number")
    assert ("aktiva barn", "268") in counted and ("medlemmar", "412") in counted


def test_a_period_of_years_before_a_verb_is_no_count() -> None:
    p = parse_text(
        "Protokoll 2024-01-10\n\n§ 1 Uppdrag\n"
        "Myndigheten ska under perioden 2017–2019 stödja kommuner i arbetet.\n"
    )
    assert _facts(p, "number") == []


def test_the_annual_meeting_records_what_it_approved_and_decided_as_it_proposed() -> None:
    decided = {d.section_number: d.text for d in extract_decisions(parse_text(ANNUAL_MEETING))}
    assert decided["9"] == "Årsmötet beviljade styrelsen ansvarsfrihet för verksamhetsåret 2023."
    # "… Årsmötet beslutade enligt styrelsens förslag." stands for the paragraph it ends.
    assert decided["16"].startswith("En motion från Kent Olsson om en konstgräsplan")
    assert decided["16"].endswith("Årsmötet beslutade enligt styrelsens förslag.")


def test_another_body_approving_something_is_no_decision_of_the_meeting() -> None:
    p = parse_text(
        "Protokoll Kommunstyrelsen 2024-04-02\n\n§ 12 Plan för bredband\n"
        "Kommunfullmäktige antog 2019 en plan för bredband på landsbygden. Regeringen beviljade"
        " stöd till utbyggnaden.\n"
    )
    assert extract_decisions(p) == []


def test_a_company_board_is_named_without_its_registration_number() -> None:
    p = parse_text(
        "Protokoll fört vid styrelsesammanträde i Sjöviks Bostäder AB (org.nr 556123-4567)\n\n"
        "Tid: Torsdagen den 16 maj 2024 kl. 13.00–15.30\n\n§ 1 Sammanträdets öppnande\n"
        "Ordföranden öppnade sammanträdet.\n"
    )
    assert p.body == "Sjöviks Bostäder AB" and p.kind == "styrelsesammanträde"


def test_a_company_board_lists_its_deputies_apart_from_its_members() -> None:
    present = [
        (f.subject, f.detail)
        for f in extract_facts(parse_text(COMPANY_BOARD))
        if f.kind == "attendance"
    ]
    assert ("Kjell Ek", "närvarande suppleanter") in present
    assert ("Hassan Ali", "närvarande ledamöter") in present


def test_a_compound_of_a_counted_noun_is_counted_but_percentage_points_are_not() -> None:
    counted = _facts(parse_text(COMPANY_BOARD), "number")
    assert ("hyreslägenheter", "64") in counted
    p = parse_text("Protokoll 2024-02-01\n\n§ 2 Räntan\nRäntan höjdes med 0,25 procentenheter.\n")
    assert _facts(p, "number") == []


def test_an_abbreviation_such_as_kv_does_not_end_a_sentence() -> None:
    text = parse_text(COMPANY_BOARD).text
    sentences = [text[a:b] for a, b in sentence_spans(text)]
    assert "Linda Holm informerade om projektet med 64 hyreslägenheter i kv. Tranan." in sentences


def test_members_who_abstain_are_counted_as_abstentions() -> None:
    # "Omröstningen utfaller med 28 ja-röster mot 21 nej-röster; 2 ledamöter avstår."
    counted = _facts(parse_text(COUNCIL), "number")
    assert {("ja-röster", "28"), ("nej-röster", "21"), ("nedlagda röster", "2")} <= set(counted)


def test_an_organ_is_named_with_the_municipality_its_letterhead_names() -> None:
    assert parse_text(COUNCIL).body == "Kommunfullmäktige, Lindbergs kommun"


def test_a_letterhead_in_capitals_names_the_municipality_too() -> None:
    p = parse_text(
        "RÖNNBY KOMMUN\nSAMMANTRÄDESPROTOKOLL\nKommunstyrelsen\nSammanträdesdatum: 2023-03-14\n\n"
        "§ 1 Val av justerare\nAnna Ek utses att justera protokollet.\n"
    )
    assert p.body == "Kommunstyrelsen, Rönnby kommun"
    p = parse_text(
        "UPPLANDS-BRO KOMMUN\nPROTOKOLL\nKommunfullmäktige\nSammanträdesdatum: 2023-03-14\n\n"
        "§ 1 Val av justerare\nAnna Ek utses att justera protokollet.\n"
    )
    assert p.body == "Kommunfullmäktige, Upplands-Bro kommun"


def test_markdown_notes_give_their_place_and_their_bulleted_participants() -> None:
    # "**Plats:** Polishuset …", "**Deltagare:**" over "- Åsa Lindqvist, trygghetssamordnare, …",
    # "**Förhinder:** Per Strömberg, räddningstjänsten", "Vid anteckningarna" over a name.
    p = parse_text(WORKING_GROUP_NOTES)
    assert p.place == "Polishuset i Västerby, konferensrum Linden"
    facts = extract_facts(p)
    listed = {(f.subject, f.detail) for f in facts if f.kind == "attendance"}
    assert ("Mikael Berg", "deltagare") in listed and ("Per Strömberg", "förhinder") in listed
    assert ("Leila Haddad", "sekreterare") in {
        (f.subject, f.value) for f in facts if f.kind == "role"
    }


def test_the_municipality_in_an_organs_name_approving_is_history_not_a_decision() -> None:
    p = parse_text(
        "PROTOKOLL\nKommunfullmäktige\nLindbergs kommun\n\nSammanträdesdatum: 2024-06-17\n\n"
        "§ 12 Plan för bredband\nLindbergs kommun antog 2019 en plan för bredband.\n"
        "Kommunfullmäktige godkänner den nya planen.\n"
    )
    assert [d.text for d in extract_decisions(p)] == ["Kommunfullmäktige godkänner den nya planen."]
