import pytest
from protokoll.index.analysis import Analyzer, fold


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer("sv")


def shares_term(a: Analyzer, query: str, text: str) -> bool:
    return bool(set(a.terms(query)) & set(a.terms(text)))


def test_fold_strips_swedish_diacritics() -> None:
    assert fold("Jilkén Öberg Åsa") == "jilken oberg asa"


@pytest.mark.parametrize(
    "query, text",
    [
        ("kompetensforsorjning", "kompetensförsörjning"),  # no diacritics
        ("Jilken", "Karin Jilkén"),
        ("styrelse", "kommunstyrelsen"),  # compound head
        ("kompetensförsörjning", "kompetensförsörjningsplan"),  # compound with linking -s-
        ("elevhälsa", "elevhälsoplan"),  # linking -o- for -a
        ("ersatte", "ersätter"),  # strong verb
        ("ersättare", "ersätter"),
        ("ledamot", "ledamöter"),  # umlaut plural
        ("beslöt", "beslutade"),
        ("valdes", "väljer"),
        ("höjde", "att höja styrräntan"),  # weak verb: past tense, infinitive
        ("höjdes", "styrräntan höjs"),  # past passive, present passive
        ("sänktes", "sänka"),
        ("köpte", "köpa"),
        ("stort", "stora"),  # adjective: neuter, plural
        ("ökade", "inflationen ökar"),  # a stem too short for Snowball's suffixes ("ök")
        ("skedde", "det sker"),
        ("såg över", "regeringen ser över"),
    ],
)
def test_forms_users_type_meet_the_text(analyzer: Analyzer, query: str, text: str) -> None:
    assert shares_term(analyzer, query, text)


@pytest.mark.parametrize(
    "word", ["verksamhet", "personal", "ledamöter", "samordnande", "Hasselbom"]
)
def test_ordinary_words_and_names_are_not_split(analyzer: Analyzer, word: str) -> None:
    # Only the word's own stem (and its folded variant), no parts.
    assert len(analyzer.word_terms(word)) <= 2, analyzer.word_terms(word)


def test_exact_spelling_matches_more_terms_than_folded(analyzer: Analyzer) -> None:
    text = set(analyzer.terms("kompetensförsörjning"))
    exact = len(text & set(analyzer.terms("kompetensförsörjning")))
    folded = len(text & set(analyzer.terms("kompetensforsorjning")))
    assert exact > folded > 0


def test_stop_words_and_question_words_give_no_terms(analyzer: Analyzer) -> None:
    assert analyzer.terms("vem var det som och när") == []


@pytest.mark.parametrize("word, other", [("stat", "sta"), ("bet", "bea")])
def test_an_ending_is_only_replaced_on_a_stem_of_three_letters(
    analyzer: Analyzer, word: str, other: str
) -> None:
    # Short letter sequences are common "words" in the frequency list ("sta", "bea"), so "stat"
    # and "bet" would become inflections of them.
    assert not set(analyzer.word_terms(word)) & set(analyzer.word_terms(other))


@pytest.mark.parametrize(
    "word, other",
    [("år", "varor"), ("stöd", "stod"), ("våld", "valde"), ("lågt", "lagt")],
)
def test_a_word_with_swedish_letters_is_not_read_as_the_form_it_folds_to(
    analyzer: Analyzer, word: str, other: str
) -> None:
    # Folded, "år", "stöd" and "våld" are "ar", "stod" and "vald": forms of "vara", "stå" and
    # "välja" in the table of irregular forms. They are other words.
    assert not set(analyzer.word_terms(word)) & set(analyzer.word_terms(other))


def test_a_form_typed_without_swedish_letters_still_meets_its_base_form(
    analyzer: Analyzer,
) -> None:
    assert shares_term(analyzer, "ersatter", "ersattes")
    assert shares_term(analyzer, "gar", "gick")  # "går" typed without å


@pytest.mark.parametrize(
    ("word", "its_form", "another_word"),
    [
        ("makt", "makten", "maka"),  # power, not a spouse
        ("tillväxt", "tillväxten", "växa"),
        ("vikt", "vikten", "vik"),  # weight, not a bay
        ("rest", "resten", "resa"),  # the rest, not a journey
        ("fart", "farten", "far"),  # speed, not a father
        ("kort", "kortare", "kora"),
    ],
)
def test_a_word_ending_as_an_inflection_does_is_read_as_itself(
    analyzer: Analyzer, word: str, its_form: str, another_word: str
) -> None:
    # "-t" ends neuter adjectives ("stort" → "stora"), but "makt" is a word of its own: its
    # forms ("makten") show it, and it is not "maka" with an ending.
    assert shares_term(analyzer, word, its_form)
    assert not shares_term(analyzer, word, another_word)


def test_a_pronoun_is_not_read_as_a_name(analyzer: Analyzer) -> None:
    # "annat" with its ending replaced is "anna": the pronoun of "bland annat" must not meet the
    # Anna a question names. Pronouns are stop words ("sådant", "samma").
    assert not shares_term(analyzer, "vad sa Anna Seim", "bland annat en annan")


@pytest.mark.parametrize("word", ["SkU20", "AU99", "covid-19"])
def test_a_word_with_digits_is_never_taken_for_a_misspelling(analyzer: Analyzer, word: str) -> None:
    # "SkU20" and "KU20" are two reports: a near number is another thing, not a typo.
    assert not analyzer.may_be_misspelt(word)
    assert analyzer.query_terms(f"vad föreslog {word}")[1] == {}


def test_a_rare_word_may_be_misspelt(analyzer: Analyzer) -> None:
    assert analyzer.may_be_misspelt("torstenson")
    assert not analyzer.may_be_misspelt("kostar")


@pytest.mark.parametrize(
    "word", ["professorn", "översvämning", "simhallen", "dollarlån", "vårbudgeten", "M-motion"]
)
def test_a_word_of_the_language_or_words_of_it_put_together_are_known(
    analyzer: Analyzer, word: str
) -> None:
    assert analyzer.knows(word)


@pytest.mark.parametrize(
    # "röst" + "nig": a rare letter run is no part of a word put together.
    "word",
    ["tilgänglig", "septembr", "röstnig", "kompetensförsörjnig", "KPIF-inflatonen"],
)
def test_a_misspelling_is_not_a_known_word(analyzer: Analyzer, word: str) -> None:
    assert not analyzer.knows(word)


def test_a_linking_e_for_a_first_parts_a_is_read_only_where_nothing_else_splits(
    analyzer: Analyzer,
) -> None:
    d = analyzer.decompounder
    assert d.linked("räntebeslutet") == ("ränta", "beslutet")
    # A word split already, or whose parts are no common words, is left as it is.
    assert d.linked("skattebortfallet") == ()
    assert d.linked("planeringen") == ()


def test_an_unknown_compound_says_its_last_part_to_a_question(analyzer: Analyzer) -> None:
    # "nyupplåna": "nyupp" is no word, so the compound cannot be split; it still says "låna".
    assert analyzer.decompounder.head("nyupplåna") == "låna"
    assert analyzer.decompounder.head("ja-röster") == "röster"
    assert set(analyzer.word_terms("låna")) <= analyzer.terms_with_heads("får nyupplåna 40 mnkr")
    # The index keeps the word whole: only what a sentence says to a question gains the part.
    assert not set(analyzer.word_terms("låna")) & set(analyzer.terms("får nyupplåna 40 mnkr"))


@pytest.mark.parametrize("word", ["beslutet", "rapporten", "elbilar", "icke-statliga"])
def test_a_known_word_or_a_negation_has_no_other_last_part(analyzer: Analyzer, word: str) -> None:
    # "beslutet" is no kind of "slutet", nor "rapporten" of "porten", nor "icke-statliga" of
    # "statliga".
    assert analyzer.decompounder.head(word) is None
