"""Spelling suggestions (`index/search/spelling.py`): unknown words become the corpus word as
the protocols write it; known and common words are left alone."""

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
