"""Number facts: the counts and amounts a protocol states ("med ca 85 deltagare", "7 ja-röster").

`subject` is the counted noun ("deltagare", "ja-röster", "kronor"), `value` the number as written
with its qualifier and scale ("ca 85", "12 av 13", "2,4 miljoner"), `detail` the words around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from protokoll.ingest.extract.names import norm
from protokoll.ingest.extract.reading import Reading
from protokoll.ingest.extract.units import Unit
from protokoll.ingest.lexicon import alternation, lexicon
from protokoll.ingest.records import Fact

_LEX = lexicon()
_WORDS = _LEX.counts
# Counts are spelled out up to twenty ("tolv av tretton"); larger ones are written in digits.
_SPELLED = alternation(w for w, n in _LEX.number_words.items() if n <= 20)
# Whether a unit may hold a count at all: a digit or a spelled number somewhere in it.
_ANY_NUMBER_RE = re.compile(rf"\d|{_SPELLED}")
_AGAINST_RE = re.compile(r"[ \t]+mot[ \t]+\d")
_VOTING_RE = re.compile(r"(?i)röst|omröstning|votering")
_VOTE_LABEL_RE = re.compile(r"(?:Ja|Nej|JA|NEJ)[ \t]*:[ \t]*\d")
_WORD_RE = re.compile(r"\S+")

# Compounds of a counted noun that measure rather than count ("procentenheter").
_MEASURES = ("procent",)
# A counted noun may be the head of a compound ("64 hyreslägenheter", "30 vårdplatser").
_COUNT_NOUNS = rf"[a-zåäö]*?(?:{alternation(_WORDS.counted)})|(?:{alternation(_WORDS.currencies)})"
_NUMBER = r"\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_APPROX = alternation(_WORDS.approximations)
_SCALE = alternation(_WORDS.scales)
_COUNT_RE = re.compile(
    rf"(?<![\w,.§-])(?:(?P<approx>(?i:{_APPROX}))[ \t]+)?"
    rf"(?P<num>mellan[ \t]+(?:{_NUMBER})[ \t]+och[ \t]+(?:{_NUMBER})"
    rf"|(?:{_NUMBER})(?:[ \t]*[–-][ \t]*(?:{_NUMBER})|[ \t]+av[ \t]+(?:{_NUMBER}))?"
    rf"|(?:{_SPELLED})(?:[ \t]+av[ \t]+(?:{_SPELLED}))?)"
    rf"(?:[ \t]+(?P<scale>{_SCALE}))?"
    # One adjective may stand before the noun: "268 aktiva barn", "12 nya lägenheter".
    r"(?:[ \t]+(?P<adj>[a-zåäö][a-zåäö-]{1,25}[ae]))??"
    rf"[ \t]+(?P<noun>{_COUNT_NOUNS})(?![\w-])",
)
_VOTE_RE = re.compile(
    r"(?<![\w,.-])(?P<num>\d{1,4})[ \t]+(?P<side>ja|nej|Ja|Nej|JA|NEJ)(?:-?röst(?:er)?)?(?![\w-])"
    r"|(?<![\w-])(?P<side2>Ja|Nej|JA|NEJ)[ \t]*:[ \t]*(?P<num2>\d{1,4})(?![\w-]|[,.]\d)"
    r"|(?<![\w,.-])(?P<num3>\d{1,4})[ \t]+(?:(?:ledamöter|ledamot|personer|st)[ \t]+)?"
    r"(?P<abst>avstod|avstår|nedlagda[ \t]+röster"
    r"|röstade[ \t]+blankt|avstående)(?![\w-])"
)
_VOTES_AGAINST_RE = re.compile(
    r"(?<![\w-])med[ \t]+(?P<a>\d{1,4})[ \t]+röster[ \t]+mot[ \t]+(?P<b>\d{1,4})"
    r"(?![\w-]|[,.]\d)"
)
_MONEY = frozenset(c.lower() for c in _WORDS.currencies)  # nouns are compared lower-cased
# Nouns whose count is stated in digits: "tre kronor", "tre beslut" rarely state an amount.
_NOT_SPELLED = _MONEY | {"beslut", "röster"}
_ITEM_NUMBER_RE = re.compile(r"(?:§|\bnr|\bpunkt|\bkl\.?)\s*$")


def numbers(r: Reading, u: Unit) -> Iterator[Fact]:
    t = u.text
    if not _ANY_NUMBER_RE.search(t):
        return
    for m in _COUNT_RE.finditer(t):
        noun = m["noun"].lower()
        if noun.startswith(_MEASURES):
            continue  # "0,25 procentenheter" is a measure, not a count of units
        num = m["num"]
        if _ITEM_NUMBER_RE.search(t[max(0, m.start() - 8) : m.start()]):
            continue  # "§ 116 Medborgarförslag …" numbers an item, it counts nothing
        if not re.search(r"\d", num) and noun in _NOT_SPELLED:
            continue  # "tre kronor" is rarely a stated amount
        if (
            re.fullmatch(r"(?:19|20)\d\d(?:[ \t]*[–-][ \t]*(?:19|20)?\d\d)?", num)
            and noun not in _MONEY
        ):
            continue  # a year: "Sammanträdesplan 2025 beslut …", "under perioden 2017–2019 …"
        if noun in ("ja-röster", "nej-röster") or (
            noun == "röster" and _AGAINST_RE.match(t, m.end())
        ):
            continue  # counted by the vote rules below
        value = num
        if m["approx"]:
            value = f"{m['approx']} {value}"
        if m["scale"]:
            value = f"{value} {m['scale']}"
        # A currency as written ("340 mdr SEK"), any other noun lower-cased.
        subject = m["noun"] if noun in _MONEY else noun
        if m["adj"] and noun not in _MONEY:
            subject = f"{m['adj']} {noun}"  # "aktiva barn": what is counted, as a question asks
        yield r.fact(
            "number", subject, norm(value), u.start, u.end, _context(t, m.start(), m.end())
        )
    voting = _VOTING_RE.search(t)
    if voting or _VOTE_LABEL_RE.search(t):
        for m in _VOTE_RE.finditer(t):
            if not voting and not m["side2"]:
                continue  # "7 ja" counts votes only where a vote is spoken of
            if m["abst"]:
                subject, num = "nedlagda röster", m["num3"]
            else:
                side = (m["side"] or m["side2"]).lower()
                subject, num = f"{side}-röster", m["num"] or m["num2"]
            yield r.fact("number", subject, num, u.start, u.end, _context(t, m.start(), m.end()))
        for m in _VOTES_AGAINST_RE.finditer(t):
            value = f"{m['a']} mot {m['b']}"
            yield r.fact("number", "röster", value, u.start, u.end, _context(t, m.start(), m.end()))


def _context(text: str, a: int, b: int, before: int = 5, after: int = 4) -> str:
    """The words around a match, verbatim: "med ca 85 deltagare." """
    lo, hi = max(0, a - 120), min(len(text), b + 100)
    left = [m.start() for m in _WORD_RE.finditer(text, lo, a)]
    if left and lo > 0 and left[0] == lo and not text[lo - 1].isspace():
        left = left[1:]  # the window cut that word
    right = [m.end() for m in _WORD_RE.finditer(text, b, hi)]
    start = left[-before] if len(left) >= before else (left[0] if left else a)
    end = right[after - 1] if len(right) >= after else (right[-1] if right else b)
    return norm(text[start:end])
