from datetime import date

import pytest
from protokoll.ingest.lexicon import Intent
from protokoll.service.understanding import Understood, understand

NEWEST = date(2024, 10, 4)


@pytest.mark.parametrize(
    "query, date_from, date_to",
    [
        ("beslut i september 2023", date(2023, 9, 1), date(2023, 9, 30)),
        ("vad hände den 29 september 2023", date(2023, 9, 29), date(2023, 9, 29)),
        ("protokoll 2023-09-29", date(2023, 9, 29), date(2023, 9, 29)),
        ("mötet 29/9 2023", date(2023, 9, 29), date(2023, 9, 29)),
        ("sektionens möte 28.3.2023", date(2023, 3, 28), date(2023, 3, 28)),
        ("beslut om skolan hösten 2023", date(2023, 8, 1), date(2023, 12, 31)),
        ("alla beslut om kompetensförsörjning under 2023", date(2023, 1, 1), date(2023, 12, 31)),
        ("vad beslutades förra året", date(2023, 1, 1), date(2023, 12, 31)),
        ("beslut om äldreomsorgen i höstas", date(2024, 8, 1), date(2024, 12, 31)),
        ("beslut om budgeten förra månaden", date(2024, 9, 1), date(2024, 9, 30)),
        ("vad beslutades första halvåret 2024", date(2024, 1, 1), date(2024, 6, 30)),
        ("beslut andra kvartalet 2024", date(2024, 4, 1), date(2024, 6, 30)),
        ("protokoll Q3 2023", date(2023, 7, 1), date(2023, 9, 30)),
        ("mötet vecka 12 2024", date(2024, 3, 18), date(2024, 3, 24)),
        # Ranges and open bounds, where the ends are written with their year.
        ("beslut mellan mars och maj 2024", date(2024, 3, 1), date(2024, 5, 31)),
        ("ansökningar under januari–maj 2024", date(2024, 1, 1), date(2024, 5, 31)),
        ("beslut från januari 2023 till juni 2024", date(2023, 1, 1), date(2024, 6, 30)),
        ("alla beslut om skolan sedan 2022", date(2022, 1, 1), None),
        ("beslut efter 1 mars 2024", date(2024, 3, 2), None),
        ("alla beslut från och med mars 2023", date(2023, 3, 1), None),
        # A bare "från" names where a document comes from: that period, not all after it.
        ("enligt protokollet från november 2020", date(2020, 11, 1), date(2020, 11, 30)),
        ("räntebeslutet från den 23 oktober 2019", date(2019, 10, 23), date(2019, 10, 23)),
        ("beslut från 2019", date(2019, 1, 1), date(2019, 12, 31)),
        # A meeting named by its month or season and year.
        ("vad sades på decembermötet 2023", date(2023, 12, 1), date(2023, 12, 31)),
        ("tillgångsköpen vid sommarmötet 2020", date(2020, 6, 1), date(2020, 8, 31)),
        ("protokoll före 2023", None, date(2022, 12, 31)),
        ("beslut till och med juni 2024", None, date(2024, 6, 30)),
    ],
)
def test_time_expressions_become_date_ranges(
    query: str, date_from: date | None, date_to: date | None
) -> None:
    u = understand(query, NEWEST, [])
    assert (u.date_from, u.date_to) == (date_from, date_to)
    assert u.date_expression and u.date_expression.lower() in query.lower()
    assert u.date_expression not in u.search_text


@pytest.mark.parametrize(
    "query, month, day",
    [
        ("vilka var närvarande den 29 september?", 9, 29),
        ("LGL-mötet 29/9", 9, 29),
        ("mötet i oktober", 10, None),
        ("beslut i juni", 6, None),  # a four-letter month: its description crashed before
        ("vad hände i juli", 7, None),
        ("vad beslutade Riksbanken vid sitt novembermöte?", 11, None),
        # The meeting named wins over a period that is what was said about.
        ("KPIF-inflationen i maj 2024 enligt protokollet från junimötet", 6, None),
        ("hur hog var inflationen i september 2019 enligt protokollet fran oktobermotet", 10, None),
    ],
)
def test_month_or_day_without_year_means_any_year(query: str, month: int, day: int | None) -> None:
    u = understand(query, NEWEST, [])
    assert (u.month, u.day, u.date_from, u.date_to) == (month, day, None, None)
    assert "alla år" in u.describe()


@pytest.mark.parametrize(
    "query",
    [
        "taxa för tillsyn 2025",
        "kompetensförsörjning 2024-2027",
        "budget för 2024",
        "elevhälsoplan 2024–2026",
        "höjs från 2023 års nivå",
        "från 25 till 30 kvadratmeter",
        "räntan höjdes från 0,75 till 1,75 procent",
        "vad hände efter lagändringen",
    ],
)
def test_a_year_that_is_the_topic_is_not_a_filter(query: str) -> None:
    u = understand(query, NEWEST, [])
    assert u.date_from is None and u.month is None


def test_known_body_in_question_becomes_a_filter() -> None:
    bodies = ["Barn- och utbildningsnämnden", "Kommunstyrelsen, Ekbacka kommun"]
    assert (
        understand("beslut i kommunstyrelsen om idrott", NEWEST, bodies).body == "Kommunstyrelsen"
    )
    assert understand("vad har barn- och utbildningsnamnden beslutat", NEWEST, bodies).body == (
        "Barn- och utbildningsnämnden"
    )
    assert understand("styrelsen", NEWEST, bodies).body is None


def test_a_question_naming_two_organs_is_not_filtered_to_either() -> None:
    bodies = ["Finansutskottet", "Skatteutskottet", "Läns-gemensam ledning",
              "Läns-gemensam ledning i samverkan"]  # fmt: skip
    q = "När bad finansutskottet skatteutskottet att yttra sig över propositionen?"
    assert understand(q, NEWEST, bodies).body is None
    # One name inside another is one organ: the longer.
    u = understand("möten i Läns-gemensam ledning i samverkan", NEWEST, bodies)
    assert u.body == "Läns-gemensam ledning i samverkan"


@pytest.mark.parametrize(
    "query, kind",
    [
        ("vem ersatte Karin Torstensson?", "vem"),
        ("vilka var närvarande den 29 september?", "vilka_personer"),
        ("när tas det sista fullmäktigebeslutet om nära vård?", "när"),
        ("hur många deltog på presidiekonferensen?", "hur_många"),
        ("vad beslutades om elevhälsan?", "beslut"),
        ("alla beslut om kompetensförsörjning", "beslut"),
        ("var hölls presidiekonferensen?", "var"),
        ("vad sa man om primärvårdsplanen?", "vad"),
        ("kompetensförsörjning", "sök"),
        ("varfor aterremitterades planen", "vad"),  # read as written with å/ä/ö
        # An interrogative after a preposition asks the same.
        ("till när gäller avtalet med hyresgästen?", "när"),
        ("fram till vilket datum flyttades mötet?", "när"),
        ("av vem undertecknades protokollet?", "vem"),
    ],
)
def test_the_question_type_is_the_intent(query: str, kind: str) -> None:
    assert understand(query, NEWEST, []).intent == Intent(kind)


def test_corrections_replace_whole_words_for_the_reader_and_every_occurrence_for_the_model() -> (
    None
):
    u = Understood(
        query="beslut i septembr", search_text="beslut i septembr",
        corrections={"septembr": "september"},
    )  # fmt: skip
    assert u.did_you_mean == "beslut i september" == u.spelled_text == u.dense_text
    assert Understood(query="x", search_text="x").dense_text is None


@pytest.mark.parametrize(
    "query, date_from, date_to",
    [
        # What was said is about May; the meeting that said it was held in July.
        ("hur hög var arbetslösheten i maj 2017 enligt riksbankens möte i juli 2017?",
         date(2017, 7, 1), date(2017, 7, 31)),
        ("hur många möten ska banken ha från 2024 enligt novemberprotokollet 2023?",
         date(2023, 11, 1), date(2023, 11, 30)),
        ("vad sades om budgeten 2025 på sammanträdet den 3 oktober 2024?",
         date(2024, 10, 3), date(2024, 10, 3)),
        ("hur stort blev överskottet 2023 enligt årsmötet 2024?",
         date(2024, 1, 1), date(2024, 12, 31)),
        # "efter decembermötet" places a forecast after that meeting; the minutes are August's.
        ("vilken ränta väntades efter decembermötet, enligt protokollet från augusti 2024?",
         date(2024, 8, 1), date(2024, 8, 31)),
    ],
)  # fmt: skip
def test_the_period_of_the_meeting_named_filters_when_the_question_names_another(
    query: str, date_from: date, date_to: date
) -> None:
    u = understand(query, NEWEST, [])
    assert (u.date_from, u.date_to) == (date_from, date_to)


def test_a_single_period_after_a_meeting_word_is_read_as_before() -> None:
    u = understand("vad beslutades på mötet den 29 september 2023?", NEWEST, [])
    assert u.date_expression == "den 29 september 2023"
    assert u.search_text == "vad beslutades på mötet ?"
