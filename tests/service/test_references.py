"""Questions that name a document: narrowed to it, or declined with the reason when it is absent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from protokoll.index.embedding import Embedder
from protokoll.ingest.records import Protocol
from protokoll.service.facade import Protokollsok
from protokoll.service.references import (
    designations,
    loosened,
    names_a_designation,
    resolve,
    spoken_of,
    states_day,
    states_spoken,
)
from protokoll.service.settings import Settings
from protokoll.service.understanding import Understood, understand

AU = "Arbetsmarknadsutskottet"
HEADINGS = [
    ("au10", "Betänkande 2018/19:AU10 Arbetsmiljö", date(2019, 5, 14), AU),
    ("au1", "Betänkande 2018/19:AU1 Utgiftsområde 13", date(2018, 12, 17), AU),
    ("fou3", "Betänkande 2019/20:FöU3 Försvar", date(2019, 11, 21), "Försvarsutskottet"),
    ("vn", "Protokoll 5/2022 Välfärdsnämnden", date(2022, 9, 15), "Välfärdsnämnden"),
]  # fmt: skip
BODIES = sorted({h[3] for h in HEADINGS})


def _resolved(question: str, known: frozenset[str] = frozenset()) -> Understood:
    u = understand(question, date(2024, 1, 1), BODIES)
    resolve(u, HEADINGS, lambda word: word.lower() in known)
    return u


def test_designations_are_read_as_written_with_or_without_bet() -> None:
    assert designations("Vad beslutade riksdagen i bet. 2019/20:FiU20 om X?") == ["2019/20:FiU20"]
    assert designations("betänkande 2018/19 : AU10 och 2018/19:AU1") == [
        "2018/19:AU10", "2018/19:AU1",
    ]  # fmt: skip
    assert designations("lagen (2011:203) och SFS 2018:1197") == []


@pytest.mark.parametrize(
    "question",
    ["när börjar lagarna gälla enligt JuU3 2018/19?", "vad föreslog AU4 för 2019/20?",
     "vad sa utskottet i 2018/19 JuU3 om registren?", "JuU3, riksmötet 2018/19"],
)  # fmt: skip
def test_a_short_designation_with_its_session_beside_it_is_the_full_designation(
    question: str,
) -> None:
    assert designations(question) in (["2018/19:JuU3"], ["2019/20:AU4"])


def test_committee_codes_with_more_than_one_capital_are_designations_too() -> None:
    assert designations("vad beslutades enligt MJU4 2019/20?") == ["2019/20:MJU4"]
    assert designations("UFöU1 2019/20") == ["2019/20:UFöU1"]


def test_a_designation_narrows_to_its_report_and_not_to_a_longer_one() -> None:
    u = _resolved("Vad föreslog utskottet i betänkande 2018/19:AU1?")
    assert u.protocols == ("au1",) and u.absent is None and u.designation == "2018/19:AU1"
    assert _resolved("Vad föreslog utskottet i 2019/20:fou3?").protocols == ("fou3",)


def test_an_absent_designation_is_declined_with_the_reason() -> None:
    u = _resolved("Vad beslutade riksdagen om arbetsmiljö i betänkande 2018/19:AU11?")
    assert u.absent == "Betänkande 2018/19:AU11 finns inte i samlingen." and u.protocols is None


def test_an_absent_day_without_a_meeting_word_or_decision_may_be_one_the_text_speaks_of() -> None:
    u = _resolved("Vilken minister informerade arbetsmarknadsutskottet den 23 april 2019 om X?")
    assert u.absent is not None and u.spoken_period
    loose = spoken_of(u)
    assert loose is not None and loose.date_from is None and loose.absent is None
    assert loose.body == AU
    assert states_day(u, "Ann Linde har den 23 april 2019 informerat utskottet.")
    assert not states_day(u, "Ann Linde har den 23 april 2018 informerat utskottet.")
    assert not states_day(u, "Den 3 april 2019 informerade Ann Linde utskottet.")
    tied = (
        "Vad beslutade arbetsmarknadsutskottet den 23 april 2019?",
        "Vem informerade arbetsmarknadsutskottet på mötet den 23 april 2019?",
        # What an organ adopted that day is a meeting's decision, not a day a text speaks of.
        "Vilken plan antog arbetsmarknadsutskottet den 23 april 2019?",
        "Vilken budget antog välfärdsnämnden den 20 november?",
    )
    for question in tied:
        u = _resolved(question)
        assert u.absent is not None and not u.spoken_period and spoken_of(u) is None


def test_an_absent_month_without_a_meeting_word_or_decision_may_be_one_the_text_speaks_of() -> None:
    u = _resolved("Vem var generaldirektör vid arbetsmarknadsutskottets utfrågning i januari 2019?")
    assert u.absent is not None and u.spoken_period
    loose = spoken_of(u)
    assert loose is not None and loose.month is None and loose.body == AU
    paragraph = "Den 23 januari 2019 anordnade utskottet en utfrågning. I den medverkade X."
    of_2019, of_2020 = (
        Protocol(id="r", source="r.json", version="v", title="Betänkande", text=paragraph,
                 date=date(year, 5, 14), body=AU, kind="betänkande")
        for year in (2019, 2020)
    )  # fmt: skip
    assert states_spoken(u, paragraph, of_2019)
    assert not states_spoken(u, paragraph.replace("januari", "februari"), of_2019)
    # The year must be stated when the document is from another one.
    assert not states_spoken(u, "Den 23 januari anordnade utskottet en utfrågning.", of_2020)
    for question in (
        "Vad beslutade arbetsmarknadsutskottet i januari 2019?",
        "Vem var ordförande på arbetsmarknadsutskottets möte i januari 2019?",
    ):
        u = _resolved(question)
        assert u.absent is not None and not u.spoken_period and spoken_of(u) is None


def test_an_absent_meeting_date_is_declined_and_a_present_one_is_not() -> None:
    u = _resolved("Vad beslutade välfärdsnämnden den 14 mars 2019?")
    assert u.absent == (
        "Det finns inget protokoll från Välfärdsnämnden den 14 mars 2019 i samlingen."
    )
    assert _resolved("Vad beslutades den 15 september 2022?").absent is None
    assert _resolved("Vad beslutades i mars 2030?").absent == (
        "Det finns inget protokoll i mars 2030 i samlingen."
    )


def test_a_month_beside_an_organ_that_writes_reports_may_be_what_its_report_tells() -> None:
    # A committee's report is dated when it was signed: what the committee heard in May may be
    # told in a report of June. A nämnd's protocol of a month is its meeting then.
    u = _resolved("Vilken minister informerade arbetsmarknadsutskottet i maj 2019?")
    assert u.body == AU and u.absent is None
    assert loosened(u) is None
    loose = loosened(u, HEADINGS)
    assert loose is not None and loose.month is None and loose.date_from is None
    assert loose.body == AU
    u = _resolved("Vem informerade välfärdsnämnden i september 2022?")
    assert loosened(u, HEADINGS) is None


def test_a_meeting_of_another_organ_that_day_is_no_meeting_of_the_organ_named() -> None:
    # The välfärdsnämnd met on 15 September 2022; the byggnadsnämnd, which the archive holds
    # nothing from, did not, and its chair is not the välfärdsnämnd's.
    u = _resolved("Vem var ordförande när byggnadsnämnden sammanträdde 15 september 2022?")
    assert u.absent == (
        "Det finns inget protokoll från byggnadsnämnden den 15 september 2022 i samlingen."
    )
    # Named beside the organ that met, it is what that meeting spoke of.
    u = _resolved("Vad sa välfärdsnämnden om byggnadsnämnden den 15 september 2022?")
    assert u.absent is None and u.body == "Välfärdsnämnden"
    assert _resolved("Vad beslutade nämnden den 15 september 2022?").absent is None
    # Spoken of in that meeting's protocol, it may be what the question asks about.
    u = understand("Vem från byggnadsnämnden närvarade den 15 september 2022?", date(2024, 1, 1),
                   BODIES)  # fmt: skip
    resolve(u, HEADINGS, lambda word: False, lambda word, ids: ids == ["vn"])
    assert u.absent is None


def test_a_body_named_by_its_last_word_is_declined_on_a_day_it_did_not_meet() -> None:
    # Users write "riksbanken" for "Sveriges riksbank"; a Riksdag report of that day is no
    # meeting of the central bank.
    headings = [*HEADINGS, ("rb", "Protokoll från det penningpolitiska mötet den 9 februari 2021",
                            date(2021, 2, 9), "Sveriges riksbank")]  # fmt: skip
    bodies = sorted({h[3] for h in headings})
    for question in ("Vad beslutade riksbanken på mötet den 14 maj 2019?",
                     "Vad sa riksbankens direktion den 14 maj 2019?"):  # fmt: skip
        u = understand(question, date(2024, 1, 1), bodies)
        resolve(u, headings, lambda word: True)
        assert u.absent == (
            "Det finns inget protokoll från Sveriges riksbank den 14 maj 2019 i samlingen."
        ), question
    u = understand("Vad beslutade riksbanken den 9 februari 2021?", date(2024, 1, 1), bodies)
    resolve(u, headings, lambda word: True)
    assert u.absent is None


def test_an_organ_recorded_by_the_leading_words_of_its_name_is_still_that_organ() -> None:
    # A title "Protokoll Läns-gemensam ledning 2023-09-29" records the organ by its first
    # words; its presidium's protocol names it in full. A question naming it in full for
    # September means the first meeting, not an absent one.
    headings = [
        ("lgl", "Protokoll Läns-gemensam ledning 2023-09-29", date(2023, 9, 29),
         "Läns-gemensam ledning"),
        ("pk", "Protokoll presidiekonferens Läns-gemensam ledning i samverkan 231013",
         date(2023, 10, 13), "Läns-gemensam ledning i samverkan"),
        ("ks", "Protokoll Kommunstyrelsen 2023-09-12", date(2023, 9, 12), "Kommunstyrelsen"),
    ]  # fmt: skip
    bodies = sorted({h[3] for h in headings})
    question = "Vad beslutade Läns-gemensam ledning i samverkan i september 2023?"
    u = understand(question, date(2024, 1, 1), bodies)
    resolve(u, headings, lambda word: False)
    assert u.body == "Läns-gemensam ledning i samverkan" and u.absent is None
    # A genitive names another organ: the board's committee is not the board.
    u = understand("Vad beslutade kommunstyrelsens arbetsutskott i september 2023?",
                   date(2024, 1, 1), [*bodies, "Kommunstyrelsens arbetsutskott"])  # fmt: skip
    resolve(u, headings, lambda word: False)
    assert u.absent is not None


def test_an_organ_named_nowhere_in_the_archive_is_declined_and_one_mentioned_is_not() -> None:
    u = _resolved("Vad beslutade byggnadsnämnden om bygglovet?")
    assert u.absent == "Det finns inget protokoll från byggnadsnämnden i samlingen."
    assert _resolved("Vad sa socialnämnden?", frozenset({"socialnämnden"})).absent is None
    assert _resolved("Vad beslutade välfärdsnämnden?").absent is None
    assert _resolved("Vad beslutade nämnden?").absent is None


def test_what_an_organ_decided_is_declined_when_only_other_organs_minutes_mention_it() -> None:
    # The välfärdsnämnd's minutes mention the kultur- och fritidsnämnd ("… att kultur- och
    # fritidsnämnden utreder en ungdomsgård"); its decisions are in its own minutes, not there.
    known = frozenset({"fritidsnämnden", "kommunfullmäktige"})
    u = _resolved("Vad beslutade kultur- och fritidsnämnden om ungdomsgården?", known)
    assert u.absent == "Det finns inget protokoll från kultur- och fritidsnämnden i samlingen."
    u = _resolved("Vilket beslut om budgeten som kommunfullmäktige beslutade", known)
    assert u.absent == "Det finns inget protokoll från kommunfullmäktige i samlingen."
    # What else it did may be told in the minutes that mention it.
    assert _resolved("När ska kommunfullmäktige anta taxan?", known).absent is None
    assert _resolved("Vad tyckte fritidsnämnden om förslaget?", known).absent is None
    assert _resolved("Vad beslutade välfärdsnämnden om ungdomsgården?", known).absent is None


def test_an_organ_of_another_place_is_declined_with_the_place_and_its_own_is_not() -> None:
    # Tångevik's fullmäktige met; Örnbacka's did not, though its name is in the IT nämnd's text.
    headings = [
        ("kf", "Tångeviks kommun Kommunfullmäktige", date(2025, 4, 14), "Kommunfullmäktige"),
        ("it", "Gemensamma IT-nämnden", date(2025, 3, 12), "Gemensamma IT-nämnden"),
    ]  # fmt: skip
    texts = {"kf": "tangeviks kommun", "it": "tangeviks kommun och ornbacka kommun"}

    def spoken_in(word: str, ids: list[str]) -> bool:
        return any(word.lower().replace("ö", "o").replace("å", "a") in texts[i] for i in ids)

    def absent(question: str) -> str | None:
        u = understand(question, date(2026, 1, 1), [])
        resolve(u, headings, lambda word: False, spoken_in)
        return u.absent

    for question in ("Vad beslutade kommunfullmäktige i Örnbacka om policyn?",
                     "Har Örnbackas kommunfullmäktige godkänt policyn?",
                     "Antog Hallsta kommunfullmäktige policyn?"):  # fmt: skip
        place = "Hallsta" if "Hallsta" in question else "Örnbacka"
        want = f"Det finns inget protokoll från kommunfullmäktige i {place} i samlingen."
        assert absent(question) == want, question
    assert absent("Vad beslutade kommunfullmäktige i Tångevik om policyn?") is None
    assert absent("Vad beslutade Tångeviks kommunfullmäktige om policyn?") is None
    # Not asked what it decided, and the place is spoken of: its minutes may tell it.
    assert absent("När ska kommunfullmäktige i Örnbacka få veta mer om policyn?") is None
    # A place not tied to the organ is the matter's: "ungdomsgården i Hyttebo".
    assert absent("Vad beslutade kommunfullmäktige om ungdomsgården i Hyttebo?") is None


def test_a_meeting_planned_after_every_protocol_is_searched_in_the_text() -> None:
    # "När är nämndens första sammanträde 2025?" of minutes from 2024: the plan in the text says
    # it; a question about what a meeting of then decided is still declined.
    for question in (
        "När är välfärdsnämndens första sammanträde 2025?",
        "Vilket datum har välfärdsnämnden sitt budgetsammanträde 2021?",
    ):
        u = _resolved(question)
        assert u.absent is not None and u.spoken_period, question
    u = _resolved("Vad beslutade välfärdsnämnden på sammanträdet i mars 2025?")
    assert u.absent is not None and not u.spoken_period


def test_an_organ_named_by_one_part_of_an_elided_name_is_that_organ() -> None:
    # "Miljö- och jordbruksutskottet" is "miljöutskottet" to most users, and "Bygg-, miljö- och
    # hälsoskyddsnämnden" their "miljönämnden"; "fritidsnämnden" is still another organ.
    headings = [
        ("mju16", "Betänkande 2018/19:MJU16 Miljö- och jordbruksutskottets betänkande",
         date(2019, 5, 2), "Miljö- och jordbruksutskottet"),
        ("bmh", "Protokoll Bygg-, miljö- och hälsoskyddsnämnden 2023-05-10", date(2023, 5, 10),
         "Bygg-, miljö- och hälsoskyddsnämnden"),
    ]  # fmt: skip
    for question in ("Vad anser miljöutskottet om avfall?", "Vad beslutade miljönämnden?",
                     "Vad beslutade byggnämnden om bygglov?"):  # fmt: skip
        u = understand(question, date(2024, 1, 1), [])
        resolve(u, headings, lambda word: False)
        assert u.absent is None, question
    u = understand("Vad beslutade fritidsnämnden om badet?", date(2024, 1, 1), [])
    resolve(u, headings, lambda word: False)
    assert u.absent == "Det finns inget protokoll från fritidsnämnden i samlingen."


def _spelled(day: str) -> str:
    months = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
              "september", "oktober", "november", "december"]  # fmt: skip
    y, m, d = map(int, day.split("-"))
    return f"{d} {months[m - 1]} {y}"


MAY = "2019-05-14"  # the reports' date unless a test gives another


def _report(folder: Path, designation: str, title: str, text: str, day: str = MAY) -> None:
    code = designation.split(":")[1]
    html = (f"<h1>{title}</h1><h2>Utskottets förslag till riksdagsbeslut</h2><p>{text}</p>"
            f"<p>Stockholm den {_spelled(day)}</p>")  # fmt: skip
    doc = {"typrubrik": f"Betänkande {designation}", "titel": title, "organ": "AU",
           "datum": f"{day} 00:00:00", "doktyp": "bet", "html": html}  # fmt: skip
    (folder / f"{code.lower()}.json").write_text(
        json.dumps({"dokumentstatus": {"dokument": doc}}), encoding="utf-8"
    )


@contextmanager
def _indexed(
    tmp_path: Path, embedder: Embedder, *reports: tuple[str, str, str, str]
) -> Iterator[Protokollsok]:
    """An index of these reports (designation, title, text, date) alone."""
    folder = tmp_path / "in"
    folder.mkdir()
    for designation, title, text, day in reports:
        _report(folder, designation, title, text, day)
    with Protokollsok(Settings(data=tmp_path / "data"), embedder=embedder) as app:
        assert not app.ingest([folder]).failed
        yield app


@pytest.mark.slow  # embeds two small reports with the real model
def test_a_present_designation_narrows_search_and_ask_to_that_report(
    tmp_path: Path, embedder: Embedder
) -> None:
    reports = (
        ("2018/19:AU10", "Arbetsmiljö",
         "Riksdagen avslår motionerna om arbetsmiljö och skyddsombud.", MAY),
        ("2018/19:AU11", "Arbetsmiljö och arbetstid",
         "Riksdagen bifaller motionen om arbetsmiljö och skyddsombud på byggen.", MAY),
    )  # fmt: skip
    with _indexed(tmp_path, embedder, *reports) as app:
        question = "Vad beslutade riksdagen om skyddsombud i betänkande 2018/19:AU10?"
        found = app.search(question)
        assert found["results"]
        assert {r["protocol"]["title"] for r in found["results"]} == {
            "Betänkande 2018/19:AU10 Arbetsmiljö"
        }
        assert found["understood"]["designation"] == "2018/19:AU10"
        answer = app.ask("Vad beslutade riksdagen om skyddsombud i betänkande 2018/19:AU12?")
        assert answer["answerable"] is False
        assert answer["answer"] == "Betänkande 2018/19:AU12 finns inte i samlingen."


@pytest.mark.slow  # embeds a small report with the real model
def test_a_month_only_a_report_speaks_of_is_answered_from_the_paragraph_that_states_it(
    tmp_path: Path, embedder: Embedder
) -> None:
    text = (
        "Den 23 januari 2019 anordnade utskottet en öppen utfrågning om arbetsmiljön. "
        "I utfrågningen medverkade Arbetsmiljöverkets generaldirektör Erik Lennhammar."
    )
    with _indexed(tmp_path, embedder, ("2018/19:AU10", "Arbetsmiljö", text, MAY)) as app:
        question = ("Vem var generaldirektör för Arbetsmiljöverket vid arbetsmarknadsutskottets "
                    "utfrågning om arbetsmiljön i {}?")  # fmt: skip
        answer = app.ask(question.format("januari 2019"))
        assert answer["answerable"] and "Erik Lennhammar" in answer["answer"]
        assert app.search(question.format("januari 2019"))["results"]
        # No protocol is from February, and no text speaks of it.
        declined = app.ask(question.format("februari 2019"))
        assert declined["answerable"] is False
        assert declined["answer"] == (
            "Det finns inget protokoll från Arbetsmarknadsutskottet i februari 2019 i samlingen."
        )
        assert app.search(question.format("februari 2019"))["results"] == []


@pytest.mark.slow  # embeds two small reports with the real model
def test_a_month_a_report_of_then_does_not_state_is_answered_from_a_text_that_states_it(
    tmp_path: Path, embedder: Embedder
) -> None:
    # A report signed in May 2019 speaks of a summit, but not of one in May 2019.
    reports = (
        ("2018/19:AU10", "Arbetsmiljö",
         "Utskottet diskuterade EU:s framtid vid ett toppmöte i Göteborg.", MAY),
        ("2018/19:UU4", "Kommissionens arbetsprogram",
         "Processen om EU:s framtid ska resultera i ett toppmöte i Sibiu den 9 maj 2019.",
         "2018-11-30"),
    )  # fmt: skip
    with _indexed(tmp_path, embedder, *reports) as app:
        answer = app.ask("I vilken stad skulle toppmötet om EU:s framtid hållas i maj 2019?")
        assert answer["answerable"] and "Sibiu" in answer["answer"]


def test_a_date_no_meeting_has_is_searched_as_content_unless_the_question_names_a_meeting() -> None:
    u = _resolved("Mot vilket land inleddes artikel 7-förfarandet i september 2018?")
    assert u.absent is None and u.date_from is None and u.month is None
    assert "september 2018" in u.search_text
    named = _resolved("Vem förde protokollet vid Riksbankens möte i september 2018?")
    assert named.absent == "Det finns inget protokoll i september 2018 i samlingen."
    assert _resolved("Vem ersatte Karin Torstensson före 2017?").absent == (
        "Det finns inget protokoll före 2017 i samlingen."
    )
    one_day = _resolved("Vem ersatte Karin Torstensson den 14 mars 2019?")
    assert one_day.absent == "Det finns inget protokoll från den 14 mars 2019 i samlingen."


def test_a_date_before_the_report_it_is_read_in_is_content_not_a_meeting() -> None:
    """ "… hösten 2017 enligt utskottets betänkande": the date is when what is asked about
    happened, so it neither declines (no report is from then) nor narrows to the documents of
    that month (a report of September 2019 is not the one named). A date before a meeting's
    protocol, or with no source named, still does."""
    for question in (
        "Hur många kommuner erbjöd nattis hösten 2017 enligt arbetsmarknadsutskottets betänkande?",
        "Vilken minister hölls överläggningen med i december 2014 enligt AU10?",
        "Vem blev kanslichef i maj 2019 enligt arbetsmarknadsutskottets budgetbetänkande?",
    ):
        u = _resolved(question)
        assert u.absent is None and u.date_from is None and u.month is None, question
        assert u.date_expression is None and u.search_text == question
    assert _resolved("Vad sa nämnden i mars 2016 enligt protokollet?").absent == (
        "Det finns inget protokoll i mars 2016 i samlingen."
    )
    assert _resolved("Vad hände i maj 2019 enligt arbetsmarknadsutskottet?").date_from == date(
        2019, 5, 1
    )


def test_a_period_a_decision_applies_to_is_content_not_a_meeting() -> None:
    """ "… för 2020", "… för första kvartalet 2022": the period a budget or a decision applies to,
    decided at a meeting before it. It neither declines (no meeting then) nor narrows to the
    meetings of that period."""
    for question in (
        "Vad beslutade Riksbanken om obligationsköp för första kvartalet 2022?",
        "Hur mycket föreslog arbetsmarknadsutskottet för utgiftsområde 13 för 2020?",
    ):
        u = _resolved(question)
        assert u.absent is None and u.date_from is None and u.month is None, question
    # "i", "under" or "sedan" still tie the date to a meeting or a time.
    assert _resolved("Vad beslutade Riksbanken i första kvartalet 2022?").absent == (
        "Det finns inget protokoll från första kvartalet 2022 i samlingen."
    )


def test_a_riksmote_the_archive_has_no_report_from_is_declined_when_tied_to_reports() -> None:
    u = _resolved("Vad föreslog utskottet i sitt betänkande under riksmötet 2020/21?")
    assert u.absent == "Det finns inget betänkande från riksmötet 2020/21 i samlingen."
    assert _resolved("Vad ansåg utskottet i betänkandet om arbetsmiljö 2021/22?").absent is not None
    assert _resolved("Vad ansåg utskottet i betänkandet om arbetsmiljö 2018/19?").absent is None
    # After "för", the year a report covers, which a later riksmöte reports on.
    assert _resolved("Vad föreslog utskottet om ämbetsberättelsen för 2020/21?").absent is None
    # Right after a document that a later riksmöte handles, its own year too.
    assert _resolved("Vad sa KU om JO:s ämbetsberättelse 2020/21?").absent is None
    assert _resolved("Vad ansåg utskottet om regeringens skrivelse 2020/21?").absent is None
    # Not tied to reports: a school or business year, searched as content.
    assert _resolved("Hur många elever gick i skolan läsåret 2021/22?").absent is None
    # Without Riksdag reports in the archive, a report's "2023/24" is a budget year.
    u = understand("Vad stod i rapporten om budget 2023/24?", date(2024, 1, 1), BODIES)
    resolve(u, [h for h in HEADINGS if h[0] == "vn"], lambda word: False)
    assert u.absent is None


def test_a_question_names_a_report_by_its_designation_with_or_without_the_session() -> None:
    title = "Betänkande 2019/20:CU6 Större komplementbostadshus"
    assert names_a_designation("… i stället för i CU6?", title)
    assert names_a_designation("vad föreslog utskottet i 2019/20:CU6?", title)
    assert not names_a_designation("vad föreslog utskottet i CU60?", title)
    assert not names_a_designation("vad föreslog utskottet i 2018/19:CU6?", title)
    assert not names_a_designation("hur stort får ett attefallshus vara?", title)


def test_what_was_held_in_a_year_is_searched_for_that_year_not_filtered_to_it() -> None:
    # "hölls" says as much of trainings as of meetings: only a meeting word ties the year to one.
    assert loosened(_resolved("På hur många anstalter hölls utbildningar under 2018?")) is not None
    assert loosened(_resolved("Var hölls mötet under 2018?")) is None


def test_an_answer_states_the_period_asked_in_its_item_title_but_not_in_passing() -> None:
    from protokoll.service.ask.records import Answer, Citation
    from protokoll.service.references import answers_of_period

    text = "Svaret kom. Statsrådet svarade att vägledningen ska tryggas."
    report = Protocol(id="r", source="r.json", version="v", title="Betänkande 2019/20:CU1",
                      text=text, date=date(2019, 11, 1), body=None, kind="betänkande")  # fmt: skip
    u = understand("Vilket statsråd svarade på frågestunden i januari 2019 om vägledningen?",
                   date(2024, 1, 1), [])  # fmt: skip

    def answered(title: str) -> Answer:
        cite = Citation(report, 12, len(text), "3", title, None)
        return Answer(text[12:], "passage", [cite])

    titled = answered("Statsrådets svar vid frågestunden den 31 januari 2019")
    assert answers_of_period(u, titled, recorded=False)
    assert not answers_of_period(u, answered("Konsumentvägledning"), recorded=False)


def test_a_period_is_stated_in_the_questions_own_words() -> None:
    from protokoll.service.references import states_period

    u = understand("Hur många beslut verkställdes inte i kvartal 2 2024?", date(2024, 12, 1), [])
    assert states_period(u, "För kvartal 2 2024 har 9 ej verkställda beslut rapporterats.", 2024)
    assert not states_period(u, "För kvartal 3 2024 har 4 beslut rapporterats.", 2024)


def test_months_in_a_row_are_searched_for_and_stated_by_one_of_their_names() -> None:
    # "januari–oktober 2024" is what a November meeting's text speaks of, not when it was held.
    from protokoll.service.references import states_period

    u = understand("Hur många resor gjordes i kollektivtrafiken januari–oktober 2024?",
                   date(2024, 12, 1), BODIES)  # fmt: skip
    assert (u.date_from, u.date_to) == (date(2024, 1, 1), date(2024, 10, 31))
    assert loosened(u) is not None
    assert states_period(u, "Under januari–oktober 2024 gjordes 12,4 miljoner resor.", 2024)
    assert not states_period(u, "Under 2024 gjordes 12,4 miljoner resor.", 2024)
    assert not states_period(u, "I november 2024 gjordes 1,3 miljoner resor.", 2024)


def test_a_date_in_the_follow_up_named_as_source_is_that_reports_not_a_meeting() -> None:
    """ "… i år enligt prognosen i augusti": a municipality's budget follow-up names its own
    month; the question asks what it says, whichever meeting it was reported to."""
    for question in (
        "hur mycket går skolnämnden back enligt prognosen i augusti",
        "Hur stort underskott har välfärdsnämnden enligt uppföljningen i april 2022?",
    ):
        u = _resolved(question)
        assert u.absent is None and u.month is None and u.date_from is None, question
    # A meeting held then presented it: the question is narrowed to that meeting.
    u = _resolved("Hur stort underskott har välfärdsnämnden enligt prognosen i september 2022?")
    assert u.absent is None and u.date_from == date(2022, 9, 1)


def test_a_meeting_word_inside_a_compound_ties_the_month_to_a_meeting() -> None:
    """ "på styrelsemötet i juni 2025" names a meeting as "på mötet" does: with no protocol from
    then, the question is declined, not answered from a text that mentions June."""
    u = _resolved("Vad sades om laddstolparna på Välfärdsnämndens styrelsemöte i juni 2025?")
    assert u.absent is not None and "juni 2025" in u.absent
    assert spoken_of(u) is None


PLANNED_AHEAD = """Protokoll Tandvårdsnämnden
Region Sydmark
Sammanträdesdatum: 2025-04-09

§ 34 Uppföljning av budget

Nämnden redovisar ett underskott på 4,2 miljoner kronor efter första kvartalet.
Förvaltningen får i uppdrag att ta fram en åtgärdsplan för en budget i balans.
Åtgärdsplanen ska återrapporteras till nämnden vid sammanträdet den 11 juni 2025.
"""


@pytest.mark.slow  # embeds a small protocol with the real model
def test_a_protocol_cannot_tell_what_an_organ_did_on_a_day_after_it_was_written(
    tmp_path: Path, embedder: Embedder
) -> None:
    # The April protocol plans the June meeting; what the nämnd dealt with then is in no
    # protocol of the archive, while "när" is still answered by the plan.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "tn-2025-04-09.txt").write_text(PLANNED_AHEAD, encoding="utf-8")
    with Protokollsok(Settings(data=tmp_path / "data"), embedder=embedder) as app:
        assert not app.ingest([folder]).failed
        declined = app.ask("tandvårdsnämnden 11 juni 2025, vilka åtgärder fanns i åtgärdsplanen")
        assert declined["answerable"] is False
        assert declined["answer"] == (
            "Det finns inget protokoll från Tandvårdsnämnden den 11 juni 2025 i samlingen."
        )
        planned = app.ask("När ska åtgärdsplanen återrapporteras till tandvårdsnämnden?")
        assert planned["answerable"] and "11 juni 2025" in planned["answer"]
