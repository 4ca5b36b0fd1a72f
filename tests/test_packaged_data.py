"""The editable data files ship with the package (a .gitignore once dropped them silently)."""

from protokoll.index.analysis import load_endings, load_frequencies, load_lemmas, load_stopwords


def test_swedish_stopwords_lemmas_endings_and_frequencies_are_present() -> None:
    assert "och" in load_stopwords("sv")
    assert load_lemmas("sv")["ersatte"] == "ersätta"
    assert load_frequencies("sv")["kommun"] > 4
    assert ("de", "a") in load_endings("sv")


def test_theme_taxonomy_is_present() -> None:
    from importlib import resources

    text = resources.files("protokoll.ingest").joinpath("data", "themes_sv.toml").read_text("utf-8")
    assert "elevhälsa" in text
