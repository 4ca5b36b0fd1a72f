"""Answering Swedish questions from the protocols: extracted, never invented.

A question is understood once (filters, question type, spelling), then routed:
- to facts extracted at ingest where one fits: who replaced whom, who holds a role, who presented
  an item, who attended (from which organisation), how many took part, how a vote went;
- to the decision records for "vad beslutades om …", "vad hände med …";
- to the protocols' own dates for "när hölls presidiekonferensen?";
- otherwise to the sentences of the best passages, scored by the embedding model, by how much of
  the question's information they carry, and by whether they hold what the question asks for
  (a date for "när", a number for "hur många", a person for "vem").
Every route measures its support the same way: the share of the question's content words
(IDF-weighted, frame words such as "vem", "beslutades", "deltog" left out) found in the cited
text. A fact or decision that does not carry the question's topic is not an answer.
Every citation quotes the protocol verbatim at `start`–`end`, and is checked before it is returned.
When nothing in the protocols supports an answer, the answer says so and shows the nearest passages.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from protokoll.index.analysis import fold
from protokoll.ingest.facts import person_names, sentence_spans
from protokoll.ingest.records import Fact, Protocol

if TYPE_CHECKING:
    from protokoll.service.facade import Protokollsok
    from protokoll.service.understanding import Understood

log = logging.getLogger(__name__)

NOT_FOUND = "Jag hittar inget svar på det i protokollen."
# Chosen on eval/datasets/ask (measured spread in eval/datasets/ask/README.md). The best sentence
# answers when it carries at least half of the question's information (IDF-weighted, so a topic
# word the protocols never use sinks it) and is close in meaning (e5 cosine, which for Swedish
# sits in ~0.76–0.92), or when it is very close in meaning and still shares a quarter of the
# words: a paraphrase ("självskador bland unga" for "självskadebeteende … ungdomar"). No
# unanswerable dev question reached either: their best sentences stayed at cosine ≤ 0.861 and
# coverage ≤ 0.44.
MIN_DENSE = 0.79
MIN_COVERAGE = 0.5
MIN_DENSE_PARAPHRASE = 0.87
MIN_COVERAGE_PARAPHRASE = 0.25
# A fact or a decision answers only when its sentence (with its item's title) carries most of
# the question's topic; below this the question goes on to the passages (and may be declined).
MIN_FACT_COVERAGE = 0.5
# Of the question's words beyond those naming the meeting (organ, kind, year), at least this
# share must be carried too: "Läns-gemensam ledning beslutar …" carries half of "vad beslutade
# Läns-gemensam ledning om snöröjning" but 0.0 beyond it (corpus c089), while a right answer that
# leaves out frame-like words ("ville", "mer") keeps 0.21 (eval/datasets/ask s48).
MIN_COVERAGE_BEYOND = 0.15
# Sentences that hold what the question asks for (a date, a number, a person) are preferred by
# this much over equally close ones that do not.
TYPE_BONUS = 0.06

# Routes match the question folded (without å/ä/ö), so "vem ar ordforande" routes like the original.
_SUBSTITUTION = re.compile(
    r"\b(ersatte|ersatter|ersatts|ersattes|ersattare|eftertradde|eftertrader|eftertradare|"
    r"tog over|tar over|i stallet for|istallet for|tjanstgjorde for|tjanstgor for)\b"
)
_ROLES = ("forste vice ordforande", "vice ordforande", "ordforande", "sekreterare", "justerare")
_PRESENTING = re.compile(
    r"\b(inledde|inleder|foredrog|foredrar|foredragande|foredragare|presenterade|presenterar|"
    r"berattade|berattar|holl i|redogjorde|informerade|beskrev|pratade|talade|visade|"
    r"foreläste|forelaste|gav en|hälsade|halsade)\b"
)
_APPOINTED = re.compile(r"\b(utsags|utses|valdes|valjs|vald|utsedd|utnamndes)\b")
_PRESENCE = re.compile(
    r"\b(narvarande|narvarade|franvarande|deltog|deltar|deltagit|pa plats|med pa|var med|deltagare|"
    r"representerade|representerar|medverkade)\b"
)
_VOTE = re.compile(r"\b(rostade|rostning|omrostning|roster|rostsiffror|votering)\b")
_DECISION = re.compile(
    r"\b(beslut|beslutet|besluten|beslutades|beslutade|beslot|vad hande med|hur gick det|"
    r"vad blev det)\b"
)
_MEETING_HELD = re.compile(
    r"\b(holls|hade|ager rum|agde rum|genomfordes|sammantradde|traffades|var|ar|motet|moten)\b"
)
_RELATIVE = re.compile(r"\b(nasta|kommande|senaste|forra|foregaende|sista|forsta)\b")
_DURATION_Q = re.compile(r"^\s*hur (lange|lang tid)\b")
_ADOPTED = re.compile(r"^\s*Beslut\b|\bbeslutar\b|\bbeslutade\b|\bbeslöt\b")
_HEADING = re.compile(
    r"^\s*(?:#+\s|§\s*\d|\d{1,3}\.\s)(?!(?:\S+\s+){8})|^\S+(?:\s+\S+){0,3}$"
)  # a numbered line of nine words or more is a list item that says something
_NUMBERING = re.compile(r"^\s*(?:#+\s*|§\s*\d+\s*|\d{1,3}\.\s+)")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MONTHS = r"januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
_DATE_IN_TEXT = re.compile(
    rf"(?i)\b\d{{1,2}}(?::e|:a)?\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d-\d\d-\d\d\b|\b(?:19|20)\d\d\b|\b(?:första|andra|tredje)\s+(?:"
    rf"{_MONTHS})\b|\b(?:{_MONTHS})\b"
)
_NUMBER_IN_TEXT = re.compile(
    r"\d|\b(?:två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tjugo|hundra|tusen)\b", re.I
)
# Questions that ask for a date or a number without starting with "när" or "hur många" (folded).
# "vilket datum" asks for a day: a year or a month alone does not answer it.
_ASKS_DAY = re.compile(r"\b(vilka datum|vilket datum|vilken dag|vilka dagar)\b")
_ASKS_DATE = re.compile(r"\bvilket ar\b")
_DAY_IN_TEXT = re.compile(
    rf"(?i)\b\d{{1,2}}(?::e|:a)?\s+(?:{_MONTHS})\b|\b(?:19|20)\d\d-\d\d-\d\d\b"
    r"|\b(?:[12]?\d|3[01])\.(?:0?[1-9]|1[012])\b(?:\.(?:19|20)\d\d)?(?![\d,])|\b(?:första|andra|tredje)\s+(?:"
    rf"{_MONTHS})\b"
)
_ASKS_NUMBER = re.compile(
    r"\b(hur (manga|mycket|stor|stort|stora|hog|hogt|hoga)|vilken (niva|alder|summa|lon)|"
    r"vilket belopp|vad kostar)\b"
)
_DURATION_IN_TEXT = re.compile(
    r"(?i)(?:\d+(?:,\d+)?|två|tre|fyra|fem|sex|sju|åtta|nio|tio|tolv)\s+"
    r"(?:år|månader|månad|veckor|vecka|dagar|dag|timmar|timme|minuter)\b"
)


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that frame a question rather than name its topic (folded). They are left out when the
# support of a sentence, fact or decision is measured.
_FRAME = _wordset(
    "vem vems vilka vilken vilket vad nar hur manga mycket var varfor vart nagon nagot nagra "
    "det den de detta dessa om pa i for med av till efter fran mot som sa sin sitt sina ar "
    "blev bli hade har skulle ska kan kunde finns fanns fick far gjorde gors ha motet motets "
    "motena mote sammantradet sammantradena sammantrade forra foregaende senaste"
)
_DECISION_FRAME = _FRAME | _wordset(
    "beslut beslutet besluten beslutades beslutade beslot beslutat besluta togs tog tas "
    "fattades fattade fattat hande hant gick ske skedde"
)
_NUMBER_FRAME = _FRAME | frozenset(
    ["stort", "stor", "stora", "antal", "antalet", "lange", "lang", "tid"]
)
_PRESENCE_FRAME = _FRAME | _wordset(
    "deltog deltar deltagit narvarande narvarade franvarande plats med representerade "
    "representerar medverkade deltagare personer"
)
_PEOPLE_FRAME = _FRAME | _wordset(
    "inledde inleder foredrog foredrar foredragande foredragare presenterade presenterar "
    "berattade berattar holl redogjorde informerade beskrev pratade talade visade gav punkten "
    "arendet"
)
_ROLE_FRAME = _FRAME | _wordset(
    "forste andre vice ordforande ordf sekreterare justerare nuvarande ny nya"
)
_SUBSTITUTION_FRAME = _FRAME | _wordset(
    "ersatte ersatter ersatts ersattes ersattare eftertradde eftertrader eftertradare tog tar "
    "over stallet istallet tjanstgjorde tjanstgor"
)
_WHEN_FRAME = _FRAME | frozenset(
    ["datum", "dag", "holls", "agde", "ager", "rum", "genomfordes", "sammantradde", "traffades"]
)

_VECTORS: dict[tuple[str, str], np.ndarray] = {}  # (model, text) → passage vector
_UNITS: dict[tuple[str, str], list[tuple[int, int]]] = {}  # (protocol, version) → sentences

Topic = list[tuple[tuple[str, ...], tuple[str, ...], float]]  # (whole terms, parts, weight)


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


def _found(terms: Iterable[str], have: set[str]) -> bool:
    """Any of the terms among `have`, also when the stemmer cut one inflection and not another
    ("presidiekonferensen" → presidiekonferens, "presidiekonferens" → presidiekonfer): one is a
    prefix of the other, at least four letters long and at most three shorter."""
    for t in terms:
        if t in have:
            return True
        if len(t) < 4:
            continue
        for h in have:
            short, long = (t, h) if len(t) <= len(h) else (h, t)
            if len(short) >= 4 and long.startswith(short) and long[len(short) :] in _ENDINGS:
                return True
    return False


# What a Swedish stem may still carry after the stemmer left it (definite and plural forms).
_ENDINGS = _wordset(
    "a e n s t an en et na ar er or as es ns ts ens ets nas ars ers ans arna erna orna ernas "
    "ade ad at"
)


def _listing(names: list[str]) -> str:
    names = list(dict.fromkeys(names))
    return " och ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _acronym(name: str) -> str:
    """ "Läns-gemensam ledning" → "lgl": the initials of its words and hyphenated parts."""
    parts = [w for w in re.split(r"[\s\-–/]+", fold(name)) if w]
    return "".join(w[0] for w in parts if w not in {"i", "och", "for", "av", "pa", "med"})


class Asker:
    def __init__(self, app: Protokollsok) -> None:
        self.app = app
        self.index = app.index
        self.analyzer = app.index.analyzer
        self.last_support: tuple[float, float] | None = None  # for threshold tuning
        self._protocols: list[Protocol] | None = None
        self._corrections: dict[str, str] = {}

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
        # The text whose words are weighed: the question without the date that became a filter,
        # with spelling corrected and an organ's acronym ("LGL") spelled out.
        text = self._expand_acronyms(self._corrected(u))
        people_q = u.question_type in ("vem", "vilka_personer")
        asks_substitution = _SUBSTITUTION.search(q) or (
            u.question_type == "vem" and "efter" in words
        )
        if asks_substitution and (a := self._substitution(text, words, u)):
            return a
        if u.question_type == "när" and (a := self._meeting_date(q, text, u)):
            return a
        if people_q:
            if (a := self._role(q, text, u, hits)) or (a := self._appointment(q, words)):
                return a
            if _PRESENTING.search(q) and (a := self._presenter(text, u)):
                return a
        if u.question_type == "hur_många" and not _DURATION_Q.match(q):
            if _VOTE.search(q) and (a := self._votes(text, u)):
                return a
            if a := self._number(q, text, u):
                return a
        if _PRESENCE.search(q) and (a := self._presence(q, text, words, u, hits)):
            return a
        if _VOTE.search(q) and (a := self._votes(text, u)):
            return a
        decides = u.question_type == "beslut" or bool(_DECISION.search(q))
        if decides and u.question_type != "när" and (a := self._decision(text, u)):
            return a
        if self._names_unknown(question):
            return None
        return self._passage(question, text, u, hits)

    # -- question text and its weights -------------------------------------------------------
    def _corrected(self, u: Understood) -> str:
        """The question as searched (without the date that became a filter); misspellings are
        kept here and resolved word by word in `_topic`, since a correction to a word of the
        protocols can replace an ordinary word they happen not to use ("hände" → "hänger")."""
        self._corrections = dict(u.corrections)
        return u.search_text or u.query

    def _spelled(self, u: Understood) -> str:
        text = u.search_text or u.query
        for wrong, right in u.corrections.items():
            text = re.sub(rf"\b{re.escape(wrong)}\b", right, text)
        return text

    def _expand_acronyms(self, text: str) -> str:
        """ "LGL-mötet" → "Läns-gemensam ledning mötet": an upper-case word that spells the
        initials of a known organ is read as that organ."""
        bodies = self.index.catalog.bodies()

        def spell(m: re.Match[str]) -> str:
            token = fold(m.group(1))
            exact = [b for b in bodies if _acronym(b) == token]
            found = exact or [b for b in bodies if _acronym(b).startswith(token)][:1]
            return f"{found[0]} " if found else m.group(0)

        return re.sub(r"\b([A-ZÅÄÖ]{3,6})\b-?", spell, text)

    def _topic(self, text: str, frame: frozenset[str] | set[str]) -> Topic:
        """The question's content words: (the word's own terms, its compound parts' terms, its
        weight: the highest IDF of its terms, so a word the protocols never use weighs most)."""
        lex, an = self.index.lexical, self.analyzer
        out: Topic = []
        seen: set[tuple[str, ...]] = set()
        for w, _, _ in an.words(text):
            if fold(w.lower()) in frame:
                continue
            terms = an.word_terms(w)
            if not terms or terms in seen:
                continue
            seen.add(terms)
            parts: list[str] = []
            for part in an.decompounder.split(w.lower()):
                parts += [t for t in an.word_terms(part) if t not in parts]
            whole = tuple(t for t in terms if t not in parts) or terms[:1]
            if "-" in w:  # "IKB-teamets": each part is a word of its own
                for part in w.split("-"):
                    parts += [t for t in an.word_terms(part) if t not in parts]
            weight = max(lex.idf(t) for t in terms)
            right = self._corrections.get(w)
            if right and self._near(w, right) and not any(t in lex.vocabulary for t in terms):
                # A misspelt word ("torstenson") is found as the word it was corrected to. Its
                # weight stays that of an unknown word, since a correction can also turn an
                # ordinary word the protocols never use into one they do.
                parts += [t for t in an.word_terms(right) if t not in parts]
                whole = tuple(dict.fromkeys(whole + an.word_terms(right)))
            out.append((whole, tuple(parts), weight))
        return out

    @staticmethod
    def _near(a: str, b: str) -> bool:
        from rapidfuzz.distance import Levenshtein

        a, b = fold(a.lower()), fold(b.lower())
        return abs(len(a) - len(b)) <= 2 and Levenshtein.distance(a, b) <= 2

    @staticmethod
    def _cover(topic: Topic, have: set[str]) -> float:
        """Share of the topic's weight found in `have` (analysed terms). A compound found only
        through its parts counts for the share of its parts found, a little less than whole."""
        total = sum(w for _, _, w in topic)
        if not total:
            return 0.0
        found = 0.0
        for whole, parts, w in topic:
            if _found(whole, have):
                found += w
            elif len(parts) > 1:
                found += 0.9 * w * sum(_found((p,), have) for p in parts) / len(parts)
        return found / total

    def _cover_beyond(self, topic: Topic, have: set[str], p: Protocol) -> float:
        """Coverage of the question's words beyond those naming the meeting: a decision of
        "Läns-gemensam ledning" carries that organ's name whatever it is about, so the name
        alone must not make it the answer to "vad beslutade Läns-gemensam ledning om snöröjning"."""
        ident = self._identity(p)
        rest = [x for x in topic if not _found(x[0], ident)]
        full = self._cover(topic, have)
        if not rest:
            return full
        beyond = self._cover(rest, have)
        return full if beyond >= MIN_COVERAGE_BEYOND else min(full, beyond)

    @staticmethod
    def _years_fit(years: list[str], p: Protocol, text: str, f: Fact | None = None) -> bool:
        """Every year the question names is the meeting's year or stated where the answer
        stands: "vid sommarmötet 2020" is not answered from a 2021 protocol recalling 2020's
        decision unless the sentence itself says 2020."""
        if f is not None:
            text = f"{text} {p.text[f.start : f.end]}"
        own = str(p.date.year) if p.date else ""
        return all(y == own or y in text for y in years)

    def _terms(self, text: str) -> set[str]:
        return set(self.analyzer.terms(text))

    # -- protocols in scope ------------------------------------------------------------------
    def _all_protocols(self) -> list[Protocol]:
        if self._protocols is None:
            found = (self.index.protocol_summary(p.id) for p in self.index.catalog.protocols())
            self._protocols = [p for p in found if p is not None]
        return self._protocols

    @staticmethod
    def _in_scope(p: Protocol, u: Understood) -> bool:
        """Within the date and organ the question named (all protocols when it named none)."""
        if u.date_from or u.date_to or u.month:
            if p.date is None:
                return False
            if (u.date_from and p.date < u.date_from) or (u.date_to and p.date > u.date_to):
                return False
            if (u.month and p.date.month != u.month) or (u.day and p.date.day != u.day):
                return False
        return not u.body or fold(u.body) in fold(p.body or "")

    def _identity(self, p: Protocol) -> set[str]:
        """The words that name a meeting: its title, organ, kind and year."""
        year = str(p.date.year) if p.date else ""
        return self._terms(f"{p.title} {p.body or ''} {p.kind or ''} {year}")

    def _meetings(self, u: Understood, topic: Topic) -> tuple[list[Protocol], set[str]]:
        """The protocols the question is about: those in scope whose title, organ or kind carry
        the most of the question's words ("presidiekonferensen", "LGL"), newest first; and the
        terms that named the meeting (so they are not also taken as the topic)."""
        scope = [p for p in self._all_protocols() if self._in_scope(p, u)]
        scored = []
        for p in scope:
            ident = self._identity(p)
            named = {t for whole, _, _ in topic if _found(whole, ident) for t in whole}
            score = sum(w for whole, _, w in topic if _found(whole, ident))
            scored.append((score, p, named))
        best = max((s for s, _, _ in scored), default=0.0)
        if best <= 0:
            return scope, set()
        chosen = [(p, n) for s, p, n in scored if s >= best - 1e-9]
        named_terms = set().union(*(n for _, n in chosen))
        return [p for p, _ in chosen], named_terms

    def _facts(self, kinds: list[str], protocols: Iterable[Protocol] | None = None):
        allowed = {p.id for p in protocols} if protocols is not None else None
        out: list[tuple[Protocol, Fact]] = []
        for pid, fact in self.index.facts(kinds):
            if allowed is not None and pid not in allowed:
                continue
            p = self.index.protocol_summary(pid)
            if p is not None:
                out.append((p, fact))
        return out

    @staticmethod
    def _in_list(p: Protocol, offset: int) -> bool:
        return any(s.kind == "attendance" and s.start <= offset < s.end for s in p.sections)

    def _section_title(self, p: Protocol, offset: int) -> tuple[str | None, str]:
        best = None
        for s in p.sections:
            if s.start <= offset < s.end and (best is None or s.start >= best.start):
                best = s
        return (best.number, best.title) if best else (None, "")

    def _fact_citation(self, p: Protocol, f: Fact) -> Citation:
        number, title = self._section_title(p, f.start)
        if f.section_number and number != f.section_number:
            title = next((s.title for s in p.sections if s.number == f.section_number), title)
        return Citation(p, f.start, f.end, f.section_number, title, p.page_at(f.start))

    def _context(self, p: Protocol, f: Fact) -> set[str]:
        """The terms of a fact's sentence with its item's title."""
        _, title = self._section_title(p, f.start)
        return self._terms(f"{title} {p.text[f.start : f.end]}")

    # -- fact routes -------------------------------------------------------------------------
    def _substitution(self, text: str, words: list[str], u: Understood) -> Answer | None:
        facts = self._facts(["substitution"])
        found = [(p, f) for p, f in facts if f.value and name_in(f.value, words)]
        if not found and "av" in words:  # "vem ersattes av X": the newcomer is named instead
            found = [(p, f) for p, f in facts if name_in(f.subject, words)]
        if not found:
            # "vem tog över efter områdeschefen för äldre i Oskarshamn": the one replaced is
            # described, not named; the sentence must carry the description.
            topic = self._topic(text, _SUBSTITUTION_FRAME)
            scored = [
                (self._cover(topic, self._context(p, f)), p, f)
                for p, f in facts
                if self._in_scope(p, u)
            ]
            scored = [x for x in scored if x[0] >= MIN_FACT_COVERAGE]
            scored.sort(key=lambda x: -x[0])
            found = [(p, f) for _, p, f in scored[:1]]
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

    def _meeting_date(self, q: str, text: str, u: Understood) -> Answer | None:
        """ "vilket datum hölls presidiekonferensen?": the date of the meetings named, when the
        question asks for nothing but the meeting itself."""
        if not _MEETING_HELD.search(q) or _RELATIVE.search(q):
            return None
        topic = self._topic(text, _WHEN_FRAME)
        if not topic:
            return None
        meetings, named = self._meetings(u, topic)
        rest = [x for x in topic if not named.intersection(x[0])]
        if not named or rest or not meetings or len(meetings) > 3:
            return None
        cites, parts = [], []
        for p in meetings:
            if p.date is None:
                continue
            at = p.text.find(p.title)
            start, end = (at, at + len(p.title)) if at >= 0 else (0, min(len(p.text), 80))
            cites.append(Citation(p, start, end, None, p.title, p.page_at(start)))
            parts.append(f"{p.date.isoformat()} ({p.title})")
        if not parts:
            return None
        return Answer("Mötet hölls " + " och ".join(parts) + ".", "fact", cites)

    def _role(self, q: str, text: str, u: Understood, hits: list[dict[str, Any]]) -> Answer | None:
        role = next((r for r in _ROLES if r in q), None)
        if role is None:
            return None
        facts = [
            (p, f)
            for p, f in self._facts(["role"])
            if fold(f.value or "") == role and self._in_scope(p, u)
        ]
        if not facts:
            return None
        topic = self._topic(text, _ROLE_FRAME)
        if topic:
            # "ordförande i Läns-gemensam ledning": the organisation the role is held in, as the
            # fact states it, else the organ whose protocol lists the role.
            def org_score(pf: tuple[Protocol, Fact]) -> float:
                p, f = pf
                where = f.detail if f.detail else f"{p.body or ''} {p.title}"
                return self._cover(topic, self._terms(where))

            scored = [(org_score(pf), pf) for pf in facts]
            best = max(s for s, _ in scored)
            if best < MIN_FACT_COVERAGE:
                return None
            facts = [pf for s, pf in scored if s >= best - 1e-9]
            facts.sort(key=lambda pf: pf[0].date.isoformat() if pf[0].date else "", reverse=True)
        else:
            facts = self._prefer_hit_protocols(facts, hits)
        p, f = facts[0]
        org = f" i {f.detail}" if f.detail else (f" i {p.body}" if p.body else "")
        return Answer(
            f"{f.subject} är {f.value}{org} ({self._where(p, f)}).",
            "fact",
            [self._fact_citation(p, f)],
            (f.subject,),
        )

    def _appointment(self, q: str, words: list[str]) -> Answer | None:
        if not _APPOINTED.search(q):
            return None
        terms = set(self.analyzer.terms(q))
        best, best_overlap = None, 0
        for p, f in self._facts(["appointment"]):
            overlap = len(terms & set(self.analyzer.terms(f.value or "")))
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

    def _presenter(self, text: str, u: Understood) -> Answer | None:
        """Who presented: the sentence stating presenters that best carries the question's topic
        (with its item's title); narrowed to the presenter a descriptor in the question points
        at ("från Oskarshamns kommun")."""
        topic = self._topic(text, _PEOPLE_FRAME)
        if not topic:
            return None
        # The question's own verb ("inledde", "föredrog") found in the sentence tells the
        # sentence that says who opened an item from a list of presenters above it.
        verbs = [fold(m.group(1))[:5] for m in _PRESENTING.finditer(fold(text))]
        groups: dict[tuple[str, int, int], list[tuple[Protocol, Fact]]] = {}
        for p, f in self._facts(["presenter"]):
            if self._in_scope(p, u):
                groups.setdefault((p.id, f.start, f.end), []).append((p, f))
        scored = []
        for group in groups.values():
            p, f = group[0]
            cover = self._cover(topic, self._context(p, f) | self._identity(p))
            said = fold(p.text[f.start : f.end])
            bonus = 0.1 if any(v in said for v in verbs) else 0.0
            scored.append((cover, cover + bonus, group))
        if not scored:
            return None
        scored.sort(key=lambda x: -x[1])
        if scored[0][0] < MIN_FACT_COVERAGE:
            return None
        # Equally good sentences in different protocols are all answers (two presidium
        # conferences in October): each is given, newest first.
        top = scored[0][1]
        chosen: dict[str, list[tuple[Protocol, Fact]]] = {}
        for _, score, group in scored:
            if score >= top - 1e-9 and group[0][0].id not in chosen:
                chosen[group[0][0].id] = group
        parts, cites = [], []
        ordered = sorted(chosen.values(), key=lambda g: str(g[0][0].date or ""), reverse=True)
        for group in ordered[:3]:
            p, f = group[0]
            names = self._narrow(topic, p, f, [g.subject for _, g in group])
            parts.append(f"{_listing(names)} ({self._where_section(p, f.section_number, f.value)})")
            cites.append(self._fact_citation(p, f))
        return Answer("; ".join(parts) + ".", "fact", cites)

    def _narrow(self, topic: Topic, p: Protocol, f: Fact, names: list[str]) -> list[str]:
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
        verb = _PRESENTING_TEXT.search(sentence, spans[-1][0])
        stop = verb.start() if verb else len(sentence)
        own: dict[str, set[str]] = {}
        for i, (at, n) in enumerate(spans):
            end = spans[i + 1][0] if i + 1 < len(spans) else stop
            own[n] = self._terms(sentence[at + len(n) : end])
        _, title = self._section_title(p, f.start)
        shared = self._terms(title + " " + sentence[stop:])
        wanted = [(w, ps) for w, ps, _ in topic if not _found(w, shared)]
        hits = {
            n: sum(_found(whole, t) or _found(parts, t) for whole, parts in wanted)
            for n, t in own.items()
        }
        top = max(hits.values())
        if top == 0:
            return [n for _, n in spans]
        return [n for _, n in spans if hits[n] == top]

    def _presence(
        self, q: str, text: str, words: list[str], u: Understood, hits: list[dict[str, Any]]
    ) -> Answer | None:
        topic = self._topic(text, _PRESENCE_FRAME)
        meetings, named_terms = self._meetings(u, topic)
        if not named_terms and not (u.date_from or u.month or u.body):
            # No meeting named: the best passage's protocol, unless the question asks about
            # meetings in general ("på mötena").
            general = bool(re.search(r"\b(motena|alla moten|mötena)\b", q))
            if not general:
                meetings = [p for p in meetings if p.id == hits[0]["protocol"]["id"]] or meetings
        listed = self._facts(["attendance"], meetings)
        if not listed:
            return None
        named = [(p, f) for p, f in listed if name_in(f.subject, words)]
        if named:
            p, f = named[0]
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
        if not re.match(r"\s*(vilka|vem|hur manga|deltog|nagon)\b", q):
            return None
        absent = "franvarande" in q
        people = [
            (p, f) for p, f in listed if ((f.detail or "").lower() == "frånvarande") == absent
        ]
        # "från Torsås kommun", "vilka regionråd": the entries whose organisation or role holds
        # a word of the question that names no meeting.
        rest = [x for x in topic if not named_terms.intersection(x[0])]
        if rest:
            scored = [(self._cover(rest, self._terms(f"{f.value or ''} {f.detail or ''}")), p, f)
                      for p, f in people]  # fmt: skip
            top = max((s for s, _, _ in scored), default=0.0)
            if top > 0:
                people = [(p, f) for s, p, f in scored if s >= top - 1e-9]
            elif person_names(text) or not re.match(r"\s*(vilka|vem)\b", q):
                return None  # "deltog Per Gessle?", "deltog någon från Malmö?": not listed
        if not people:
            return None
        by_protocol: dict[str, list[tuple[Protocol, Fact]]] = {}
        for p, f in people:
            by_protocol.setdefault(p.id, []).append((p, f))
        groups = sorted(
            by_protocol.values(),
            key=lambda g: g[0][0].date.isoformat() if g[0][0].date else "",
            reverse=True,
        )[:3]
        counting = q.lstrip().startswith("hur manga")
        parts, cites = [], []
        for g in groups:
            p = g[0][0]
            names = list(dict.fromkeys(f.subject for _, f in g))
            first, last = g[0][1], g[-1][1]
            more = f" med flera ({len(names)} personer)" if len(names) > 12 else ""
            shown = ", ".join(names[:12]) + more
            lead = f"{len(names)} personer" if counting else shown
            parts.append(f"{lead} ({self._where(p, first)})")
            if len(g) <= 3:
                cites += [self._fact_citation(p, f) for _, f in g]
            else:
                span = Fact("attendance", "", None, first.start, last.end, first.section_number)
                cites.append(self._fact_citation(p, span))
        return Answer("; ".join(parts) + ".", "fact", cites)

    def _votes(self, text: str, u: Understood) -> Answer | None:
        """ "Hur röstade kommunstyrelsen om tilläggsanslaget?": the vote stated in the item
        that carries the question's topic."""
        topic = self._topic(text, _FRAME | {"rostade", "rostning", "omrostning", "roster"})
        votes = [
            (p, f)
            for p, f in self._facts(["number"])
            if "röst" in f.subject and self._in_scope(p, u)
        ]
        if not topic or not votes:
            return None
        groups: dict[tuple[str, int], list[tuple[Protocol, Fact]]] = {}
        for p, f in votes:
            groups.setdefault((p.id, f.start), []).append((p, f))
        scored = []
        for g in groups.values():
            p, f = g[0]
            scored.append((self._cover(topic, self._context(p, f) | self._identity(p)), g))
        scored.sort(key=lambda x: -x[0])
        best, g = scored[0]
        if best < MIN_FACT_COVERAGE:
            return None
        p, f = g[0]
        said = ", ".join(f"{x.value} {x.subject}" for _, x in g)
        return Answer(
            f"{said} ({self._where(p, f)}): ”{p.text[f.start : f.end].strip()}”",
            "fact",
            [self._fact_citation(p, f)],
            tuple(x.value or "" for _, x in g),
        )

    def _number(self, q: str, text: str, u: Understood) -> Answer | None:
        topic = self._topic(text, _NUMBER_FRAME)
        participants = bool(re.search(r"\b(deltog|deltar|deltagit|narvarade|var med)\b", q))
        if participants:
            topic = self._topic(text, _PRESENCE_FRAME | _NUMBER_FRAME)
            meetings, named = self._meetings(u, topic)
            rest = [x for x in topic if not named.intersection(x[0])]
            if not rest:
                return self._participants(meetings)
        scope = [p for p in self._all_protocols() if self._in_scope(p, u)]
        if not topic:
            return None
        scored = []
        # A year that became a date filter is the scope's business ("sedan 2022" is no year
        # the answer must state); a year left in the text is part of what is asked.
        years = _YEAR.findall(u.search_text)
        for p, f in self._facts(["number"], scope):
            if not self._years_fit(years, p, self._section_title(p, f.start)[1], f):
                continue
            sentence = self._terms(p.text[f.start : f.end])
            have = self._context(p, f) | self._identity(p)
            # The sentence itself carrying the words weighs more than its item's title.
            cover = self._cover(topic, have)
            score = cover + 0.25 * self._cover(topic, sentence)
            scored.append((score, cover, p, f))
        if not scored:
            return None
        scored.sort(key=lambda x: -x[0])
        _, cover, p, f = scored[0]
        if cover < MIN_FACT_COVERAGE:
            return None
        quote = p.text[f.start : f.end].strip()
        return Answer(
            f"{f.value} {f.subject}: ”{quote}” ({self._where(p, f)}).",
            "fact",
            [self._fact_citation(p, f)],
            (f.value or "",),
        )

    _COUNTED = ("deltagare", "personer", "närvarande", "ledamöter")

    def _participants(self, meetings: list[Protocol]) -> Answer | None:
        """How many took part: the number the protocol states ("med ca 85 deltagare"), else
        the length of its attendance list; for each meeting named (newest first)."""
        parts, cites = [], []
        for p in meetings[:3]:
            stated = [f for _, f in self._facts(["number"], [p]) if f.subject in self._COUNTED]
            # The statement about the meeting itself comes first in the text (its preamble),
            # before counts of people inside one item.
            if stated:
                f = min(stated, key=lambda f: f.start)
                parts.append(f"{f.value} {f.subject} ({self._where(p, f)})")
                cites.append(self._fact_citation(p, f))
                continue
            listed = [
                f
                for _, f in self._facts(["attendance"], [p])
                if (f.detail or "").lower() != "frånvarande"
            ]
            if listed:
                names = set(f.subject for f in listed)
                first, last = listed[0], listed[-1]
                span = Fact("attendance", "", None, first.start, last.end, first.section_number)
                parts.append(f"{len(names)} personer i närvarolistan ({self._where(p, first)})")
                cites.append(self._fact_citation(p, span))
        if not parts:
            return None
        return Answer("; ".join(parts) + ".", "fact", cites)

    def _decision(self, text: str, u: Understood) -> Answer | None:
        """ "Vad beslutades om elevhälsan?", "Vad hände med detaljplanen för Hamnängen?": the
        decisions whose text, sub-heading and item title carry the question's topic."""
        topic = self._topic(text, _DECISION_FRAME)
        if not topic:
            return None
        bodies = self.index.resolve_bodies(u.body) if u.body else None
        res = self.index.decisions.search(
            self._spelled(u), u.date_from, u.date_to, bodies, None, None, 20
        )
        scored = []
        for hit in res.hits:
            d = hit.stored.decision
            p = self.index.protocol_summary(d.protocol_id)
            if p is None or not self._in_scope(p, u):
                continue
            have = self._terms(f"{d.section_title} {d.heading or ''} {d.text}")
            scored.append((self._cover_beyond(topic, have, p), hit.score or 0.0, p, d))
        if not scored:
            return None
        scored.sort(key=lambda x: (-x[0], -x[1]))
        best = scored[0][0]
        if best < MIN_FACT_COVERAGE:
            return None
        chosen = [x for x in scored if x[0] >= best - 0.05][:3]
        parts, cites = [], []
        for _, _, p, d in chosen:
            where = self._where_section(p, d.section_number, d.section_title)
            parts.append(f"{' '.join(d.text.split())} ({where})")
            cites.append(Citation(p, d.start, d.end, d.section_number, d.section_title, d.page))
        return Answer(" — ".join(parts), "fact", cites)

    # -- passages --------------------------------------------------------------------------
    def _units(self, p: Protocol) -> list[tuple[int, int]]:
        key = (p.id, p.version)
        if key not in _UNITS:
            if len(_UNITS) > 2000:
                _UNITS.clear()
            _UNITS[key] = sentence_spans(p.text)
        return _UNITS[key]

    def _vectors(self, texts: list[str]) -> np.ndarray:
        emb = self.index.embedder
        missing = [t for t in dict.fromkeys(texts) if (emb.name, t) not in _VECTORS]
        if missing:
            if len(_VECTORS) > 50_000:
                _VECTORS.clear()
            for t, v in zip(missing, emb.encode_sentences(missing), strict=True):
                _VECTORS[(emb.name, t)] = v
        return np.stack([_VECTORS[(emb.name, t)] for t in texts])

    def _passage(
        self, question: str, text: str, u: Understood, hits: list[dict[str, Any]]
    ) -> Answer | None:
        people_q = u.question_type in ("vem", "vilka_personer")
        candidates: list[tuple[Protocol, int, int, str, str | None, str]] = []
        seen: set[tuple[str, int]] = set()
        years = _YEAR.findall(u.search_text)  # as in `_number`
        for hit in hits[:5]:
            p = self.index.protocol_summary(hit["protocol"]["id"])
            if p is None:
                continue
            for a, b in self._units(p):
                if b <= hit["start"] or a >= hit["end"] or (p.id, a) in seen:
                    continue
                sentence = p.text[a:b]
                if len(sentence) < 25 or "\t" in sentence or self._in_list(p, a):
                    continue  # lists of names are answered by the attendance facts
                # An item title answers "vem" when it names the person ("Övrig fråga från
                # Sven-Erik Karlsson"); other headings only name a topic.
                named = people_q and person_names(_NUMBERING.sub("", sentence))
                if _HEADING.match(sentence) and not named:
                    continue
                seen.add((p.id, a))
                number, title = self._section_title(p, a)
                if not self._years_fit(years, p, f"{title} {sentence}"):
                    continue
                candidates.append((p, a, b, sentence, number, title))
        if not candidates:
            return None
        frame = {"beslut": _DECISION_FRAME, "hur_många": _NUMBER_FRAME}.get(u.question_type)
        topic = self._topic(text, frame or _FRAME)
        qvec = self.index.embedder.encode_queries([text])[0]
        docs = [f"{c[5]}: {c[3]}" if c[5] else c[3] for c in candidates]
        dense = self._vectors(docs) @ qvec
        # A sentence stands in its protocol: the meeting's organ, kind and year count as said,
        # but they cannot carry it alone (every sentence of the protocol has them).
        coverage = np.array(
            [self._cover_beyond(topic, self._terms(d) | self._identity(c[0]), c[0])
             for d, c in zip(docs, candidates, strict=True)]
        )  # fmt: skip
        # The sentence itself carrying the words counts on top of its title carrying them.
        alone = np.array([self._cover(topic, self._terms(c[3])) for c in candidates])
        score = 0.6 * dense + 0.3 * coverage + 0.1 * alone
        holds = np.array([self._holds_asked(u, question, c[3]) for c in candidates])
        score += TYPE_BONUS * holds
        if self._asked(u, question) is not None and u.question_type != "vilka_personer":
            # A sentence without a date cannot answer "när", nor one without a number "hur
            # många", nor one naming nobody "vem" ("vilka" may be answered by roles: "en grupp
            # bestående av stadsdirektör, personalchef …"). Over a large collection such a
            # sentence is usually on the topic but about something else: no answer at all.
            if not holds.any():
                return None
            score = np.where(holds > 0, score, -np.inf)
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
        close = dense[i] >= MIN_DENSE and coverage[i] >= MIN_COVERAGE
        paraphrase = dense[i] >= MIN_DENSE_PARAPHRASE and coverage[i] >= MIN_COVERAGE_PARAPHRASE
        if not (close or paraphrase):
            return None
        p, start, end, sentence, number, title = candidates[i]
        cite = Citation(p, start, end, number, title, p.page_at(start))
        answer = sentence.strip()
        if u.question_type == "när" and not _DATE_IN_TEXT.search(sentence) and p.date:
            answer = f"Enligt protokollet {p.date.isoformat()}: {answer}"
        return Answer(answer, "passage", [cite], (sentence,))

    @staticmethod
    def _asked(u: Understood, question: str) -> str | None:
        """What the question asks for, when it is a thing a sentence either holds or does not:
        "duration", "date", "number" or "person"."""
        q = fold(question)
        if _DURATION_Q.match(q):
            return "duration"
        if _ASKS_DAY.search(q):
            return "day"
        if u.question_type == "när" or _ASKS_DATE.search(q):
            return "date"
        if u.question_type == "hur_många" or _ASKS_NUMBER.search(q):
            return "number"
        if u.question_type in ("vem", "vilka_personer"):
            return "person"
        return None

    @classmethod
    def _holds_asked(cls, u: Understood, question: str, sentence: str) -> float:
        """1 when the sentence holds the kind of thing the question asks for."""
        asked = cls._asked(u, question)
        if asked == "duration":
            return float(bool(_DURATION_IN_TEXT.search(sentence)))
        if asked == "day":
            return float(bool(_DAY_IN_TEXT.search(sentence)))
        if asked == "date":
            return float(bool(_DATE_IN_TEXT.search(sentence)))
        if asked == "number":
            return float(bool(_NUMBER_IN_TEXT.search(sentence)))
        if asked == "person":
            return float(bool(person_names(sentence)))
        return 0.0

    def _names_unknown(self, question: str) -> bool:
        """A capitalised name in the question that no protocol mentions, even with a typo."""
        lex = self.index.lexical
        for m in re.finditer(
            r"(?<=\s)[A-ZÅÄÖÉ][a-zåäöéü]{2,}(?:\s+[A-ZÅÄÖÉ][a-zåäöéü]{2,})*", question
        ):
            for word in m.group(0).split():
                terms = self.analyzer.word_terms(word)
                if terms and not any(t in lex.vocabulary or lex.close_terms(t) for t in terms):
                    return True
        return False

    # -- shaping ---------------------------------------------------------------------------
    @staticmethod
    def _where_section(p: Protocol, number: str | None, title: str | None = None) -> str:
        parts = [p.date.isoformat() if p.date else p.title]
        if number:
            sign = "§" if f"§ {number}" in p.text or f"§{number}" in p.text else "punkt"
            parts.append(f"{sign} {number}")
        elif title:
            parts.append(f"”{title}”")
        return ", ".join(parts)

    @classmethod
    def _where(cls, p: Protocol, f: Fact) -> str:
        return cls._where_section(p, f.section_number)

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


# Where a presenting verb stands in a sentence: what follows it is the topic, not a descriptor.
_PRESENTING_TEXT = re.compile(
    r"(?<![\w-])(?:inleder|inledde|berättar|berättade|presenterar|presenterade|beskriver|beskrev"
    r"|redogör|redogjorde|redovisar|redovisade|informerar|informerade|föredrar|föredrog|ger|gav"
    r"|hälsade|hälsar|går igenom|gick igenom)(?![\w-])"
)
