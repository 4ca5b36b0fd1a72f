"""Sums of money: what a question asks of one (its cost, the size of a fee, how much it changed,
what someone got) and what the words around an amount in a sentence say it is (a change, a sum
applied for, a sum granted, a cost). The number route and the passages read them
(service/ask/answerers/numbers.py, service/ask/passages.py); `kinds` tells which kind a question
asks for at all."""

from __future__ import annotations

import re

from protokoll.ingest.text import fold
from protokoll.service.ask.kinds import COUNTED
from protokoll.service.ask.vocabulary import LEXICON, either

_COST_ASKED = re.compile(rf"\b(?:{either(LEXICON.asks['cost'])})\b")
_COST_IN_TEXT = re.compile(rf"(?i)(?:{either(LEXICON.cost_words, folded=False)})")


# "hur stor blev byggsanktionsavgiften", "hur stort underskott har …", "hur hög hyra …", "hur
# mycket ersättning får …": the noun whose size is asked, after "hur stor/hög/mycket" and
# perhaps a verb, or "vad blir" (folded).
_SIZE_OF = re.compile(
    r"\bhur\s+(?:stor|stort|stora|hog|hogt|hoga|mycket)\s+"
    r"(?:(?:blev|blir|bli|ar|var|ska|skulle|kommer|beraknas|vantas|har|hade)\s+)?"
    r"(?:(?:det|den|de)\s+)?([^\W\d_]+)"
    # "Vad blir hyran …", "vad kommer avgiften att bli", "vad är arvodet för …".
    r"|^\W*vad\s+(?:blir|blev|ar|var|kommer|ska|skulle)\s+([^\W\d_]+)"
)
_MONEY_NOUNS = tuple(fold(w) for w in LEXICON.asks["money_nouns"])
_RATE_NOUNS = tuple(fold(w) for w in LEXICON.asks["rate_nouns"])


def measures_money(q: str) -> str | None:
    """What a folded question asks the size of, when it is money by its noun or the last part
    of its compound ("byggsanktionsavgiften", `[question.asks] money_nouns`): "charge", a sum or
    a rate, for a fee ("hur hög är kyrkoavgiften" is answered by "1,03 procent"), "money" for
    the rest (a rent, a deficit); None for other questions."""
    m = _SIZE_OF.search(q)
    noun = (m.group(1) or m.group(2)) if m else ""
    if not noun.endswith(_MONEY_NOUNS):
        return None
    return "charge" if noun.endswith(_RATE_NOUNS) else "money"


_CHANGE_ASKED = re.compile(rf"\b(?:{either(LEXICON.asks['change'])})\b")
_APPROXIMATE = tuple(fold(w) for w in LEXICON.counts.approximations)
_CHANGE_BY = frozenset(fold(w) for w in LEXICON.change_by)


def asks_change(q: str) -> bool:
    """Whether a folded question asks the size of a change ("hur mycket dyrare blir …")."""
    return bool(_CHANGE_ASKED.search(q))


def states_change(before: str) -> bool:
    """Whether the words before an amount make it a change's ("ökar med cirka 690 kronor"),
    not a level ("ökar till 8 982 kronor")."""
    said = [w for w in fold(before.lower()).split() if w not in _APPROXIMATE]
    return bool(said) and said[-1] in _CHANGE_BY


_RECEIVED_ASKED = re.compile(rf"\b(?:{either(LEXICON.asks['received'])})\b")
_REQUESTED = re.compile(rf"\b(?:{either(LEXICON.requested)})\b")
_GRANTED = re.compile(rf"\b(?:{either(LEXICON.granted)})\b")


def asks_received(q: str) -> bool:
    """Whether a folded question asks what someone got ("hur mycket fick föreningarna …"),
    and not what they applied for ("hur mycket sökte de …")."""
    return bool(_RECEIVED_ASKED.search(q)) and not _REQUESTED.search(q)


def states_received(before: str) -> bool:
    """Whether the words before an amount say it was granted ("de beviljas bidrag med
    sammanlagt")."""
    return bool(_GRANTED.search(fold(before.lower())))


def states_requested(before: str) -> bool:
    """Whether the words before an amount make it one applied for ("sammanlagt sökt belopp
    om"), not one granted."""
    return bool(_REQUESTED.search(fold(before.lower())))


def asks_cost(q: str) -> bool:
    """Whether a folded question asks what something costs ("vad kostade det att trycka
    valsedlarna?", "hur mycket beräknas avdraget kosta staten?"); "hur många år får man ha
    graven utan extra kostnad?" counts years."""
    return bool(_COST_ASKED.search(q)) and not COUNTED.search(q)


# "Vad beräknas förskolan kosta att bygga?", "vad skulle det kosta att riva hallen": the cost
# is what the question asks, not what a clause of it names ("vad invände banken mot kalkylerna
# över vad det kostar", where a second "vad" opens the clause).
_COST_FIRST = re.compile(
    rf"^\W*vad\s+(?:(?!vad\b)[\w-]+\s+){{0,8}}(?:{either(LEXICON.asks['cost'])})\b"
)


def asks_cost_first(q: str) -> bool:
    """Whether a folded question opens by asking what something costs."""
    return bool(_COST_FIRST.search(q))


def states_cost(sentence: str) -> bool:
    """Whether a sentence speaks of a cost ([answers] cost_words), as an answer to what
    something costs must: an amount beside the question's words may be of something else."""
    return bool(_COST_IN_TEXT.search(sentence))


_PERIODS = {name: re.compile(rf"\b(?:{either(words)})") for name, words in LEXICON.periods.items()}
# At the start of a word ("hyresavtalet") or as the end of a compound ("lokalhyran").
_PERIODIC_WORDS = either(LEXICON.asks["periodic"])
_PERIODIC = re.compile(
    rf"\b(?:{_PERIODIC_WORDS})|(?:{_PERIODIC_WORDS})(?:a|an|en|et|er|erna|or|orna|n|na)?\b"
)


def periods(text: str) -> frozenset[str]:
    """The periods of time ("year", "month" …) a text states a sum for, folded or not ("9,6 mnkr
    per år", "den årliga hyran", "450 kronor i månaden")."""
    folded = fold(text.lower())
    return frozenset(name for name, pattern in _PERIODS.items() if pattern.search(folded))


def period_fit(
    q: str, sentences: list[str], held: list[bool], items: list[tuple[str, str]]
) -> list[bool]:
    """Which sentences may state the cost a folded question asks, by the period of time they
    state a sum for. A question naming a period ("vad kostar larmet i månaden") is not answered
    by a sum for another ("… 1,4 mnkr per år"). One naming none asks what a thing costs once
    ("Vad kostar nya förskolan?"): a running cost ("ökar lokalkostnaderna med 3,1 mnkr per år")
    does not answer it where the same item (`items`: protocol and item of each sentence) states
    a sum `held` without a period; unless what it asks about is paid by the period anyway ("Vad
    kostar det att hyra lokalen?")."""
    stated = [periods(s) for s in sentences]
    asked = periods(q)
    if asked:
        return [not p or bool(p & asked) for p in stated]
    if _PERIODIC.search(q):
        return [True] * len(sentences)
    once = {item for item, h, p in zip(items, held, stated, strict=True) if h and not p}
    return [not p or item not in once for item, p in zip(items, stated, strict=True)]


# A sum before "varav" is the whole its part after it belongs to ("Investeringsbudgeten uppgår
# till 214 mnkr, varav den största investeringen är förskolan Lönnhagen").
_PART_OF = re.compile(r",?\s+varav\s")


def whole_and_part(sentence: str, value: str) -> tuple[str, str] | None:
    """The sentence's whole (before "varav") and its part (after it), when `value` is said in
    the whole; None otherwise. A question about the part is not answered by the whole's sum."""
    m = _PART_OF.search(sentence)
    at = sentence.find(value) if value else -1
    if m is None or at < 0 or at > m.start():
        return None
    return sentence[: m.start()], sentence[m.end() :]
