"""One question as the answer routes see it, and the protocols and facts it can be answered from.

A `Question` is made once per ask: the question as asked and folded, its words, what was
understood from it, the passages search found, and the text whose words are weighed (the searched
text with an organ's acronym spelled out). It reads the index only through its read API.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass, field
from functools import cached_property

from protokoll.index.index import Index
from protokoll.index.records import Hit
from protokoll.index.search.lexical import LexicalIndex
from protokoll.ingest.extract import person_names
from protokoll.ingest.records import Fact, Protocol
from protokoll.ingest.text import fold
from protokoll.service.ask.caches import AskCaches
from protokoll.service.ask.citations import section_title
from protokoll.service.ask.support import Topic, Weigher, found, words
from protokoll.service.ask.vocabulary import LEXICON, party_of
from protokoll.service.understanding import Understood

# A stem the archive uses counts for a longer unknown one that it begins when it is at least this
# long and this share of it (`_known`).
MIN_PREFIX = 6
PREFIX_SHARE = 0.6

ProtocolFact = tuple[Protocol, Fact]


def date_key(p: Protocol) -> str:
    """Sorts protocols by date (reversed: newest first), undated last."""
    return p.date.isoformat() if p.date else ""


def acronym(name: str) -> str:
    """ "Läns-gemensam ledning" → "lgl": the initials of its words and hyphenated parts."""
    parts = [w for w in re.split(r"[\s\-–/]+", fold(name)) if w]
    return "".join(w[0] for w in parts if w not in LEXICON.acronym_skip)


def expand_acronyms(text: str, bodies: list[str]) -> str:
    """ "LGL-mötet" → "Läns-gemensam ledning mötet": an upper-case word that spells the
    initials of a known organ is read as that organ."""

    def spell(m: re.Match[str]) -> str:
        token = fold(m.group(1))
        exact = [b for b in bodies if acronym(b) == token]
        named = exact or [b for b in bodies if acronym(b).startswith(token)][:1]
        return f"{named[0]} " if named else m.group(0)

    return re.sub(r"\b([A-ZÅÄÖ]{3,6})\b-?", spell, text)


@dataclass
class Question:
    asked: str
    understood: Understood
    hits: list[Hit]
    index: Index
    caches: AskCaches
    folded: str = field(init=False)
    words: list[str] = field(init=False)
    # The text whose words are weighed: the question without the date or the designation that
    # became a filter, with an organ's acronym ("LGL") spelled out. Misspellings are kept here
    # and resolved word by word in the topic, since a correction to a word of the protocols can
    # replace an ordinary word they happen not to use ("hände" → "hänger").
    text: str = field(init=False)

    def __post_init__(self) -> None:
        u = self.understood
        self.folded = fold(self.asked)
        self.words = words(self.asked)
        text = u.search_text or u.query
        if u.designation:  # "i betänkande 2018/19:SkU15" names where, not what
            text = re.sub(re.escape(u.designation), " ", text, flags=re.I)
        self.text = expand_acronyms(text, self.index.bodies())

    @cached_property
    def weigher(self) -> Weigher:
        u = self.understood
        return Weigher(self.index.analyzer, self.index.vocabulary, dict(u.corrections))

    def topic(self, frame: Set[str]) -> Topic:
        return self.weigher.topic(self.text, frame)

    def terms(self, text: str) -> set[str]:
        return self.weigher.terms(text)

    @cached_property
    def people_named(self) -> set[str]:
        """The people the question names, folded ("vad sa Aino Bunge om …")."""
        return {fold(n) for n in person_names(self.asked)}

    @cached_property
    def people_terms(self) -> set[str]:
        """The terms of the names of the people the question names."""
        return self.terms(" ".join(self.people_named))

    @property
    def narrows_to_meetings(self) -> bool:
        """It names a day, a month, a document or a closed period: a few meetings at most."""
        u = self.understood
        return bool(u.protocols or u.day or u.month or (u.date_from and u.date_to))

    # -- protocols in scope --------------------------------------------------------------------
    @cached_property
    def all_protocols(self) -> list[Protocol]:
        """Every protocol as a listing (no text, sections or attendance: `meetings` returns
        the chosen ones in full)."""
        return self.index.protocols()

    def in_scope(self, p: Protocol) -> bool:
        """Among the documents the question names ("betänkande 2018/19:SkU15"), within the date
        and organ it named (all protocols when it named none)."""
        u = self.understood
        if u.protocols and p.id not in u.protocols:
            return False
        if u.date_from or u.date_to or u.month:
            if p.date is None:
                return False
            if (u.date_from and p.date < u.date_from) or (u.date_to and p.date > u.date_to):
                return False
            if (u.month and p.date.month != u.month) or (u.day and p.date.day != u.day):
                return False
        return not u.body or fold(u.body) in fold(p.body or "")

    def meetings(self, topic: Topic) -> tuple[list[Protocol], set[str]]:
        """The protocols the question is about, as listings (`in_full` reads the ones a route
        cites): those in scope whose title, organ or kind carry the most of the question's words
        ("presidiekonferensen", "LGL"), newest first; and the terms that named the meeting (so
        they are not also taken as the topic)."""
        scope = [p for p in self.all_protocols if self.in_scope(p)]
        scored = []
        for p in scope:
            ident = self.weigher.identity(p) | self.weigher.organ_parts(p)
            named = {t for whole, _, _ in topic if found(whole, ident) for t in whole}
            score = sum(w for whole, _, w in topic if found(whole, ident))
            scored.append((score, p, named))
        best = max((s for s, _, _ in scored), default=0.0)
        if best <= 0:
            # Every meeting in scope; read in full, all of them at once took 140 MB at 100k
            # chunks, for routes that cite three at most or only need their ids.
            return scope, set()
        chosen = [(p, n) for s, p, n in scored if s >= best - 1e-9]
        named_terms = set().union(*(n for _, n in chosen))
        return [p for p, _ in chosen], named_terms

    def in_full(self, listed: Iterable[Protocol]) -> list[Protocol]:
        """The protocols with their text, sections and attendance (those still indexed)."""
        full = (self.index.protocol_summary(p.id) for p in listed)
        return [p for p in full if p is not None]

    def facts(
        self,
        kinds: list[str],
        protocols: Iterable[Protocol] | None = None,
        keep: Callable[[Fact], bool] | None = None,
        listed: bool = False,
    ) -> list[ProtocolFact]:
        """The facts of these kinds, with their protocols (of all protocols when None). `keep`
        judges the fact alone, before its protocol is read in full: a route over every
        protocol's numbers read all 1,482 protocols at 100k chunks (115 MB) to use a few. With
        `listed`, the protocols come as listings, for a route that weighs the facts by their
        protocol's date, organ or title and reads only the one it cites (`in_full`)."""
        ids = {p.id for p in protocols} if protocols is not None else None
        out: list[ProtocolFact] = []
        for pid, fact in self.index.facts(kinds, ids):
            if keep is not None and not keep(fact):
                continue
            p = self._listing.get(pid) if listed else self.index.protocol_summary(pid)
            if p is not None:
                out.append((p, fact))
        return out

    @cached_property
    def _listing(self) -> dict[str, Protocol]:
        return {p.id: p for p in self.all_protocols}

    def names_unknown(self) -> bool:
        """A capitalised name in the question that no protocol mentions, even with a typo."""
        lex, an = self.index.vocabulary, self.index.analyzer
        for m in re.finditer(
            r"(?<=\s)[A-ZÅÄÖÉ][a-zåäöéü]{2,}(?:\s+[A-ZÅÄÖÉ][a-zåäöéü]{2,})*", self.asked
        ):
            for word in m.group(0).split():
                if party_of(word):
                    continue  # minutes write a party by its letters: "(S)", not its name
                terms = an.word_terms(word)
                if terms and not any(_known(lex, t) for t in terms):
                    return True
        return False

    def context(self, p: Protocol, f: Fact) -> set[str]:
        """The terms of a fact's sentence with its item's title."""
        _, title = section_title(p, f.start)
        return self.terms(f"{title} {p.text[f.start : f.end]}")


def _known(lex: LexicalIndex, term: str) -> bool:
    """The archive uses the term, one or two edits from it, or a stem that begins it and is most
    of it: a typo in a long name's ending ("Socialstyrelsns") keeps Snowball from taking the
    ending off, which leaves its stem ("socialstyrelsn") farther from "socialstyr" than any edit
    distance allows."""
    if term in lex.vocabulary or lex.close_terms(term):
        return True
    shortest = max(MIN_PREFIX, math.ceil(PREFIX_SHARE * len(term)))
    return any(term[:k] in lex.vocabulary for k in range(len(term) - 1, shortest - 1, -1))
