"""What became of a motion or a medborgarförslag. "Vad tyckte nämnden om Vänsterpartiets motion
om solceller?" and "vad blev svaret på motionen" ask for the organ's answer, which a sentence
stating the proposal's outcome gives ("Kommunstyrelsen föreslår kommunfullmäktige att motionen
ska anses besvarad"). The sentence saying what the motion proposed is closer to such a question
in words and in meaning ("Oskar Nordin (V) föreslår i en motion att solceller ska installeras
…"), and so is a member's yrkande on it; neither is the answer.
"""

from __future__ import annotations

import re

import numpy as np
from protokoll.ingest.text import fold
from protokoll.service.ask.agreement import MEMBER_OPENS, asks_decision, speaking_parties
from protokoll.service.ask.context import Question
from protokoll.service.ask.vocabulary import LEXICON, either

_FATED = either(LEXICON.asks["fated"])
_FATE_ASKED = re.compile(rf"\b(?:{either(LEXICON.asks['fate'])})\b")
_WANTED = re.compile(
    rf"\b(?:{either([*LEXICON.asks['wanting'], *LEXICON.asks['wanting_as'], 'handlade'])})\b"
)
_FATE = either(LEXICON.fates)
# The outcome said of the proposal, after it or before it, a few words apart.
_STATES_FATE = re.compile(
    rf"\b(?:{_FATED})\w*(?:\s+\S+){{0,4}}?\s+(?:{_FATE})|\b(?:{_FATE})\w*(?:\s+\S+){{0,3}}?\s+"
    rf"(?:{_FATED})"
)


def asks_fate(q: Question) -> bool:
    """Whether the question asks what an organ made of a motion or medborgarförslag: not what it,
    a member or a party wanted ("Vad ville Moderaterna med sin motion?", "Vad tyckte SD om
    medborgarförslaget?"), nor what was decided, which the item's decision answers (asker.py)."""
    folded = q.folded
    return bool(
        re.search(rf"\b(?:{_FATED})", folded)
        and _FATE_ASKED.search(folded)
        and not _WANTED.search(folded)
        and not q.people_named
        and not speaking_parties(q)
        and not asks_decision(folded, q.understood.intent)
    )


def states_fate(sentence: str) -> bool:
    """Whether the sentence states a proposal's outcome, and is no member's yrkande (a member
    opens it with party letters)."""
    return bool(_STATES_FATE.search(fold(sentence.lower()))) and not MEMBER_OPENS.match(sentence)


def fates(q: Question, sentences: list[str]) -> np.ndarray | None:
    """For a question asking what became of a proposal: which sentences state an outcome, when
    any does; None otherwise (every sentence may answer)."""
    if not asks_fate(q):
        return None
    stated = np.array([states_fate(s) for s in sentences], dtype=bool)
    return stated if stated.any() else None
