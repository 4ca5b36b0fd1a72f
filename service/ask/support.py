"""How much of a question a text supports: the one measure every answer route uses.

A question's topic is its content words (frame words such as "vem", "beslutades", "deltog" left
out), each weighted by the highest IDF of its analysed terms, so a word the protocols never use
weighs most. A text supports the question by the share of that weight whose terms it carries.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence, Set
from functools import lru_cache
from typing import TYPE_CHECKING

from protokoll.index.search.equivalents import equivalents
from protokoll.ingest.records import Fact, Protocol
from protokoll.ingest.text import fold
from protokoll.service.ask.citations import in_list
from protokoll.service.ask.vocabulary import LEXICON, REFERENCES

if TYPE_CHECKING:
    from protokoll.index.analysis import Analyzer
    from protokoll.index.search.lexical import LexicalIndex

# (the word's own terms, its compound parts' terms, its weight)
Topic = list[tuple[tuple[str, ...], tuple[str, ...], float]]

# A fact or a decision answers only when its sentence (with its item's title) carries most of
# the question's topic; below this the question goes on to the passages (and may be declined).
MIN_FACT_COVERAGE = 0.5
# Of the question's words beyond those naming the meeting (organ, kind, year), at least this
# share must be carried too: "Läns-gemensam ledning beslutar …" carries half of "vad beslutade
# Läns-gemensam ledning om snöröjning" but 0.0 beyond it (corpus c089), while a right answer that
# leaves out frame-like words ("ville", "mer") keeps 0.21 (eval/datasets/ask s48).
MIN_COVERAGE_BEYOND = 0.15

_ENDINGS = LEXICON.stem_endings
# The head of a document (its title and the start of its summary) says which years it is about:
# "anslag för 2019 inom utgiftsområde 27" makes 2019 the report's own year.
HEAD = 600
# The forms of a meeting word that end a compound naming the meeting itself ("räntemötet",
# "styrelsemötet", "LGL-mötet"): they say which meeting, as "mötet" does, not what was said there.
_MEETING_ENDS = tuple(
    fold(w) for w in LEXICON.references.meeting_words if w.startswith(("möte", "sammanträd"))
)

YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# A riksmöte ("betänkandet 2018/19") and a designation name a document, not the year an answer
# is about: the document's own years are not asked of the sentence (`years_fit`).
_DOCUMENT_YEARS = re.compile(f"{REFERENCES.pattern}|{LEXICON.references.session}")


def question_years(text: str) -> list[str]:
    """The years a question names as the time of what it asks about."""
    return YEAR.findall(_DOCUMENT_YEARS.sub(" ", text))


def words(text: str) -> list[str]:
    """The words of a text, folded, hyphenated compounds kept whole."""
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
    parts = words(name)
    if not parts:
        return False
    # A name in the genitive ("Roger Eks plats") is the name.
    said = [*question_words, *(w[:-1] for w in question_words if w.endswith("s"))]
    if all(any(_close(p, w) for w in said) for p in parts):
        return True
    return len(parts[-1]) >= 6 and any(_close(parts[-1], w) for w in said)


def near(a: str, b: str) -> bool:
    """A typed word and its correction are near enough to be the same word misspelt."""
    from rapidfuzz.distance import Levenshtein

    a, b = fold(a.lower()), fold(b.lower())
    return abs(len(a) - len(b)) <= 2 and Levenshtein.distance(a, b) <= 2


def found(terms: Iterable[str], have: Collection[str]) -> bool:
    """Any of the terms among `have`, also when the stemmer cut one inflection and not another
    ("presidiekonferensen" → presidiekonferens, "presidiekonferens" → presidiekonfer): one is a
    prefix of the other, at least four letters long and at most three shorter."""
    return any(not _variants(t).isdisjoint(have) for t in terms)


# The terms looked up are a question's (the topic's), a few dozen at a time; ~3 kB each.
@lru_cache(maxsize=2048)
def _variants(t: str) -> frozenset[str]:
    """The terms that are `t` for `found`: itself and, from four letters, itself with a stem
    ending added, or without one when at least four letters remain. Looked up in a set, not
    compared with each term of a text: the number route weighs every number of an archive,
    14,000 sentences at 100k chunks, and the comparison was half its time."""
    if len(t) < 4:
        return frozenset((t,))
    return frozenset(
        (t, *(t + e for e in _ENDINGS),
         *(t[: -len(e)] for e in _ENDINGS if e and t.endswith(e) and len(t) - len(e) >= 4))
    )  # fmt: skip


def cover(topic: Topic, have: Collection[str]) -> float:
    """Share of the topic's weight found in `have` (analysed terms). A compound found only
    through its parts counts for the share of its parts found, a little less than whole."""
    total = sum(w for _, _, w in topic)
    if not total:
        return 0.0
    share = 0.0
    for whole, parts, w in topic:
        if found(whole, have):
            share += w
        elif len(parts) > 1:
            share += 0.9 * w * sum(found((p,), have) for p in parts) / len(parts)
    return share / total


def years_fit(years: list[str], p: Protocol, text: str, f: Fact | None = None) -> bool:
    """Every year the question names is the meeting's year (or the year its title is about) or
    stated where the answer stands: "vid sommarmötet 2020" is not answered from a 2021 protocol
    recalling 2020's decision unless the sentence itself says 2020."""
    if not years:
        return True  # most questions name no year: no document's years need reading
    if f is not None:
        text = f"{text} {p.text[f.start : f.end]}"
    own = _own_years(p)
    return all(y in own or y in text for y in years)


def _own_years(p: Protocol) -> frozenset[str]:
    """The years a document is from: its date's, and a year its title or the start of its text
    (`HEAD`) names as its subject ("Kommissionens arbetsprogram 2019", "anslag för 2019 inom
    utgiftsområde 27"), not one inside a riksmöte or designation."""
    own = frozenset({str(p.date.year)}) if p.date else frozenset()
    return own | _years_named(f"{p.title} {p.text[:HEAD]}")


@lru_cache(maxsize=4096)
def _years_named(head: str) -> frozenset[str]:
    # Read once per document head: every candidate sentence of a document asks for them.
    return frozenset(question_years(head))


# Every question that names a meeting weighs every protocol's organ (`Question.meetings`); an
# archive has few organs, so their parts are cut once, not once a protocol and a question.
@lru_cache(maxsize=1024)
def _organ_parts(an: Analyzer, body: str) -> frozenset[str]:
    out: set[str] = set()
    for w, _, _ in an.words(body):
        word = w.lower()
        spans, at = [], 0
        for part in an.decompounder.split(word):
            at = word.find(part, at)
            if at < 0:
                break
            spans.append((at, at + len(part)))
            at += len(part)
        # The parts as the word writes them, with the letters that link them: "räddnings-
        # tjänst", not "räddning" + "tjänst".
        for i, (a, _) in enumerate(spans):
            for _, b in spans[i:]:
                out.update(an.word_terms(word[a:b]))
    return frozenset(out)


class Weigher:
    """The topic of a question and the terms of texts, as the index analyses them."""

    def __init__(
        self, analyzer: Analyzer, vocabulary: LexicalIndex, corrections: dict[str, str]
    ) -> None:
        self.analyzer = analyzer
        self.vocabulary = vocabulary
        self.corrections = corrections

    def terms(self, text: str) -> set[str]:
        return self.analyzer.terms_with_heads(text)

    def identity(self, p: Protocol) -> set[str]:
        """The words that name a meeting: its title, organ, kind and year."""
        year = str(p.date.year) if p.date else ""
        return self.terms(f"{p.title} {p.body or ''} {p.kind or ''} {year}")

    def organ_parts(self, p: Protocol) -> frozenset[str]:
        """The terms of the parts of the organ's compound words, alone or joined in a row:
        "räddningstjänsten" names "Räddningstjänstförbundet Storådalen" as "förbundet" does."""
        return _organ_parts(self.analyzer, p.body or "")

    def topic(self, text: str, frame: Set[str]) -> Topic:
        """The content words of `text`: (the word's own terms, its compound parts' terms, its
        weight: the highest IDF of its terms)."""
        lex, an = self.vocabulary, self.analyzer
        out: Topic = []
        seen: set[tuple[str, ...]] = set()
        # "gäller från" is carried by "träder i kraft" too (`index.search.equivalents`).
        written = equivalents(an, text)
        for w, _, _ in an.words(text):
            if fold(w) in frame:
                continue
            terms = an.word_terms(w)
            if not terms or terms in seen or self._names_the_meeting(w, terms):
                continue
            seen.add(terms)
            parts: list[str] = []
            split = an.decompounder.split(w.lower()) or an.decompounder.linked(w.lower())
            for part in split:
                parts += [t for t in an.word_terms(part) if t not in parts]
            whole = tuple(t for t in terms if t not in parts) or terms[:1]
            if "-" in w:  # "IKB-teamets": each part is a word of its own
                for part in w.split("-"):
                    parts += [t for t in an.word_terms(part) if t not in parts]
            weight = max(lex.idf(t) for t in terms)
            if parts and "-" not in w and not any(t in lex.vocabulary for t in whole):
                # A compound the archive never writes ("straffreglerna") is the asker's own
                # word for what its parts say: it weighs as they do, not as the rarest word.
                weight = max(lex.idf(t) for t in parts)
            for e in written:
                if e.asked & set(terms):
                    whole = tuple(dict.fromkeys(whole + e.written))
            right = self.corrections.get(w)
            if right and near(w, right) and not any(t in lex.vocabulary for t in terms):
                # A misspelt word ("torstenson") is found as the word it was corrected to. Its
                # weight stays that of an unknown word, since a correction can also turn an
                # ordinary word the protocols never use into one they do.
                parts += [t for t in an.word_terms(right) if t not in parts]
                whole = tuple(dict.fromkeys(whole + an.word_terms(right)))
            out.append((whole, tuple(parts), weight))
        return out

    def _names_the_meeting(self, word: str, terms: tuple[str, ...]) -> bool:
        """A compound of a meeting word that the archive never writes ("räntemötet" for the
        "penningpolitiska mötet") says which meeting, as "mötet" does; one it writes
        ("budgetmötet", "toppmöte", "decembermötet") may be what the question is about."""
        folded = fold(word)
        return (
            len(folded) > 7
            and folded.endswith(_MEETING_ENDS)
            and not all(t in self.vocabulary.vocabulary for t in terms)
        )

    def cover_beyond(self, topic: Topic, have: Set[str], p: Protocol) -> float:
        """Coverage of the question's words beyond those naming the meeting: a decision of
        "Läns-gemensam ledning" carries that organ's name whatever it is about, so the name
        alone must not make it the answer to "vad beslutade Läns-gemensam ledning om
        snöröjning"."""
        ident = self.identity(p)
        rest = [x for x in topic if not found(x[0], ident)]
        full = cover(topic, have)
        if not rest:
            return full
        beyond = cover(rest, have)
        return full if beyond >= MIN_COVERAGE_BEYOND else min(full, beyond)

    def sentence_cover(
        self, topic: Topic, units: Sequence[tuple[Protocol, str, str]], credit: Sequence[Set[str]]
    ) -> tuple[list[float], list[float]]:
        """For each (protocol, sentence with its item's title, sentence): the question's topic
        covered beyond the meeting's own words, and covered by the sentence alone; the terms
        in `credit` count as said by that sentence."""
        # A sentence stands in its protocol: the meeting's organ, kind and year count as said,
        # but they cannot carry it alone (every sentence of the protocol has them).
        beyond = [self.cover_beyond(topic, self.terms(text) | self.identity(p) | n, p)
                  for (p, text, _), n in zip(units, credit, strict=True)]  # fmt: skip
        # The sentence itself carrying the words counts on top of its title carrying them.
        alone = [cover(topic, self.terms(s) | n)
                 for (_, _, s), n in zip(units, credit, strict=True)]  # fmt: skip
        return beyond, alone


def as_written_elsewhere(p: Protocol, name: str, offset: int) -> str:
    """A person's name in the order the protocol mostly writes it.

    Many municipal protocols list people surname first ("Rif Solveig, kanslist,
    protokollförare") but sign and speak of them first name first ("Solveig Rif"). A name read
    from a list of names is turned when the protocol writes it turned outside its lists, or
    more often than as listed.
    """

    def places(form: str) -> list[int]:
        return [m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", p.text)]

    parts = name.split()
    if len(parts) < 2 or not in_list(p, offset):
        return name
    turned = " ".join([*parts[1:], parts[0]])
    found = places(turned)
    if any(not in_list(p, at) for at in found) or len(found) > len(places(name)):
        return turned
    return name
