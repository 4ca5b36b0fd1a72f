"""A question's everyday words and the words meeting records write for the same thing."""

from __future__ import annotations

import pytest
from protokoll.index.analysis import Analyzer
from protokoll.index.search.equivalents import written_terms


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer("sv")


@pytest.mark.parametrize(
    "question",
    [
        "Från vilket datum gäller den nya taxan?",
        "från när gällde räntebeslutet",
        "När ska de nya reglerna börja gälla?",
    ],
)
def test_from_when_something_applies_is_searched_as_entry_into_force(
    analyzer: Analyzer, question: str
) -> None:
    terms = written_terms(analyzer, question)
    assert {"träd", "kraft"} <= set(terms), terms


@pytest.mark.parametrize(
    "question",
    [
        "Vad gäller för ersättare som kallas in?",  # "gäller" alone is not "gäller från"
        "Vilken beteckning har betänkandet om spel om pengar?",  # money, not an appropriation
    ],
)
def test_a_word_that_only_shares_a_key_word_gets_no_equivalents(
    analyzer: Analyzer, question: str
) -> None:
    assert written_terms(analyzer, question) == []


def test_an_inflected_key_is_found_and_its_values_are_whole_words(analyzer: Analyzer) -> None:
    # "styrräntan" is stemmed apart from "styrränta"; "votering" is not "vot" + "ring".
    assert "reporänt" in written_terms(analyzer, "Till vilken nivå sänktes styrräntan?")
    assert written_terms(analyzer, "Hur röstade ledamöterna i omröstningen?") == ["votering"]


def test_a_law_voted_through_is_searched_as_adopted(analyzer: Analyzer) -> None:
    terms = written_terms(analyzer, "När röstade riksdagen igenom brottsdatalagen?")
    assert "ant" in terms and "votering" in terms
    # "rösta" alone is a vote, not an adoption.
    assert written_terms(analyzer, "Hur röstade ledamöterna?") == ["votering"]


def test_someone_missing_from_a_meeting_is_searched_as_absent(analyzer: Analyzer) -> None:
    assert "frånvar" in written_terms(analyzer, "Vilken ledamot saknades på mötet?")


def test_eu_is_searched_as_the_european_union_records_write_out(analyzer: Analyzer) -> None:
    # Reports write "Europeiska unionen" in titles and decisions, users "EU".
    terms = written_terms(analyzer, "Vad föreslog utskottet om avtalet mellan EU och Kuba?")
    assert {"europeisk", "union"} <= set(terms), terms
