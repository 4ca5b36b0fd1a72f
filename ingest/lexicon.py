"""The Swedish vocabulary as data: one table per concept, read from `data/lexicon_<lang>.toml`.

Every module that needs a month name, a spelled number, a role, an attendance heading, a verb
group or a question's intent reads it here, so each word is written once. Forms typed without
å/ä/ö are derived with `fold()` where a table meets folded text, never written twice.

`classify_intent()` is the one reading of what a question asks for (a person, a date, a count,
a decision …), shared by query understanding, ask and decision search.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, TypeVar

from protokoll.ingest.text import fold

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


class Intent(StrEnum):
    """What a question asks for. The values are the public `question_type` strings."""

    WHO = "vem"
    PEOPLE = "vilka_personer"
    WHEN = "när"
    HOW_MANY = "hur_många"
    DECISION = "beslut"
    WHERE = "var"
    WHAT = "vad"
    SEARCH = "sök"

    @property
    def asks_for_people(self) -> bool:
        return self in (Intent.WHO, Intent.PEOPLE)


# How `describe()` lines and the docs name each intent.
INTENT_LABELS: dict[Intent, str] = {
    Intent.WHO: "vem (person)",
    Intent.PEOPLE: "vilka personer",
    Intent.WHEN: "när (datum)",
    Intent.HOW_MANY: "hur många / hur mycket",
    Intent.DECISION: "vad beslutades",
    Intent.WHERE: "var (plats)",
    Intent.WHAT: "vad",
    Intent.SEARCH: "sökord",
}


def alternation(words: Iterable[str], folded: bool = False) -> str:
    """A regex alternation of `words`, longest first (so "vice ordförande" wins over
    "ordförande"); a space in a phrase matches any run of spaces or tabs."""
    forms = {fold(w) if folded else w for w in words}
    return "|".join(
        re.escape(w).replace(r"\ ", r"[ \t]+") for w in sorted(forms, key=lambda w: (-len(w), w))
    )


@dataclass(frozen=True)
class NameWords:
    """[names]: which capitalised words are part of a person's name, and what stands beside it."""

    particles: tuple[str, ...]
    lead: frozenset[str]
    title_endings: tuple[str, ...]
    titles: frozenset[str]
    title_qualifiers: frozenset[str]
    genitive_nouns: frozenset[str]


@dataclass(frozen=True)
class OrganisationWords:
    """[organisations]: words and word endings that name an organisation."""

    words: frozenset[str]
    endings: tuple[str, ...]
    # A kind a question asks for by its noun ("vilken myndighet"), and the endings of the names
    # of that kind ("Skatteverket", "Finansinspektionen").
    kinds: Mapping[str, list[str]]


@dataclass(frozen=True)
class PresentingWords:
    """[presenting]: how protocols say who presents an item, beside the verbs in [verbs]."""

    labels: tuple[str, ...]
    requires: Mapping[str, str]  # verb → "opened" | "talk" | "welcome"
    opened: tuple[str, ...]
    opened_by: tuple[str, ...]
    talks: tuple[str, ...]
    topic_openers: tuple[str, ...]
    not_inverted: frozenset[str]


@dataclass(frozen=True)
class SubstitutionWords:
    """[substitution]: how protocols say that someone replaces someone."""

    active: tuple[str, ...]
    passive: Mapping[str, str]  # phrase → how it reads with the newcomer first
    reading: Mapping[str, str]  # active phrase → verb, where it reads otherwise
    leaving: tuple[str, ...]  # a seat left: "entledigas", "har avsagt sig"
    electing: tuple[str, ...]  # and filled: "väljs", "utses"
    new_seat: tuple[str, ...]  # "ny ledamot"
    stand_in: tuple[str, ...]  # for one meeting: "tjänstgör för"
    in_their_place: tuple[str, ...]  # "tjänstgör i hennes ställe": for the one named before
    successor_asked: tuple[str, ...]  # a seat filled for good: "valdes", "efterträdde"
    seat_taken_asked: str  # a regular expression: "tog Roger Eks plats"


@dataclass(frozen=True)
class AppointmentWords:
    """[appointment]: the verbs of appointing someone."""

    passive: tuple[str, ...]
    active: tuple[str, ...]


@dataclass(frozen=True)
class CountWords:
    """[counts]: what a stated number counts, qualifies it and scales it."""

    counted: tuple[str, ...]
    currencies: frozenset[str]
    approximations: tuple[str, ...]
    scales: tuple[str, ...]
    qualifiers: tuple[str, ...]


@dataclass(frozen=True)
class MeetingWords:
    """[meetings]: the kinds of meeting and the titles that name no meeting."""

    kinds: tuple[str, ...]  # in the order they are looked for
    bare_titles: frozenset[str]
    own: frozenset[str]  # meetings that are a subject of their own minutes ("Årsmötet beslutade")
    other_documents: frozenset[str]  # kinds that are no minutes ("föredragningslista")


@dataclass(frozen=True)
class DecisionWords:
    """[decisions]: the labels and subjects decision extraction reads."""

    other_labels: tuple[str, ...]
    bodies: tuple[str, ...]
    committee_proposals: frozenset[str]
    committee_ends: frozenset[str]
    assembly_decides: tuple[str, ...]
    reservations_end: tuple[str, ...]
    motion_voice: tuple[str, ...]
    government_opens: tuple[str, ...]
    first_person_plural: tuple[str, ...]
    proposes_to: tuple[str, ...]
    proposed: tuple[str, ...]


@dataclass(frozen=True)
class ReferenceWords:
    """[references]: how a question names a document (service/references.py)."""

    designation: str  # a regular expression; groups: riksmöte, committee code with number
    designation_kind: str
    meeting_words: tuple[str, ...]
    meeting_compound_parts: tuple[str, ...]
    organ_endings: tuple[str, ...]
    decided_verbs: tuple[str, ...]
    report_endings: tuple[str, ...]
    own_year_reports: tuple[str, ...]
    short_designation: str  # a regular expression: "FiU18"
    session: str  # a regular expression; group: the riksmöte "2020/21"
    session_words: tuple[str, ...]
    session_kind: str


@dataclass(frozen=True)
class Lexicon:
    language: str
    months: Mapping[str, int]
    number_words: Mapping[str, int]
    roles: Mapping[str, str]
    attendance_lists: frozenset[str]
    absent_lists: frozenset[str]  # [attendance] absent: the lists of those who did not attend
    signature_headings: frozenset[str]
    signature_lists: frozenset[str]
    behalf: re.Pattern[str]  # [attendance] behalf, over a line read folded
    head_fields: frozenset[str]  # [attendance] fields, lower case
    reservation_headings: frozenset[str]  # folded
    statement_headings: frozenset[str]  # folded
    parties: Mapping[str, str]  # a party as a question names it (folded) → its letters
    verbs: Mapping[str, tuple[str, ...]]
    intents: tuple[tuple[Intent, re.Pattern[str]], ...]
    frame: frozenset[str]  # folded
    names: NameWords
    organisations: OrganisationWords
    abbreviations: frozenset[str]
    presenting: PresentingWords
    substitution: SubstitutionWords
    appointment: AppointmentWords
    counts: CountWords
    meetings: MeetingWords
    decisions: DecisionWords
    outcomes: Mapping[str, str]  # outcome → regular expression (case ignored), in listing order
    asks: Mapping[str, tuple[str, ...]]  # [question.asks]
    meeting_words: Mapping[str, tuple[str, ...]]  # [question.meetings]
    roles_asked: tuple[str, ...]
    signed_instruments: tuple[str, ...]  # folded: what else than the document is signed
    equivalents: Mapping[str, tuple[str, ...]]  # [question.equivalents]: asked → written
    roles_phrased: Mapping[str, str]  # another name of a role, or what its holder does → the role
    heads: Mapping[str, tuple[frozenset[str], tuple[str, ...]]]  # kind → (words, endings), folded
    frames: Mapping[str, frozenset[str]]  # folded, each with the common `frame`
    count_words: tuple[str, ...]  # the number words a count is stated with
    number_phrases: tuple[str, ...]  # shares and changes in words ("en tredjedel", "halverades")
    none_words: tuple[str, ...]  # the words a count of none is stated with ("inga")
    none_after_not: tuple[str, ...]  # "någon" after "inte": none
    duration_words: tuple[str, ...]  # the number words a duration is stated with
    duration_units: tuple[str, ...]
    measure_units: tuple[str, ...]
    length_units: tuple[str, ...]
    change_by: tuple[str, ...]  # "ökar med 220 kronor": the word before a change's amount
    requested: tuple[str, ...]  # "sökt belopp om 661 000 kr": an amount applied for
    granted: tuple[str, ...]  # "beviljas … 546 800 kr": an amount granted
    company_marks: tuple[str, ...]  # "AB", "& Söner": a company's name
    document_labels: tuple[str, ...]  # "Beslutsunderlag": a list of documents follows
    participant_nouns: frozenset[str]
    money_units: tuple[str, ...]
    adopted: tuple[str, ...]
    stance: tuple[str, ...]  # what a body does with a proposal ("tillstyrker", "avslår")
    future: tuple[str, ...]
    proposed: tuple[str, ...]
    moved: tuple[str, ...]  # "Per Ek (M) yrkar …": what a member does when moving something
    refers_back_first: tuple[str, ...]
    refers_back: tuple[str, ...]
    refers_back_to_author: tuple[str, ...]
    replies: tuple[str, ...]
    asks_in_text: tuple[str, ...]
    adjusted_labels: tuple[str, ...]
    times_of_year: tuple[str, ...]  # "mot slutet av året": a time "när" may be answered by
    place_prepositions: tuple[str, ...]
    place_kinds: tuple[str, ...]  # "Åsbacka skola": a place of its own
    dated_documents: tuple[str, ...]  # "inspektionsmeddelande 2025-02-03": when it was written
    place_nouns: tuple[str, ...]
    funding_sources: tuple[str, ...]  # prefixes of what states where money comes from
    funding_words: tuple[str, ...]  # the same, as whole words
    cost_words: tuple[str, ...]  # what states a cost, inside a word too ("merkostnader")
    leaving: tuple[str, ...]  # "avvecklas", "sägs upp": a place being left
    old_marks: tuple[str, ...]  # "nuvarande", "befintliga": the one being replaced
    fates: tuple[str, ...]  # "besvarad", "avslå": what a decision does with a motion
    periods: Mapping[str, tuple[str, ...]]  # "year": "per år", "årliga" …: a sum per period
    vote_words: tuple[str, ...]  # what states a vote, inside a word too ("ja-röster")
    intention_words: tuple[str, ...]  # what states an actor's intention ("avser", "överväga")
    countries: tuple[str, ...]  # what answers "vilket land"
    stem_endings: frozenset[str]
    acronym_skip: frozenset[str]  # folded
    toc_headings: frozenset[str]  # [structure]
    continuing_words: frozenset[str]
    meeting_date_cues: tuple[str, ...]  # [dating]
    later_date_cues: tuple[str, ...]
    references: ReferenceWords

    @property
    def month_names(self) -> tuple[str, ...]:
        """The twelve full month names, in calendar order."""
        full: dict[int, str] = {}
        for name, number in self.months.items():
            if len(name) > len(full.get(number, "")):
                full[number] = name
        return tuple(full[m] for m in sorted(full))

    @property
    def attendance_headings(self) -> frozenset[str]:
        """Every heading that opens a block of names: attendance lists and signatures."""
        return self.attendance_lists | self.signature_headings

    def verb_pattern(self, group: str, folded: bool = False) -> str:
        """The alternation of a verb group (see the data file's [verbs] table)."""
        return alternation(self.verbs[group], folded)

    def folded(self, words: Iterable[str]) -> frozenset[str]:
        return frozenset(fold(w) for w in words)


@cache
def lexicon(language: str = "sv") -> Lexicon:
    """The lexicon of a language, read once per process."""
    raw = (
        resources.files("protokoll.ingest")
        .joinpath("data", f"lexicon_{language}.toml")
        .read_text("utf-8")
    )
    data = tomllib.loads(raw)
    question = data["question"]
    attendance = data["attendance"]
    frame = frozenset(fold(w) for w in question["frame"])
    answers = data["answers"]
    # A role is asked for by its name, by another of its names ("protokollförare") or by what
    # its holder does ("vem förde protokollet"); the words of the latter two frame a role
    # question as the name does.
    asked_roles = set(question["roles"]["asked"])
    phrased = {
        **{k: v for k, v in data["roles"].items() if v in asked_roles and "." not in k},
        **question["roles"]["phrased"],
    }
    phrased_words = {fold(w) for phrase in phrased for w in phrase.split()}

    def numbers(values: list[int]) -> tuple[str, ...]:
        return tuple(w for w, n in data["number_words"].items() if n in values)

    return Lexicon(
        language=language,
        months=dict(data["months"]),
        number_words=dict(data["number_words"]),
        roles=dict(data["roles"]),
        attendance_lists=frozenset(attendance["lists"]),
        absent_lists=frozenset(attendance["absent"]),
        signature_headings=frozenset(attendance["signatures"] + attendance["name_blocks"]),
        signature_lists=frozenset(attendance["signatures"]),
        behalf=re.compile(attendance["behalf"]),
        head_fields=frozenset(attendance["fields"]),
        reservation_headings=frozenset(fold(w) for w in attendance["reservations"]),
        statement_headings=frozenset(fold(w) for w in attendance["statements"]),
        parties={fold(k): v for k, v in question["parties"].items()},
        verbs={k: tuple(v) for k, v in data["verbs"].items()},
        intents=tuple((Intent(name), re.compile(fold(rx))) for name, rx in question["intents"]),
        frame=frame,
        asks={k: tuple(v) for k, v in question["asks"].items()},
        meeting_words={k: tuple(v) for k, v in question["meetings"].items()},
        roles_asked=tuple(question["roles"]["asked"]),
        signed_instruments=tuple(fold(w) for w in question["roles"]["signed_instruments"]),
        equivalents={k: tuple(v) for k, v in question["equivalents"].items()},
        roles_phrased=phrased,
        heads={
            kind: (frozenset(fold(w) for w in v["words"]), tuple(fold(w) for w in v["endings"]))
            for kind, v in question["heads"].items()
        },
        frames={
            k: frame
            | {fold(w) for w in v}
            | (phrased_words | {fold(w) for w in question["parties"]} if k == "role" else set())
            for k, v in question["frames"].items()
        },
        count_words=numbers(answers["count_values"]),
        number_phrases=tuple(answers["number_phrases"]),
        none_words=tuple(answers["none_words"]),
        none_after_not=tuple(answers["none_after_not"]),
        duration_words=numbers(answers["duration_values"]),
        duration_units=tuple(answers["duration_units"]),
        measure_units=tuple(answers["measure_units"]),
        length_units=tuple(answers["length_units"]),
        change_by=tuple(answers["change_by"]),
        requested=tuple(answers["requested"]),
        granted=tuple(answers["granted"]),
        company_marks=tuple(answers["company_marks"]),
        document_labels=tuple(answers["document_labels"]),
        participant_nouns=frozenset(answers["participants"]),
        money_units=(*data["counts"]["currencies"], *answers["money_scales"]),
        adopted=tuple(answers["adopted"]),
        stance=tuple(answers["stance"]),
        future=tuple(answers["future"]),
        proposed=tuple(answers["proposed"]),
        moved=tuple(answers["moved"]),
        refers_back_first=tuple(answers["refers_back_first"]),
        refers_back=tuple(answers["refers_back"]),
        refers_back_to_author=tuple(answers["refers_back_to_author"]),
        replies=tuple(answers["replies"]),
        asks_in_text=tuple(answers["asks_in_text"]),
        adjusted_labels=tuple(answers["adjusted_labels"]),
        times_of_year=tuple(answers["times_of_year"]),
        place_prepositions=tuple(answers["place_prepositions"]),
        place_kinds=tuple(answers["place_kinds"]),
        dated_documents=tuple(answers["dated_documents"]),
        place_nouns=tuple(answers["place_nouns"]),
        funding_sources=tuple(answers["funding_sources"]),
        funding_words=tuple(answers["funding_words"]),
        cost_words=tuple(answers["cost_words"]),
        leaving=tuple(answers["leaving"]),
        old_marks=tuple(answers["old_marks"]),
        fates=tuple(answers["fates"]),
        periods={k: tuple(v) for k, v in answers["periods"].items()},
        vote_words=tuple(answers["vote_words"]),
        intention_words=tuple(answers["intention_words"]),
        countries=tuple(answers["countries"]),
        stem_endings=frozenset(data["morphology"]["stem_endings"]),
        acronym_skip=frozenset(fold(w) for w in data["organs"]["acronym_skip"]),
        toc_headings=frozenset(data["structure"]["toc_headings"]),
        continuing_words=frozenset(data["structure"]["continuing_words"]),
        meeting_date_cues=tuple(data["dating"]["meeting"]),
        later_date_cues=tuple(data["dating"]["later"]),
        references=ReferenceWords(
            designation=data["references"]["designation"],
            designation_kind=data["references"]["designation_kind"],
            meeting_words=tuple(data["references"]["meeting_words"]),
            meeting_compound_parts=tuple(data["references"]["meeting_compound_parts"]),
            organ_endings=tuple(data["references"]["organ_endings"]),
            decided_verbs=tuple(data["references"]["decided_verbs"]),
            report_endings=tuple(data["references"]["report_endings"]),
            own_year_reports=tuple(data["references"]["own_year_reports"]),
            short_designation=data["references"]["short_designation"],
            session=data["references"]["session"],
            session_words=tuple(data["references"]["session_words"]),
            session_kind=data["references"]["session_kind"],
        ),
        names=_section(NameWords, data["names"]),
        organisations=_section(OrganisationWords, data["organisations"]),
        abbreviations=frozenset(data["sentences"]["abbreviations"]),
        presenting=_section(PresentingWords, data["presenting"]),
        substitution=_section(SubstitutionWords, data["substitution"]),
        appointment=_section(AppointmentWords, data["appointment"]),
        counts=_section(CountWords, data["counts"]),
        meetings=_section(MeetingWords, data["meetings"]),
        decisions=_section(DecisionWords, data["decisions"]),
        outcomes={name: "|".join(rules) for name, rules in data["outcomes"].items()},
    )


_Section = TypeVar("_Section", bound="DataclassInstance")
_AS = {"tuple": tuple, "frozenset": frozenset, "Mapping": dict, "str": str}


def _section(record: type[_Section], table: Mapping[str, Any]) -> _Section:
    """A section of the data file as its record: each list becomes a tuple (where order counts)
    or a frozenset (where only membership does), as the record's field is typed; a table of
    words stays a mapping."""
    return record(
        **{f.name: _AS[str(f.type).partition("[")[0]](table[f.name]) for f in fields(record)}
    )


def classify_intent(question: str, language: str = "sv") -> Intent:
    """What the question asks for: the first intent rule that matches it, read folded and in
    lower case, so "nar holls motet" is read as "när hölls mötet"."""
    q = " ".join(fold(question.strip()).split(" "))
    for intent, pattern in lexicon(language).intents:
        if pattern.search(q):
            return intent
    return Intent.SEARCH
