"""Questions about an association's minutes (a housing co-operative's board, a sports club's
annual meeting), and about the posts written beside the names of those present."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from protokoll.index.embedding import Embedder
from protokoll.service.facade import Protokollsok

from tests.conftest import indexed_alone
from tests.ingest.association_protocols import (
    ANNUAL_MEETING,
    BOARD_MEETING,
    COMPANY_BOARD,
    COUNCIL,
    WORKING_GROUP_NOTES,
)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Protokollsok]:
    files = {
        "brf-styrelse-2024-02-13.txt": BOARD_MEETING,
        "hallby-if-arsmote-2024.txt": ANNUAL_MEETING,
        "sjoviks-bostader-2024-05-16.txt": COMPANY_BOARD,
        "lindberg-kf-2024-06-17.txt": COUNCIL,
        "samverkan-2024-09-10.md": WORKING_GROUP_NOTES,
    }
    with indexed_alone(tmp_path_factory.mktemp("forening"), embedder, files) as a:
        yield a


@pytest.mark.parametrize(
    "question, expected",
    [
        ("vem är kassör i Brf Lönnen?", "Mattias Lund är kassör"),
        ("vem var förvaltare på styrelsemötet?", "Eva Nyqvist är förvaltare"),
    ],
)
def test_a_post_beside_a_name_in_the_list_of_those_present_answers_who_holds_it(
    app: Protokollsok, question: str, expected: str
) -> None:
    r = app.ask(question)
    assert r["answer"].startswith(expected), r["answer"]
    assert (
        "Mattias Lund (kassör)" in r["citations"][0]["quote"]
        or "Eva Nyqvist" in r["citations"][0]["quote"]
    )


def test_the_club_chair_is_the_one_re_elected_not_the_chair_of_the_meeting(
    app: Protokollsok,
) -> None:
    answer = app.ask("vem valdes till ordförande i Hällby IF?")["answer"]
    assert "Birgitta Sundin" in answer and "Lars Eklund" not in answer


def test_the_answer_names_the_organisation_not_the_kind_of_meeting(app: Protokollsok) -> None:
    answer = app.ask("vem var sekreterare på årsmötet i Hällby IF?")["answer"]
    assert "Maria Ek" in answer and "I Hällby" not in answer


def test_a_post_the_question_names_must_be_the_post_in_the_list(app: Protokollsok) -> None:
    # Nobody present is listed as "revisor": the list's "suppleant" or "ledamot" is no answer.
    answer = app.ask("vem är revisor i Brf Lönnen?")["answer"]
    assert "Lisa Ström" not in answer and "Ahmed Karimi" not in answer


@pytest.mark.parametrize(
    "question, expected",
    [
        # "Budgeten omfattar 1,2 miljoner kronor, varav 450 000 kronor är kommunalt aktivitetsstöd."
        ("hur mycket aktivitetsstöd får Hällby IF?", "450 000 kronor"),
        ("hur stor är budgeten för Hällby IF?", "1,2 miljoner kronor"),
        # "… 412 medlemmar, varav 268 aktiva barn och ungdomar."
        ("hur många aktiva barn har Hällby IF?", "268"),
        # "Omröstningen utfaller med 28 ja-röster mot 21 nej-röster; 2 ledamöter avstår.": the
        # side of the vote the question asks about comes first.
        ("hur många röstade nej till budgeten?", "21 nej-röster"),
        ("hur många avstod i omröstningen om budgeten?", "2 nedlagda röster"),
    ],
)
def test_of_several_numbers_in_one_sentence_the_one_asked_about_leads_the_answer(
    app: Protokollsok, question: str, expected: str
) -> None:
    answer = app.ask(question)["answer"]
    assert answer.startswith(expected), answer


def test_the_decisions_of_the_annual_meeting_are_listed_by_their_own_paragraph_signs(
    app: Protokollsok,
) -> None:
    answer = app.ask("vilka beslut fattade årsmötet i Hällby IF?")["answer"]
    assert "ansvarsfrihet" in answer and "medlemsavgiften" in answer
    assert "(2024-03-03, § 9)" in answer and "punkt 9" not in answer


@pytest.mark.parametrize(
    "question",
    [
        "vem var justerare i Brf Lönnen 14?",  # the archive has Brf Lönnen 12
        "vem är ordförande i Hällby FF?",  # and Hällby IF
        "vem ersätter Tomas Eklund?",  # Sara Persson replaces Tomas Ek
        "hur många medlemmar har Hällby IF i Västerås?",  # the co-operative, not the club, is there
    ],
)
def test_a_name_the_answering_protocol_does_not_write_is_not_answered_from_it(
    app: Protokollsok, question: str
) -> None:
    assert app.ask(question)["kind"] == "none"


def test_the_same_names_written_another_way_are_answered(app: Protokollsok) -> None:
    # The genitive of the co-operative, and a typo in a person's name.
    assert "Ahmed Karimi" in app.ask("vem var justerare i Brf Lönnens styrelse?")["answer"]
    assert "Sara Persson" in app.ask("vem ersätter Thomas Ek?")["answer"]


def test_a_month_the_text_speaks_of_is_searched_when_that_months_meeting_does_not_answer(
    app: Protokollsok,
) -> None:
    # The board met in February 2024, but the annual meeting in March says what happened then.
    r = app.ask("hur många barn deltog i lovaktiviteterna i februari 2024?")
    assert r["answer"].startswith("85 barn"), r["answer"]
    assert r["citations"][0]["quote"].startswith("Under sportlovet i februari")


def test_a_count_of_a_compound_answers_for_its_head_noun(app: Protokollsok) -> None:
    answer = app.ask("hur många lägenheter byggs i kv. Tranan?")["answer"]
    assert answer.startswith("64 hyreslägenheter"), answer


def test_the_members_present_are_counted_without_the_deputies(app: Protokollsok) -> None:
    assert app.ask("hur många ledamöter var närvarande på Sjöviks Bostäders styrelsemöte?")[
        "answer"
    ].startswith("4 personer")


@pytest.mark.parametrize(
    "question, names",
    [
        (
            "vilka justerade protokollet från fullmäktige i juni 2024?",
            ("Peter Lundin", "Fatima Ali"),
        ),
        ("vilka justerade årsmötesprotokollet i Hällby IF?", ("Kent Olsson", "Nadia Hamid")),
        ("vilka valdes till valberedning i Hällby IF?", ("Kent Olsson", "Helena Roos")),
    ],
)
def test_vilka_is_answered_with_everyone_who_holds_the_role(
    app: Protokollsok, question: str, names: tuple[str, str]
) -> None:
    answer = app.ask(question)["answer"]
    assert all(name in answer for name in names), answer


def test_a_council_is_found_by_its_municipality(app: Protokollsok) -> None:
    # The title says only "Kommunfullmäktige"; the letterhead says "Lindbergs kommun".
    answer = app.ask("vem är ordförande i kommunfullmäktige i Lindberg?")["answer"]
    assert answer.startswith("Ingrid Sandström är ordförande"), answer


def test_who_sent_regrets_is_absent_not_a_participant(app: Protokollsok) -> None:
    present = app.ask("vilka deltog i samverkansgruppens möte 10 september?")["answer"]
    assert "Mikael Berg" in present and "Per Strömberg" not in present
    absent = app.ask("vem hade förhinder på samverkansgruppens möte i september 2024?")["answer"]
    assert absent.startswith("Per Strömberg"), absent


def test_a_post_noted_in_brackets_answers_who_holds_it(app: Protokollsok) -> None:
    # "Åsa Lindqvist, trygghetssamordnare, Västerby kommun (sammankallande)"
    answer = app.ask("vem är sammankallande i samverkansgruppen för trygghet?")["answer"]
    assert answer.startswith("Åsa Lindqvist är sammankallande"), answer
