"""Questions about a meeting whose minutes follow the municipal template (labels in a column,
a posting certificate with later dates), read from a PDF as a municipality publishes it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from protokoll.index.embedding import Embedder
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

from tests.ingest.pdf_samples import write_pdf
from tests.ingest.test_municipal_template import FIRST_PAGE, ITEMS_PAGE


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Protokollsok]:
    folder = tmp_path_factory.mktemp("mall")
    (folder / "in").mkdir()
    write_pdf(folder / "in" / "ks-protokoll.pdf", [FIRST_PAGE, ITEMS_PAGE])
    with Protokollsok(Settings(data=folder / "data"), embedder=embedder) as a:
        assert not a.ingest([folder / "in"]).failed
        yield a


def test_who_attended_lists_each_member_once_and_no_label(app: Protokollsok) -> None:
    answer = app.ask("vilka deltog i kommunstyrelsens möte?")["answer"]
    for name in ("Ann-Marie Lundqvist", "Jonas Berglund", "Olle Nordin", "Cecilia Strand"):
        assert answer.count(name) == 1, answer
    assert "justera" not in answer and "Organ" not in answer


def test_how_many_attended_counts_the_list_not_a_count_in_a_later_item(
    app: Protokollsok,
) -> None:
    answer = app.ask("hur många deltog i kommunstyrelsens möte?")["answer"]
    assert answer.startswith("7 personer") and "120" not in answer


def test_whether_one_member_attended_is_answered_yes(app: Protokollsok) -> None:
    assert app.ask("var Olle Nordin med på mötet?")["answer"].startswith("Ja, Olle Nordin")


def test_another_question_about_a_listed_member_is_not_answered_by_the_list(
    app: Protokollsok,
) -> None:
    # "med på mötet" here belongs to "jämförde … med", not to who attended.
    answer = app.ask("vad jämförde Olle Nordin kostnaderna med på mötet?")["answer"]
    assert not answer.startswith("Ja, Olle Nordin"), answer


def test_the_adjuster_is_the_one_the_template_names(app: Protokollsok) -> None:
    assert "Fatima Hassan" in app.ask("vem justerade protokollet?")["answer"]


@pytest.mark.parametrize(
    "question, expected",
    [
        ("när höll kommunstyrelsen sitt möte i maj 2024?", "2024-05-14"),
        ("var höll kommunstyrelsen sitt möte i maj 2024?", "Kommunhuset, Sessionssalen"),
    ],
)
def test_the_meeting_held_is_answered_from_its_head(
    app: Protokollsok, question: str, expected: str
) -> None:
    r = app.ask(question)
    assert expected in r["answer"] and "2024-05-22" not in r["answer"]


def test_what_a_named_meeting_decided_lists_each_of_its_decisions(app: Protokollsok) -> None:
    r = app.ask("vilka beslut fattade kommunstyrelsen i maj 2024?")
    assert "anta investeringen" in r["answer"] and "lägga informationen" in r["answer"]
    assert [c["section"]["number"] for c in r["citations"]] == ["62", "63"]
