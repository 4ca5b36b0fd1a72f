"""The answer of last resort: the best sentence of the best passages, when it is close enough.

A sentence is scored by the embedding model (its closeness in meaning to the question), by how
much of the question's information it carries with its item's title, by carrying it alone, and
by whether it holds what the question asks for (a date for "när", a number for "hur många", a
person for "vem") and names the organisation the question names. A neighbour sentence that
scores about as well is shown with it.
"""

from __future__ import annotations

import logging
import re

import numpy as np
from protokoll.ingest.lexicon import Intent
from protokoll.ingest.records import Protocol
from protokoll.ingest.text import fold
from protokoll.service.ask import amounts, kinds, places, proposals, voices
from protokoll.service.ask.adapter import closeness
from protokoll.service.ask.agreement import (
    ahead,
    another_actor,
    does_as_asked,
    members_motion,
    members_voice,
    motion_voice,
    names_the_actor,
    proposed_to,
    states_intention,
)
from protokoll.service.ask.citations import following_in_item
from protokoll.service.ask.context import Question
from protokoll.service.ask.gate import MAX_MARGIN, MAX_RANK, Support, accepts
from protokoll.service.ask.records import Answer, Citation
from protokoll.service.ask.referents import (
    continues,
    names_through,
    referents,
    unbulleted,
    with_text_of,
)
from protokoll.service.ask.sentences import (
    PASSAGES,
    Candidate,
    decided,
    decided_lead,
    neighbour,
    of_passages,
    point_before,
)
from protokoll.service.ask.support import Topic, cover, found
from protokoll.service.ask.vocabulary import (
    ADOPTED,
    AMOUNT_ASKED,
    DATE_IN_TEXT,
    FRAME,
    FRAMES,
    VOTE,
)
from protokoll.service.understanding import Understood

log = logging.getLogger(__name__)

# Sentences that hold what the question asks for (a date, a number, a person) are preferred by
# this much over equally close ones that do not.
TYPE_BONUS = 0.06
# A sentence of a decision of the question's meetings, or of a reservation by a party the
# question names, is preferred by this much (as TYPE_BONUS, on the same scale).
DECIDED_BONUS = 0.06
# A sentence that names the organisation the question names, over the rest
# (`agreement.names_the_actor`).
AGENT_BONUS = 0.06
# A question opening with "vad" asks what someone said or did, where "varför" may be answered by
# the sentence after it (the reason after a yrkande).
_WHAT_FIRST = re.compile(r"^\W*vad\b")
# A question that names where a party stated its view ("enligt reservationen", "i sitt särskilda
# yttrande") is answered there; the last reservation ends at the headings after it.
RESERVATION_NAMED = re.compile(r"\breservation|\bsarskil(?:da|t) yttrande")
# A sentence right before or after the best one in the same item, scored this close to it
# (on the scale of TYPE_BONUS), is shown with it (`sentences.neighbour`).
NEIGHBOUR_GAP = 0.06
# A sentence's score is DENSE_WEIGHT × its closeness in meaning + 0.3 × coverage + 0.1 × coverage
# alone + the bonuses (adapter.closeness encodes only the sentences that can still win).
DENSE_WEIGHT = 0.6

# The kinds a passage answer must hold when asked for (service/ask/kinds.py knows "money" too,
# which questions name too loosely to demand: "EU-bidrag" in a question about a penalty).
PASSAGE_KINDS = (
    "duration", "day", "date", "number", "person", "place", "organisation", "funding",
    "distance", "charge",
)  # fmt: skip


def asked(u: Understood, question: str) -> str | None:
    """What the question asks for, when it is a thing a sentence either holds or does not:
    "duration", "day", "date", "number", "person", …, "money" when a sum is asked for
    outright ("hur mycket pengar …") or by its noun ("hur stor blev hyran"), and "charge", a
    sum or a rate, for the size of a fee ("hur hög är avgiften")."""
    what = kinds.asked(u, question, PASSAGE_KINDS)
    folded = fold(question)
    if what in (None, "number") and AMOUNT_ASKED.search(folded):
        return "money"
    if what in (None, "number") and (measured := amounts.measures_money(folded)):
        return measured  # "money", or "charge": a sum or a rate
    if what is None and amounts.asks_cost_first(folded):
        return "money"  # "Vad beräknas förskolan kosta att bygga?"
    return what


def _named_only(
    q: Question, topic: Topic, what: str | None, units: list[tuple[Protocol, str, str]]
) -> np.ndarray:
    """For "vad sa/tycker/ville X om Y": the sentences that carry nothing of the question but
    the people it names ("Lorena Delgado Varas (V) anför:", "… av Ali Esbati m.fl. (V)."). They
    say who speaks, not what: they cannot answer, though their name makes them close."""
    if what is not None or not q.people_named:
        return np.zeros(len(units), dtype=bool)
    names = q.people_terms
    rest = [t for t in topic if not (set(t[0]) | set(t[1])) & names]
    out = np.zeros(len(units), dtype=bool)
    beyond: dict[str, Topic] = {}
    for k, (p, _, sentence) in enumerate(units):
        # The words naming the meeting ("Riksbankens penningpolitiska möte i april") are said
        # by every sentence of it, so they do not make one about the question either.
        if p.id not in beyond:
            ident = q.weigher.identity(p)
            beyond[p.id] = [t for t in rest if not found(t[0], ident)]
        out[k] = bool(beyond[p.id]) and cover(beyond[p.id], q.terms(sentence)) == 0
    return out


def _whole_of_asked_part(q: Question, topic: Topic, sentence: str) -> bool:
    """The sentence's figures all stand in a whole whose part, after "varav" and without a
    figure, says the question's words more (`amounts.whole_and_part`)."""
    digit = re.search(r"\d", sentence)
    split = amounts.whole_and_part(sentence, digit[0]) if digit else None
    if split is None or re.search(r"\d", split[1]):
        return False
    return cover(topic, q.terms(split[1])) > cover(topic, q.terms(split[0]))


def _rank(q: Question, pid: str, at: int) -> int:
    """The rank of the hit holding offset `at` of protocol `pid`, MAX_RANK when none does."""
    for k, h in enumerate(q.hits[:MAX_RANK]):
        if h.protocol.id == pid and h.chunk.start <= at < h.chunk.end:
            return k
    return MAX_RANK


def candidate_sentences(
    q: Question,
) -> tuple[list[Candidate], list[str], list[voices.Span], list[voices.Span]]:
    """The sentences the best one is chosen among, each as the model reads it ("item title:
    sentence"); and the documents' own records of what the question asks about among them: the
    decisions of the meeting it narrows to, the reservations of the parties it names. The
    query adapter learns from the same sentences (eval/selector/adapter.py)."""
    reserved = voices.reserved(q, PASSAGES)
    records = decided(q) + reserved
    candidates = of_passages(q, records + voices.their_turns(q))
    docs = [f"{c[5]}: {c[3]}" if c[5] else c[3] for c in candidates]
    return candidates, docs, records, reserved


def passage(q: Question) -> tuple[Answer | None, Support | None]:
    """The best sentence as the answer, or None when the gate finds it does not answer; and
    what the gate read of it."""
    candidates, docs, records, reserved = candidate_sentences(q)
    if not candidates:
        return None, None
    u = q.understood
    sentences = [c[3] for c in candidates]
    spots = [(c[0].id, c[1]) for c in candidates]
    frame = {Intent.DECISION: FRAMES["decision"], Intent.HOW_MANY: FRAMES["number"]}.get(u.intent)
    topic = q.topic(frame or FRAME)
    embedder = q.index.embedder
    qvec = embedder.encode_queries([q.text])[0]
    what = asked(u, q.asked)
    # What was asked for must be in the sentence beyond what the question itself names: a
    # sentence whose only date is the meeting the question names does not say "när".
    held = np.array([float(kinds.holds_beyond(what, c[3], q.text)) for c in candidates])
    refs = referents(q, candidates)
    if what == "person":
        # "Motionären anser därför …", "Hon menade …": the person is named in the sentence it
        # refers back to, which the answer shows with it.
        held = np.maximum(
            held, [names_through(q, c[0], r, what) for c, r in zip(candidates, refs, strict=True)]
        )
    # "… uppgår till 214 mnkr, varav den största investeringen är förskolan": no sum of the
    # part the question asks about, nor its cost ("Vad beräknas skolan kosta?"); ruled out
    # with the other sentences that cannot answer, below.
    wholes = np.zeros(len(candidates), dtype=bool)
    if what in ("money", "charge", "number") or amounts.asks_cost(q.folded):
        wholes = np.array([_whole_of_asked_part(q, topic, c[3]) for c in candidates])
    if what in ("money", "amount", "number") and amounts.asks_cost(q.folded):
        held *= np.array([float(amounts.states_cost(c[3])) for c in candidates])
    if what in ("money", "charge") or amounts.asks_cost(q.folded):
        items = [(c[0].id, c[5]) for c in candidates]
        fit = amounts.period_fit(q.folded, sentences, list(held > 0), items)
        held *= np.array(fit, dtype=float)
    if what == "number" and VOTE.search(q.folded):
        held *= np.array([float(kinds.states_vote(c[3])) for c in candidates])
    if what in ("organisation", "place"):
        # "Esma har …", "Kriminalvården bedömer …": a name that starts the sentence.
        opens = [kinds.opens_with_name(c[3], q.caches.proper_words(c[0]), q.text)
                 for c in candidates]  # fmt: skip
        held = np.maximum(held, np.array(opens, dtype=float))
    if what == "person" and kinds.asks_party_to_deal(q.folded):
        # "vem fick kontraktet" may be answered by a company ("… tilldelar Nordnät AB kontraktet").
        held = np.maximum(held, [float(kinds.names_company(c[3])) for c in candidates])
    if what == "place":
        held *= np.array(places.may_answer_where(q.text, sentences), dtype=float)
    noun = kinds.head_noun(q.folded)
    if kinds.asks_country(noun):
        held *= np.array([float(kinds.names_country(c[3], q.text)) for c in candidates])
    if kinds.asks_company(noun):
        held *= np.array([float(kinds.names_company(c[3])) for c in candidates])
    # "Vilken domstol …", "vilket datum …": a sentence that holds what the noun asks for
    # ("Kammarrätten i Stockholm", "13.10") has said the noun (`kinds.head_noun`).
    said = q.terms(noun) if noun else set()
    named = [said if h else set() for h in held]
    voiced = voices.party_voiced(q, [(c[0], c[1], c[5], c[3]) for c in candidates], reserved)
    named = [n | v for n, v in zip(named, voiced, strict=True)]
    # "Vad påstod Ali Esbati i sin reservation …": his reservation says it in his name, as do
    # the words quoted after "… anförde Morgan Johansson följande …".
    announcing, inside = voices.quoted(q, [(c[0], c[1], c[3], c[5]) for c in candidates])
    if signed := voices.signed_by(q, PASSAGES):
        inside |= voices.within(spots, signed)
    if inside.any():
        named = [n | q.people_terms if i else n for n, i in zip(named, inside, strict=True)]
    units = [
        (c[0], with_text_of(c[0], r, d), c[3])
        for c, d, r in zip(candidates, docs, refs, strict=True)
    ]
    coverage, alone = (np.array(x) for x in q.weigher.sentence_cover(topic, units, named))
    # The score beside closeness in meaning, which is added last (`_closeness`).
    score = 0.3 * coverage + 0.1 * alone
    # "När ska …" asks for a date ahead of the document, not one it recalls (`agreement.ahead`):
    # a sentence that only recalls one may be shown beside the answer, as its lead, but is not it.
    may_answer = ahead(q, what, [(c[0], c[3]) for c in candidates]) > 0
    # "Lars Ström (M) yrkar avslag …" says what he did when the question asks it, though it
    # carries none of the question's other words.
    acting = does_as_asked(q, sentences)
    may_answer &= ~_named_only(q, topic, what, units) | (acting > 0)
    if what is None:
        may_answer &= ~announcing  # it says who speaks; what they said follows it
    answering = held * may_answer
    score += TYPE_BONUS * answering
    if noun:
        # "Vid vilken tingsrätt …": a sentence naming one ("Eskilstuna tingsrätt") over one that
        # only holds some organisation.
        noun_written = re.compile(rf"{re.escape(noun)}\w{{0,3}}\b")
        writes_noun = np.array(
            [
                bool(noun_written.search(fold(c[3]))) or kinds.names_of_kind(noun, c[3])
                for c in candidates
            ]
        )
        score += TYPE_BONUS * answering * writes_noun
    if what is not None and u.intent != Intent.PEOPLE:
        # A sentence without a date cannot answer "när", nor one without a number "hur
        # många", nor one naming nobody "vem" ("vilka" may be answered by roles: "en grupp
        # bestående av stadsdirektör, personalchef …"). Over a large collection such a
        # sentence is usually on the topic but about something else: no answer at all.
        if not answering.any():
            return None, None
        score = np.where(held > 0, score, -np.inf)
        if what == "number":
            # A count is of what the sentence itself speaks of: "fem motioner" under an item
            # titled with the question's topic does not count those convicted of it.
            score = np.where(alone > 0, score, -np.inf)
    score += voices.in_their_turns(q, voices.speakers(q, [(c[0], c[1]) for c in candidates]))
    actor = names_the_actor(q, sentences)
    score += AGENT_BONUS * actor
    if asked_figures := kinds.asked_figures(u.search_text):
        # "När höjde Riksbanken styrräntan till 5 procent?" is about 5 procent: a sentence
        # without that figure is about another step. A question may name the matter by its
        # item's title ("Vad tyckte nämnden om motionen om trygghetslarm för personer över
        # 85?", "Senast när ska Trafikverket ha yttrandet om väg 947?"): the sentence answering
        # under that title need not repeat it.
        writes = np.array([asked_figures <= kinds.figures(x) for x in sentences])
        writes |= np.array([asked_figures <= kinds.figures(c[5] or "") for c in candidates])
        # Or the sentence it refers back to, which the answer shows with it: "Ramen utökas med
        # 28,5 mnkr. Utökningen finansieras genom ökad upplåning."
        writes |= np.array(
            [r is not None and asked_figures <= kinds.figures(c[0].text[r[0] : r[1]])
             for c, r in zip(candidates, refs, strict=True)]
        )  # fmt: skip
        # Or the decision point right before it, which names the matter: "1. Hastighets-
        # begränsning 30 km/h på Skolvägen antas. 2. Föreskrifterna träder i kraft den 1
        # december 2024." answers "Från när gäller 30 km/h på Skolvägen?".
        writes |= np.array(
            [k is not None and asked_figures <= kinds.figures(candidates[k][3])
             for k in point_before(candidates)]
        )  # fmt: skip
        score = np.where(writes, score, -np.inf)
    if what not in ("organisation", "place", "person"):
        # "När höjde Riksbanken …" is not answered by what "Bank of England" did.
        score = np.where(another_actor(q, sentences, actor), -np.inf, score)
    score += motion_voice(q, sentences, what)
    score += AGENT_BONUS * acting
    if acting[may_answer].any() and _WHAT_FIRST.match(q.folded):
        # "Vad yrkade Magnus Ek om ansökan?": where he does what is asked, a sentence that does
        # not name him doing it is about the matter, not his motion ("varför" may be answered
        # by the reason after it).
        score = np.where(acting > 0, score, -np.inf)
    if what is None:  # "vem i nämnden var jävig" asks for a member
        score -= AGENT_BONUS * members_voice(q, sentences)
    if what != "person":
        # What a member moved is neither a fact asked for nor the decision.
        score = np.where(members_motion(q, sentences) > 0, -np.inf, score)
    score += AGENT_BONUS * states_intention(q, sentences)
    # What another party said or proposed does not answer for the party the question names.
    score = np.where(voices.other_parties(q, [(c[3], c[5]) for c in candidates]), -np.inf, score)
    # What was put to the organ the question asks about is not what it decided.
    score = np.where([proposed_to(q, s) for s in sentences], -np.inf, score)
    score = np.where(wholes, -np.inf, score)
    if reserved and RESERVATION_NAMED.search(q.folded):
        # "… enligt reservationen": what the party reserved, not the motion or the committee.
        score = np.where(voices.within(spots, reserved), score, -np.inf)
    if (stated := proposals.fates(q, sentences)) is not None:
        # "Vad tyckte nämnden om motionen?": its outcome, not what it proposed.
        score = np.where(stated, score, -np.inf)
    if not np.isfinite(score[may_answer]).any():
        return None, None  # what was asked is held only in other speakers' turns
    # A document's own record of the matter (what the meeting decided, what the party reserved)
    # goes before what was said about it in the discussion.
    score += DECIDED_BONUS * voices.within(spots, records)
    if u.intent == Intent.DECISION:
        # The adopted decision answers "vad beslutades", the proposal before it does not.
        score += np.array(
            [
                0.05 if ADOPTED.search(c[3]) else -0.05 if "örslag till beslut" in c[3] else 0.0
                for c in candidates
            ]
        )
    # The model's own closeness says whether a sentence is close enough to answer; the turned
    # one ranks.
    dense, ranking = closeness(q, docs, qvec, score, may_answer, DENSE_WEIGHT, NEIGHBOUR_GAP)
    score = score + DENSE_WEIGHT * ranking
    answering_score = np.where(may_answer, score, -np.inf)
    i = int(answering_score.argmax())
    log.debug("bästa mening: dense=%.3f täckning=%.2f", dense[i], coverage[i])
    if log.isEnabledFor(logging.DEBUG):
        for k in np.argsort(-answering_score)[:5]:
            log.debug(
                "  %.3f dense=%.3f täckning=%.2f sort=%d %r",
                score[k],
                dense[k],
                coverage[k],
                held[k],
                sentences[k][:90],
            )
    others = np.delete(answering_score, i)
    lead = float(answering_score[i] - others.max()) if len(others) else MAX_MARGIN
    support = Support(
        dense=float(dense[i]), coverage=float(coverage[i]), alone=float(alone[i]),
        typed=float(what is not None and held[i] > 0), open=float(what is None),
        margin=min(lead, MAX_MARGIN), rank=float(_rank(q, *spots[i])),
    )  # fmt: skip
    if not accepts(support):
        return None, support
    p, start, end, sentence, number, title = candidates[i]
    answer = sentence.strip()
    # The next sentence of the same item goes with the answer, so that the quote alone shows
    # it, when the answer leads into it ("Utskottet föreslår följande:", as compose.py does for
    # the selector's candidates), or when "när" is answered with only a year ("i
    # regleringsbrevet för 2018 gav regeringen FI i uppdrag …") and the next sentence holds the
    # day ("Uppdraget ska slutredovisas senast den 14 juni 2019.").
    leads = answer.endswith(":")
    lacks_day = what == "date" and not kinds.holds_beyond("day", sentence, q.text)
    after = following_in_item(p, q.caches.sentences(p), end, title)
    following = p.text[after[0] : after[1]] if after else ""
    if after and (
        leads
        or (lacks_day and kinds.holds_beyond("day", following, q.text))
        or continues(q, sentence, following)
    ):
        end, answer = after[1], f"{answer} {unbulleted(following)}"
    # A neighbour shown as answering about equally well must be one that may answer at all.
    elif (k := neighbour(candidates, answering_score, i, NEIGHBOUR_GAP, after=True)) is not None:
        end, answer = candidates[k][2], f"{answer} {candidates[k][3].strip()}"
    if (k := neighbour(candidates, answering_score, i, NEIGHBOUR_GAP, after=False)) is not None:
        start, answer = candidates[k][1], f"{candidates[k][3].strip()} {answer}"
    elif before := refs[i] or decided_lead(q, p, start, sentence, title):
        # "… en sådan utredning", "Uppdraget ska …" say what only the sentence before names: it
        # goes with it, so that the answer says what it is about.
        start, answer = before[0], f"{unbulleted(p.text[before[0] : before[1]])} {answer}"
    cite = Citation(p, start, end, number, title, p.page_at(start))
    if u.intent == Intent.WHEN and not DATE_IN_TEXT.search(sentence) and p.date:
        answer = f"Enligt protokollet {p.date.isoformat()}: {answer}"
    # A sentence that holds what the question asks for (a date for "när", a person for "vem")
    # is right more often than one answering "vad" or "varför": its own route for confidence.
    typed = "passage_typed" if what is not None and held[i] else "passage"
    # What the text itself says there (a table's row is told with its header, `tables`).
    said = p.text[candidates[i][1] : candidates[i][2]]
    return Answer(answer, "passage", [cite], (said,), route=typed), support
