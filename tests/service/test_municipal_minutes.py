"""Municipal minutes in the template Swedish kommuner and regioner publish: an item's case number
beside its "§", a public question time with questions and replies, votes with the motions put,
reservations, disqualification (jäv), the adjustment line, elections to a nämnd in fullmäktige's
minutes. One index of two such protocols beside the examples serves every test here."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from protokoll.index.embedding import Embedder
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

from ..conftest import EXAMPLES

_FULLMAKTIGE = (
    "Protokoll Kommunfullmäktige 2025-03-17\n\nKommunfullmäktige\n\n"
    "Justeringens plats och tid: Kommunkansliet, 2025-03-21 kl. 10.00\n\n"
    "§ 22 Allmänhetens frågestund\n\n"
    "Maria Sund, boende i Norrby, frågar när gång- och cykelvägen längs Björkvägen blir klar. "
    "Kommunstyrelsens ordförande Sara Ek (M) svarar att bygget startar i maj och beräknas vara "
    "klart i oktober 2025.\n\n"
    "§ 23 Dnr KS 2025/112\nÅrsredovisning 2024\n\n"
    "Kommunen redovisar för 2024 ett resultat på 14,2 miljoner kronor.\n\n"
    "Med 38 ja-röster mot 8 nej-röster, 3 avstod, bifaller fullmäktige kommunstyrelsens "
    "förslag.\n\nKommunfullmäktiges beslut\n\nÅrsredovisningen för 2024 godkänns.\n\n"
    "Reservation\n\nLinnea Olsson (V) och Jonas Björk (V) reserverar sig mot beslutet till "
    "förmån för eget yrkande.\n\n"
    "§ 24 Dnr KS 2024/530\nDetaljplan för Tallbacken\n\nYrkanden\n\n"
    "Niklas Fors (SD) yrkar att ärendet återremitteras för att utreda en ny infart.\n\n"
    "Omröstning\n\nJa-röst för att avgöra ärendet i dag, nej-röst för återremiss.\n"
    "Med 30 ja-röster mot 19 nej-röster beslutar fullmäktige att avgöra ärendet i dag.\n\n"
    "§ 25 Avsägelse och fyllnadsval\n\nHanna Rask (L) har avsagt sig uppdraget som ledamot i "
    "barn- och utbildningsnämnden.\n\nKommunfullmäktiges beslut\n\n1. Avsägelsen godkänns.\n"
    "2. Till ny ledamot i barn- och utbildningsnämnden efter Hanna Rask (L) väljs Oskar Lind (L)."
    "\n3. Barn- och utbildningsnämnden får i uppdrag att återkomma med en driftkostnadskalkyl "
    "för förskolan i Norrby senast 2025-10-31.\n\n"
    "§ 26 Kvarnen 7 – bygglov för flerbostadshus\n\nJäv\n\nPer Lund (C) anmäler jäv och deltar "
    "inte i handläggningen.\n\nBeslut\n\nKommunfullmäktige beviljar bygglov.\n\n"
    "§ 27 Val av ledamot i valnämnden efter avsägelse\n\nPer Holm (S) har i en skrivelse den "
    "2 mars 2025 avsagt sig uppdraget som ledamot i valnämnden.\n\nKommunfullmäktiges beslut"
    "\n\n1. Avsägelsen godkänns.\n2. Eva Berg (S) väljs till ledamot i valnämnden för tiden "
    "till och med den 31 december 2026.\n"
)
_NAMND = (
    "Protokoll Bygg- och miljönämnden 2025-06-10\n\nBygg- och miljönämnden\n\n"
    "§ 86   BMN 2025/101   Information från förvaltningen\n\nIngen information.\n\n"
    "§ 87   BMN 2025/142   Yttrande över medborgarförslag om förbud mot eldning av "
    "trädgårdsavfall i hela kommunen\n\nGösta Malmgren föreslår att eldning av "
    "trädgårdsavfall förbjuds under sommaren.\n\nBeslut\n\nNämnden föreslår att "
    "medborgarförslaget om eldning av trädgårdsavfall avslås.\n\n"
    "§ 88   BMN 2025/150   Medborgarförslag om lägre entréavgift för pensionärer i "
    "Norrbybadet\n\nI ett medborgarförslag föreslås att pensionärer ska betala samma "
    "entréavgift som barn och ungdomar i Norrbybadet, det vill säga 40 kronor i stället för 75 "
    "kronor.\n\nBeslut\n\nNämnden bordlägger ärendet till sammanträdet den 15 april 2025.\n"
)


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Protokollsok]:
    folder = tmp_path_factory.mktemp("council")
    files = [folder / "kf-2025-03-17.txt", folder / "bmn-2025-06-10.txt"]
    for path, text in zip(files, (_FULLMAKTIGE, _NAMND), strict=True):
        path.write_text(text, encoding="utf-8")
    with Protokollsok(Settings(data=folder / "data"), embedder=embedder) as app:
        assert not app.ingest([EXAMPLES, *files]).failed
        yield app


def test_a_reply_is_answered_with_the_question_it_replies_to(council: Protokollsok) -> None:
    # The topic stands in the question ("frågar när …"), the answer in the reply ("svarar att …").
    r = council.ask("När blir gång- och cykelvägen längs Björkvägen klar?")
    assert "oktober 2025" in r["answer"], r["answer"]
    assert r["citations"][0]["quote"].startswith("Maria Sund"), r["citations"][0]


def test_who_reserved_against_a_decision_is_answered_by_the_reservation_not_the_decision(
    council: Protokollsok,
) -> None:
    r = council.ask("Vem reserverade sig mot beslutet om årsredovisningen?")
    assert "Linnea Olsson" in r["answer"], r["answer"]
    # The item is titled by the line below "§ 23 Dnr KS 2025/112", not by its case number.
    assert r["citations"][0]["section"]["title"] == "Årsredovisning 2024", r["citations"][0]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # "rösta" is a word of the vote frame, not of the topic the vote's item must carry.
        ("Hur många avstod från att rösta om årsredovisningen?", "3 nedlagda röster"),
        # "återremiss" is in the motions put ("Ja-röst för …, nej-röst för återremiss."), not in
        # the sentence with the result.
        ("Hur gick omröstningen om återremiss av detaljplanen?", "30 ja-röster, 19 nej-röster"),
    ],
)
def test_a_vote_is_found_by_its_item_and_the_side_asked_comes_first(
    council: Protokollsok, question: str, answer: str
) -> None:
    r = council.ask(question)
    assert r["answer"].startswith(answer), r["answer"]


def test_when_the_minutes_were_adjusted_is_the_adjustment_line_of_the_meeting_named(
    council: Protokollsok,
) -> None:
    r = council.ask("När justerades fullmäktigeprotokollet från den 17 mars 2025?")
    assert r["answer"].startswith("Protokollet justerades 2025-03-21"), r["answer"]
    assert r["citations"][0]["quote"].startswith("Justeringens plats och tid"), r["citations"]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Vem ersatte Hanna Rask i barn- och utbildningsnämnden?", "Oskar Lind"),
        ("När ska barn- och utbildningsnämnden återkomma med driftkostnaderna för Norrbys "
         "förskola?", "2025-10-31"),
    ],
)  # fmt: skip
def test_what_fullmaktige_decided_for_a_board_is_found_though_the_board_has_minutes_of_its_own(
    council: Protokollsok, question: str, answer: str
) -> None:
    # The examples hold barn- och utbildningsnämnden's own minutes, which do not say it;
    # fullmäktige elects the nämnd's members and tasks it, and its minutes do.
    r = council.ask(question)
    assert answer in r["answer"], r["answer"]
    assert r["citations"][0]["protocol"]["date"] == "2025-03-17", r["citations"][0]


def test_a_property_named_by_its_designation_is_no_figure_the_answer_must_repeat(
    council: Protokollsok,
) -> None:
    # "Kvarnen 7" names the property; the sentence saying who was disqualified does not write 7.
    r = council.ask("Vem anmälde jäv när bygglovet för Kvarnen 7 behandlades?")
    assert r["answer"].startswith("Per Lund (C) anmäler jäv"), r["answer"]


def test_an_items_opening_line_is_no_answer_however_long(council: Protokollsok) -> None:
    r = council.ask("Vad tyckte nämnden om förbud mot eldning av trädgårdsavfall i kommunen?")
    assert not r["answer"].startswith("§"), r["answer"]


def test_who_took_a_named_members_seat_is_who_was_elected_after_the_resignation(
    council: Protokollsok,
) -> None:
    # The one who left is named in the genitive ("Per Holms plats"), and the decision point
    # names the one elected before its verb.
    answer = council.ask("Vem tog Per Holms plats i valnämnden?")
    assert answer["answer"].startswith("Eva Berg ersätter Per Holm"), answer["answer"]


def test_who_abstained_is_not_answered_with_the_counts_of_the_vote(council: Protokollsok) -> None:
    # The vote facts count; they name nobody.
    answer = council.ask("Vem lade ner sin röst när fullmäktige röstade om årsredovisningen?")
    assert "avstod" not in answer["answer"] and "ja-röster" not in answer["answer"]


def test_a_yes_or_no_question_about_a_matter_is_answered_by_its_decision(
    council: Protokollsok,
) -> None:
    # The proposal repeats the question's words; what became of it is the decision.
    answer = council.ask("Blir det billigare för pensionärer att simma i Norrbybadet?")
    assert "bordlägger" in answer["answer"], answer["answer"]
