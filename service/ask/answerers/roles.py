"""Who holds a role, and who was appointed to one: "vem är ordförande i LGL?", "vem valdes till
justerare?"."""

from __future__ import annotations

import re

from protokoll.ingest.dates import find_dates
from protokoll.ingest.lexicon import Intent
from protokoll.ingest.records import Fact, Protocol
from protokoll.ingest.text import fold
from protokoll.service.ask import kinds
from protokoll.service.ask.citations import fact_citation
from protokoll.service.ask.context import ProtocolFact, Question, date_key
from protokoll.service.ask.phrasing import listing, where
from protokoll.service.ask.records import Answer
from protokoll.service.ask.support import MIN_FACT_COVERAGE, Topic, as_written_elsewhere, cover
from protokoll.service.ask.vocabulary import (
    APPOINTED,
    FRAMES,
    LEXICON,
    party_of,
    role_asked,
    role_compounds,
    role_named,
)

# Who signed a document on a body's behalf, and who stood behind a reservation
# (ingest/extract/roles.py, `behalf_signatures` and `reservations`).
SIGNER = "undertecknare"
RESERVANT = "reservant"
STATEMENT = "yttrande"  # who stood behind a special statement
# A reservation is weighed by its own text, this many characters at most, in the documents of
# the first SEARCHED hits, when no title carries the question's words (`_by_what_they_say`).
SEARCHED = 5
OWN_TEXT = 3000
_LETTERS = frozenset(LEXICON.parties.values())
# Letters in parentheses: "(V)", "(S, V, MP)".
_IN_PARENTHESES = re.compile(r"\(([A-ZÅÄÖ]{1,2}(?:\s*,\s*[A-ZÅÄÖ]{1,2})*)\)")
_MARKS = re.compile(r"\(([^()]*)\)\s*$")
# "vem är miljö- och byggchef?", "vem var förvaltare för föreningen?" (folded): who holds a
# post, asked with a copula, so the post is what the question names.
_HOLDS = re.compile(r"^\s*vem\s+(?:är|ar|var|blir|blev)\s+(?=\S)", re.IGNORECASE)
_NOTES = re.compile(r"\(([^()§]{3,40})\)")
_ACRONYM_NOTE = re.compile(r"\(([A-ZÅÄÖ]{2,5})\)")
# Where a post written beside a name ends: "förvaltare från Fastum AB (§ 1–6)" → "förvaltare".
_POST_END = re.compile(r"\s+(?:från|i|på|vid|för|inom|hos|med)\s+|\s*[,(;]")


def party_words(q: Question) -> list[str]:
    """The words by which a question names parties: their names ("Kristdemokraterna",
    "kristdemokrat") or their letters ("M och KD")."""
    names = [w for w in q.words if party_of(w)]
    return names + [t for t in re.findall(r"\b[A-ZÅÄÖ]{1,2}\b", q.asked) if t in _LETTERS]


def parties_named(q: Question) -> set[str]:
    """The parties a question names, as their letters."""
    return {party_of(w) or w for w in party_words(q)}


def parties_of(sentence: str, title: str | None = None) -> set[str]:
    """The parties a sentence (under `title`) names, as their letters: by name, also in the
    genitive ("Kristdemokraterna", "Liberalernas"), by letters after a name ("Gulan Avci (L)",
    "(S, V)"), or by its item title's marks ("Arbetsförmedlingen, punkt 3 (SD)")."""
    named = {x for x in map(party_of, re.findall(r"[^\W\d_]+", fold(sentence))) if x}
    marked = {x.strip() for m in _IN_PARENTHESES.findall(sentence) for x in m.split(",")}
    return named | (marked & _LETTERS) | marked_parties(title)


def marked_parties(title: str | None) -> set[str]:
    m = _MARKS.search(title or "")
    return {x.strip() for x in m.group(1).split(",")} if m else set()


def role(q: Question) -> Answer | None:
    asked = role_asked(q.folded)
    if asked is None:
        return None
    # Listings: "ordförande" is a role in almost every protocol, and one is cited.
    of_role = q.facts(["role"], keep=lambda f: fold(f.value or "") == asked, listed=True)
    facts = [(p, f) for p, f in of_role if q.in_scope(p)]
    if asked in (RESERVANT, STATEMENT) and (parties := parties_named(q)):
        facts = [(p, f) for p, f in facts if parties & marked_parties(f.detail)]
    if not facts:
        return None
    # The parties named filter the facts above; in any form they are no topic
    # ("kristdemokraternas").
    topic = q.topic(FRAMES["role"] | role_compounds(q.folded) | set(party_words(q)))
    if topic:
        # "ordförande i Läns-gemensam ledning": the organisation the role is held in, as the
        # fact states it, else the organ whose protocol lists the role.
        def org_score(pf: ProtocolFact) -> float:
            p, f = pf
            held_in = f.detail if f.detail else f"{p.body or ''} {p.title}"
            if f.value in (RESERVANT, STATEMENT):  # its title, in its report
                held_in = f"{f.detail} {p.body or ''} {p.title}"
            return cover(topic, q.terms(held_in))

        scored = [(org_score(pf), pf) for pf in facts]
        best = max(s for s, _ in scored)
        if best < MIN_FACT_COVERAGE and asked in (RESERVANT, STATEMENT):
            scored = _by_what_they_say(q, facts, topic)
            best = max((s for s, _ in scored), default=0.0)
        if best < MIN_FACT_COVERAGE:
            return None
        facts = [pf for s, pf in scored if s >= best - 1e-9]
        facts.sort(key=lambda pf: date_key(pf[0]), reverse=True)
    else:
        facts = _in_search_order(facts, q)
    full = q.in_full([facts[0][0]])
    if not full:
        return None
    p, f = full[0], facts[0][1]
    if f.value == SIGNER:
        if any(w in q.folded for w in LEXICON.signed_instruments):
            return None  # an agreement's signing, not the document's
        return _signed(q, p, f)
    if f.value in (RESERVANT, STATEMENT):
        said = " ".join(p.text[f.start : f.end].split())
        what = "Reservationen" if f.value == RESERVANT else "Det särskilda yttrandet"
        return Answer(
            f"{what} ”{said}” i {p.title} ({where(p, f)}).",
            "fact",
            [fact_citation(p, f)],
            (f.subject,),
        )
    org = f" i {f.detail}" if f.detail else (f" i {p.body}" if p.body else "")
    # "vilka justerade protokollet?": everyone the protocol gives the role, once each.
    same = [g for x, g in facts if x.id == p.id and g.value == f.value] if _plural(q) else [f]
    return Answer(
        f"{_holders(p, same)} är {f.value}{org} ({where(p, f)}).",
        "fact",
        [fact_citation(p, g) for g in same],
        tuple(g.subject for g in same),
    )


def _by_what_they_say(
    q: Question, facts: list[ProtocolFact], topic: Topic
) -> list[tuple[float, ProtocolFact]]:
    """The reservations (or statements) of the documents search ranks first, weighed by their
    title and their own text up to the next one: a reservation is asked about by what it says
    as often as by its title ("… reservation om muntlig kontakt med Skatteverket" is titled
    "Myndigheternas prövning")."""
    found = dict.fromkeys(h.protocol.id for h in q.hits[:SEARCHED])
    starts: dict[str, list[int]] = {}
    for p, f in facts:
        if p.id in found:
            starts.setdefault(p.id, []).append(f.start)
    listed = {p.id: p for p, _ in facts if p.id in starts}
    texts = {full.id: full.text for full in q.in_full(listed.values())}
    out = []
    for p, f in facts:
        if p.id not in texts:
            continue
        end = min([x for x in starts[p.id] if x > f.start] + [f.start + OWN_TEXT])
        out.append((cover(topic, q.terms(f"{f.detail} {texts[p.id][f.start : end]}")), (p, f)))
    return out


def _signed(q: Question, p: Protocol, f: Fact) -> Answer | None:
    """Who signed the document, or, for "när"/"vilket datum", the day it was signed: the date
    over the signature is the day the body adjusted it, not the day it was published."""
    dates = find_dates(p.text[f.start : f.end])
    day = dates[0][1] if dates else None
    written = f"{day.day} {LEXICON.month_names[day.month - 1]} {day.year}" if day else None
    if kinds.asked(q.understood, q.asked) in ("date", "day"):
        if written is None:
            return None
        text = f"{p.title} justerades den {written}, undertecknat av {f.subject}"
    else:
        text = f"{f.subject} undertecknade {p.title}" + (f" den {written}" if written else "")
    return Answer(
        f"{text} ({where(p, f)}).", "fact", [fact_citation(p, f)], (f.subject, written or "")
    )


def _in_search_order(facts: list[ProtocolFact], q: Question) -> list[ProtocolFact]:
    """Facts of the protocols search ranked first, first."""
    order = {h.protocol.id: i for i, h in reversed(list(enumerate(q.hits)))}
    return sorted(facts, key=lambda pf: order.get(pf[0].id, len(q.hits)))


def appointment(q: Question) -> Answer | None:
    if not APPOINTED.search(q.folded):
        return None
    terms = q.terms(q.folded)
    # "vem valdes till vice ordförande": the appointment must be to the role the question
    # names, not to another post in the same body.
    named = role_named(q.folded)
    # The post that carries most of the question's words, and of those alike, the one that says
    # least beyond them: "till ordförande i Hällby IF" is "föreningens ordförande" rather than
    # "mötesordförande", whose compound also names the meeting.
    best, best_fit = None, (0, 0)
    for p, f in q.facts(["appointment"], listed=True):
        if named and named not in fold(f.value or ""):
            continue
        post = q.terms(f.value or "")
        fit = (len(terms & post), -len(post - terms))
        if fit[0] > 0 and (best is None or fit > best_fit):
            best, best_fit = (p, f), fit
    full = q.in_full([best[0]]) if best is not None else []
    if best is None or not full:
        return None
    p, f = full[0], best[1]
    # "vilka valdes till valberedning?": everyone appointed to the post in that sentence.
    same = [f]
    if _plural(q):
        same = [
            g for _, g in q.facts(["appointment"], [p]) if (g.value, g.start) == (f.value, f.start)
        ]
    return Answer(
        f"{_holders(p, same)} utsågs till {f.value} ({where(p, f)}).",
        "fact",
        [fact_citation(p, f)],
        tuple(g.subject for g in same),
    )


def _holders(p: Protocol, facts: list[Fact]) -> str:
    """ "Kent Olsson och Nadia Hamid": the people of the facts, each once, as the protocol
    mostly writes their names."""
    return listing([as_written_elsewhere(p, f.subject, f.start) for f in facts])


def _plural(q: Question) -> bool:
    """ "vilka justerade …", "vilka personer …": more than one may hold the role."""
    return q.understood.intent == Intent.PEOPLE or q.folded.lstrip().startswith("vilka ")


def _posts(value: str) -> list[str]:
    """The posts an entry writes beside a name: the first ("förvaltare" of "förvaltare från
    Fastum AB") and those noted in brackets ("sammankallande" of "trygghetssamordnare, Västerby
    kommun (sammankallande)"), not a party's letters or an item ("§ 60")."""
    notes = [n.strip() for n in _NOTES.findall(value) if n.strip()[:1].islower()]
    first = _POST_END.split(value, maxsplit=1)[0]
    # The post's own abbreviation, its words' initials: "Verkställande direktör (VD)".
    initials = "".join(w[0] for w in first.split()).upper()
    short = [a for a in _ACRONYM_NOTE.findall(value) if len(first.split()) > 1 and a == initials]
    return [first, *notes, *short]


def post(q: Question) -> Answer | None:
    """Who holds a post written beside a name in a list of those present: "Camilla Borg,
    miljö- och byggchef", "Mattias Lund (kassör)". Answers "vem är miljö- och byggchef i
    Granlunda?" when every word of the post is in the question, from the meeting that carries
    the question's other words too."""
    if not _HOLDS.match(q.asked) or role_asked(q.folded) is not None:
        return None
    # The post the question names ("socialchef" in "… socialchef i Hammarviks kommun") is the
    # post written in the list, word for word as the index analyses words.
    named = q.terms(_POST_END.split(_HOLDS.sub("", q.asked), maxsplit=1)[0])

    def holds(f: Fact) -> bool:
        return bool(named) and any(q.terms(post) == named for post in _posts(f.value or ""))

    topic = q.topic(FRAMES["role"])

    facts = [(p, f) for p, f in q.facts(["attendance"], keep=holds, listed=True) if q.in_scope(p)]
    if not facts:
        return None
    scored = [
        (cover(topic, q.terms(f"{f.value} {p.body or ''} {p.title}")), (p, f)) for p, f in facts
    ]
    best = max(score for score, _ in scored)
    if best < MIN_FACT_COVERAGE:
        return None
    facts = _in_search_order([pf for score, pf in scored if score >= best - 1e-9], q)
    full = q.in_full([facts[0][0]])
    if not full:
        return None
    p, f = full[0], facts[0][1]
    held = next(x for x in _posts(f.value or "") if q.terms(x) == named)
    if held == _POST_END.split(f.value or "", maxsplit=1)[0]:
        held = re.sub(r",?\s*\(?§[^)]*\)?\s*$", "", f.value or "").strip()
    return Answer(
        f"{as_written_elsewhere(p, f.subject, f.start)} är {held} ({p.body or p.title}, "
        f"{where(p, f)}).",
        "fact",
        [fact_citation(p, f)],
        (f.subject,),
    )
