"""Answering Swedish questions from the protocols: extracted, never invented.

The facade understands a question once (filters, intent, spelling) and searches it once. The
`Asker` then gathers candidate answers (candidates.py):
- the answers of the routes that apply, where the data is structured (routes.py): who replaced
  whom, who holds a role, who presented an item, who attended, how many took part, how a vote
  went, what was decided, when a meeting was held;
- every sentence and list item of the best passages, with its neighbours and item title.
Each candidate is described by features that hold for any protocol (features.py: closeness in
meaning, IDF-weighted coverage of the question's words, the kind of thing asked for and held,
agreement with the meeting named, position, search rank), and a learned selector (selector.py,
trained by eval/selector/train.py) gives each a probability of being right. The most probable
candidate answers when it reaches the threshold chosen on held-out data; otherwise the answer
says that nothing was found. Every citation quotes the protocol verbatim at `start`–`end` and
is checked before it is returned (citations.py).
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
