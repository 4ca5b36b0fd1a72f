"""How much of a question a text supports: the measure every answer route shares."""

from __future__ import annotations

from datetime import date

import pytest
from protokoll.ingest.records import Protocol, Section
from protokoll.service.ask.support import (
    Weigher,
    as_written_elsewhere,
    cover,
    found,
    name_in,
    question_years,
    words,
    years_fit,
)
from protokoll.service.facade import Protokollsok

# Weights as over the whole corpus, where the organ's name is rarer than "snöröjning".
TOPIC = [
    (("läns-gemensam",), (), 3.0),
    (("ledning",), (), 1.0),
    (("snöröjning",), (), 2.0),
]


def weigher(app: Protokollsok) -> Weigher:
    return Weigher(app.index.analyzer, app.index.vocabulary, {})


def test_the_organ_alone_carries_half_but_not_beyond_it(app: Protokollsok) -> None:
    w = weigher(app)
    p = next(p for p in app.index.protocols() if "Läns-gemensam" in (p.body or ""))
    said = w.terms("Läns-gemensam ledning beslutar att godkänna förslaget till årshjul.")
    assert cover(TOPIC, said) >= 0.5  # the organ alone would carry half the question
    assert w.cover_beyond(TOPIC, said, p) < 0.5
    said = w.terms("Läns-gemensam ledning beslutar att snöröjningen upphandlas.")
    assert w.cover_beyond(TOPIC, said, p) >= 0.5


def test_a_compound_found_through_its_parts_counts_a_little_less() -> None:
    topic = [(("elevhälsoplan",), ("elevhäls", "plan"), 1.0)]
    assert cover(topic, {"elevhälsoplan"}) == 1.0
    assert cover(topic, {"elevhäls", "plan"}) == pytest.approx(0.9)
    assert cover(topic, {"plan"}) == pytest.approx(0.45)
    assert cover([], {"plan"}) == 0.0


def test_stems_cut_at_different_inflections_are_one_word() -> None:
    assert found(["presidiekonferens"], {"presidiekonfer"})
    assert not found(["presidiekonferens"], {"presidie"})  # more than an ending apart
    assert found(["plan"], {"planer"})
    assert not found(["nya"], {"nyare"})  # three letters: only the same term
    assert found(["planer"], {"plan"}) and found(("konferensen",), ("konferens",))
    assert not found(["planer"], {"pla"})  # what is left must be four letters
    assert not found(["plan"], {"planering"})  # "ering" is no inflection


def test_an_inflection_is_found_whatever_else_the_text_holds() -> None:
    # `found` looks the question's term up with and without an ending, in a set or a tuple.
    text = ("riksdagen", "beslutade", "anslaget", "ökas", "presidiekonfer")
    assert found(["presidiekonferens"], set(text)) and found(["presidiekonferens"], text)
    assert found(["anslag"], text) and found(["beslut"], text)
    assert not found(["ökning"], text) and not found(["riksdagsbeslut"], text)


def test_a_name_is_named_despite_diacritics_and_a_typo() -> None:
    question = words("vem ersatte karin torstenson")
    assert name_in("Karin Torstensson", question)
    assert not name_in("Karin Jilkén", question)
    assert name_in("Hasselbom Trofast", words("vad sa trofast"))  # a long surname alone


def test_a_year_in_the_question_must_be_the_meetings_or_stated_in_the_answer(
    app: Protokollsok,
) -> None:
    p = next(p for p in app.index.protocols() if p.date and p.date.year == 2023)
    assert years_fit(["2023"], p, "Beslutet gäller.")
    assert not years_fit(["2020"], p, "Ramen utökades.")
    assert years_fit(["2020"], p, "Ramen utökades under 2020.")


def test_a_year_the_documents_title_names_is_its_own_but_not_one_in_its_designation() -> None:
    """ "arbetsprogram 2019" in a report of December 2018: the year is what the report is about,
    so a sentence of it need not repeat it; "2018/19:UU4" names the report, not a year."""
    report = Protocol(
        id="uu4", source="h601uu4.json", version="v", title="Betänkande 2018/19:UU4 "
        "Kommissionens arbetsprogram 2019", text="", date=date(2018, 12, 6), body=None,
        kind="betänkande",
    )  # fmt: skip
    assert years_fit(["2019"], report, "Kabinettssekreteraren föredrog.")
    assert years_fit(["2018"], report, "Kabinettssekreteraren föredrog.")
    assert not years_fit(["2020"], report, "Kabinettssekreteraren föredrog.")


def test_the_years_of_a_riksmote_or_designation_are_not_asked_of_the_answer() -> None:
    """ "… 2017 enligt betänkandet 2018/19:JuU1 för 2019": the riksmöte and the designation name
    the report; 2017 and 2019 are what the answer must be about."""
    assert question_years("Hur många fall konstaterades 2017 enligt 2018/19:JuU1 för 2019?") == [
        "2017", "2019",
    ]  # fmt: skip
    assert question_years("I vilket län ligger ansvaret enligt KU31 2018/19?") == []
    assert question_years("Vad sa lagen (2016:27) om 2020?") == ["2020"]


def test_frame_words_are_not_the_topic(app: Protokollsok) -> None:
    w = weigher(app)
    topic = w.topic("vem ersatte Karin Torstensson?", frozenset({"vem", "ersatte"}))
    whole = [t for terms, _, _ in topic for t in terms]
    assert whole and not any(t.startswith(("vem", "ersat")) for t in whole)


def test_a_meeting_compound_the_archive_never_writes_names_the_meeting(
    app: Protokollsok,
) -> None:
    # "räntemötet" is the user's word for the penningpolitiska mötet: which meeting, not what
    # was said there. A compound the archive writes ("budgetmötet") may be the question's topic.
    from protokoll.index.search.lexical import LexicalIndex

    an = app.index.analyzer
    archive = LexicalIndex(["c1"], [an.terms("budgetmötet flyttades, snöröjningen upphandlas")])
    w = Weigher(an, archive, {})
    frame = frozenset({"vad", "sa", "på", "om", "när", "flyttades"})
    said = [t for terms, _, _ in w.topic("Vad sa de på räntemötet om snöröjning?", frame)
            for t in terms]  # fmt: skip
    assert said and not any(t.startswith("räntemöt") for t in said)
    moved = [t for terms, _, _ in w.topic("När flyttades budgetmötet?", frame) for t in terms]
    assert any(t.startswith("budgetmöt") for t in moved)


def _listed_protocol(text: str, list_end: int) -> Protocol:
    return Protocol(
        id="vn-2022-09-15.txt", source="vn-2022-09-15.txt", version="v1",
        title="Protokoll 5/2022 Välfärdsnämnden", text=text, date=date(2022, 9, 15),
        body="Välfärdsnämnden", kind="sammanträde",
        sections=(
            Section(None, "Övriga närvarande", 0, list_end, kind="attendance"),
            Section("41", "Mötets laglighet", list_end, len(text)),
        ),
    )  # fmt: skip


def test_a_name_listed_surname_first_is_given_as_the_protocol_otherwise_writes_it() -> None:
    listing = "Övriga närvarande\nRif Solveig, kanslist, protokollförare\n"
    text = listing + "41 § Mötets laglighet\nSolveig Rif konstaterade att kallelsen skickats.\n"
    p = _listed_protocol(text, len(listing))
    assert as_written_elsewhere(p, "Rif Solveig", text.index("Rif")) == "Solveig Rif"
    # Written only as listed, or not read from a list: the name stays as it stands.
    only = _listed_protocol(listing + "41 § Mötets laglighet\nKallelsen skickades.\n", len(listing))
    assert as_written_elsewhere(only, "Rif Solveig", text.index("Rif")) == "Rif Solveig"
    said = text.index("Solveig Rif")
    assert as_written_elsewhere(p, "Solveig Rif", said) == "Solveig Rif"


def test_a_compound_with_a_linking_e_is_covered_by_its_parts(app: Protokollsok) -> None:
    # "räntebeslutet" is "ränta" + "beslutet": a sentence about "reporäntan" and "beslutet"
    # covers it in part, where it covered nothing before.
    w = weigher(app)
    topic = w.topic("Vad blev räntebeslutet?", frozenset({"vad", "blev"}))
    said = w.terms("Direktionen beslutade att lämna reporäntan oförändrad; beslutet gäller i dag.")
    assert cover(topic, said) > 0.5


def test_a_compound_the_archive_never_writes_weighs_as_its_parts(app: Protokollsok) -> None:
    # "straffreglerna" is the asker's word; the archive writes "straff" and "regler" apart.
    # Weighed as the rarest word it would outweigh every other word of the question.
    from protokoll.index.search.lexical import LexicalIndex

    an = app.index.analyzer
    texts = ["nya regler om straff för avfallstransporter", "reglerna gäller", "straff", "övrigt"]
    archive = LexicalIndex([f"c{i}" for i in range(len(texts))], [an.terms(t) for t in texts])
    w = Weigher(an, archive, {})
    topic = w.topic("Vilka straffregler gäller för avfallstransporter?", frozenset({"vilka"}))
    weight = {terms[0]: x for terms, _, x in topic}
    assert weight["straffregl"] == max(archive.idf(t) for t in an.word_terms("straff"))
    assert weight["straffregl"] < archive.idf("straffregl")
