"""What a sentence refers back to, and what goes on from it: the sentences an answer is measured
and shown with ("Ett sådant system …", "Uppdraget ska …", "Motionären anser …", "Detta
innebär …"), since a sentence that only points to another says half of what it means."""

from __future__ import annotations

import re

from protokoll.ingest.records import Protocol
from protokoll.service.ask import kinds
from protokoll.service.ask.citations import preceding_in_item
from protokoll.service.ask.context import Question
from protokoll.service.ask.sentences import BULLET, HEADING, MIN_SENTENCE, Candidate
from protokoll.service.ask.vocabulary import (
    DESIGNATED,
    LEXICON,
    asks_in_text,
    either,
    is_reply,
    refers_back,
    refers_to_author,
)

# A sentence opening with a noun in the definite form, "Uppdraget", "Utredningen", "Förslaget",
# "Lagändringarna, som …",
# not followed by a name ("Gruppen Psykisk hälsa" names a group of its own); the noun is checked
# against the sentence before (`referent`).
_OPENS_DEFINITE = re.compile(r"^\W*([A-ZÅÄÖ][a-zåäö]{3,}(?:et|en|an|na)),?\s+(?!av\b|[A-ZÅÄÖ])")
# A sentence that opens by naming again what the one before introduced: a determiner and a
# noun ("De principerna …", "Den åtgärden …", "Det förslaget …"); the noun is checked against the
# sentence before (`continues`).
_DEFINITE_AGAIN = re.compile(r"^\W*(?:De|Den|Det|Dessa|Denna|Detta)\s+([a-zåäöé]{4,})\b")
# A sentence opening with a surname and a verb of saying: "Fors anför att …" (`continues`).
_SPEAKS_ON = re.compile(
    rf"^\W*([A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?)\s+"
    rf"(?:{either(LEXICON.verbs['announcing'], folded=False)})\b"
)

# Sentences back from "motionären" to the one naming the motion (`_back_to_motion`).
MOTION_BACK = 2


def unbulleted(text: str) -> str:
    """A sentence of the text as an answer says it: without a list item's bullet, which
    candidates already lose (`sentences.BULLET`) but the sentence before or after does not."""
    text = text.strip()
    return text[m.end() :] if (m := BULLET.match(text)) else text


def referent(
    q: Question, p: Protocol, start: int, sentence: str, title: str
) -> tuple[int, int] | None:
    """The span of the sentence before `sentence` in its item when `sentence` refers back to it
    ("Ett sådant system används i dag i Finland." is about the system the sentence before
    describes), unless that one is a heading; else None. A sentence that opens with a thing in
    the definite form the sentence before introduced ("… tillsätta en särskild utredare med
    uppdrag att …" / "Uppdraget ska redovisas senast …") refers back to it too."""
    refers = refers_back(sentence)
    definite = None if refers else _OPENS_DEFINITE.match(sentence)
    reply = not refers and not definite and is_reply(sentence)
    if not refers and not definite and not reply:
        return None
    before = preceding_in_item(p, q.caches.sentences(p), start, title)
    if before is None or HEADING.match(p.text[before[0] : before[1]]):
        return None
    if reply:
        # "X frågar när … / Y svarar att …": the topic is in the question, the answer in the reply.
        return before if asks_in_text(p.text[before[0] : before[1]]) else None
    earlier = p.text[before[0] : before[1]]
    if definite and not (
        q.terms(definite[1]) & q.terms(earlier) or _names_the_act(definite[1], earlier)
    ):
        return None  # the sentence before did not introduce the thing
    if refers_to_author(sentence):
        return _back_to_motion(q, p, before, title)
    return before


# A noun made from a verb ("utökningen" of "utökas", "finansieringen" of "finansieras"): the
# stem before these endings is the verb's.
_ACT_ENDING = re.compile(r"(?:ering|ning)(?:en|ar|arna)?$")


def _names_the_act(noun: str, earlier: str) -> bool:
    """Whether `earlier` says the verb that `noun` names the act of: "… investeringsramen
    utökas med 18,5 mnkr." / "Utökningen finansieras …"."""
    stem = _ACT_ENDING.sub("", noun.lower())
    if stem == noun.lower() or len(stem) < 4:
        return False
    return any(w.startswith(stem) for w in re.findall(r"\w+", earlier.lower()))


def _back_to_motion(
    q: Question, p: Protocol, before: tuple[int, int], title: str
) -> tuple[int, int]:
    """From the sentence before one that says "motionären" back to the one naming the motion
    (and so its author), within the paragraph and at most two sentences further: "Boriana Åberg
    (M) anser i motion 2019/20:2880 … Motionären anför … Risken … Motionären anser därför …"."""
    start = before[0]
    for _ in range(MOTION_BACK):
        if DESIGNATED.search(p.text[start : before[1]]):
            break
        earlier = preceding_in_item(p, q.caches.sentences(p), start, title)
        if earlier is None or "\n" in p.text[earlier[1] : start]:
            break
        start = earlier[0]
    return start, before[1]


def continues(q: Question, sentence: str, following: str) -> bool:
    """`following` goes on with what `sentence` says: it refers back to it ("Detta innebär …",
    "Hon menade …"), or names again, definite, what the sentence introduced ("… vill lyfta fram
    några principer …" / "De principerna är …"). Such a sentence is shown with the answer, since
    the answer sentence often only announces what the next one states."""
    if (
        HEADING.match(following)
        or BULLET.match(following.lstrip())
        or len(following.strip()) < MIN_SENTENCE
    ):
        return False  # a heading, or the next item of a list, starts something new
    if refers_back(following) or _same_speaker(sentence, following):
        return True
    m = _DEFINITE_AGAIN.match(following)
    return m is not None and bool(q.terms(m.group(1)) & q.terms(sentence))


def _same_speaker(sentence: str, following: str) -> bool:
    """`following` opens with the surname of someone `sentence` names, speaking on: "Roger Fors
    (SjvP) yrkar att …" / "Fors anför att närmaste vårdcentral …" gives the reason after the
    motion, which "varför" asks."""
    m = _SPEAKS_ON.match(following)
    return m is not None and re.search(rf"(?<!\w){re.escape(m[1])}(?!\w)", sentence) is not None


def referents(q: Question, candidates: list[Candidate]) -> list[tuple[int, int] | None]:
    """For each candidate, the span of what it refers back to (`referent`), or None: read once,
    for the kind it holds, the coverage it is measured with and the answer it is shown in."""
    return [referent(q, p, start, text, title) for p, start, _, text, _, title in candidates]


def names_through(q: Question, p: Protocol, span: tuple[int, int] | None, what: str) -> float:
    """1.0 when the referent `span` holds the asked kind."""
    return float(span is not None and kinds.holds_beyond(what, p.text[slice(*span)], q.text))


def with_text_of(p: Protocol, span: tuple[int, int] | None, doc: str) -> str:
    """The text a candidate's coverage is measured on: with the sentence it refers back to."""
    return f"{p.text[span[0] : span[1]]} {doc}" if span else doc
