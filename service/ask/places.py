"""Places a sentence says are being left: "När den nya förskolan öppnar avvecklas Lindens
förskola, Kyrkogatan 3" names the old site, which does not answer where the new one will be
("Var ska nya förskolan ligga?"). Matters of relocation (a school replacing another, a
service moving to new premises) state both sites, often in neighbouring sentences, so the one
being left must be told from the one asked for by the words that leave it (`[answers] leaving`).
"""

from __future__ import annotations

import re

from protokoll.ingest.text import fold
from protokoll.service.ask.kinds import holds_beyond
from protokoll.service.ask.vocabulary import LEXICON, either

_LEAVING = re.compile(rf"\b(?:{either(LEXICON.leaving)})")
_OLD = re.compile(rf"\b(?:{either(LEXICON.old_marks)})\b")
_NEW_ASKED = re.compile(rf"\b(?:{either(LEXICON.asks['new'])})\b")
_TO = re.compile(r"\btill\b")
# Where one main clause ends and the next begins ("Skolan byggs vid Ängsvägen, och den gamla
# skolbyggnaden rivs"): a place in the first is not the one left in the second.
_NEXT_CLAUSE = re.compile(r",\s+(?:och|men|medan)\s+|;\s+")


def _leaves(clause: str) -> bool:
    folded = fold(clause.lower())
    m = _LEAVING.search(folded)
    return m is not None and not _TO.search(folded, m.end())


def without_leaving(text: str) -> str:
    """The text without its clauses that say a place is being left ("När nya förskolan öppnar
    avvecklas Ramsbergs förskola"), and not also where to ("flyttar från Skolgatan 9 till …")."""
    return " ".join(c for c in _NEXT_CLAUSE.split(text) if not _leaves(c))


def states_leaving(text: str) -> bool:
    """Whether some clause of a text says that a place is being left (`without_leaving`)."""
    return any(_leaves(c) for c in _NEXT_CLAUSE.split(text))


def may_answer_where(question: str, sentences: list[str]) -> list[bool]:
    """Which sentences may say where the question's thing is or will be: not one whose only
    place is in a clause that leaves it ("Var ska nya förskolan ligga?"), unless the question
    itself asks about the place being left ("Vilken förskola avvecklas?"); for a new thing, not
    one whose only place is the old one's ("Den nuvarande brandstationen på Stationsgatan 3")."""
    if states_leaving(question):
        return [True] * len(sentences)
    folded = fold(question.lower())
    new_asked = bool(_NEW_ASKED.search(folded)) and not _OLD.search(folded)
    return [_may_say_where(s, question, new_asked) for s in sentences]


def _may_say_where(sentence: str, question: str, new_asked: bool) -> bool:
    clauses = _NEXT_CLAUSE.split(sentence)
    staying = [c for c in clauses if not _leaves(c)]
    if len(staying) < len(clauses) and not holds_beyond("place", " ".join(staying), question):
        return False  # its places are all in clauses that leave them
    if not new_asked:
        return True
    placed = [c for c in clauses if holds_beyond("place", c, question)]
    # Its places all in clauses about the old one ("nuvarande"): not where the new one will be.
    return not placed or not all(_OLD.search(fold(c.lower())) for c in placed)
