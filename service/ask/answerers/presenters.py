"""Who presented an item: "vem presenterade programmet på presidiekonferensen?"."""

from __future__ import annotations

from protokoll.ingest.records import Fact, Protocol
from protokoll.ingest.text import fold
from protokoll.service.ask.citations import fact_citation, section_title
from protokoll.service.ask.context import ProtocolFact, Question, date_key
from protokoll.service.ask.phrasing import listing, where_section
from protokoll.service.ask.records import Answer
from protokoll.service.ask.support import MIN_FACT_COVERAGE, Topic, cover, found
from protokoll.service.ask.vocabulary import FRAMES, PRESENTING, PRESENTING_TEXT


def presenter(q: Question) -> Answer | None:
    """The sentence stating presenters that best carries the question's topic (with its item's
    title); narrowed to the presenter a descriptor in the question points at ("från
    Oskarshamns kommun")."""
    topic = q.topic(FRAMES["people"])
    if not topic:
        return None
    # The question's own verb ("inledde", "föredrog") found in the sentence tells the
    # sentence that says who opened an item from a list of presenters above it.
    verbs = [fold(m.group(1))[:5] for m in PRESENTING.finditer(fold(q.text))]
    groups: dict[tuple[str, int, int], list[ProtocolFact]] = {}
    for p, f in q.facts(["presenter"]):
        if q.in_scope(p):
            groups.setdefault((p.id, f.start, f.end), []).append((p, f))
    scored = []
    for group in groups.values():
        p, f = group[0]
        share = cover(topic, q.context(p, f) | q.weigher.identity(p))
        said = fold(p.text[f.start : f.end])
        bonus = 0.1 if any(v in said for v in verbs) else 0.0
        scored.append((share, share + bonus, group))
    if not scored:
        return None
    scored.sort(key=lambda x: -x[1])
    if scored[0][0] < MIN_FACT_COVERAGE:
        return None
    # Equally good sentences in different protocols are all answers (two presidium
    # conferences in October): each is given, newest first.
    top = scored[0][1]
    chosen: dict[str, list[ProtocolFact]] = {}
    for _, score, group in scored:
        if score >= top - 1e-9 and group[0][0].id not in chosen:
            chosen[group[0][0].id] = group
    parts, cites = [], []
    ordered = sorted(chosen.values(), key=lambda g: date_key(g[0][0]), reverse=True)
    for group in ordered[:3]:
        p, f = group[0]
        names = _narrow(q, topic, p, f, [g.subject for _, g in group])
        parts.append(f"{listing(names)} ({where_section(p, f.section_number, f.value)})")
        cites.append(fact_citation(p, f))
    return Answer("; ".join(parts) + ".", "fact", cites)


def _narrow(q: Question, topic: Topic, p: Protocol, f: Fact, names: list[str]) -> list[str]:
    """The names whose own descriptor ("Lotta Lindgren, förvaltningschef …, Oskarshamns
    kommun") holds a question word that the rest of the sentence and the title do not."""
    sentence = p.text[f.start : f.end]
    spans = []
    for n in dict.fromkeys(names):
        at = sentence.find(n)
        if at >= 0:
            spans.append((at, n))
    if len(spans) < 2:
        return list(dict.fromkeys(names))
    spans.sort()
    verb = PRESENTING_TEXT.search(sentence, spans[-1][0])
    stop = verb.start() if verb else len(sentence)
    own: dict[str, set[str]] = {}
    for i, (at, n) in enumerate(spans):
        end = spans[i + 1][0] if i + 1 < len(spans) else stop
        own[n] = q.terms(sentence[at + len(n) : end])
    _, title = section_title(p, f.start)
    shared = q.terms(title + " " + sentence[stop:])
    wanted = [(w, ps) for w, ps, _ in topic if not found(w, shared)]
    hits = {
        n: sum(found(whole, t) or found(parts, t) for whole, parts in wanted)
        for n, t in own.items()
    }
    top = max(hits.values())
    if top == 0:
        return [n for _, n in spans]
    return [n for _, n in spans if hits[n] == top]
