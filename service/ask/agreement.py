"""Whether a candidate sentence agrees with who and when the question asks about: it names the
organisation the question names as acting, it is not a motion's proposal when the question asks
what holds or what a committee did, and for "när ska …" it names a date ahead of its document.

Each reads a whole kind of sentence with the lexicon's words (ingest/data/lexicon_sv.toml), for
any protocol or report.
"""

from __future__ import annotations

import re

import numpy as np
from protokoll.ingest.dates import months_named
from protokoll.ingest.extract import person_names
from protokoll.ingest.lexicon import Intent
from protokoll.ingest.records import Protocol
from protokoll.ingest.text import fold, names_body
from protokoll.service.ask.answerers.roles import parties_named, party_words
from protokoll.service.ask.context import Question
from protokoll.service.ask.vocabulary import (
    AHEAD_ASKED,
    DECISION,
    INTENTION_ASKED,
    LEXICON,
    MONTHS,
    REFERENCES,
    SINCE_ASKED,
    either,
    written,
)
from protokoll.service.organs import named_organs

# Organisations as the lexicon knows them, by name or by the ending that makes a word one; the
# short words of names ("of", "ab", "stad", "bank") name no actor alone.
_ORG_WORDS = frozenset(w for w in map(fold, LEXICON.organisations.words) if len(w) >= 5)
_ORG_ENDINGS = tuple(map(fold, LEXICON.organisations.endings))
# A motion's voice ("det som anförs i motionen", "Motionärerna anför"), and a question that asks
# what a committee did ("Hur ställde sig finansutskottet till …"): the definite form names the
# actor, the genitive ("trafikutskottets betänkande") only the document.
_MOTION_VOICE = re.compile(
    rf"(?i){written(LEXICON.decisions.motion_voice)}"
    r"|^\s*I\s+\w*motion(?:en)?\s+(?:19|20)\d\d/\d\d:\d+"  # "I kommittémotion 2019/20:3355 …"
)
_COMMITTEE_ACTS = re.compile(r"\b\w*utskottet\b")
# The government's voice and a motion's own words in a committee report (the lexicon's
# [decisions] government_opens and first_person_plural).
_GOVERNMENT_OPENS = re.compile(
    rf"^\W*(?:{either(LEXICON.decisions.government_opens, folded=False)})(?![\w-])"
)
_WE = re.compile(rf"(?i){written(LEXICON.decisions.first_person_plural)}")


def names_the_actor(q: Question, sentences: list[str]) -> np.ndarray:
    """1.0 for each sentence that names an organisation the question names, by its name or by
    its kind ("socialutskottet" as "Utskottet", "gruppen Psykisk hälsa" as "Gruppen"): "Varför
    avslog socialutskottet …" is answered by what the committee says, not by what the motion
    it rejected says. Zeros when the question names none."""
    actors: set[str] = set()
    for word in re.findall(r"[\w-]+", q.folded):
        if word in _ORG_WORDS:
            actors.add(word)
        elif kind := next((e for e in _ORG_ENDINGS if word.endswith(e)), None):
            actors |= {word, kind}
    if not actors:
        return np.zeros(len(sentences))
    named = re.compile(rf"\b(?:{either(actors)})\b")
    return np.array([float(bool(named.search(fold(s)))) for s in sentences])


# Capitalised words that open a sentence without naming anyone ("Enligt SCB …", "Under 2019 …").
_LEADS = LEXICON.names.lead
# A sentence opening with another actor's name: an acronym ("ECB har höjt …") or two capitalised
# words ("Bank of England höjde …", "Svenska Bankföreningen anser …").
_OPENS_WITH_NAME = re.compile(
    r"^\s*(?:[A-ZÅÄÖ]{2,6}\b|[A-ZÅÄÖ][\wåäö]+(?:\s+(?:of|for|de|du|and|&))?\s+[A-ZÅÄÖ][\wåäö]+)"
)


_INTENDS = re.compile(rf"(?i)(?<!\w)(?:{either(LEXICON.intention_words, folded=False)})(?!\w)")


def states_intention(q: Question, sentences: list[str]) -> np.ndarray:
    """1.0 for each sentence that opens with the actor whose intention the question asks ("Vad
    tänker regeringen göra …") and states one ("Regeringen anser … och kommer därför att
    överväga …"), not what another says of it ("Riksrevisionen rekommenderar regeringen att
    …"); zeros for other questions."""
    asked = INTENTION_ASKED.search(q.folded)
    if asked is None:
        return np.zeros(len(sentences))
    actor = asked.group(1)
    return np.array(
        [float(fold(s).lstrip().startswith(actor) and bool(_INTENDS.search(s))) for s in sentences]
    )


def another_actor(q: Question, sentences: list[str], actor: np.ndarray) -> np.ndarray:
    """True for each sentence that opens with the name of an organisation other than the one
    the question names as acting (`actor`, from `names_the_actor`): what Bank of England did
    says nothing of what Riksbanken did. A person opening the sentence is left alone (a board
    member speaks for the bank); all False when the question names no acting organisation."""
    if not actor.any() and not names_the_actor(q, [q.folded]).any():
        return np.zeros(len(sentences), dtype=bool)
    return np.array([_opens_with_another(s) for s in sentences], dtype=bool) & (actor == 0)


def _opens_with_another(sentence: str) -> bool:
    m = _OPENS_WITH_NAME.match(sentence)
    return (
        m is not None
        and m.group().split()[0].lower() not in _LEADS
        and not person_names(sentence[:40])
    )


def motion_voice(q: Question, sentences: list[str], what: str | None = None) -> np.ndarray:
    """-inf for the sentences in a motion's voice unless the question asks what a party, a
    member or a motion wanted and names no committee as the one acting: a
    motion's proposal ("Riksdagen ställer sig bakom det som anförs i motionen om … 32
    kvadratmeter") is not the law, nor the committee's answer to the motion.

    When the question asks what a committee thought, wanted or proposed (`what` is None: no
    date, number or name is asked for), the government's proposal ("Regeringen föreslår nu …")
    and a motion in its own words ("… föreslår vi att …") are not its answer either."""
    voiced = np.array([bool(_MOTION_VOICE.search(s)) for s in sentences])
    committee = bool(_COMMITTEE_ACTS.search(q.folded))
    # "Vem ville …" asks who wanted it: a motion's author, named in its voice.
    wants = bool(parties_named(q) or q.people_named or "motion" in q.folded or what == "person")
    if wants and not committee:
        return np.zeros(len(sentences))
    if committee and what is None:
        others = [bool(_GOVERNMENT_OPENS.search(s) or _WE.search(s)) for s in sentences]
        voiced |= np.array(others, dtype=bool)
    return np.where(voiced, -np.inf, 0.0)


# A document named by the day it was written ("inspektionsmeddelande 2025-02-03", "skrivelse
# den 2 mars 2025"): that day is no deadline.
_DATED_DOCUMENT = re.compile(
    rf"(?i)\w*(?:{either(LEXICON.dated_documents, folded=False)}),?\s+"
    rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|den\s+\d{{1,2}}\s+(?:{MONTHS})(?:\s+\d{{4}})?)"
)


# A day and month without a year ("den 19 december", "senast den 24 september"): a municipal
# protocol's way to write a date of the coming months, so no recalled one.
_DAY_MONTH = re.compile(rf"(?i)\b\d{{1,2}}\s+(?:{MONTHS})\b(?!\s+\d{{4}})")


def ahead(q: Question, what: str | None, candidates: list[tuple[Protocol, str]]) -> np.ndarray:
    """For a "när" question about what lies ahead ("När ska uppdraget redovisas?"), 1.0 for the
    candidates that name a date, month or year no earlier than their document's own month, or a
    day and month without a year (or whose document has no date), 0.0 for those that only
    recall earlier ones ("I mars 2019 fick delegationen i uppdrag …" in a report from 2020) or
    only date a document; 1.0 for all others."""
    asks_ahead = AHEAD_ASKED.search(q.folded) and not SINCE_ASKED.search(q.folded)
    if what not in ("date", "day") or not asks_ahead:
        return np.ones(len(candidates))
    out = []
    for p, sentence in candidates:
        own = (p.date.year, p.date.month) if p.date else None
        text = _DATED_DOCUMENT.sub(" ", REFERENCES.sub(" ", sentence))
        named = months_named(text)
        coming = any(m >= own for m in named) if own else True
        out.append(float(coming or bool(_DAY_MONTH.search(text))))
    return np.array(out)


_PROPOSES_TO = either(LEXICON.decisions.proposes_to)
_PROPOSED = either(LEXICON.decisions.proposed)


def asks_decision(folded: str, intent: Intent) -> bool:
    """The question asks what was decided ("Vad beslutade …", "vad blev beslutet …")."""
    return intent == Intent.DECISION or bool(DECISION.search(folded))


def _said(organ: str) -> str:
    """The organ in any form: "kommunstyrelsen", "kommunstyrelsens", "fullmäktige"."""
    organ = fold(organ).lower()
    stem = re.sub(r"(?:ens|ets|en|et|s)$", "", organ) if len(organ) > 6 else organ
    return rf"(?<![\w-]){re.escape(stem)}\w*"


def put_to(organ: str, sentence: str) -> bool:
    """The sentence puts a proposal to the organ ("Nämnden föreslår kommunfullmäktige att anta
    taxan", "yrkar att kommunfullmäktige ska besluta …")."""
    text, said = fold(sentence).lower(), _said(organ)
    return bool(
        re.search(rf"\b(?:{_PROPOSES_TO})\s+(?:[\w-]+\s+){{0,2}}?{said}", text)
        or re.search(rf"{said}\s+(?:{_PROPOSED})\b", text)
    )


def proposed_to(q: Question, sentence: str) -> bool:
    """The sentence is a proposal to the organ whose decision the question asks for: "Vad
    beslutade kommunfullmäktige om taxan?" is not answered by "Nämnden föreslår
    kommunfullmäktige att anta taxan", which says only what was put to fullmäktige."""
    if not asks_decision(q.folded, q.understood.intent):
        return False
    return any(put_to(organ, sentence) for organ in named_organs(q.asked))


def decided_by(organ: str, sentence: str) -> bool:
    """The sentence names the organ, and not as the one a proposal is put to: what another
    organ's minutes say it decided ("Kommunfullmäktige beslutade den 12 maj att …")."""
    found = re.search(_said(organ), fold(sentence).lower())
    return found is not None and not put_to(organ, sentence)


def for_organ(question: str, intent: Intent, organ: str, answer: str) -> bool:
    """An answer found outside the organ's own minutes answers a question naming it (fullmäktige
    elects a nämnd's members, and the nämnd's minutes do not say so), except what the organ
    decided where the answer does not say the organ did it."""
    return not asks_decision(fold(question), intent) or decided_by(organ, answer)


# After a person's name, before the verb: the party letters and a role between commas
# ("Leila Haddad (S) yrkar", "Per Holm, ordförande, föreslår").
_AFTER_NAME = r"\s*(?:\([^)]{1,12}\))?\s*(?:,[^,.]{1,40},)?\s*([^\W\d_]+)"


_WANTING = frozenset(fold(w) for w in LEXICON.asks["wanting"])
_WANTING_AS = frozenset(fold(w) for w in LEXICON.asks["wanting_as"])
_REASONING = frozenset(fold(w) for w in LEXICON.asks["reasoning"])
_REASONING_AS = frozenset(fold(w) for w in LEXICON.asks["reasoning_as"])


def does_as_asked(q: Question, sentences: list[str]) -> np.ndarray:
    """1.0 for each sentence in which a person the question names does what it asks them
    doing: "Vad yrkade Leila Haddad …" is answered by "Leila Haddad (S) yrkar att …", where her
    name is the subject of a verb the question uses, not by "… till förmån för Leila Haddads
    yrkande" nor by her reserving herself. Zeros when the question names no one."""
    if not q.people_named:
        return np.zeros(len(sentences))
    said = re.findall(r"[^\W\d_]+", q.asked)
    asked = set().union(*(q.terms(w) for w in said))
    asked -= q.people_terms
    # "Vad ville X …" is answered where X "yrkar" (the verb as written: "X (SD) yrkande 3" in a
    # list of motions is no act).
    words = {fold(w.lower()) for w in said}
    moved = _WANTING_AS if _WANTING & words else frozenset()
    named = set(q.people_named)
    # "Vilka argument hade X …" is answered where X argues, by full name or by surname ("Brandt
    # anför att …"), not where X only moves.
    if _REASONING & words:
        moved |= _REASONING_AS
        named |= {n.rsplit(" ", 1)[1] for n in q.people_named if " " in n}
    after = re.compile(rf"\b(?:{either(sorted(named))}){_AFTER_NAME}")
    return np.array(
        [float(any(q.terms(m.group(1)) & asked or m.group(1) in moved
                   for m in after.finditer(fold(s))))
         for s in sentences]
    )  # fmt: skip


# A member speaking in municipal minutes: a name with party letters opens the sentence
# ("Eva Holmgren (S) yrkar att …", "Ola Svanström (V) och Lisa Berg (C) reserverar sig").
MEMBER_OPENS = re.compile(r"^\W*[A-ZÅÄÖ][\w-]+(?:\s+[A-ZÅÄÖ][\w-]+)+\s*\([A-ZÅÄÖ]{1,3}\)")


# A member moving or proposing: the name with party letters opens the sentence, perhaps with
# others', and the verb follows ("Emil Brandt (V) yrkar att avgiften ska ligga kvar …").
_PROPOSAL = re.compile(rf"\b(?:{either(LEXICON.asks['proposal'])})")
_MEMBER_MOVES = re.compile(
    MEMBER_OPENS.pattern
    + r"(?:\s*(?:,|och|samt)\s*[^()\n]{0,60}\([A-ZÅÄÖ]{1,3}\))*\s*,?\s*"
    + r"(?:har\s+)?(?:i\s+(?:en|ett)\s+[\w-]+(?:\s+[\w-]+){0,3}?\s+)?"
    + rf"(?:{either(LEXICON.moved, folded=False)})\b"
)


def speaking_parties(q: Question) -> list[str]:
    """The parties the question names as speakers. A party in the genitive names whose motion
    it is ("Vänsterpartiets motion"), not who speaks: what the organ thought of it, or what the
    matter is, is still asked."""
    return [w for w in party_words(q) if not (w.endswith("s") and w[:-1] in LEXICON.parties)]


def members_motion(q: Question, sentences: list[str]) -> np.ndarray:
    """1.0 for each sentence in which a member moves or proposes something, when the question
    names no person or speaking party and asks for no proposal: what a member wanted is not
    the fee, sum or date that holds, nor what was decided ("Vad kostar en kurs på
    kulturskolan nästa år?" is not answered by "Emil Brandt (V) yrkar att avgiften ska ligga
    kvar på 850 kr"). Zeros for other questions."""
    speaking = speaking_parties(q)
    wanted = (_WANTING | _WANTING_AS).intersection(re.findall(r"\w+", q.folded))
    proposal = _PROPOSAL.search(q.folded) and not asks_decision(q.folded, q.understood.intent)
    if q.people_named or speaking or wanted or proposal:
        return np.zeros(len(sentences))
    return np.array([float(bool(_MEMBER_MOVES.match(s))) for s in sentences])


def members_voice(q: Question, sentences: list[str]) -> np.ndarray:
    """1.0 for each sentence in which a member speaks, when the question asks what an organ
    thought or did and names no person or speaking party: "Vad tyckte äldrenämnden om
    motionen?" is answered by what the nämnd proposes, not by a member's yrkande that it
    voted down. Zeros for other questions."""
    speaking = speaking_parties(q)
    if q.people_named or speaking or not names_the_actor(q, [q.folded]).any():
        return np.zeros(len(sentences))
    return np.array([float(bool(MEMBER_OPENS.match(s))) for s in sentences])


def names_another_organ(q: Question, sentence: str, body: str | None) -> bool:
    """Whether `sentence` names organs and none that the question names, when the question
    names one other than the protocol's own (`body`): "3. att bevilja barn- och
    utbildningsnämnden tilläggsanslag med 2,1 mnkr" does not say what socialnämnden got. The
    protocol's own organ is left alone, as its sentences call it "nämnden"."""
    asked = set(named_organs(q.text))
    if not asked or any(names_body(o, body or "") for o in asked):
        return False
    stated = set(named_organs(sentence))
    return bool(stated) and not stated & asked
