"""Search over the seeds and the examples, through the facade the CLI and HTTP share."""

from datetime import date

import pytest
from protokoll.service.facade import InvalidInput, Protokollsok


def test_mission_question_finds_jilken_cited_to_item_7(app: Protokollsok) -> None:
    r = app.search("vem ersatte Karin Torstensson?", k=5)
    top = r["results"][0]
    assert "Karin Jilkén" in top["text"]
    assert top["protocol"]["date"] == "2023-09-29"
    assert top["section"] == {"number": "7", "title": "Beslutspunkter"}
    assert top["citation"].startswith("Protokoll Läns-gemensam ledning 2023-09-29, punkt 7")


def test_result_offsets_point_into_the_protocol_text(app: Protokollsok) -> None:
    for r in app.search("kompetensförsörjning", k=10)["results"]:
        text = app.protocol(r["protocol"]["id"])["text"]
        assert text[r["start"] : r["end"]] == r["text"]
        for s, e in r["highlights"]:
            assert r["text"][s:e].lower().startswith("kompetensförsörjning")


def test_json_contract_fields(app: Protokollsok) -> None:
    r = app.search("elevhälsa", k=3)
    assert set(r) >= {"query", "results"}
    for hit in r["results"]:
        assert set(hit) >= {"rank", "score", "text", "protocol", "section", "page", "start", "end"}
        assert set(hit["protocol"]) >= {"id", "title", "date", "body", "source"}
        assert set(hit["section"]) == {"number", "title"}


def test_date_filter_keeps_only_that_range(app: Protokollsok) -> None:
    r = app.search("beslut", k=20, date_from=date(2024, 1, 1), date_to=date(2024, 6, 30))
    dates = {x["protocol"]["date"] for x in r["results"]}
    assert dates and all("2024-01-01" <= d <= "2024-06-30" for d in dates)


def test_body_filter_matches_without_diacritics_or_case(app: Protokollsok) -> None:
    r = app.search("budget", k=10, body="miljo- och byggnamnden")
    assert r["results"]
    assert {x["protocol"]["body"] for x in r["results"]} == {
        "Miljö- och byggnämnden, Granlunda kommun"
    }


def test_filter_matching_nothing_gives_no_results(app: Protokollsok) -> None:
    assert (
        app.search("beslut", date_from=date(1990, 1, 1), date_to=date(1990, 12, 31))["results"]
        == []
    )


@pytest.mark.parametrize("query, k", [("", 5), ("   ", 5), ("x", 0), ("x", 51)])
def test_invalid_search_input_is_refused(app: Protokollsok, query: str, k: int) -> None:
    with pytest.raises(InvalidInput):
        app.search(query, k=k)


def test_search_without_diacritics_finds_the_text(app: Protokollsok) -> None:
    texts = " ".join(
        r["text"].lower()
        for r in app.search("kompetensforsorjning", k=3, mode="lexical")["results"]
    )
    assert "kompetensförsörjning" in texts


def test_examples_answer_their_documented_questions(app: Protokollsok) -> None:
    top = app.search("Vem ersätter Göran Åberg i samordnande grupp Äldre?", k=3)["results"]
    assert any("Sofie Lundh" in r["text"] for r in top)
