"""An answer sentence takes its neighbour along when only the neighbour holds what was asked."""

from __future__ import annotations

from datetime import date

from protokoll.ingest.lexicon import Intent
from protokoll.ingest.records import Protocol, Section
from protokoll.service.ask.candidates import Candidate
from protokoll.service.ask.compose import compose

TEXT = (
    "§ 12 Ny förskola\n"
    "Nämnden diskuterade finansieringen av den nya förskolan. "
    "Kostnaden beräknas till 14,5 miljoner kronor. "
    "Beslut fattas i juni.\n"
)


def _protocol() -> Protocol:
    return Protocol(
        id="bun-2024-03-12.txt", source="bun-2024-03-12.txt", version="v1",
        title="Barn- och utbildningsnämnden", text=TEXT, date=date(2024, 3, 12),
        body="Barn- och utbildningsnämnden", kind="sammanträde",
        sections=(Section("12", "Ny förskola", 0, len(TEXT)),),
    )  # fmt: skip


def _candidate(sentence: str, following: str) -> Candidate:
    p = _protocol()
    start = TEXT.index(sentence)
    nxt = TEXT.index(following)
    return Candidate(
        origin="sentence", protocol=p, start=start, end=start + len(sentence), text=sentence,
        title="Ny förskola", number="12", rank=0, hit=None, position=0,
        following=following, following_end=nxt + len(following),
    )  # fmt: skip


def test_the_next_sentence_is_added_when_only_it_holds_the_amount_asked_for() -> None:
    c = _candidate(
        "Nämnden diskuterade finansieringen av den nya förskolan.",
        "Kostnaden beräknas till 14,5 miljoner kronor.",
    )
    a = compose(c, "money", Intent.WHAT)
    assert a.answer.endswith("14,5 miljoner kronor.")
    cite = a.citations[0]
    assert TEXT[cite.start : cite.end] == f"{c.text} {c.following}"


def test_a_sentence_that_holds_what_was_asked_stands_alone() -> None:
    c = _candidate("Kostnaden beräknas till 14,5 miljoner kronor.", "Beslut fattas i juni.")
    a = compose(c, "money", Intent.WHAT)
    assert a.answer == c.text and a.citations[0].end == c.end


def test_a_when_answer_without_a_date_is_given_the_meeting_date() -> None:
    c = _candidate("Kostnaden beräknas till 14,5 miljoner kronor.", "Beslut fattas i juni.")
    assert compose(c, None, Intent.WHEN).answer.startswith("Enligt protokollet 2024-03-12:")
