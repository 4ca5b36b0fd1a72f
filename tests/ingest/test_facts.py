"""Fact extraction over the seeds, the example protocols and synthetic sentences.

Every fact must quote itself: `protocol.text[start:end]` holds the names and numbers it states.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from protokoll.ingest.facts import extract_facts, person_names, sentence_spans
from protokoll.ingest.parse import parse_protocol
from protokoll.ingest.readers import read_document
from protokoll.ingest.readers.base import RawDocument, normalise_text
from protokoll.ingest.records import EXAMPLE_FACT, FACT_KINDS, Fact, Protocol

from tests.conftest import EXAMPLES, SEEDS, require_corpus

SEED_MEETING = "000_416a57efa1acaea5.txt"
SEED_PRESIDIUM = "003_6bbca7b34e641438.txt"
PERSON_KINDS = {"substitution", "appointment", "role", "presenter", "attendance"}
# Organisations that occur in the seeds and examples beside person names.
ORGANISATION_WORDS = {
    "region", "kommun", "kommunförbundet", "sveriges", "läns-gemensam", "ledning", "län",
    "norrvik", "skolverket", "kommunstyrelsen", "nämnden", "förbundet", "folkhögskola",
}  # fmt: skip


@cache
def read(path: Path) -> Protocol:
    return parse_protocol(read_document(path), str(path))


def parse(text: str) -> Protocol:
    return parse_protocol(RawDocument(normalise_text(text), "text"), "/tmp/syntes.txt")


def seed(name: str) -> Protocol:
    return read(require_corpus(SEEDS) / name)


def example(name: str) -> Protocol:
    return read(EXAMPLES / name)


def all_protocols() -> list[Protocol]:
    paths = sorted(EXAMPLES.iterdir())
    if SEEDS.exists():
        paths += sorted(SEEDS.glob("*.txt"))
    return [read(p) for p in paths]


def facts_of(p: Protocol, kind: str | None = None) -> list[Fact]:
    return [f for f in extract_facts(p) if kind is None or f.kind == kind]


def triples(p: Protocol, kind: str) -> set[tuple[str, str | None, str | None]]:
    return {(f.subject, f.value, f.section_number) for f in facts_of(p, kind)}


def quote(p: Protocol, f: Fact) -> str:
    return " ".join(p.text[f.start : f.end].split())


# -- every fact quotes itself ------------------------------------------------------------------


def test_every_fact_on_the_seeds_and_examples_quotes_the_names_and_numbers_it_states() -> None:
    protocols = all_protocols()
    assert len(protocols) >= 5
    for p in protocols:
        for f in extract_facts(p):
            span = quote(p, f)
            where = f"{p.source}: {f}"
            assert 0 <= f.start < f.end <= len(p.text), where
            assert not p.text[f.start].isspace() and not p.text[f.end - 1].isspace(), where
            assert f.kind in FACT_KINDS, where
            if f.kind in PERSON_KINDS:
                assert f.subject in span, where
            if f.kind == "substitution":
                assert f.value and f.value in span, where
            if f.kind == "attendance" and f.value:
                assert all(part.strip() in span for part in f.value.split(",")), where
            if f.kind == "role" and f.detail:
                assert f.detail in span, where
            if f.kind == "number":
                assert f.value and f.value in span, where
                assert all(d in span for d in re.findall(r"\d+", f.value)), where


def test_a_fact_carries_the_number_of_the_item_it_stands_in() -> None:
    for p in all_protocols():
        for f in extract_facts(p):
            holding = [s for s in p.sections if s.start <= f.start < s.end]
            assert holding, f
            assert f.section_number == holding[-1].number, f


def test_each_fact_kind_is_found_on_the_seeds_and_examples() -> None:
    require_corpus(SEEDS)
    kinds = {f.kind for p in all_protocols() for f in extract_facts(p)}
    assert kinds == set(FACT_KINDS)


def test_no_organisation_is_returned_as_a_person() -> None:
    for p in all_protocols():
        for f in extract_facts(p):
            if f.kind not in PERSON_KINDS:
                continue
            people = [f.subject] + ([f.value] if f.kind == "substitution" and f.value else [])
            for name in people:
                words = name.split()
                assert 2 <= len(words) <= 4, f
                assert all(w[0].isupper() for w in words), f
                assert not {w.lower() for w in words} & ORGANISATION_WORDS, f


def test_identical_facts_are_given_once_and_extraction_is_pure() -> None:
    for p in all_protocols():
        facts = extract_facts(p)
        keys = [(f.kind, f.subject, f.value, f.detail) for f in facts]
        assert len(keys) == len(set(keys)), p.source
        assert extract_facts(p) == facts


# -- the seeds ---------------------------------------------------------------------------------


def test_the_seed_meeting_states_that_karin_jilken_replaces_karin_torstensson_in_item_7() -> None:
    p = seed(SEED_MEETING)
    (sub,) = facts_of(p, "substitution")
    assert (sub.subject, sub.value, sub.section_number, sub.detail) == (
        "Karin Jilkén",
        "Karin Torstensson",
        "7",
        "ersätter",
    )
    assert "ersätter Karin Torstensson" in quote(p, sub)
    assert "verksamhetschef" not in sub.subject and "områdeschef" not in (sub.value or "")
    # The record's documented example is this fact.
    assert (EXAMPLE_FACT.kind, EXAMPLE_FACT.subject, EXAMPLE_FACT.value) == (
        sub.kind,
        sub.subject,
        sub.value,
    )
    assert (EXAMPLE_FACT.section_number, EXAMPLE_FACT.detail, EXAMPLE_FACT.end) == (
        sub.section_number,
        sub.detail,
        sub.end,
    )


def test_the_seed_meeting_names_the_presenters_of_its_items() -> None:
    p = seed(SEED_MEETING)
    presenters = triples(p, "presenter")
    item3 = "Nära vård – processen och arbetet framåt"
    assert ("Sofia Hartz", item3, "3") in presenters
    assert ("Anna Hasselbom Trofast", item3, "3") in presenters
    # "Föredragare: Niklas Teodorsson, …, Kommunförbundet i Kalmar län. Marie Ragnarsson, …"
    item4 = {s for s, _, n in presenters if n == "4"}
    assert item4 == {"Niklas Teodorsson", "Marie Ragnarsson", "Mathias Karlsson"}
    assert ("Sofia Hartz", "Nya hälsovalsuppdraget", "6") in presenters
    assert ("Anna Hasselbom Trofast", "ordförande", "1") in triples(p, "role")
    assert ("beslut", "12 av 13", "3") in triples(p, "number")


def test_the_seed_meeting_attendance_is_one_fact_per_listed_person() -> None:
    p = seed(SEED_MEETING)
    attended = {f.subject: f for f in facts_of(p, "attendance")}
    assert len(attended) == len({a.name for a in p.attendance})
    assert attended["Susann Winst"].value == "Högsby kommun, via länk"
    assert attended["Susann Winst"].detail == "närvarade ledamöter"
    # "Niklas Teodorsson Kommunförbundet Kalmar län": the missing comma is no part of the name.
    assert attended["Niklas Teodorsson"].value == "Kommunförbundet Kalmar län"
    assert attended["Cecilia Frid"].detail == "övriga medverkande"


def test_the_presidium_conference_states_85_participants_and_its_speakers() -> None:
    p = seed(SEED_PRESIDIUM)
    (n,) = [f for f in facts_of(p, "number") if f.subject == "deltagare"]
    assert n.value == "ca 85" and "med ca 85 deltagare" in quote(p, n)
    presenters = {s for s, _, _ in triples(p, "presenter")}
    assert {"Sofia Hartz", "Katja Saado", "Helén Svensson", "Linda Lavesson"} <= presenters
    assert {"Ulf Strömberg", "Mathias Karlsson", "Lotta Lindgren"} <= presenters
    roles = {(f.subject, f.value, f.detail) for f in facts_of(p, "role")}
    assert ("Sofia Hartz", "vice ordförande", "Läns-gemensam ledning") in roles
    assert ("Anna Hasselbom Trofast", "ordförande", "Läns-gemensam ledning") in roles
    assert ("Andreas Erlandsson", "ordförande", "kommunförbundet i Kalmar län") in roles
    # Tab-separated name–organisation lists.
    attended = {f.subject: f for f in facts_of(p, "attendance")}
    assert attended["Ulf Strömberg"].value == "Region Kronoberg"
    assert attended["Ulf Strömberg"].detail == "övriga deltagare"


# -- the examples ------------------------------------------------------------------------------


def test_example_a_substitution_appointment_presenters_votes_and_roles() -> None:
    p = example("exempel_a.txt")
    assert triples(p, "substitution") == {("Renée Jönsson", "Karl-Erik Lund", None)}
    assert ("Åsa Öberg", "justerare", "45") in triples(p, "appointment")
    presenters = triples(p, "presenter")
    assert ("Johan Åkerlund", "Månadsuppföljning av ekonomin per februari 2024", "46") in presenters
    assert ("Sara Lindqvist", "Elevhälsoplan 2024–2026", "47") in presenters
    numbers = triples(p, "number")
    assert {("ja-röster", "5", "49"), ("nej-röster", "4", "49")} <= numbers
    assert ("kronor", "2,4 miljoner", "46") in numbers
    roles = triples(p, "role")
    assert {("Margareta Holm", "ordförande", None), ("Mikael Dahl", "sekreterare", None)} <= roles
    assert ("Erik Sandberg", "vice ordförande", None) in roles
    # The signature "Ordförande / Margareta Holm" stands under the list "Sekreterare".
    signed = [f for f in facts_of(p, "attendance") if f.subject == "Margareta Holm"]
    assert {f.detail for f in signed} == {"beslutande", "ordförande"}


def test_example_b_linnea_strand_is_appointed_and_the_vote_is_7_to_4() -> None:
    p = example("exempel_b.md")
    appointed = triples(p, "appointment")
    assert ("Linnéa Strand", "ny ledamot i kommunstyrelsens arbetsutskott", "118") in appointed
    assert ("Helén Marklund", "justerare", "112") in appointed
    assert ("Sölve Nyman", "Anneli Berg", None) in triples(p, "substitution")
    numbers = triples(p, "number")
    assert {("ja-röster", "7", "113"), ("nej-röster", "4", "113")} <= numbers
    assert ("medarbetare", "omkring 120", "114") in numbers
    # "§ 116 Medborgarförslag …" numbers an item; it is no count.
    assert not any(s == "medborgarförslag" for s, _, _ in numbers)
    assert ("Helén Marklund", "justerare", None) in triples(p, "role")


def test_example_c_substitutions_in_prose_and_in_a_decision() -> None:
    p = example("exempel_c.txt")
    subs = {(f.subject, f.value, f.section_number, f.detail) for f in facts_of(p, "substitution")}
    assert subs == {
        ("Jesper Malmqvist", "Birgitta Sundin", "1", "ersatte"),
        ("Sofie Lundh", "Göran Åberg", "7", "ersätter"),
    }
    roles = triples(p, "role")
    assert ("Petter Nordh", "vice ordförande", "1") in roles
    assert ("Annika Bergström Lövgren", "ordförande", "1") in roles
    assert ("Therese Wik", "sekreterare", None) in roles
    assert {s for s, _, n in triples(p, "presenter") if n == "3"} == {
        "Petter Nordh",
        "Henrik Sjödin",
    }


def test_example_d_substitution_in_the_attendance_and_appointment_by_utse() -> None:
    p = example("exempel_d.txt")
    assert triples(p, "substitution") == {("Märta Ågren", "Tomas Lind", None)}
    assert ("Hanna Sjödahl", "justerare", "58") in triples(p, "appointment")
    numbers = triples(p, "number")
    assert {("ja-röster", "4", "60"), ("nej-röster", "5", "60")} <= numbers
    assert ("yttranden", "14", "60") in numbers
    # "… ersätter Tomas Lind (C), som har anmält förhinder." is no organisation.
    assert all(f.value is None or "förhinder" not in f.value for f in facts_of(p, "attendance"))


def test_example_e_fourteen_participants_and_roles_from_the_participant_list() -> None:
    p = example("exempel_e.md")
    assert ("deltagare", "14", None) in triples(p, "number")
    assert ("personer", "96", None) in triples(p, "number")
    roles = {(f.subject, f.value, f.detail) for f in facts_of(p, "role")}
    assert ("Göran Ekström", "ordförande", "kommunstyrelsen") in roles
    assert ("Petter Nordh", "vice ordförande", "den regionala ledningsgruppen") in roles
    presenters = {(s, v) for s, v, _ in triples(p, "presenter")}
    assert ("Gunilla Ärlebäck", "Äldreomsorg – trygghetsteam efter sjukhusvistelse") in presenters
    assert ("Sofie Lundh", "Äldreomsorg – trygghetsteam efter sjukhusvistelse") in presenters


# -- each phrasing, in sentences nobody has seen -----------------------------------------------

HEAD = "Protokoll Kulturnämnden 2024-05-02\n\n§ 3 Ärendet\n\n"


@pytest.mark.parametrize(
    ("sentence", "kind", "subject", "value"),
    [
        ("Lisa Holm (S) ersätter Per Nyström (S).", "substitution", "Lisa Holm", "Per Nyström"),
        (
            "Nämnden beslutar att Eva Ström, enhetschef i Granby kommun, ersätter Ove Sjö.",
            "substitution",
            "Eva Ström",
            "Ove Sjö",
        ),
        (
            "Styrelsen beslutar att Eva Ström kvalitetschef vård Granby kommun ersätter Ove Sjö "
            "utvecklingsledare Ekby kommun",
            "substitution",
            "Eva Ström",
            "Ove Sjö",
        ),
        (
            "Vi hälsar Eva-Lena Ström, som i mars ersatte Ove Sjö (som har gått i pension).",
            "substitution",
            "Eva-Lena Ström",
            "Ove Sjö",
        ),
        ("Lisa Holm tjänstgör för Per Nyström.", "substitution", "Lisa Holm", "Per Nyström"),
        ("Lisa Holm tjänstgjorde för Per Nyström.", "substitution", "Lisa Holm", "Per Nyström"),
        ("Per Nyström ersätts av Lisa Holm.", "substitution", "Lisa Holm", "Per Nyström"),
        ("Lisa Holm efterträder Per Nyström.", "substitution", "Lisa Holm", "Per Nyström"),
        (
            "Lisa Holm träder in i stället för Per Nyström.",
            "substitution",
            "Lisa Holm",
            "Per Nyström",
        ),
        (
            "Under dagen tjänstgjorde Lisa Holm (S) för Per Nyström (S).",
            "substitution",
            "Lisa Holm",
            "Per Nyström",
        ),
        (
            "Till ny ledamot i valberedningen utses Åke Lind (C) för tiden till 2026.",
            "appointment",
            "Åke Lind",
            "ny ledamot i valberedningen",
        ),
        (
            "Åke Lind utses till ordförande i utskottet.",
            "appointment",
            "Åke Lind",
            "ordförande i utskottet",
        ),
        ("Åke Lind väljs till vice ordförande.", "appointment", "Åke Lind", "vice ordförande"),
        ("Åke Lind valdes till sekreterare.", "appointment", "Åke Lind", "sekreterare"),
        ("Till justerare utses Åke Lind (C).", "appointment", "Åke Lind", "justerare"),
        ("Åke Lind (C) utses att justera protokollet.", "appointment", "Åke Lind", "justerare"),
        ("Ordförande: Maja Ek", "role", "Maja Ek", "ordförande"),
        ("Ordförande Maja Ek, Granby kommun, öppnar mötet.", "role", "Maja Ek", "ordförande"),
        ("Maja Ek, ordförande i nämnden, öppnar mötet.", "role", "Maja Ek", "ordförande"),
        ("Maja Ek (ordf.) öppnar mötet.", "role", "Maja Ek", "ordförande"),
        ("Sekreterare Maja Ek", "role", "Maja Ek", "sekreterare"),
        ("Justerare: Maja Ek", "role", "Maja Ek", "justerare"),
        (
            "Maja Ek, vice ordförande i nämnden, hälsade välkommen.",
            "role",
            "Maja Ek",
            "vice ordförande",
        ),
        (
            "Föredragare: Jon Ås, ekonom, Granby kommun, Lea Berg, jurist",
            "presenter",
            "Lea Berg",
            "Ärendet",
        ),
        ("Föredragande: Jon Ås", "presenter", "Jon Ås", "Ärendet"),
        ("Jon Ås inleder punkten.", "presenter", "Jon Ås", "Ärendet"),
        ("Punkten inleds av Jon Ås.", "presenter", "Jon Ås", "Ärendet"),
        ("Jon Ås berättar om läget.", "presenter", "Jon Ås", "Ärendet"),
        ("Jon Ås presenterade förslaget.", "presenter", "Jon Ås", "Ärendet"),
        ("Jon Ås, controller, beskrev utfallet.", "presenter", "Jon Ås", "Ärendet"),
        ("Jon Ås gav en tillbakablick på året.", "presenter", "Jon Ås", "Ärendet"),
        ("Därefter gav Jon Ås en inblick i arbetet.", "presenter", "Jon Ås", "Ärendet"),
        ("Mötet samlade 23 deltagare.", "number", "deltagare", "23"),
        ("Mötet samlade cirka 40 deltagare.", "number", "deltagare", "cirka 40"),
        ("Omröstning: 9 ja-röster, 2 nej-röster.", "number", "nej-röster", "2"),
        ("Beslutet fattades med 31 röster mot 30.", "number", "röster", "31 mot 30"),
        ("Kostnaden är 1,2 miljoner kronor.", "number", "kronor", "1,2 miljoner"),
        ("Bidraget är 150 000 kronor.", "number", "kronor", "150 000"),
    ],
)
def test_each_phrasing_yields_its_fact(sentence: str, kind: str, subject: str, value: str) -> None:
    p = parse(HEAD + sentence + "\n")
    found = {(f.kind, f.subject, f.value) for f in extract_facts(p)}
    assert (kind, subject, value) in found, found
    (fact,) = [
        f for f in extract_facts(p) if (f.kind, f.subject, f.value) == (kind, subject, value)
    ]
    # The fact quotes the sentence itself, not the heading around it.
    assert quote(p, fact) in " ".join(sentence.split())
    assert subject in quote(p, fact) or kind == "number"


@pytest.mark.parametrize(
    "sentence",
    [
        "Region Kalmar ersätter Kalmar kommun för kostnaderna.",
        "Sveriges Kommuner och Regioner presenterade en rapport.",
        "Planen ersätter den tidigare planen från 2019.",
        "Kalmar Läns Trafik berättar om nya linjer.",
        "Nämnden utser en arbetsgrupp.",
        "Karin Öst, brukarrepresentant, frågar hur brukarna ska involveras.",
        "Enligt Socialstyrelsen ersätter den nya föreskriften Anna Bergs riktlinje.",
        "Ordföranden ställer proposition och finner att nämnden bifaller förslaget.",
        "Skyfallskarteringen visar att tre bostadsområden riskerar översvämning.",
        "Läns-gemensam ledning beslutar att godkänna årshjulet.",
        "Ärendet ersätts av ett nytt ärende.",
    ],
)
def test_sentences_without_a_person_fact_yield_none(sentence: str) -> None:
    p = parse(HEAD + sentence + "\n")
    assert [f for f in extract_facts(p) if f.kind in PERSON_KINDS] == []


@pytest.mark.parametrize(
    ("sentence", "detail"),
    [
        ("Per Nyström ersätts av Lisa Holm.", "ersätter"),
        ("Per Nyström ersattes av Lisa Holm.", "ersatte"),
        ("Per Nyström efterträds av Lisa Holm.", "efterträder"),
        ("Nämnden beslutar att Lisa Holm ska ersätta Per Nyström.", "ersätter"),
        ("Lisa Holm (S), tjänstgörande ersättare för Per Nyström (S)", "tjänstgör för"),
    ],
)
def test_a_substitution_reads_newcomer_first_in_any_voice(sentence: str, detail: str) -> None:
    (f,) = facts_of(parse(HEAD + sentence + "\n"), "substitution")
    assert f"{f.subject} {f.detail} {f.value}" == f"Lisa Holm {detail} Per Nyström"


def test_a_person_listed_in_the_attendance_wins_over_a_longer_reading() -> None:
    text = (
        "Protokoll Styrelsen 2024-01-10\n\nNärvarande\nKarin Jilkén, Granby kommun\n"
        "Lena Berg, Ekby kommun\n\n§ 1 Byte\n\nNyvalda Karin Jilkén ersätter Lena Berg.\n"
    )
    p = parse(text)
    assert triples(p, "substitution") == {("Karin Jilkén", "Lena Berg", "1")}


def test_a_wrapped_pdf_sentence_still_yields_its_fact() -> None:
    text = (
        "Protokoll Direktionen 2024-01-10\n\n§ 1 Den ekonomiska utvecklingen\n\n"
        "Anna Svensson, chef för avdelningen för penningpolitik, redogjorde för den\n"
        "ekonomiska utvecklingen sedan förra mötet och för prognosen framåt i tiden.\n"
    )
    p = parse(text)
    assert ("Anna Svensson", "Den ekonomiska utvecklingen", "1") in triples(p, "presenter")


def test_board_members_beginning_their_statements_are_not_presenters() -> None:
    text = (
        "Protokoll Direktionen 2024-01-10\n\n§ 2 Läget\n\n"
        "Vice riksbankschef Anna Svensson inledde med att säga att hon delar bedömningen.\n"
    )
    assert facts_of(parse(text), "presenter") == []


def test_a_long_run_of_capitalised_words_gives_no_names_and_finishes() -> None:
    run = " ".join(["Alfa Beta Gamma Delta Epsilon"] * 4000)
    p = parse(HEAD + run + " ersätter " + run + ".\n")
    assert facts_of(p, "substitution") == []


def test_who_welcomes_the_meeting_presents_its_opening_item() -> None:
    p = parse(HEAD + "Maja Ek, ordförande, samt Jon Ås, regionråd, hälsade alla välkomna.\n")
    assert {f.subject for f in facts_of(p, "presenter")} == {"Maja Ek", "Jon Ås"}
    p = parse(HEAD + "Maja Ek hälsar på hos förvaltningen i maj.\n")
    assert facts_of(p, "presenter") == []


def test_sentences_are_split_as_the_facts_read_them() -> None:
    text = "Helén Svensson, leg. psykoterapeut, berättade om IKB. Teamet startade 2023.\nRubrik"
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "Helén Svensson, leg. psykoterapeut, berättade om IKB.",
        "Teamet startade 2023.",
        "Rubrik",
    ]
    assert person_names("Övrig fråga från Sven-Erik Karlsson") == ["Sven-Erik Karlsson"]
    assert person_names("Region Kalmar län och Kommunförbundet") == []
