"""An answer's document must write every name the question writes (named.missing_name)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

from protokoll.ingest.records import Protocol
from protokoll.service.ask.context import Question
from protokoll.service.ask.named import missing_name

TEXT = (
    "En transportkorridor mellan gränsen mot Iran och gränsen mot Georgien väntas vara klar 2019. "
    "Ida Wolden Bache, chef för Norges Bank, talade i Jackson Hole. "
    "Liberalerna reserverade sig. Sjöviks Bostäder äger huset."
)
REPORT = Protocol(id="r", source="r.json", version="v", title="Betänkande", text=TEXT,
                  date=None, body=None, kind="betänkande")  # fmt: skip


def _missing(question: str) -> str | None:
    return missing_name(cast(Question, SimpleNamespace(asked=question)), REPORT)


def test_a_name_the_document_writes_otherwise_is_still_written() -> None:
    # A name and a noun in one word, the noun written after the name.
    assert _missing("När ska korridoren mellan Iran- och Georgiengränsen vara klar?") is None
    # Two names in one run, the first in the genitive.
    assert _missing("Var talade Norges Banks Ida Wolden Bache?") is None
    # A party in the genitive is no name the document must write ("(L)" in a report).
    assert _missing("Vad ville Kristdemokraternas ledamöter?") is None
    # Nor before a member's name: the report writes "Ida Wolden Bache (KD)", not the party.
    assert _missing("Vad tyckte Kristdemokraternas Ida Wolden Bache om avtalet?") is None
    assert _missing("Vad tyckte Liberalernas Erik Thedéen om avtalet?") == "Erik Thedéen"
    # A word an acronym opens is a thing the name acts on, not more of the name.
    assert _missing("Vad ansåg Liberalerna EU-budgeten borde villkoras med?") is None
    assert _missing("Vad ville Norges Bank KD-motionen skulle ändra?") is None


def test_a_name_the_document_does_not_write_rejects_the_answer() -> None:
    assert _missing("Vem äger Sjöviks Energi?") == "Sjöviks Energi"
    assert (
        _missing("Var talade Sveriges Riksbanks Erik Thedéen?") == "Sveriges Riksbanks Erik Thedéen"
    )
    assert _missing("När ska Turkietgränsen öppnas?") == "Turkietgränsen"


def test_a_name_the_answer_s_item_does_not_write_rejects_the_answer() -> None:
    from protokoll.ingest.records import Section
    from protokoll.service.ask.named import missing_in_item

    head = "Barn- och utbildningsnämnden i Vindsjö kommun 2025-02-11\n"
    first = "§ 4 Skolornas elevantal\nKommunens grundskolor har 2 184 elever.\n"
    second = "§ 5 Ny idrottshall\nTallbergshallen byggs om. Rapporten enligt lex Sarah lämnas.\n"
    text = head + first + second
    items = (
        Section("4", "Skolornas elevantal", len(head), len(head) + len(first)),
        Section("5", "Ny idrottshall", len(head) + len(first), len(text)),
    )
    p = Protocol(id="b", source="b.txt", version="v", title="Protokoll", text=text, date=None,
                 body=None, kind="sammanträde", sections=items)  # fmt: skip

    def missing(question: str, at: int) -> str | None:
        return missing_in_item(cast(Question, SimpleNamespace(asked=question)), p, at)

    in_first, in_second = len(head) + 20, len(head) + len(first) + 20
    assert missing("Hur många elever går på Ekbyskolan?", in_first) == "Ekbyskolan"
    # The head names the municipality for every item.
    assert missing("Hur många elever har grundskolorna i Vindsjö?", in_first) is None
    # A form that begins with the name: its genitive, a compound, before a hyphen.
    assert missing("Vad ska byggas i Tallberg?", in_second) is None
    assert missing("Vad säger Lex Sarah-rapporten?", in_second) is None


def test_what_an_actor_intends_is_stated_by_that_actor_not_by_another_of_it() -> None:
    from protokoll.service.ask.agreement import states_intention

    q = cast(Question, SimpleNamespace(folded="vad tanker regeringen gora med scenarierna?"))
    sentences = [
        "Riksrevisionen rekommenderar också regeringen att ta fram scenarier.",
        "Regeringen anser att det finns fördelar och kommer därför att överväga en reglering.",
        "Regeringen beslutade 2018 om scenarier.",
    ]
    assert list(states_intention(q, sentences)) == [0.0, 1.0, 0.0]
    other = cast(Question, SimpleNamespace(folded="vad tyckte regeringen om scenarierna?"))
    assert not states_intention(other, sentences).any()


def test_a_second_sentences_first_word_is_no_name() -> None:
    # "Blir det …? Vad hände med …": "Vad" opens the second sentence, as "Vilken" would.
    assert _missing("Blir det ett hus? Vad hände med motionen om Sjöviks Bostäder?") is None
    assert _missing("Blir det ett hus? Vad hände med Sjöviks Hamnar?") == "Sjöviks Hamnar"
