"""An answer to what a committee proposed or decided that only says what about takes the sentence
before it in its paragraph when that one states what was done (issue 13: the answer is shown with
its neighbour sentence when that carries the asked-for part)."""

from __future__ import annotations

from pathlib import Path

from protokoll.service.ask.caches import AskCaches
from protokoll.service.ask.citations import section_title
from protokoll.service.ask.context import Question
from protokoll.service.ask.sentences import decided_lead
from protokoll.service.facade import Protokollsok

from tests.conftest import index_beside_examples

REPORT = """Betänkande 2018/19:CU99 Konsumentfrågor

Civilutskottet

Datum: 2019-03-05

Sammanfattning

Utskottet föreslår att riksdagen avslår samtliga motionsyrkanden som behandlas i betänkandet. \
Motionsyrkandena gäller bl.a. telefonförsäljning, reklam riktad till barn, köp av levande djur, \
bindningstider för konsumentavtal, småhusentreprenad, snabblån och konsumentvägledning. \
Utskottet hänvisar främst till pågående arbeten och tidigare ställningstaganden.
"""


def test_what_the_committee_proposed_leads_the_sentence_that_says_what_about(
    fresh_app: Protokollsok, tmp_path: Path
) -> None:
    index_beside_examples(fresh_app, tmp_path, "cu99.txt", REPORT)
    question = "Vad föreslog civilutskottet om motionerna om telefonförsäljning och snabblån?"
    understood = fresh_app.understand(question)
    q = Question(question, understood, [], fresh_app.index, AskCaches())
    listed = next(x for x in fresh_app.index.protocols() if x.source.endswith("cu99.txt"))
    p = fresh_app.index.protocol(listed.id)
    assert p is not None
    start = p.text.index("Motionsyrkandena gäller")
    _, title = section_title(p, start)
    sentence = p.text[start : p.text.index(".", start) + 1]
    before = decided_lead(q, p, start, sentence, title)
    assert before is not None and p.text[before[0] : before[1]].startswith("Utskottet föreslår")
    # A question that asks for something else takes no such lead.
    other = "Vilka motionsyrkanden gällde telefonförsäljning?"
    q2 = Question(other, fresh_app.understand(other), [], fresh_app.index, AskCaches())
    assert decided_lead(q2, p, start, sentence, title) is None
