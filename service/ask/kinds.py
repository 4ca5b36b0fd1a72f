"""What kind of thing a question asks for, and which kinds a text holds.

The selector weighs a candidate by whether it holds what the question asks for: a date for
"när", a number for "hur många", a person for "vem", an amount for "vad kostar", a place for
"var hölls", an organisation for "vilket utskott". Both sides are read with the lexicon's words
(ingest/data/lexicon_sv.toml), so they hold for any protocol, not for a set of questions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from protokoll.ingest.extract import person_names
from protokoll.ingest.lexicon import Intent
from protokoll.ingest.text import fold
from protokoll.service.ask.vocabulary import (
    DATE_IN_TEXT,
    DAY_ASKED,
    DAY_IN_TEXT,
    DURATION_ASKED,
    DURATION_IN_TEXT,
    LEXICON,
    MONTHS,
    NUMBER_ASKED,
    NUMBER_IN_TEXT,
    REFERENCES,
    YEAR_ASKED,
    either,
    written,
)
from protokoll.service.understanding import Understood

# The kinds, in the order the features list them.
KINDS = ("duration", "day", "date", "number", "money", "person", "place", "organisation")

_MONEY_ASKED = re.compile(rf"\b({either(LEXICON.asks['money'])})")
_DISTANCE_ASKED = re.compile(rf"\b({either(LEXICON.asks['distance'])})\b")
_DISTANCE_IN_TEXT = re.compile(
    rf"\d+(?:[,.]\d+)?\s*(?:{either(LEXICON.length_units, folded=False)})(?![\w/])"
)  # not a speed ("30 km/h")
_FUNDING_ASKED = re.compile(rf"\b({either(LEXICON.asks['funding'])})\b")
_FUNDING_IN_TEXT = re.compile(
    rf"(?i)(?<![\w-])(?:{either(LEXICON.funding_sources, folded=False)})"
    rf"|{written(LEXICON.funding_words)}"
)
_PLACE_ASKED = re.compile(rf"\b({either(LEXICON.asks['place'])})\b")
_ORG_ASKED = re.compile(rf"\b({either(LEXICON.asks['organisation'])})\b")
_MONEY_IN_TEXT = re.compile(
    rf"(?i)\d[\d\s ,.]*\s*(?:{either(LEXICON.money_units, folded=False)})(?!\w)"
)
# What a charge is stated in: a sum of money, or a rate ("kyrkoavgiften är 1,03 procent").
_PERCENT = re.compile(r"\d+(?:,\d+)?\s*(?:procent|%)")
_CHARGE_IN_TEXT = re.compile(f"{_MONEY_IN_TEXT.pattern}|{_PERCENT.pattern}", re.I)
_PLACE_IN_TEXT = re.compile(
    rf"\b(?:{either(LEXICON.place_prepositions, folded=False)})\s+([A-ZÅÄÖ][\wåäöé-]{{2,}}"
    rf"(?:\s+(?:{either(LEXICON.place_kinds, folded=False)})\b)?)"
)
_PLACE_NOUN = re.compile(rf"(?i){written(LEXICON.place_nouns)}")
# Digits that name a time or a document, not a count: a report's designation (2019/20:KU24, rskr.
# 2017/18:373–374), a date (2023-01-30, 20.2.2023, 13.10, den 5 februari) or days of a
# month (11–19.6, 11–19 juni), a clock time (kl. 18.00), a year or years (2021–2023), an item
# (§ 12, punkt 9, and "21 §" as Finland-Swedish protocols number them), a part of a document or
# a motion ("yrkandena 1 och 4", "bilaga 2", "artikel 6.1"), a law's chapter or sections ("6 kap.
# 9 §", "2–4 §§") or its number in the statute book ("(2014:1434)"). A sentence whose only digits
# are these cannot answer "hur många".
_PARTS = (
    r"(?:\b(?:yrkande(?:na|t)?|reservation|bilaga|kap\.|kapitel|artikel|avsnitt|punkterna"
    r"|utgiftsomr[åa]de(?:t|na)?|sidan|sidorna)\s+|\b(?:s|sid)\.\s*)"
    r"\d+(?:[.,]\d+)*(?:\s*(?:,|och|–|-)\s*\d+)*"
)
# A property's designation ("fastigheten Ryssmyra 3:12", "Granhammar 1:7"): a name, not a
# count or a sum. Stricter than a question's designation (`_DESIGNATED_PLACE`): in a text,
# "Skolvägen 12" may be an address but "Totalt 43" is a count.
_PROPERTY = re.compile(r"\b[A-ZÅÄÖ][\wåäöé-]+\s+\d{1,4}:\d{1,4}\b")
_NOT_COUNTS = re.compile(
    rf"(?:{REFERENCES.pattern}|\b\d{{4}}/\d{{2}}:\s*\w+)(?:[-–]\d+\b)?"
    r"|\b(?:19|20)\d\d-\d\d-\d\d\b"
    r"|\b(?:\d{1,2}\s*[-–]\s*)?\d{1,2}\.\d{1,2}\.(?:\d{2,4})?"
    r"|\b(?:\d{1,2}\s*[-–]\s*)?\d{1,2}\.\d{1,2}\b|\bkl\.?\s*\d{1,2}(?:[.:]\d\d)?"
    rf"|\b(?:\d{{1,2}}\s*[-–]\s*)?\d{{1,2}}(?::e|:a)?\s+(?:{MONTHS})\b"
    # A year, a span of years, a school or fiscal year, or a case number ("2024–2025",
    # "läsåret 2024/25", "Dnr KS 2023/530"): no count.
    r"|\b(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d|/\d{1,5})?\b|(?:§|\bpunkt|\bparagraf)\s*\d+"
    r"|\b(?:\d+\s*(?:[-–,]|och)\s*)*\d+\s*§|\b\d+\s*kap\."
    r"|\b(?:19|20)\d\d:\d+\b"
    rf"|(?-i:{_PROPERTY.pattern})"
    # A list's own numbering at the start of a line: "18.Riksdagen antar …", "3) Nämnden …".
    r"|(?:^|\n)[ \t]*\d{1,3}(?:\.|\))(?=[ \t]*[A-ZÅÄÖ])"
    rf"|{_PARTS}",
    re.I,
)
# A part of a document is no day either: "avsnitt 12.8" is not the 12th of August.
_DOCUMENT_PART = re.compile(_PARTS, re.I)
_UNITS = (*LEXICON.measure_units, *LEXICON.counts.currencies, *LEXICON.duration_units)
# A unit in the definite plural counts what its indefinite form counts ("åren" → "år").
_INDEFINITE = {
    u: next((u[: -len(e)] for e in ("na", "en") if u.endswith(e) and u[: -len(e)] in _UNITS), u)
    for u in _UNITS
}
# A number with a unit of measure, money or time, or two ("från 25 till 30 kvadratmeter"): an
# amount, not a count of things.
_MEASURED = re.compile(
    rf"(?i)(?:\d[\d\s ,.]*|\b(?:{either(LEXICON.count_words, folded=False)})\s+)"
    # An adjective may stand between the number and its unit ("20 nautiska mil").
    r"(?:(?:till|och|eller|[-–])\s*\d[\d\s ,.]*)?\s*(?:[a-zåäö]+a\s+)?("
    + "|".join(re.escape(u) for u in _UNITS)
    + r")(?!\w)"
)  # fmt: skip
# "hur många (nya) komplementbostadshus": the thing a count question counts, in the folded
# question.
COUNTED = re.compile(rf"\bhur manga\s+(?:(?:{either(LEXICON.counts.qualifiers)})\s+)?(\w+)")

_ORG_ENDINGS = tuple(LEXICON.organisations.endings)
# An acronym names an organisation ("IVO", "SCB"), except right after a section sign, where it
# is the law cited ("4 kap. 10 § PSL", "9 § LSS"), or a slash or colon, where it ends a
# designation ("direktiv 2011/83/EG", "2018/19:KU").
_ACRONYM = re.compile(r"(?<!§)(?<!§ )(?<![/:])\b[A-ZÅÄÖ]{2,6}\b")
# A name inside a sentence: a capitalised word after a lower-case word or a comma (so not the
# capital that starts a sentence, nor the one after a colon: "Katarina Påhlsson, JO: Som …",
# "Beslut: Nämnden …"), with the capitalised words that follow it ("Norges Bank").
_PROPER = re.compile(r"(?<=[a-zåäöé,;]\s)[A-ZÅÄÖ][a-zåäöé]+(?:[\s-][A-ZÅÄÖ][a-zåäöé]+)*")
# "vilken ledamot", "vilket annat land": the noun (or the word after one adjective) that names
# what is asked for, read in the folded question.
_HEAD = re.compile(r"\bvilk(?:en|et|a)\s+([\w-]+)(?:\s+([\w-]+))?")
# Another question word before "vilken" asks the question instead (folded).
_ASKED_FIRST = re.compile(r"\b(?:vem|vems|vad|nar|hur|varfor)\b")


def _head_of(q: str) -> tuple[str, str] | None:
    """The noun after "vilken/vilket/vilka" and the kind it names ([question.heads]), or None.
    Only when "vilken" asks the question: in "vem bestämmer vilken myndighet som …" it is "vem"
    that asks, and "vilken myndighet" is part of what the question is about."""
    m = _HEAD.search(q)
    if m is None or _ASKED_FIRST.search(q[: m.start()]):
        return None
    for noun in filter(None, m.groups()):
        # A compound written with a hyphen takes its kind from its last part: "EU-organ" is an
        # "organ", as "EU-myndighet" is a "myndighet".
        last = noun.rsplit("-", 1)[-1]
        for kind, (words, endings) in LEXICON.heads.items():
            if last in words or noun.endswith(endings):
                return noun, kind
    return None


def _head(q: str) -> str | None:
    """The kind the noun after "vilken/vilket/vilka" names, or None."""
    head = _head_of(q)
    return head[1] if head else None


# The kinds a text names without the noun a question asks them by: "vilken domstol" is answered
# by "Kammarrätten i Stockholm", "vilket datum" by "13.10", "vilken direktionsledamot saknades"
# by "Per Jansson var frånvarande". A sentence that writes the noun still goes first (passages'
# `writes_noun`): people are often named with their titles ("generaldirektör Erik Thedéen").
NAMED_WITHOUT_HEAD = ("day", "place", "organisation", "person")


_KIND_ENDINGS = {kind: tuple(e) for kind, e in LEXICON.organisations.kinds.items()}
_CAPITALISED = re.compile(r"(?<![\w-])[A-ZÅÄÖ][\w-]+")


_VOTE_IN_TEXT = re.compile(rf"(?i)(?:{either(LEXICON.vote_words, folded=False)})")


def states_vote(sentence: str) -> bool:
    """Whether a sentence speaks of a vote ([answers] vote_words), as an answer to how many
    voted must: a count beside the question's words may count something else."""
    return bool(_VOTE_IN_TEXT.search(sentence))


# "vilket land", "vilka länders" (folded): answered only by a sentence that names a country.
_COUNTRY_NOUNS = frozenset({"land", "lander", "landet", "lands", "landers"})
_COUNTRY = re.compile(rf"(?<![\w-])({either(LEXICON.countries, folded=False)})s?(?![\w-])")


def asks_country(noun: str | None) -> bool:
    """Whether the question's noun (`head_noun`) asks for a country."""
    return noun in _COUNTRY_NOUNS


_COMPANY_NOUNS = tuple(LEXICON.asks["company"])
_COMPANY_MARK = re.compile(rf"(?<![\w&])(?:{either(LEXICON.company_marks, folded=False)})(?!\w)")


def asks_company(noun: str | None) -> bool:
    """Whether the question's noun (`head_noun`) asks for a company ("byggföretag")."""
    return noun is not None and noun.endswith(_COMPANY_NOUNS)


_DEAL_ASKED = re.compile(rf"\b(?:{either(LEXICON.asks['deal'])})\b")


def asks_party_to_deal(q: str) -> bool:
    """Whether a folded "vem" question asks who is party to a deal ("vem fick kontraktet"),
    which a company may be."""
    return bool(_DEAL_ASKED.search(q))


def names_company(sentence: str) -> bool:
    """Whether the sentence names a company by its form ("Brattbergs Maskin och Schakt AB"):
    "Vilket byggföretag ska bygga förskolan?" is not answered by the nämnd that asked for it."""
    return bool(_COMPANY_MARK.search(sentence))


def names_country(sentence: str, question: str) -> bool:
    """Whether the sentence names a country the question does not: "Vilket land var näst största
    mottagare efter Brasilien?" is not answered by a sentence naming only Brasilien, nor by one
    naming only an authority ("Valmyndigheten anser …")."""
    asked = fold(question).lower()
    return any(fold(m.group(1)).lower() not in asked for m in _COUNTRY.finditer(sentence))


def names_of_kind(noun: str, sentence: str) -> bool:
    """Whether the sentence names one of the kind the question's noun asks for by a name's
    ending ([organisations.kinds]): "vilken myndighet" is answered by "Skatteverket …", which
    does not write "myndighet"."""
    endings = next((e for kind, e in _KIND_ENDINGS.items() if noun.startswith(kind)), None)
    if not endings:
        return False
    return any(fold(w).lower().endswith(endings) for w in _CAPITALISED.findall(sentence))


def head_noun(q: str) -> str | None:
    """The noun after "vilken/vilket/vilka" in a folded question when it names one of the
    NAMED_WITHOUT_HEAD kinds ("vilken domstol", "vilket land"), else None."""
    head = _head_of(q)
    return head[0] if head and head[1] in NAMED_WITHOUT_HEAD else None


# How a question (folded) asks for each kind, in the order they are tried: a more specific kind
# before a more general one ("vilket datum" is a day, not just a date; "vad kostar" an amount).
# Each test sees the question folded and as written (lower case): "vilket år" is asked in the
# latter, where folding would make "vilket är maxstraffet" ask for a year.
_ASKS: tuple[tuple[str, Callable[[Understood, str, str], object]], ...] = (
    *((k, lambda u, q, w, k=k: _head(q) == k) for k in LEXICON.heads),
    ("duration", lambda u, q, w: DURATION_ASKED.match(q)),
    # Not among KINDS (the selector's features), as "funding" below: only the passages ask.
    ("distance", lambda u, q, w: _DISTANCE_ASKED.search(q)),
    ("day", lambda u, q, w: DAY_ASKED.search(q)),
    ("date", lambda u, q, w: u.intent == Intent.WHEN or YEAR_ASKED.search(w)),
    ("money", lambda u, q, w: _MONEY_ASKED.search(q)),
    ("number", lambda u, q, w: u.intent == Intent.HOW_MANY or NUMBER_ASKED.search(q)),
    ("person", lambda u, q, w: u.intent.asks_for_people),
    ("place", lambda u, q, w: u.intent == Intent.WHERE or _PLACE_ASKED.search(q)),
    ("organisation", lambda u, q, w: _ORG_ASKED.search(q)),
    # Not among KINDS (the selector's features): only the passages ask for it.
    ("funding", lambda u, q, w: _FUNDING_ASKED.search(q)),
)


def asked(u: Understood, question: str, kinds: tuple[str, ...] = KINDS) -> str | None:
    """The kind the question asks for, of `kinds` (all by default), or None for a question of
    another kind ("vad", "varför", "hur")."""
    q, written = fold(question), question.lower()
    return next((k for k, test in _ASKS if k in kinds and test(u, q, written)), None)


def _organisations(text: str) -> list[str]:
    """The words that name an organisation by their ending ("Finansutskottet", "Skolverket"),
    the names inside the sentence and its acronyms."""
    words = re.findall(r"[\wåäöÅÄÖé-]+", text)
    # Capitalised: "skolan" is a school, not one by name.
    by_ending = [w for w in words if w[:1].isupper() and w.lower().endswith(_ORG_ENDINGS)]
    return by_ending + _names(text) + _ACRONYM.findall(text)


def _names(text: str) -> list[str]:
    """The names inside a sentence that are not people's: what a place or an organisation is
    called ("Norges Bank", "Kammarrätten i Stockholm")."""
    people = " ".join(person_names(text))
    return [m.group() for m in _PROPER.finditer(text) if m.group() not in people]


# A capitalised word after a lower-case word or a comma: a name, where no sentence starts.
_PROPER_WORD = re.compile(r"(?<=[a-zåäöé,;]\s)[A-ZÅÄÖ][a-zåäöé]+\b")
# A sentence's first word, capitalised.
_FIRST_WORD = re.compile(r"^\W*([A-ZÅÄÖ][a-zåäöé]+)\b")


def proper_words(text: str) -> frozenset[str]:
    """The capitalised words a text writes inside its sentences: its names ("Esma",
    "Kriminalvården", "Arbetsförmedlingen"), which a sentence may also start with."""
    return frozenset(_PROPER_WORD.findall(text))


def opens_with_name(text: str, names: frozenset[str], question: str) -> bool:
    """The sentence starts with one of the document's names (`proper_words`), not a person's
    and not one the question names: "Esma har en skyldighet att föra ett register …" holds the
    organisation "vilken EU-myndighet …" asks for, though no ending or acronym shows it."""
    m = _FIRST_WORD.match(text)
    if m is None or m.group(1) not in names or _names_it(fold(question), fold(m.group(1))):
        return False
    return not any(name.startswith(m.group(1)) for name in person_names(text))


_HOLDS: dict[str, Callable[[str], object]] = {
    "duration": DURATION_IN_TEXT.search,
    "day": lambda t: DAY_IN_TEXT.search(_DOCUMENT_PART.sub(" ", t)),
    "date": lambda t: DATE_IN_TEXT.search(REFERENCES.sub(" ", _DOCUMENT_PART.sub(" ", t))),
    "number": lambda t: NUMBER_IN_TEXT.search(_NOT_COUNTS.sub(" ", t)),
    "money": _MONEY_IN_TEXT.search,
    "person": person_names,
    "place": lambda t: _PLACE_IN_TEXT.search(t) or _PLACE_NOUN.search(t) or _names(t),
    "organisation": _organisations,
    "funding": _FUNDING_IN_TEXT.search,
    "distance": _DISTANCE_IN_TEXT.search,
    "charge": _CHARGE_IN_TEXT.search,
}


# A figure as written: digits with a decimal part, not part of a word or designation ("FiU18").
_FIGURE = re.compile(r"(?<![\w/:.,-])\d+(?:[.,]\d+)?(?![\w/:-])")
_DIGIT_GROUPS = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)")  # "1 000" is 1000


def figures(text: str) -> set[str]:
    """The figures a text states, beyond dates, years, designations and a document's parts
    (`_NOT_COUNTS`): "till 5 procent" states "5", "utgiftsområde 14" and "2018/19" none."""
    text = _NOT_COUNTS.sub(" ", _DIGIT_GROUPS.sub("", text))
    return {m.group().replace(".", ",") for m in _FIGURE.finditer(text)}


# A property or place designation after a name, not first in the question ("Kvarnen 7",
# "Bäckebo 2:7", "Hagalund 3:12"): it names the place, and an answer about it need not repeat it.
_DESIGNATED_PLACE = re.compile(r"(?<=\s)[A-ZÅÄÖ][a-zåäöé]+\s+\d{1,4}(?::\d{1,4})?(?![\d:,.])")


def asked_figures(question: str) -> set[str]:
    """The figures a question asks about (`figures`), beyond a place it names by designation."""
    return figures(_DESIGNATED_PLACE.sub(" ", question))


def holds(kind: str | None, text: str) -> bool:
    """The text holds a thing of this kind (False for no kind)."""
    test = _HOLDS.get(kind or "")
    return bool(test(text)) if test else False


def held(text: str) -> list[float]:
    """For each of KINDS, 1.0 when the text holds one."""
    return [float(holds(k, text)) for k in KINDS]


def _names_company(name: str, text: str) -> bool:
    """ "Nordlagret Fastigheter AB": capitalised words before a company's mark name a company,
    not a person."""
    at = text.find(name)
    return at >= 0 and _COMPANY_MARK.match(text, at + len(name) + 1) is not None


def _matches(pattern: re.Pattern[str]) -> Callable[[str], list[str]]:
    return lambda t: [m.group() for m in pattern.finditer(t)]


# The things of a kind a text names, each as written, for the kinds that are found as a whole
# ("20 augusti", "i Nykarleby", "Martin Flodén"); a count is any digit, so it is not listed.
_NAMED: dict[str, Callable[[str], list[str]]] = {
    "duration": _matches(DURATION_IN_TEXT),
    "day": lambda t: _matches(DAY_IN_TEXT)(_DOCUMENT_PART.sub(" ", t)),
    "date": lambda t: _matches(DATE_IN_TEXT)(REFERENCES.sub(" ", _DOCUMENT_PART.sub(" ", t))),
    "money": _matches(_MONEY_IN_TEXT),
    "person": lambda t: [n for n in person_names(t) if not _names_company(n, t)],
    # The place's name without its preposition: "på Riksbanken" is named by "hos Riksbanken".
    "place": lambda t: (
        [m.group(1) for m in _PLACE_IN_TEXT.finditer(t)] + _matches(_PLACE_NOUN)(t) + _names(t)
    ),
    "organisation": _organisations,
}
_WORD = re.compile(r"[\w§][\w/:.,-]*\w|[\w§]")


def _names_it(asked_text: str, found: str, kind: str | None = None) -> bool:
    """The folded question names `found`, in any inflection ("Anna Bremans"); a person also
    by the surname alone ("när Lindholm hoppar av" names Roger Lindholm)."""
    if kind == "person" and " " in found:
        found = found.rsplit(" ", 1)[1]
    return re.search(rf"(?<![\w-]){re.escape(found)}", asked_text) is not None


_NONE_OF = re.compile(
    rf"\b(?:{either(LEXICON.none_words)})\s+(\w+)"
    rf"|\binte\s+(?:\w+\s+){{0,3}}?(?:{either(LEXICON.none_after_not)})\s+(\w+)"
)


def _none_of(counted: str, text: str) -> bool:
    """The folded text says there is none of what is counted: "inga motioner", "ingen motion",
    "det har inte väckts någon motion" (a stem of the counted noun, since the singular follows
    "ingen")."""
    stem = counted[: max(4, len(counted) - 3)]
    return any((m[1] or m[2]).startswith(stem) for m in _NONE_OF.finditer(text))


def _counts(unit: str) -> str:
    """What a unit counts, folded: "åren" counts "ar", as "år" does."""
    unit = unit.lower()
    return fold(_INDEFINITE.get(unit, unit))


def holds_beyond(kind: str | None, text: str, question: str) -> bool:
    """The text holds a thing of this kind that the question does not already name: "Vem
    stödde inte Martin Flodén?" is not answered by a sentence whose only name is Martin Flodén,
    nor "Var hölls mötet i Nykarleby?" by one whose only place is "i Nykarleby". For counts and
    organisations, the question's names and numbers are taken out of the text first."""
    asked_text = fold(question)
    if kind in _NAMED:
        return any(
            not _names_it(asked_text, fold(found).strip(), kind) for found in _NAMED[kind](text)
        )
    named = {
        fold(w) for w in _WORD.findall(question) if w[:1].isupper() or any(c.isdigit() for c in w)
    }
    if kind == "number" and (counted := COUNTED.search(asked_text)):
        if _none_of(counted.group(1), fold(text)):
            return True  # "hur många motioner …": "Ingen motion har väckts" counts none
        # A count of things is not stated by a measure in another unit ("25 kvadratmeter").
        # The unit may be what is counted, also as the head of the question's compound
        # ("hur många föräldradagar" is answered by "96 dagar").
        text = _MEASURED.sub(
            lambda m: m.group() if counted.group(1).endswith(_counts(m.group(1))) else " ",
            text,
        )
    # The designation goes before the question's names do, or "Ryssmyra 3:12" would leave "3:12".
    text = _PROPERTY.sub(" ", text)
    reduced = _WORD.sub(lambda m: " " if fold(m.group()) in named else m.group(), text)
    return holds(kind, reduced)
