"""Numbers stated in the protocols: how a vote went, and "hur många …" answered by a number
fact ("hur många deltog …" by the meeting's participants)."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

from protokoll.index.index import Index
from protokoll.ingest.records import Fact, Protocol
from protokoll.ingest.text import fold
from protokoll.service.ask import amounts, kinds
from protokoll.service.ask.agreement import names_another_organ
from protokoll.service.ask.answerers.presence import participants
from protokoll.service.ask.answerers.roles import RESERVANT
from protokoll.service.ask.caches import AskCaches, FactWords
from protokoll.service.ask.citations import fact_citation, section_title
from protokoll.service.ask.context import ProtocolFact, Question
from protokoll.service.ask.phrasing import where
from protokoll.service.ask.records import Answer
from protokoll.service.ask.support import (
    MIN_FACT_COVERAGE,
    Topic,
    Weigher,
    cover,
    question_years,
    years_fit,
)
from protokoll.service.ask.vocabulary import ATTENDED, FRAMES, LEXICON, SHARE_ASKED

_DIGITS = re.compile(r"\d+")
_COUNTED_NOUNS = frozenset(LEXICON.counts.counted)
_MASS = re.compile(r"\bhur\s+mycket\b(?!.*\bantal)")
# How far back from a vote its item is read for what was voted on (`_voted_on`), in characters.
VOTE_CONTEXT = 2500
# The side of a vote a question asks about (folded), as the vote facts name it.
_SIDES = (
    (re.compile(r"\brostade\s+nej\b|\bnej-?rost"), "nej-röster"),
    (re.compile(r"\brostade\s+ja\b|\bja-?rost"), "ja-röster"),
    (
        re.compile(r"\bavst(?:od|ar|a|aende)\b|\b(?:lade|la)\s+(?:ned|ner)\b|\bnedlagda\b"),
        "nedlagda röster",
    ),
)


def _years_in(text: str) -> tuple[str, ...]:
    """Every four digits from 19 or 20 inside a run of digits: a year the question names is
    written in `text` exactly when it is one of these (`support.years_fit`)."""
    return tuple(
        run[i : i + 4] for run in _DIGITS.findall(text) for i in range(len(run) - 3)
        if run.startswith(("19", "20"), i)
    )  # fmt: skip


def _words(terms: Callable[[str], set[str]], p: Protocol, f: Fact) -> FactWords:
    """A number fact's words (`FactWords`), read from its protocol in full."""
    said = p.text[f.start : f.end]
    where_said = f"{section_title(p, f.start)[1]} {said}"
    # Interned: the same terms recur in thousands of sentences (at 100k, 24 MB otherwise).
    return FactWords(
        tuple(map(sys.intern, terms(said))),
        tuple(map(sys.intern, terms(where_said))),
        _years_in(where_said),
    )


def _one_at_a_time(index: Index) -> Callable[[str], Protocol | None]:
    """Protocols read in full for facts that come in protocol order: the last one read is
    kept for the next fact, and no other (all of them at once took 115 MB at 100k chunks)."""
    current: tuple[str, Protocol | None] = ("", None)

    def protocol(pid: str) -> Protocol | None:
        nonlocal current
        if pid != current[0]:
            current = (pid, index.protocol(pid))
        return current[1]

    return protocol


def read_number_facts(index: Index, caches: AskCaches) -> int:
    """Read the words of every number fact into `caches`, protocol by protocol, as the first
    number question would (the service does it after starting: at 100k chunks that question
    took 1.2–1.5 s). Returns how many facts were read."""
    terms = Weigher(index.analyzer, index.vocabulary, {}).terms
    protocol = _one_at_a_time(index)
    read = 0
    for pid, f in index.facts(["number"]):
        if (p := protocol(pid)) is not None:
            caches.fact_words(p, f.start, f.end, lambda: _words(terms, p, f))  # noqa: B023
            read += 1
    caches.keep_fact_words()
    return read


def votes(q: Question) -> Answer | None:
    """ "Hur röstade kommunstyrelsen om tilläggsanslaget?": the vote stated in the item that
    carries the question's topic."""
    topic = q.topic(FRAMES["vote"])
    votes = q.facts(["number"], keep=lambda f: "röst" in f.subject)
    counted = [(p, f) for p, f in votes if q.in_scope(p)]
    if not topic or not counted:
        return None
    groups: dict[tuple[str, int], list[ProtocolFact]] = {}
    for p, f in counted:
        groups.setdefault((p.id, f.start), []).append((p, f))
    scored = []
    for g in groups.values():
        p, f = g[0]
        scored.append((cover(topic, _voted_on(q, p, f) | q.weigher.identity(p)), g))
    scored.sort(key=lambda x: -x[0])
    best, g = scored[0]
    if best < MIN_FACT_COVERAGE:
        return None
    # "hur många röstade nej …": the side asked for first.
    side = next((s for rx, s in _SIDES if rx.search(q.folded)), None)
    g = sorted(g, key=lambda pf: pf[1].subject != side)
    p, f = g[0]
    said = ", ".join(f"{x.value} {x.subject}" for _, x in g)
    return Answer(
        f"{said} ({where(p, f)}): ”{p.text[f.start : f.end].strip()}”",
        "fact",
        [fact_citation(p, f)],
        tuple(x.value or "" for _, x in g),
    )


def _voted_on(q: Question, p: Protocol, f: Fact) -> set[str]:
    """The terms of what a vote decided: its item's title and the item's text up to the vote,
    which states the motions put ("Ja-röst för att avgöra ärendet i dag, nej-röst för
    återremiss.") and the proposals before them, at most VOTE_CONTEXT characters back."""
    items = [s for s in p.sections if s.start <= f.start < s.end]
    start = max((s.start for s in items), default=f.start)
    _, title = section_title(p, f.start)
    return q.terms(f"{title} {p.text[max(start, f.start - VOTE_CONTEXT) : f.end]}")


def reservations_counted(q: Question) -> Answer | None:
    """ "Hur många reservationer innehåller betänkandet om …?": the reservation facts of the
    best ranked document in scope whose title carries the question's topic, counted."""
    topic = q.topic(FRAMES["number"])
    for hit in q.hits:
        p = q.index.protocol_summary(hit.protocol.id)
        if p is None or not q.in_scope(p):
            continue
        if cover(topic, q.terms(f"{p.title} {p.body or ''}")) < MIN_FACT_COVERAGE:
            continue
        found = [f for pp, f in q.facts(["role"], [p]) if f.value == RESERVANT]
        if not found:
            continue
        first = min(found, key=lambda f: f.start)
        return Answer(
            f"{len(found)} reservationer i {p.title}, den första: "
            f"”{' '.join(p.text[first.start : first.end].split())}” ({where(p, first)}).",
            "fact",
            [fact_citation(p, first)],
            (first.subject,),
        )
    return None


def counts_what(value: str, unit: str, counted: str | None) -> float | None:
    """How a number fact (`value` `unit`) fits what a "hur många `counted`" question counts:
    None when it cannot be the answer (an amount of money counts no reservations), 1 when its
    unit is the counted thing (its noun, or the last part of a compound of it), else 0."""
    if counted is None:
        return 0.0
    if kinds.holds("money", f"{value} {unit}") and not kinds.holds("money", f"1 {counted}"):
        return None
    # The same head noun: "hyreslägenheter" counts "lägenheter", but "arbetsmarknadsärenden"
    # does not count "arbetstillstånd", though both compounds begin with "arbets".
    noun = unit.split()[-1].lower() if unit else ""
    asked = fold(counted.split()[-1]).lower()
    # The asked noun without an inflection ending of up to three letters ("lägenheterna").
    stems = [asked[:k] for k in range(len(asked), max(3, len(asked) - 4), -1)]
    if any(_heads(w, stem) for w in fold(unit).lower().split() for stem in stems):
        return 1.0
    # A compound of a counted noun ("arbetsmarknadsärenden") answers only for what it counts.
    return None if noun not in _COUNTED_NOUNS else 0.0


def _beside(f: Fact) -> tuple[str, str]:
    """The words before and after a number fact's value in its few words (`detail`), each as
    far as the nearest digit: "ökar med cirka" before "690", and "kronor per år" after it, what
    the number measures. Empty when the value is not found there."""
    detail, value = f.detail or "", f.value or ""
    at = detail.find(value) if value else -1
    if at < 0:
        return "", ""
    before = re.split(r"\d", detail[:at])[-1]
    after = re.split(r"\d", detail[at + len(value) :], maxsplit=1)[0]
    return before, after


# So many facts in a row may be passed over as wholes of the part asked about
# (`amounts.whole_and_part`).
_WHOLES_PASSED = 3


def _whole_of_asked_part(q: Question, topic: Topic, quote: str, value: str) -> bool:
    """The value is the whole of a part the question's words are said in, more than in it."""
    split = amounts.whole_and_part(quote, value)
    return split is not None and cover(topic, q.terms(split[1])) > cover(topic, q.terms(split[0]))


def _heads(word: str, stem: str) -> bool:
    """`stem` is the last part of `word`, but for an inflection ending."""
    at = word.rfind(stem)
    return at >= 0 and len(word) - (at + len(stem)) <= 3


def number(q: Question) -> Answer | None:
    topic = q.topic(FRAMES["number"])
    if ATTENDED.search(q.folded):
        topic = q.topic(FRAMES["presence"] | FRAMES["number"])
        meetings, named = q.meetings(topic)
        rest = [x for x in topic if not named.intersection(x[0])]
        if not rest:
            return participants(q, meetings)
    if not topic or SHARE_ASKED.search(q.folded):
        # "Hur stor andel …" asks a proportion; the number facts are counts and sums (a
        # percentage is a measure, not a fact), so the passages answer it.
        return None
    found = kinds.COUNTED.search(q.folded)
    counted = found.group(1) if found else None
    if counted is not None and fold(counted) in LEXICON.reservation_headings:
        return reservations_counted(q)
    scope = [p for p in q.all_protocols if q.in_scope(p)]
    scored = []
    # A year that became a date filter is the scope's business ("sedan 2022" is no year
    # the answer must state); a year left in the text is part of what is asked.
    years = question_years(q.understood.search_text)
    fit_of: dict[Fact, float] = {}

    # "Hur stor blev byggsanktionsavgiften" is answered by a sum of money (or a rate), not a
    # count of flats in the same sentence.
    money = amounts.measures_money(q.folded)

    # "Hur många av de 320 bostäderna blir hyresrätter?": a figure the question states is what
    # it asks about, not its answer.
    stated = kinds.asked_figures(q.text)
    # "Hur mycket fick föreningarna …" asks an amount, not a count of things ("elva
    # ansökningar"), unless it asks how much a number changed ("hur mycket ökade antalet …").
    mass = bool(_MASS.search(q.folded)) and not amounts.asks_change(q.folded)
    # "Hur mycket fick föreningarna …" is not answered by what they applied for.
    received = amounts.asks_received(q.folded)

    def fitting(f: Fact) -> bool:  # judged before the fact's protocol is read in full
        if money and not kinds.holds(money, f"{f.value} {f.subject}"):
            return False
        if mass and (f.subject or "").lower().rpartition(" ")[2] in _COUNTED_NOUNS:
            return False
        if received and amounts.states_requested(_beside(f)[0]):
            return False
        if stated and stated & kinds.figures(f.value or ""):
            return False
        fit = counts_what(f.value or "", f.subject or "", counted)
        if fit is not None:
            fit_of[f] = fit
        return fit is not None

    # The facts are weighed by their words (`AskCaches.fact_words`), read once per process: a
    # protocol is read in full only for facts not yet read, and then not kept (through the
    # summaries, the ~700 protocols with a fitting number at 100k chunks stayed in memory).
    protocol = _one_at_a_time(q.index)
    identities: dict[str, set[str]] = {}

    def read(listed: Protocol, f: Fact) -> FactWords | None:
        p = protocol(listed.id)
        return _words(q.terms, p, f) if p is not None else None

    for listed, f in q.facts(["number"], scope, keep=fitting, listed=True):
        words = q.caches.fact_words(listed, f.start, f.end, lambda: read(listed, f))  # noqa: B023
        if words is None:
            continue
        # The cheap tests first, as most facts of an archive fail one: the year the question
        # names, then the question's own words in the sentence ("Fem yrkanden i fem motioner …"
        # under an item titled with the question's topic counts motions, not what it asks).
        if years and not years_fit(years, listed, " ".join(words.years)):
            continue
        own = cover(topic, words.said)
        if not own:
            continue
        if listed.id not in identities:
            identities[listed.id] = q.weigher.identity(listed)
        # The sentence itself carrying the words weighs more than its item's title.
        share = cover(topic, identities[listed.id].union(words.where))
        # A fact counting the very thing asked for ("14 reservationer") goes before one that
        # counts something else in the same item, and one granted ("beviljas … med 546 800
        # kr") before other sums when what someone got is asked.
        got = received and amounts.states_received(_beside(f)[0])
        score = share + 0.25 * own + 0.25 * fit_of[f] + 0.25 * got
        scored.append((score, share, listed, f))
    q.caches.keep_fact_words()  # for the next process (`fact_memo`)
    if not scored:
        return None
    scored.sort(key=lambda x: -x[0])
    # Numbers of one sentence weigh the same ("Budgeten omfattar 1,2 miljoner kronor, varav
    # 450 000 kronor är kommunalt aktivitetsstöd."): the one whose own words (`detail`, the few
    # words around it) carry the question's goes first.
    top = scored[0]
    tied = [x for x in scored if x[2].id == top[2].id and x[3].start == top[3].start]
    if len(tied) > 1:
        # When each stands beside a year, the one beside the year the question names goes first
        # ("Hösten 2017 erbjöd 207 kommuner …, jämfört med 2007 då 128"); then what a number
        # measures, which follows it ("5 öre per liter bensin och med 6,3 öre per liter
        # diesel"); then the words around it. A change asked for goes before all that.
        dated = all(_years_in(x[3].detail or "") for x in tied)
        change = amounts.asks_change(q.folded)
        scored[0] = max(
            tied,
            key=lambda x: (
                # "Hur mycket dyrare …": the amount it rises by, not the level it rises to.
                change and amounts.states_change(_beside(x[3])[0]),
                dated and any(y in _years_in(x[3].detail or "") for y in years),
                cover(topic, q.terms(_beside(x[3])[1])),
                cover(topic, q.terms(x[3].detail or "")),
            ),
        )
    for _, share, listed, f in scored[:_WHOLES_PASSED]:
        full = q.in_full([listed])
        if share < MIN_FACT_COVERAGE or not full:
            return None
        p = full[0]
        quote = p.text[f.start : f.end].strip()
        if names_another_organ(q, quote, p.body):
            continue  # what another organ got or spent
        if not _whole_of_asked_part(q, topic, quote, f.value or ""):
            break
    else:
        return None
    if amounts.asks_cost(q.folded) and not amounts.states_cost(quote):
        return None  # an amount beside the question's words, of something else (kinds.py)
    return Answer(
        f"{f.value} {f.subject}: ”{quote}” ({where(p, f)}).",
        "fact",
        [fact_citation(p, f)],
        (f.value or "",),
    )
