"""Answering Swedish questions from the protocols: extracted, never invented.

A question is understood once (filters, question type, spelling), then routed:
- to facts extracted at ingest where one fits: who replaced whom, who holds a role, who presented
  an item, who attended, how many took part;
- otherwise to the sentences of the best passages, scored by the embedding model and by how many
  of the question's words they contain.
Every citation quotes the protocol verbatim at `start`–`end`, and is checked before it is returned.
When nothing in the protocols supports an answer, the answer says so and shows the nearest passages.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from protokoll.index.analysis import fold
from protokoll.ingest.records import Fact, Protocol

if TYPE_CHECKING:
    from protokoll.service.facade import Protokollsok
    from protokoll.service.understanding import Understood

log = logging.getLogger(__name__)

NOT_FOUND = "Jag hittar inget svar på det i protokollen."
# Chosen on eval/datasets/ask (see README, "Frågesvar"): the best sentence must carry at least
# half of the question's information (IDF-weighted, so an unknown topic word sinks it) and be
# semantically close; unanswerable questions in the dev set fell below one or the other.
MIN_DENSE = 0.80
MIN_COVERAGE = 0.45

# Routes match the question folded (without å/ä/ö), so "vem ar ordforande" routes like the original.
_SUBSTITUTION = re.compile(
    r"\b(ersatte|ersatter|ersatts|ersattes|ersattare|eftertradde|eftertrader|eftertradare|"
    r"tog over|tar over|i stallet for|istallet for|tjanstgjorde for|tjanstgor for)\b"
)
_ROLES = ("forste vice ordforande", "vice ordforande", "ordforande", "sekreterare", "justerare")
_PRESENTING = re.compile(
    r"\b(inledde|inleder|foredrog|foredrar|foredragande|foredragare|presenterade|presenterar|"
    r"berattade|berattar|holl i|redogjorde|informerade|beskrev)\b"
)
_APPOINTED = re.compile(r"\b(utsags|utses|valdes|valjs|vald|utsedd|utnamndes)\b")
_PRESENCE = re.compile(
    r"\b(narvarande|narvarade|deltog|deltar|pa plats|med pa|var med|deltagare)\b"
)
_ADOPTED = re.compile(r"^\s*Beslut\b|\bbeslutar\b|\bbeslutade\b|\bbeslöt\b")
_HEADING = re.compile(r"^\s*(?:#+\s|§\s*\d|\d{1,3}\.\s)|^\S+(?:\s+\S+){0,3}$")
_SENTENCE = re.compile(r"[^\n.!?]+(?:[.!?](?=\s|$)|(?=\n)|$)")


@dataclass
class Citation:
    protocol: Protocol
    start: int
    end: int
    section_number: str | None
    section_title: str
    page: int | None


@dataclass
class Answer:
    answer: str
    kind: str  # "fact" | "passage"
    citations: list[Citation]
    must_contain: tuple[str, ...] = ()  # what every quote must state (names of a fact)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", fold(text))


def _close(a: str, b: str) -> bool:
    """Same word despite missing diacritics, case and a typo or two (longer words)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 2 or min(len(a), len(b)) < 5:
        return False
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b) <= (1 if min(len(a), len(b)) < 9 else 2)


def name_in(name: str, question_words: list[str]) -> bool:
    """A person's name is named in the question: all of its words, or its (long) surname."""
    parts = _words(name)
    if not parts:
        return False
    if all(any(_close(p, w) for w in question_words) for p in parts):
        return True
    return len(parts[-1]) >= 6 and any(_close(parts[-1], w) for w in question_words)


class Asker:
    def __init__(self, app: Protokollsok) -> None:
        self.app = app
        self.index = app.index
        self.last_support: tuple[float, float] | None = None  # for threshold tuning

    # -- entry point -----------------------------------------------------------------------
    def ask(self, question: str) -> dict[str, Any]:
        u = self.app.understand(question)
        search = self.app.search(question, k=8)
        hits = search["results"]
        answer = self._route(question, u, hits) if hits else None
        if answer is not None:
            answer.citations = [c for c in answer.citations if self._verified(c, answer)]
            if not answer.citations:
                log.warning("svar utan verifierbar källa förkastat: %r", answer.answer)
                answer = None
        out: dict[str, Any] = {"question": question, "understood": search["understood"]}
        if answer is None:
            message = NOT_FOUND
            if not hits and (u.date_from or u.month or u.body):
                message = (
                    "Det finns inga protokoll som matchar den tid eller det organ du frågar om."
                )
            return out | {
                "answerable": False,
                "answer": message,
                "kind": "none",
                "citations": [],
                "nearest": hits[:3],
            }
        return out | {
            "answerable": True,
            "answer": answer.answer,
            "kind": answer.kind,
            "citations": [self._citation_json(n, c) for n, c in enumerate(answer.citations, 1)],
        }

    # -- routing ---------------------------------------------------------------------------
    def _route(self, question: str, u: Understood, hits: list[dict[str, Any]]) -> Answer | None:
        q = fold(question)
        words = _words(question)
        asks_substitution = _SUBSTITUTION.search(q) or (
            u.question_type == "vem" and "efter" in words
        )
        if asks_substitution and (a := self._substitution(words)):
            return a
        if u.question_type in ("vem", "vilka_personer"):
            for route in (self._role, self._appointment, self._presenter):
                if a := route(q, words, hits):
                    return a
        if _PRESENCE.search(q) and (a := self._presence(q, words, hits)):
            return a
        if u.question_type == "hur_många" and (a := self._number(question, hits)):
            return a
        if self._names_unknown(question):
            return None
        return self._passage(question, u, hits)

    def _facts(self, kinds: list[str]) -> list[tuple[Protocol, Fact]]:
        out = []
        for pid, fact in self.index.catalog.facts(kinds):
            p = self.index.protocol_summary(pid)
            if p is not None:
                out.append((p, fact))
        return out

    def _fact_citation(self, p: Protocol, f: Fact) -> Citation:
        title = next((s.title for s in p.sections if s.number == f.section_number), "")
        if not title:
            full = self.index.catalog.protocol(p.id)
            title = next(
                (s.title for s in (full.sections if full else ()) if s.start <= f.start < s.end), ""
            )
        return Citation(p, f.start, f.end, f.section_number, title, p.page_at(f.start))

    def _substitution(self, words: list[str]) -> Answer | None:
        found = [
            (p, f) for p, f in self._facts(["substitution"]) if f.value and name_in(f.value, words)
        ]
        # "vem ersattes av X": the question names the newcomer instead.
        reverse = not found and "av" in words
        if reverse:
            found = [(p, f) for p, f in self._facts(["substitution"]) if name_in(f.subject, words)]
        if not found:
            return None
        found.sort(key=lambda pf: pf[0].date.isoformat() if pf[0].date else "", reverse=True)
        p, f = found[0]
        verb = f.detail or "ersätter"
        return Answer(
            f"{f.subject} {verb} {f.value} ({self._where(p, f)}).",
            "fact",
            [self._fact_citation(p, f) for p, f in found[:3]],
            (f.subject, f.value or ""),
        )

    def _role(self, q: str, words: list[str], hits: list[dict[str, Any]]) -> Answer | None:
        role = next((r for r in _ROLES if r in q), None)
        if role is None:
            return None
        facts = [(p, f) for p, f in self._facts(["role"]) if fold(f.value or "") == role]
        facts = self._prefer_hit_protocols(facts, hits)
        if not facts:
            return None
        p, f = facts[0]
        org = f" i {f.detail}" if f.detail else ""
        return Answer(
            f"{f.subject} är {f.value}{org} ({self._where(p, f)}).",
            "fact",
            [self._fact_citation(p, f)],
            (f.subject,),
        )

    def _appointment(self, q: str, words: list[str], hits: list[dict[str, Any]]) -> Answer | None:
        if not _APPOINTED.search(q):
            return None
        terms = set(self.index.analyzer.terms(q))
        best, best_overlap = None, 0
        for p, f in self._facts(["appointment"]):
            overlap = len(terms & set(self.index.analyzer.terms(f.value or "")))
            if overlap > best_overlap:
                best, best_overlap = (p, f), overlap
        if best is None:
            return None
        p, f = best
        return Answer(
            f"{f.subject} utsågs till {f.value} ({self._where(p, f)}).",
            "fact",
            [self._fact_citation(p, f)],
            (f.subject,),
        )

    def _presenter(self, q: str, words: list[str], hits: list[dict[str, Any]]) -> Answer | None:
        if not _PRESENTING.search(q):
            return None
        facts = self._facts(["presenter"])
        for hit in hits[:3]:
            pid, number = hit["protocol"]["id"], hit["section"]["number"]
            here = [
                (p, f)
                for p, f in facts
                if p.id == pid
                and f.start >= hit["start"] - 2000
                and (f.section_number == number or hit["start"] <= f.start < hit["end"])
            ]
            if here:
                names = list(dict.fromkeys(f.subject for _, f in here))
                p, f = here[0]
                listed = " och ".join(
                    [", ".join(names[:-1]), names[-1]] if len(names) > 1 else names
                )
                return Answer(
                    f"{listed} ({self._where(p, f)}).",
                    "fact",
                    [self._fact_citation(p, g) for _, g in here[:3]],
                )
        return None

    def _presence(self, q: str, words: list[str], hits: list[dict[str, Any]]) -> Answer | None:
        target = hits[0]["protocol"]["id"]
        listed = [(p, f) for p, f in self._facts(["attendance"]) if p.id == target]
        named = [(p, f) for p, f in listed if name_in(f.subject, words)]
        people = [(p, f) for p, f in listed if (f.detail or "").lower() != "frånvarande"]
        if not people:
            return None
        p = people[0][0]
        if named:
            _, f = named[0]
            if (f.detail or "").lower() == "frånvarande":
                return Answer(
                    f"Nej, {f.subject} anges som frånvarande ({self._where(p, f)}).",
                    "fact",
                    [self._fact_citation(p, f)],
                    (f.subject,),
                )
            org = f", {f.value}" if f.value else ""
            return Answer(
                f"Ja, {f.subject}{org} finns i listan ”{f.detail}” ({self._where(p, f)}).",
                "fact",
                [self._fact_citation(p, f)],
                (f.subject,),
            )
        if re.match(r"\s*(vilka|vem|hur manga)", q):
            names = [f.subject for _, f in people]
            first, last = people[0][1], people[-1][1]
            span = Fact("attendance", "", None, first.start, last.end, first.section_number)
            more = f" med flera ({len(names)} personer)" if len(names) > 12 else ""
            shown = ", ".join(names[:12]) + more
            lead = f"{len(names)} personer" if q.lstrip().startswith("hur manga") else shown
            return Answer(
                f"{lead} ({self._where(p, first)}).", "fact", [self._fact_citation(p, span)]
            )
        return None

    def _number(self, question: str, hits: list[dict[str, Any]]) -> Answer | None:
        terms = set(self.index.analyzer.terms(question))
        hit_protocols = [h["protocol"]["id"] for h in hits[:3]]
        best, best_score = None, 0.0
        for p, f in self._facts(["number"]):
            overlap = len(terms & set(self.index.analyzer.terms(f"{f.subject} {f.detail or ''}")))
            score = overlap + (
                0.5 if p.id in hit_protocols[:1] else 0.25 if p.id in hit_protocols else 0
            )
            if overlap and score > best_score:
                best, best_score = (p, f), score
        if best is None:
            return None
        p, f = best
        text = p.text[f.start : f.end].strip()
        return Answer(
            f"{f.value} {f.subject}: ”{text}” ({self._where(p, f)}).",
            "fact",
            [self._fact_citation(p, f)],
            (f.value or "",),
        )

    # -- passages --------------------------------------------------------------------------
    def _passage(self, question: str, u: Understood, hits: list[dict[str, Any]]) -> Answer | None:
        candidates: list[tuple[dict[str, Any], int, int, str]] = []
        for hit in hits[:5]:
            for m in _SENTENCE.finditer(hit["text"]):
                sentence = m.group(0).strip()
                if len(sentence) >= 25 and not _HEADING.match(sentence):
                    s = hit["start"] + m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
                    candidates.append((hit, s, s + len(sentence), sentence))
        if not candidates:
            return None
        emb = self.index.embedder
        qvec = emb.encode_queries([u.search_text or question])[0]
        svecs = emb.encode_documents([c[3] for c in candidates])
        dense = svecs @ qvec
        coverage = np.array([self._coverage(u.search_text or question, c[3]) for c in candidates])
        score = 0.6 * dense + 0.4 * coverage
        if u.question_type == "beslut":
            # The adopted decision answers "vad beslutades", the proposal before it does not.
            score += np.array(
                [
                    0.05
                    if _ADOPTED.search(c[3])
                    else -0.05
                    if "örslag till beslut" in c[3]
                    else 0.0
                    for c in candidates
                ]
            )
        i = int(score.argmax())
        log.debug("bästa mening: dense=%.3f täckning=%.2f", dense[i], coverage[i])
        self.last_support = (float(dense[i]), float(coverage[i]))
        if dense[i] < MIN_DENSE or coverage[i] < MIN_COVERAGE:
            return None
        hit, start, end, sentence = candidates[i]
        p = self.index.protocol_summary(hit["protocol"]["id"])
        if p is None:
            return None
        cite = Citation(
            p, start, end, hit["section"]["number"], hit["section"]["title"], hit["page"]
        )
        answer = sentence
        if u.question_type == "när" and not re.search(r"\d", sentence) and p.date:
            answer = f"Enligt protokollet {p.date.isoformat()}: {sentence}"
        return Answer(answer, "passage", [cite], (sentence,))

    def _coverage(self, question: str, sentence: str) -> float:
        """Share of the question's information (IDF-weighted terms) found in the sentence; a
        topic word the protocols never use weighs the most, so it sinks the support."""
        lex = self.index.lexical
        words = [
            self.index.analyzer.word_terms(w) for w, _, _ in self.index.analyzer.words(question)
        ]
        words = [w for w in words if w]
        if not words:
            return 0.0
        have = set(self.index.analyzer.terms(sentence))
        total = found = 0.0
        for terms in words:
            weight = max(lex.idf(t) for t in terms)
            total += weight
            if have.intersection(terms):
                found += weight
        return found / total

    def _names_unknown(self, question: str) -> bool:
        """A capitalised name in the question that no protocol mentions, even with a typo."""
        lex = self.index.lexical
        for m in re.finditer(
            r"(?<=\s)[A-ZÅÄÖÉ][a-zåäöéü]{2,}(?:\s+[A-ZÅÄÖÉ][a-zåäöéü]{2,})*", question
        ):
            for word in m.group(0).split():
                terms = self.index.analyzer.word_terms(word)
                if terms and not any(t in lex.vocabulary or lex.close_terms(t) for t in terms):
                    return True
        return False

    # -- shaping ---------------------------------------------------------------------------
    @staticmethod
    def _where(p: Protocol, f: Fact) -> str:
        parts = [p.date.isoformat() if p.date else p.title]
        if f.section_number:
            sign = (
                "§"
                if f"§ {f.section_number}" in p.text or f"§{f.section_number}" in p.text
                else "punkt"
            )
            parts.append(f"{sign} {f.section_number}")
        return ", ".join(parts)

    @staticmethod
    def _prefer_hit_protocols(
        facts: list[tuple[Protocol, Fact]], hits: list[dict[str, Any]]
    ) -> list[tuple[Protocol, Fact]]:
        order = {h["protocol"]["id"]: i for i, h in reversed(list(enumerate(hits)))}
        return sorted(facts, key=lambda pf: order.get(pf[0].id, len(hits)))

    def _verified(self, c: Citation, answer: Answer) -> bool:
        full = self.index.catalog.protocol(c.protocol.id)
        if full is None or not 0 <= c.start < c.end <= len(full.text):
            return False
        quote = full.text[c.start : c.end]
        return all(fold(x) in fold(quote) for x in answer.must_contain if x)

    def _citation_json(self, n: int, c: Citation) -> dict[str, Any]:
        from protokoll.service.facade import citation_label, protocol_json

        full = self.index.catalog.protocol(c.protocol.id)
        assert full is not None
        return {
            "n": n,
            "quote": full.text[c.start : c.end],
            "protocol": protocol_json(c.protocol),
            "section": {"number": c.section_number, "title": c.section_title},
            "page": c.page,
            "start": c.start,
            "end": c.end,
            "citation": citation_label(c.protocol, c.section_number, c.section_title, c.page),
            "url": f"/protokoll/{c.protocol.id}?start={c.start}&end={c.end}",
        }
