"""The words ask routes by come from the lexicon and match questions typed without å/ä/ö."""

from __future__ import annotations

import pytest
from protokoll.ingest.text import fold
from protokoll.service.ask import vocabulary as v


@pytest.mark.parametrize(
    ("pattern", "question"),
    [
        (v.SUBSTITUTION, "vem tog över efter Karin?"),
        (v.SUBSTITUTION, "vem tjanstgjorde for Karl-Erik Lund"),
        (v.PRESENTING, "vem föredrog ärendet?"),
        (v.PRESENCE, "vilka var närvarande?"),
        (v.VOTE, "hur röstade nämnden?"),
        (v.DECISION, "vad hände med detaljplanen?"),
        (v.DECISION, "vad föreslog försvarsutskottet om motionerna?"),  # a committee by name
        (v.DECISION, "vad blev finansutskottets förslag?"),
        (v.MEETING_HELD, "när hölls mötet?"),
        (v.RELATIVE, "när är nästa möte?"),
    ],
)
def test_question_patterns_match_the_folded_question(pattern: object, question: str) -> None:
    assert pattern.search(fold(question))  # type: ignore[attr-defined]


def test_a_question_about_what_lies_ahead_may_put_its_subject_inside_the_phrase() -> None:
    ahead = (
        "När börjar de ändrade reglerna om marktjänster på flygplatser gälla?",
        "När träder lagändringarna i kraft?",
        "När kommer regeringen att lämna förslaget?",
        "När ska uppdraget redovisas?",
    )
    for question in ahead:
        assert v.AHEAD_ASKED.search(fold(question).lower()), question
    for question in ("När trädde förordningen i kraft?", "När kom rapporten?"):
        assert not v.AHEAD_ASKED.search(fold(question).lower()), question


def test_each_kind_of_question_is_framed_by_the_common_frame_and_its_own_words() -> None:
    for frame in v.FRAMES.values():
        assert frame >= v.FRAME
    assert "ersatte" in v.FRAMES["substitution"] and "ersatte" not in v.FRAME
    assert fold("hölls") in v.FRAMES["when"]
    # "när personalsektionen sammanträdde": that the meeting was held names no topic.
    assert fold("sammanträdde") in v.FRAME and fold("sammanträder") in v.FRAME


def test_roles_are_looked_for_longest_first() -> None:
    assert v.ROLES.index("vice ordforande") < v.ROLES.index("ordforande")
    assert v.ROLES[0] == "forste vice ordforande"


def test_text_patterns_read_the_protocol_as_written() -> None:
    assert v.PRESENTING_TEXT.search("Anna Berg går igenom budgeten.")
    assert v.DATE_IN_TEXT.search("Mötet hölls den 3 oktober.")
    assert not v.DAY_IN_TEXT.search("Mötet hölls i oktober.")


def test_what_a_committee_thinks_of_a_matter_asks_its_proposal() -> None:
    """Writers who ask what a committee thought of a proposal or motion mean its stance, the
    decision its report proposes (8 of 11 such tuning questions are labelled decisions)."""
    for question in (
        "vad tyckte skatteutskottet om propositionen?",
        "Vad ansåg socialutskottet om motionerna?",
        "Vad föreslog KU om JO:s ämbetsberättelse?",
        "Vad föreslår FiU7 om skrivelsen?",
        "vad foreslog socialforsakringsutskotet om riktaldern",  # one letter short, as typed
        "vad gjorde riksdagen med rapporten?",
        # Any organ's view of a matter is its decision, with or without an adjective before it.
        "Vad tyckte äldrenämnden om motionen om trygghetslarm?",
        "Vad tyckte allmänna utskottet om medborgarförslaget om farthinder?",
        "vad ansåg kommunstyrelsen om V:s förslag",
    ):
        assert v.DECISION.search(fold(question).lower()), question
    for question in (
        "vad tyckte Per Jansson om kronan?",
        "vad föreslog nu ordföranden?",
        "Vad tyckte Vänsterpartiet om budgeten?",
    ):
        assert not v.DECISION.search(fold(question).lower()), question


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("vem har hand om sekreterarjobbet?", "sekreterare"),
        ("vilka var justerarna?", "justerare"),
        ("vem var ordförande?", "ordforande"),
        ("vem ledde sammanträdet?", "ordforande"),
        ("vem justerar protokollet?", "justerare"),  # by what its holder does
        ("hur justerar man budgeten?", None),  # the verb alone names no role
    ],
)
def test_the_role_asked_is_read_from_its_name_a_compound_or_what_its_holder_does(
    question: str, role: str | None
) -> None:
    assert v.role_asked(fold(question)) == role


def test_an_amount_or_a_date_of_a_decision_is_not_asked_by_the_decision_itself() -> None:
    from types import SimpleNamespace

    from protokoll.service.ask.routes import decides
    from protokoll.service.understanding import understand

    def asks(question: str) -> bool:
        u = understand(question, None, [])
        return decides(SimpleNamespace(understood=u, folded=fold(question).lower()))

    assert asks("Vad beslutade direktionen om reporäntan?")
    assert not asks("Hur mycket obligationer beslutade direktionen att köpa?")
    assert not asks("När beslutade nämnden om taxan?")


def test_a_motions_author_called_motionaren_refers_back_unless_the_motion_is_named() -> None:
    assert v.refers_back("Enligt motionären lever i dag en kvarts miljon pensionärer i fattigdom.")
    assert v.refers_back("Motionärerna anser att stödet bör höjas.")
    # The sentence that names the motion introduces its author itself.
    assert not v.refers_back("I motion 2018/19:3124 av Nooshi Dadgostar (V) begär motionärerna …")
    assert v.refers_back("Detta innebär att stödet höjs.")
    assert not v.refers_back("Stödet höjs från och med 2020.")
