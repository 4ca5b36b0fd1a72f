"""Spelling suggestions (`index/search/spelling.py`): unknown words become the corpus word as
the protocols write it; known and common words are left alone."""

from pathlib import Path

import pytest
from protokoll.index.search.lexical import query_scores
from protokoll.service.facade import Protokollsok


def test_a_misspelt_name_is_suggested_as_the_protocols_write_it(seed_app: Protokollsok) -> None:
    index = seed_app.index
    assert index.spelling("vem ersatte Karin Torstenson?") == {"Torstenson": "Torstensson"}
    assert index.spelling("vem ersatte karin torstenson") == {"torstenson": "Torstensson"}


def test_known_and_common_words_are_not_corrected(seed_app: Protokollsok) -> None:
    index = seed_app.index
    assert index.spelling("vem ersatte Karin Torstensson?") == {}
    assert index.spelling("vad kostar det") == {}  # common Swedish, though not in the corpus
    assert index.spelling("xq zzzzzzzzzzz") == {}  # nothing close enough


def test_a_number_is_not_corrected_to_a_near_one(seed_app: Protokollsok) -> None:
    # Digits name a thing by its number (a year, a report "SkU20", a case number): a near number
    # names another thing, not the same one misspelt.
    assert seed_app.index.spelling("vad beslutades om budgeten 2033?") == {}


_NEAR_WORDS = """Protokoll Kultur- och fritidsnämnden 2024-03-12

1. Arbetsmarknadsinsatser

Nämnden beslutar att förlänga avtalet med Samhall om städning av idrottshallarna. Ordförande
Karin Torstensson redogör för överlämningen av verksamheten till den nya förvaltningen.

2. Årsbudgeten

Beslut: Nämnden antar årsbudgeten för 2024 enligt förvaltningens förslag.

3. Remiss från utskottet

Utskottet har berett ärendet.
"""


@pytest.fixture
def near_words(fresh_app: Protokollsok, tmp_path: Path) -> Protokollsok:
    """An index of one protocol with words near ones a question may use ("Samhall")."""
    document = tmp_path / "kultur.txt"
    document.write_text(_NEAR_WORDS, encoding="utf-8")
    assert not fresh_app.ingest([document]).failed
    return fresh_app


def test_a_word_of_the_language_is_not_corrected_into_another(near_words: Protokollsok) -> None:
    # The protocol lacks these words but has a near one: a swimming hall is not "Samhall", a
    # flood not a handover, the spring budget not the annual one.
    spelling = near_words.index.spelling
    assert spelling("vad kostar simhallen?") == {}
    assert spelling("vad sades om översvämningen?") == {}
    assert spelling("vad står i vårbudgeten?") == {}
    # One letter off is a misspelling, of a name or a word alike.
    assert spelling("vad sa karin torstenson?") == {"torstenson": "Torstensson"}
    assert spelling("vad står i årsbudgetn?") == {"årsbudgetn": "årsbudgeten"}
    # The typed word stems apart from the right one ("utskot", three edits from "utskottet"),
    # so the word as typed is what is one letter off.
    assert spelling("vad sa utskotet?") == {"utskotet": "utskottet"}


def test_search_matches_a_word_of_the_language_only_one_letter_off(
    near_words: Protokollsok,
) -> None:
    # The lexical search corrects unknown words too; "översvämningen" (a flood) is two edits
    # from "överlämningen" (a handover) and must not find it, "torstenson" one from the name.
    index = near_words.index
    assert not query_scores(index.vocabulary, index.analyzer, "översvämningen").any()
    assert query_scores(index.vocabulary, index.analyzer, "torstenson").any()


def test_words_typed_without_swedish_letters_get_them_back(seed_app: Protokollsok) -> None:
    index = seed_app.index
    assert index.restorations("hur hog blev arbetslosheten enligt motet?") == {
        "hog": "hög", "arbetslosheten": "arbetslösheten", "motet": "mötet"
    }  # fmt: skip
    # A form that competes with another ("ar": "är" or "år") or with the word as typed ("val":
    # an election, or "väl") is left as typed.
    assert index.restorations("vad sa de om valet i ar") == {}


def test_a_question_with_a_swedish_letter_is_taken_as_written(seed_app: Protokollsok) -> None:
    # Whoever typed "å" could have typed "ö": "motet" is then meant.
    assert seed_app.index.restorations("vem sjöng motet på mötet") == {}


def test_the_restorations_are_read_from_the_cache_without_wordfreq(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Computed once from wordfreq, then kept: a question process need not load its tables.
    from protokoll.index.analysis import load_restorations

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load_restorations.cache_clear()
    built = load_restorations("sv")
    assert built["arbetslosheten"] == "arbetslösheten" and "val" not in built
    assert list((tmp_path / "protokoll" / "analysis").glob("restore-sv-*.json"))
    monkeypatch.setitem(__import__("sys").modules, "wordfreq", None)  # import now fails
    load_restorations.cache_clear()
    try:
        assert load_restorations("sv") == built
    finally:
        load_restorations.cache_clear()


def test_a_word_typed_without_diacritics_is_read_as_the_archive_writes_it() -> None:
    """ "galla" is a word of the language too (bile), so the language's table leaves it; an
    archive that writes "gälla" in every document and "galla" in none reads it as "gälla". A
    word the language knows better as typed ("ersatte") and a short word ("sa") stay."""
    from protokoll.index.analysis import Analyzer
    from protokoll.index.search.lexical import LexicalIndex
    from protokoll.index.search.spelling import archive_restorations, restorations

    analyzer = Analyzer("sv")
    texts = [f"Reglerna ska gälla från 1 juli. Anslaget ersätter det gamla {n}." for n in range(12)]
    lex = LexicalIndex([f"c{n}" for n in range(12)], [analyzer.terms(t) for t in texts])
    question = "nar ska reglerna galla och vem ersatte henne, sa hon"
    known = restorations(question, "sv")
    assert archive_restorations(question, "sv", analyzer, lex, known) == {"galla": "gälla"}
    # Typed with one of the letters, the question is read as written.
    assert archive_restorations("när ska reglerna galla", "sv", analyzer, lex, {}) == {}
