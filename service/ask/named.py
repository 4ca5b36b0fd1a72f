"""Names a question writes ("Sjöviks Energi", "Brf Lönnen 14", "Tomas Eklund", "Tallberg") and
whether a document, or the item an answer stands in, writes them. An answer from a document or
an item that never names what the question names is about something else: "vem är VD för
Sjöviks Energi?" is not answered by the VD of Sjöviks Bostäder, nor "Hur många elever går på
Ekbyskolan?" by the count of every school in an item that never names Ekbyskolan.
"""

from __future__ import annotations

import re

from protokoll.ingest.records import Protocol
from protokoll.ingest.text import fold
from protokoll.service.ask.context import Question
from protokoll.service.ask.vocabulary import MONTHS, party_of

# A name as a question writes it, past its first word: two or more capitalised words, or one with
# a number ("Brf Lönnen 12", "Sjöviks Energi", "Per Holm"), or one word of letters alone
# ("Nykarleby"). Acronyms, words an acronym opens ("KD-motionen", "LGL-mötet") and the parties
# (which reports write as "(KD)") are left alone.
_LETTERS = r"[^\W\d_]"
# A word an acronym opens ("EU-budgeten", "KD-motionen") is a thing, not part of a name.
_CAPITAL = rf"(?![A-ZÅÄÖ]{{2,}}-)[A-ZÅÄÖÉ](?:{_LETTERS}|-)*[a-zåäöé](?:{_LETTERS}|-)*(?![\w-])"
_NAMED = re.compile(
    rf"(?<=\s){_CAPITAL}(?:\s+(?:{_CAPITAL}|[A-ZÅÄÖ]{{2,4}}(?![\w-])"
    # "Brf Lönnen 12", but not the day of "LGL-mötet 29 september" nor a year
    rf"|\d{{1,3}}(?![\w/.:-])(?!\s+(?:{MONTHS})\b)))+"
)
_SINGLE = re.compile(r"(?<=\s)[A-ZÅÄÖÉ][a-zåäöé]{2,}(?![\w-])")
_WORD = re.compile(r"[\w-]+")


def _stem(word: str) -> str:
    """A folded word without its genitive -s ("bostaders" → "bostader"); short words keep it."""
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


def _same_word(written: str, asked: str) -> bool:
    """A document's word is the question's: in another inflection ("bostader" for "bostaders"),
    or with a typo or two in the question ("thomas" for "tomas"); a number exactly."""
    if asked.isdigit() or written.isdigit():
        return written == asked
    stem = _stem(asked)
    if written.startswith(stem) and len(written) - len(stem) <= 3:
        return True
    if len(asked) < 4 or abs(len(written) - len(asked)) > 2 or written[:1] != asked[:1]:
        return False
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(written, asked) <= (1 if len(asked) < 10 else 2)


def _writes(words: list[str], starts: dict[str, list[int]], parts: list[str]) -> bool:
    """The document's words hold the name's words in a row."""
    firsts = [i for w, at in starts.items() if _same_word(w, parts[0]) for i in at]
    return any(
        i + len(parts) <= len(words)
        and all(_same_word(words[i + j], part) for j, part in enumerate(parts))
        for i in firsts
    )


def missing_name(q: Question, p: Protocol) -> str | None:
    """The first name the question writes ("Sjöviks Energi", "Brf Lönnen 14", "Tomas Eklund")
    that document `p` does not write, or None. An answer about another organisation, person or
    numbered thing is no answer: "vem är VD för Sjöviks Energi?" is not answered by the VD of
    Sjöviks Bostäder. A person listed surname first ("Ek, Tomas") is written too."""
    return _first_missing(_names_asked(q), f"{p.title} {p.body or ''} {p.text}")


def _first_missing(names: list[str], text: str) -> str | None:
    """The first of `names` that `text` does not write (`_written`), or None."""
    if not names:
        return None
    indexed = _indexed(text)
    return next((name for name in names if not _name_written(name, *indexed)), None)


def _indexed(text: str) -> tuple[list[str], dict[str, list[int]]]:
    """A text's words, folded, and where each stands."""
    words = _WORD.findall(fold(text))
    starts: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        starts.setdefault(w, []).append(i)
    return words, starts


def _name_written(name: str, words: list[str], starts: dict[str, list[int]]) -> bool:
    parts = fold(name).lower().split()
    # A name in the genitive ("Roger Eks plats") is written as the name.
    bare = [*parts[:-1], parts[-1].removesuffix("s")]
    return _written(words, starts, parts) or _written(words, starts, bare)


def _names_asked(q: Question) -> list[str]:
    """The names the question writes: runs of capitalised words, and single ones that are no
    party."""
    # A second sentence's first word is capitalised as its start ("… tak? Vad hände med …").
    found = [m for m in _NAMED.finditer(q.asked) if not _opens_sentence(q.asked, m.start())]
    names = [_without_party(m[0]) for m in found]
    names += [
        m[0]
        for m in _SINGLE.finditer(q.asked)
        if not any(n.start() <= m.start() < n.end() for n in found)
        and not party_of(m[0])
        and not _opens_sentence(q.asked, m.start())
    ]
    return names


def missing_in_item(q: Question, p: Protocol, at: int) -> str | None:
    """The first name the question writes that neither the head of protocol `p` (all before
    its first item) nor the item holding offset `at` writes, as `missing_name` reads a name or
    in a form that begins with it ("Tallbergs", "Tallbergshallen" for "Tallberg"; "lex Sarah"
    for "Lex Sarah-rapporten"); None when each does, or when no item holds `at`. "Hur många
    elever går på Ekbyskolan?" is not answered by the count of every school, in an item that
    never names Ekbyskolan."""
    items = [s for s in p.sections if s.kind == "item"]
    item = next((s for s in items if s.start <= at < s.end), None)
    if item is None:
        return None
    text = f"{p.title} {p.body or ''} {p.text[: items[0].start]} {p.text[item.start : item.end]}"
    indexed = _indexed(text)
    words = set(re.findall(r"\w+", fold(text).lower()))
    for name in _names_asked(q):
        if _name_written(name, *indexed):
            continue
        parts = re.findall(r"\w+", fold(name.split("-")[0]).lower())
        stems = [_stem(w) for w in parts]
        if not all(any(w.startswith(stem) for w in words) for stem in stems):
            return name
    return None


def _opens_sentence(text: str, start: int) -> bool:
    return text[:start].rstrip().endswith((".", "?", "!"))


def _without_party(name: str) -> str:
    """A name without the party that opens it: "Kristdemokraternas Roland Utbult" is Roland
    Utbult, whom a report writes as "Roland Utbult (KD)" and may never name the party in full."""
    parts = name.split()
    while len(parts) > 1 and party_of(parts[0]):
        parts = parts[1:]
    return " ".join(parts)


def _written(words: list[str], starts: dict[str, list[int]], parts: list[str]) -> bool:
    """The document writes the name: its words in a row, or surname first; two names in one
    run, the first in the genitive ("Norges Banks Ida Wolden Bache"), each on its own; or a
    name and a noun in one word, each written ("Georgiengränsen": "gränsen mot Georgien")."""
    turned = [parts[-1], *parts[:-1]] if len(parts) == 2 else None
    if _writes(words, starts, parts) or (turned and _writes(words, starts, turned)):
        return True
    for k in range(1, len(parts)):
        genitive = parts[k - 1]  # "banks" of "bank" the document writes; not "tomas"
        if (
            genitive.endswith("s")
            and genitive[:-1] in starts
            and all(_written(words, starts, half) for half in (parts[:k], parts[k:]))
        ):
            return True
    if len(parts) == 1:
        word = parts[0]
        return any(word[:i] in starts and word[i:] in starts for i in range(4, len(word) - 3))
    return False
