"""The number route weighs an archive's number facts by their words, read once per process (or
kept from an earlier one): a question asked after another reads no protocol to weigh them, and
answers as the first did."""

from __future__ import annotations

from pathlib import Path

import pytest
from protokoll.ingest.records import Protocol
from protokoll.service.ask.caches import AskCaches
from protokoll.service.ask.fact_memo import FactMemo
from protokoll.service.ask.records import Answer
from protokoll.service.facade import Protokollsok

from tests.conftest import index_beside_examples

QUESTION = "Hur stort underskott prognostiserades efter februari 2024?"


def _asked(app: Protokollsok, monkeypatch: pytest.MonkeyPatch) -> tuple[Answer, list[str]]:
    """The answer to QUESTION and the protocols read in full to give it."""
    read: list[str] = []
    protocol = app.index.protocol

    def reading(pid: str) -> Protocol | None:
        read.append(pid)
        return protocol(pid)

    monkeypatch.setattr(app.index, "protocol", reading)
    answer = app.answer_record(QUESTION)
    monkeypatch.setattr(app.index, "protocol", protocol)
    assert answer is not None and answer.route.startswith("number")
    assert "2,4 miljoner" in answer.answer
    return answer, read


def _cited(answer: Answer) -> set[str]:
    return {c.protocol.id for c in answer.citations}


def test_number_facts_are_weighed_without_reading_their_protocols_again(
    app: Protokollsok, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.asker.caches.facts.clear()
    first, read = _asked(app, monkeypatch)
    # Besides checking its citation, the first reads every protocol whose numbers may fit.
    assert set(read) - _cited(first), read

    again, read = _asked(app, monkeypatch)
    assert set(read) == _cited(first)  # the citation is checked, nothing more
    assert (again.answer, again.route) == (first.answer, first.route)
    assert [(c.protocol.id, c.start, c.end) for c in again.citations] == [
        (c.protocol.id, c.start, c.end) for c in first.citations
    ]


def test_warming_reads_the_number_facts_before_any_question(
    app: Protokollsok, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.asker.caches.facts.clear()
    # Facts stated in one sentence share its words.
    assert app.asker.warm() >= len(app.asker.caches.facts) > 0
    first, read = _asked(app, monkeypatch)
    assert set(read) == _cited(first)


def test_the_words_are_kept_for_the_next_process_and_only_for_the_same_analysis(
    app: Protokollsok, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.asker.caches.facts.clear()
    app.asker.warm()
    memo = FactMemo.of(app.settings.data, app.index.analyzer)
    assert memo.path.exists() and len(memo.load()) == len(app.asker.caches.facts)
    assert FactMemo(memo.path.parent, "another analysis").load() == {}

    # A new process: empty caches over the same data folder.
    monkeypatch.setattr(app.asker, "caches", AskCaches(memo=memo))
    first, read = _asked(app, monkeypatch)
    assert set(read) == _cited(first)


def test_of_numbers_in_one_sentence_the_one_measuring_what_is_asked_leads(
    fresh_app: Protokollsok, tmp_path: Path
) -> None:
    index_beside_examples(
        fresh_app, tmp_path, "bet-2019-sku15.txt",
        "Betänkande 2019/20:SkU15 Sänkt skatt på drivmedel\n\nSkatteutskottet\n\n"
        "Utskottets överväganden\n\n"
        "Energiskatten sänks med 5 öre per liter bensin och med 6,3 öre per liter diesel.\n\n"
        "Stockholm den 28 november 2019\n",
    )  # fmt: skip
    # What a number measures follows it: "6,3 öre per liter diesel".
    assert fresh_app.ask("hur mycket sänks energiskatten på diesel?")["answer"].startswith(
        "6,3 öre"
    )
    assert fresh_app.ask("hur mycket sänks energiskatten på bensin?")["answer"].startswith("5 öre")
