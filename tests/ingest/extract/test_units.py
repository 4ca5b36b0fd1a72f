"""Sentences and lines: abbreviations end no sentence, and a wrapped sentence stays one."""

from __future__ import annotations

from protokoll.ingest.extract import sentence_spans

from tests.ingest.extract.protocols import parse, triples


def test_sentences_are_split_as_the_facts_read_them() -> None:
    text = "Helén Svensson, leg. psykoterapeut, berättade om IKB. Teamet startade 2023.\nRubrik"
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "Helén Svensson, leg. psykoterapeut, berättade om IKB.",
        "Teamet startade 2023.",
        "Rubrik",
    ]


def test_a_wrapped_pdf_sentence_still_yields_its_fact() -> None:
    text = (
        "Protokoll Direktionen 2024-01-10\n\n§ 1 Den ekonomiska utvecklingen\n\n"
        "Anna Svensson, chef för avdelningen för penningpolitik, redogjorde för den\n"
        "ekonomiska utvecklingen sedan förra mötet och för prognosen framåt i tiden.\n"
    )
    assert ("Anna Svensson", "Den ekonomiska utvecklingen", "1") in triples(
        parse(text), "presenter"
    )


def test_a_bulleted_sentence_wrapped_over_lines_is_one_sentence() -> None:
    """A PDF puts a tab after a bullet; the item's sentence still goes on over the next line,
    while a list of names in tab-separated columns stays line by line."""
    text = (
        "Direktionen beslutade\n"
        "•\tatt lämna reporäntan oförändrad på −0,25 procent och att detta beslut tillämpas från\n"
        "och med onsdagen den 30 oktober 2019.\n"
        "•\tatt publicera beslutet torsdagen den 24 oktober 2019.\n"
        "Anna Ek\tordförande för nämnden under hela mandatperioden 2019–2022 och\n"
        "fram till valet\n"
    )
    found = [text[a:b] for a, b in sentence_spans(text)]
    assert found[1].endswith("tillämpas från\noch med onsdagen den 30 oktober 2019.")
    assert found[2] == "•\tatt publicera beslutet torsdagen den 24 oktober 2019."
    assert found[-1] == "fram till valet"


def test_a_word_processors_private_use_bullet_is_a_bullet_too() -> None:
    # PDFs made from Word write the Symbol font's bullet as U+F0B7: the item's sentence still
    # goes on over the next line, and the next bullet starts a new one.
    text = (
        "Direktionen beslutade\n"
        "\uf0b7\tatt offentliggöra det penningpolitiska beslutet med motivering i ett\n"
        "pressmeddelande onsdagen den 25 september 2024 kl. 09:30,\n"
        "\uf0b7 att publicera protokollet från dagens sammanträde tisdagen den 1\n"
        "oktober 2024 kl. 09:30.\n"
    )
    found = [text[a:b] for a, b in sentence_spans(text)]
    assert found[1].endswith("i ett\npressmeddelande onsdagen den 25 september 2024 kl. 09:30,")
    assert found[2].startswith("\uf0b7 att publicera")
    assert found[2].endswith("oktober 2024 kl. 09:30.")
