"""Answers from a committee report's own structure: its proposal point by point, its signature,
its reservations and special statements. A small report in the Riksdag's layout, indexed beside
the example protocols."""

from __future__ import annotations

from pathlib import Path

from protokoll.service.ask.caches import AskCaches
from protokoll.service.ask.context import Question
from protokoll.service.ask.voices import reserved
from protokoll.service.facade import Protokollsok

from tests.conftest import index_beside_examples

REPORT = """Betänkande 2019/20:FöU8 Vissa frågor om Försvarsmaktens personal

Försvarsutskottet

Datum: 2020-02-07

Utskottets förslag till riksdagsbeslut

1.

Utveckla och behålla personal

Riksdagen avslår motion 2019/20:2736 av Beatrice Ask m.fl. (M) yrkandena 1 och 4.

Reservation 1 (M)

2.

Veteranfrågor

Riksdagen ställer sig bakom det som utskottet anför om ett samlat veterancenter och \
tillkännager detta för regeringen.

Stockholm den 6 februari 2020

På försvarsutskottets vägnar

Pål Jonson

Följande ledamöter har deltagit i beslutet: Pål Jonson (M), Hans Wallmark (M) och Allan Widman (L).

Utskottets överväganden

Utskottet anser att arbetet med att behålla personal inom försvaret ska fortsätta.

Reservationer

Utveckla och behålla personal, punkt 1 (M)

av Pål Jonson (M) och Hans Wallmark (M).

Ställningstagande

Vi anser att Försvarsmakten behöver bättre villkor för att behålla sina anställda.

Veteranfrågor, punkt 2 (L)

av Allan Widman (L).

Ställningstagande

Liberalerna vill att veteranerna får ett eget stödcentrum i varje region.

Särskilt yttrande

Hemvärnets utveckling (V)

Hanna Gunnarsson (V) anför:

Vänsterpartiet vill att hemvärnets förband får mer övningstid.
"""


def test_a_committee_report_answers_from_its_proposal_signature_and_reservations(
    fresh_app: Protokollsok, tmp_path: Path
) -> None:
    index_beside_examples(fresh_app, tmp_path, "fou8.txt", REPORT)

    def answer(question: str) -> str:
        r = fresh_app.ask(question)
        assert r["answerable"], question
        return str(r["answer"])

    # The proposal's point, found by its title although the question names the designation.
    assert answer("Vad föreslog utskottet om veteranfrågor i betänkande 2019/20:FöU8?").startswith(
        "Riksdagen ställer sig bakom det som utskottet anför om ett samlat veterancenter"
    )
    # Asked about the report's own topic, a report with few points answers with all of them.
    whole = answer("Vad beslutade riksdagen om Försvarsmaktens personal i FöU8?")
    assert "avslår motion 2019/20:2736" in whole and "samlat veterancenter" in whole
    # The signature: who signed, and the day it was adjusted (not the report's date).
    assert "Pål Jonson" in answer("Vem skrev under betänkandet om Försvarsmaktens personal?")
    assert "6 februari 2020" in answer("När justerades betänkandet om Försvarsmaktens personal?")
    assert "6 februari 2020" in answer(
        "Vilket datum undertecknades betänkandet om Försvarsmaktens personal?"
    )
    # An agreement's signing is not the report's: the signature does not answer it.
    signed = fresh_app.ask("När undertecknades avtalet om Försvarsmaktens personal?")
    assert "6 februari 2020" not in str(signed["answer"])
    # The reservation on the point, by the party behind it, and that party's own view.
    said = answer("Vem reserverade sig om veteranfrågor i betänkande 2019/20:FöU8?")
    assert "Allan Widman (L)" in said and "Hans Wallmark" not in said
    # A reservation asked about by what it says, not by its title ("Utveckla och behålla
    # personal"), in the document search finds.
    villkor = answer("Vem reserverade sig om bättre villkor för de anställda i betänkande FöU8?")
    assert "Pål Jonson (M)" in villkor and "Allan Widman" not in villkor
    # Who wrote a party's reservations asks who stood behind them, in any form of the noun.
    wrote = answer("Vem skrev Liberalernas reservationer i betänkande 2019/20:FöU8?")
    assert "Allan Widman (L)" in wrote and "Hans Wallmark" not in wrote
    assert "stödcentrum" in answer(
        "Vad ville Liberalerna för veteranerna i betänkandet om Försvarsmaktens personal?"
    )
    # A reservation says what its first signer thinks, though it never writes the name.
    assert "bättre villkor" in answer(
        "Vad ansåg Pål Jonson i sin reservation om villkoren för Försvarsmaktens anställda?"
    )
    # A special statement is no reservation: its signer answers who made it, named by the
    # party in the genitive.
    stated = answer("Vem lämnade Vänsterpartiets särskilda yttrande i betänkande 2019/20:FöU8?")
    assert stated.startswith("Det särskilda yttrandet") and "Hanna Gunnarsson (V)" in stated
    assert "Hanna Gunnarsson" not in answer(
        "Vem reserverade sig om veteranfrågor i betänkande 2019/20:FöU8?"
    )


def test_the_reservations_of_copies_of_a_report_come_in_the_order_the_question_names_them(
    fresh_app: Protokollsok, tmp_path: Path
) -> None:
    # Copies of one report tie on every score, so which one an answer cites comes from the order
    # its reservations are gathered in: the question's (and search's), never a set's, which
    # changes with the process's string hashing.
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(6):
        (folder / f"fou8-{n}.txt").write_text(REPORT, encoding="utf-8")
    assert not fresh_app.ingest([folder]).failed
    question = "Vad ville Liberalerna för veteranerna i betänkande 2019/20:FöU8?"
    understood = fresh_app.understand(question)
    assert len(understood.protocols or ()) == 6
    q = Question(question, understood, [], fresh_app.index, AskCaches())
    named = list(understood.protocols or ())
    gathered = list(dict.fromkeys(pid for pid, _, _ in reserved(q, 5)))
    assert gathered == named


def test_a_line_that_only_names_the_speaker_does_not_answer_what_they_said(
    fresh_app: Protokollsok,
) -> None:
    from protokoll.ingest.records import EXAMPLE_PROTOCOL as protocol
    from protokoll.service.ask.passages import FRAME, _named_only

    question = "Vad tycker Hanna Gunnarsson (V) om övningstiden för hemvärnets förband?"
    q = Question(question, fresh_app.understand(question), [], fresh_app.index, AskCaches())
    units = [
        (protocol, "", "Hanna Gunnarsson (V) anför:"),
        (protocol, "", "av Hanna Gunnarsson (V)."),
        (protocol, "", "Vänsterpartiet vill att hemvärnets förband får mer övningstid."),
    ]
    assert _named_only(q, q.topic(FRAME), None, units).tolist() == [True, True, False]
    # A question asking who is answered by names.
    assert not _named_only(q, q.topic(FRAME), "person", units).any()
    # The words naming the meeting are said by every sentence of it: no more than the name.
    question = "Hur bedömde Karin Jilkén övningstiden på Läns-gemensam ledning 2023?"
    q = Question(question, fresh_app.understand(question), [], fresh_app.index, AskCaches())
    units = [
        (protocol, "", "Karin Jilkén från Läns-gemensam ledning inledde mötet 2023."),
        (protocol, "", "Övningstiden bedömde hon som för kort."),
    ]
    assert _named_only(q, q.topic(FRAME), None, units).tolist() == [True, False]


QUOTING = """Betänkande 2018/19:CU10 Konsumenträtt

Civilutskottet

Datum: 2019-04-01

Utskottets överväganden

Vidare anförde justitie- och migrationsminister Morgan Johansson följande den 26 februari 2019 \
som svar på en skriftlig fråga om köp av levande djur.

Förhandlingarna i Bryssel har nyss avslutats. Vi har fått gehör för att medlemsstaterna får \
undanta köp av levande djur från direktivet om försäljning av varor.

Regeringens skrivelse

När det gäller riksdagens tillkännagivande om köp av levande djur anger regeringen att frågan \
bereds vidare.
"""


def test_what_someone_said_is_the_quotation_announced_not_its_announcement(
    fresh_app: Protokollsok, tmp_path: Path
) -> None:
    index_beside_examples(fresh_app, tmp_path, "cu10.txt", QUOTING)
    r = fresh_app.ask("Vad sa Morgan Johansson om köp av levande djur i förhandlingarna?")
    assert r["answerable"] and "får undanta köp av levande djur" in r["answer"]
    assert not r["answer"].startswith("Vidare anförde")
