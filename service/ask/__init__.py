"""Answering Swedish questions from the protocols: extracted, never invented.

The facade understands a question once (filters, intent, spelling) and searches it once; the
`Asker` then routes it (routes.py):
- to facts extracted at ingest where one fits: who replaced whom, who holds a role, who presented
  an item, who attended (from which organisation), how many took part, how a vote went;
- to the decision records for "vad beslutades om …", "vad hände med …";
- to the protocols' own dates for "när hölls presidiekonferensen?";
- otherwise to the sentences of the best passages (passages.py).
Every route measures its support the same way (support.py): the share of the question's content
words, IDF-weighted and without the words that frame the question, found in the cited text. A
fact or decision that does not carry the question's topic is not an answer. Every citation quotes
the protocol verbatim at `start`–`end` and is checked before it is returned (citations.py). When
nothing in the protocols supports an answer, the answer says so.
"""

from protokoll.service.ask.asker import Asker
from protokoll.service.ask.caches import AskCaches
from protokoll.service.ask.phrasing import NO_MATCHING_PROTOCOLS, NOT_FOUND
from protokoll.service.ask.records import Answer, Citation
from protokoll.service.ask.support import name_in

__all__ = [
    "NOT_FOUND",
    "NO_MATCHING_PROTOCOLS",
    "Answer",
    "AskCaches",
    "Asker",
    "Citation",
    "name_in",
]
