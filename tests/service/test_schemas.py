"""The JSON contract's models: field order, fields left out when empty, the one source URL."""

from __future__ import annotations

from protokoll.service import schemas
from protokoll.service.facade import Protokollsok


def test_source_url_marks_the_span() -> None:
    assert schemas.source_url("abc-1", 10, 20) == "/protokoll/abc-1?start=10&end=20"


def test_search_json_keeps_the_contracts_field_order(app: Protokollsok) -> None:
    r = app.search("elevhälsa", k=2)
    assert list(r) == ["query", "understood", "filters", "mode", "results"]
    assert list(r["filters"]) == ["from", "to", "body"]
    assert list(r["results"][0]) == [
        "rank", "score", "text", "protocol", "section", "page", "ocr", "start", "end",
        "chunk_id", "citation", "highlights", "url",
    ]  # fmt: skip
    assert all(h["ocr"] is False for h in r["results"])  # text files are never OCR'd
    assert schemas.SearchResponse.model_validate(r).as_json() == r


def test_unranked_decisions_have_no_signals_and_ranked_ones_do(app: Protokollsok) -> None:
    listed = app.decisions(k=1)["decisions"][0]
    assert listed["score"] is None and "signals" not in listed
    ranked = app.decisions(theme="elevhälsa", k=1)["decisions"][0]
    assert set(ranked["signals"]) == {"dense", "lexical", "themes"}


def test_a_protocol_without_its_text_has_no_text_field(app: Protokollsok) -> None:
    pid = app.protocols()[0]["id"]
    assert "text" not in app.protocol(pid, with_text=False)
    assert app.protocol(pid)["text"]


def test_the_error_body_is_one_code_and_one_message() -> None:
    body = schemas.ErrorBody(error=schemas.ErrorDetail(code="not_found", message="x")).as_json()
    assert body == {"error": {"code": "not_found", "message": "x"}}
