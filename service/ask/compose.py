"""The words of an answer and the span that is cited for it, from the chosen candidate.

A sentence is the answer as it stands in the protocol. Its next sentence in the same item is
added when the sentence leads into it (it ends with a colon) or when only the next one holds
what was asked for ("Kostnaden beräknas enligt följande." – "Totalt 2,4 miljoner kronor."), so
that a person can check the answer from the quote alone.
"""

from __future__ import annotations

from protokoll.ingest.lexicon import Intent
from protokoll.service.ask.candidates import Candidate
from protokoll.service.ask.kinds import holds
from protokoll.service.ask.records import Answer, Citation
from protokoll.service.ask.vocabulary import DATE_IN_TEXT


def with_following(c: Candidate, what: str | None) -> bool:
    """The answer needs the next sentence to carry what was asked for."""
    if not c.following:
        return False
    if c.text.rstrip().endswith(":"):
        return True
    return what is not None and not holds(what, c.text) and holds(what, c.following)


def compose(c: Candidate, what: str | None, intent: Intent) -> Answer:
    """The answer `c` gives to a question asking for `what` (service/ask/kinds.py)."""
    if c.answer is not None:
        return c.answer
    end = c.end
    text = c.text
    if with_following(c, what):
        end = c.following_end
        text = f"{text} {c.following}"
    p = c.protocol
    if intent == Intent.WHEN and not DATE_IN_TEXT.search(text) and p.date:
        text = f"Enligt protokollet {p.date.isoformat()}: {text}"
    cite = Citation(p, c.start, end, c.number, c.title, p.page_at(c.start))
    return Answer(text, "passage", [cite], (c.text,))
