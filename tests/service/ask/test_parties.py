"""Which parties a sentence speaks for (answerers.roles.parties_of): a sentence in another
party's voice does not answer what the party a question names wanted (voices.other_parties)."""

from __future__ import annotations

from protokoll.service.ask.answerers.roles import parties_of


def test_the_parties_a_sentence_speaks_for_are_read_from_names_letters_and_its_title() -> None:
    assert parties_of(
        "I kommittémotion 2018/19:2915 av Sofia Damm m.fl. framför Kristdemokraterna att …"
    ) == {"KD"}
    assert parties_of("Gulan Avci (L) och Maria Nilsson (L) anför:") == {"L"}
    assert parties_of("Enligt Liberalernas motion bör anslaget höjas.") == {"L"}
    assert parties_of("Vi anser att anslaget bör höjas.", "Arbetsförmedlingen, punkt 3 (SD)") == {
        "SD"
    }
    # Letters in parentheses that name no party, and a sentence naming none.
    assert parties_of("Enligt förordningen (EU) 2016/679 gäller …") == set()
    assert parties_of("Utskottet delar regeringens bedömning.") == set()
