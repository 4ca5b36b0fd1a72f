"""The organs a question names, and whether a document is an organ's own.

"Vad beslutade byggnadsnämnden …" names an organ by its ending ([references] organ_endings in the
lexicon); "Vad beslutade riksbanken …" names the recorded body "Sveriges riksbank" by its last
word. A document is the organ's own when its title or body writes the organ, also where the
title elides it ("Miljö- och jordbruksutskottet" is the users' "miljöutskottet"). references.py
declines with the reason when the organ named is not the one that met.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache

from protokoll.ingest.lexicon import lexicon
from protokoll.ingest.text import fold

_REF = lexicon().references
Heading = tuple[str, str, date | None, str | None]  # (id, title, date, body)

_ORGAN_RE = re.compile(
    rf"(?<![\w-])([a-zåäöé]+(?:-)?(?:{'|'.join(map(re.escape, _REF.organ_endings))}))(?![\w-])",
    re.IGNORECASE,
)

# An organ's name whose first parts share its last ("Miljö- och jordbruksutskottet", "Bygg-,
# miljö- och hälsoskyddsnämnden"): the elided parts, and the last part's own organ ending.
_ELIDED_RE = re.compile(
    rf"(?<![\w-])((?:[a-zåäöé]+-,?\s+)+)(?:och|eller)\s+[a-zåäöé]+?"
    rf"({'|'.join(map(re.escape, _REF.organ_endings))})s?(?![\w-])",
    re.IGNORECASE,
)


_DECIDED = "|".join(map(re.escape, (fold(v) for v in _REF.decided_verbs)))
# The parts an organ's name shares its ending with, before it: "kultur- och " of "kultur- och
# fritidsnämnden", "bygg-, miljö- och ".
_SHARED_PARTS = r"(?:[a-zåäöé]+-,?\s+)*(?:(?:och|eller)\s+)?"


def asks_a_decision(query: str) -> bool:
    """Whether the question asks what was decided by a verb of deciding ("Vilken budget antog
    styrelsen …", `[references] decided_verbs`), of whatever organ."""
    return bool(re.search(rf"(?<!\w)(?:{_DECIDED})(?!\w)", fold(query).lower()))


def asks_its_decision(query: str, organ: str) -> bool:
    """Whether the question asks what `organ` (as `named_organs` gives it) decided: "Vad
    beslutade kultur- och fritidsnämnden …", "… som kommunfullmäktige beslutade"."""
    name = re.escape(fold(organ))
    folded = fold(query).lower()
    return bool(
        re.search(rf"(?<!\w)(?:{_DECIDED})\s+{_SHARED_PARTS}{name}(?!\w)", folded)
        or re.search(rf"(?<![\w-]){name}\s+(?:{_DECIDED})(?!\w)", folded)
    )


def spelled(query: str, organ: str) -> str:
    """The organ as the question writes it in full, with the parts it shares its ending with
    ("kultur- och fritidsnämnden" for "fritidsnämnden"), lower-cased."""
    m = re.search(rf"(?<![\w-]){_SHARED_PARTS}{re.escape(organ)}(?!\w)", query, re.IGNORECASE)
    return m[0].lower() if m else organ


def names_an_organ(query: str) -> bool:
    """Whether the question names an organ by an organ's ending ("byggnadsnämnden")."""
    return _ORGAN_RE.search(query) is not None


def _written_out(text: str) -> str:
    """`text` and the organs its elided names hold: "Miljö- och jordbruksutskottet" holds
    "miljöutskottet" too, as users shorten it."""
    organs = [
        f"{part}{m[2]}"
        for m in _ELIDED_RE.finditer(text)
        for part in re.findall(r"([a-zåäöé]+)-", m[1], re.IGNORECASE)
    ]
    return " ".join([text, *organs])


@lru_cache(maxsize=1 << 16)
def _organ_text(title: str, body: str | None) -> str:
    # Every heading is searched for each organ a question names: written out and folded once
    # per heading, as `references._folded` does for designations.
    return fold(_written_out(f"{title} {body or ''}")).lower()


def named_organs(query: str, headings: Sequence[Heading] = ()) -> list[str]:
    """The organs a question names by an organ's ending ("byggnadsnämnden"), lower-cased,
    then the recorded bodies it names by their last word in the definite form ("riksbanken",
    "riksbankens" of "Sveriges riksbank"); "nämnden" alone is the organ the question is about,
    unnamed."""
    shortest = min(len(e) for e in _REF.organ_endings) + 1
    organs = [m[1].lower() for m in _ORGAN_RE.finditer(query) if len(m[1]) > shortest]
    if headings:
        folded = fold(query)
        heads = _body_heads(tuple(sorted({b for *_, b in headings if b})))
        organs += [body for head, body in heads if head.search(folded)]
    return organs


@lru_cache(maxsize=8)
def _body_heads(bodies: tuple[str, ...]) -> list[tuple[re.Pattern[str], str]]:
    # A body of two or more words whose last is a word of its own ("Sveriges riksbank"):
    # users name it by that word, definite ("Vad beslutade riksbanken …").
    out = []
    for body in bodies:
        words = fold(body).split()
        if len(words) >= 2 and len(words[-1]) >= 6 and words[-1].isalpha():
            out.append((re.compile(rf"(?<!\w){re.escape(words[-1])}(?:en|et|n|t)s?(?!\w)"), body))
    return out


def holds(organ: str, headings: Sequence[Heading]) -> bool:
    """Whether one of these documents is the organ's own (by its title or its body)."""
    folded = fold(organ)
    return any(folded in _organ_text(title, body) for _, title, _, body in headings)


# A place a question ties an organ to, a capitalised name: "kommunfullmäktige i Örnbacka",
# "Tallmo kommunfullmäktige", "Tångeviks kommunstyrelse", "socialnämnden i Region Norrdala".
_PLACE = r"(?:(?:Region|Landstinget)\s+)?(?P<place>[A-ZÅÄÖ][a-zåäöé]{2,}(?:-[A-ZÅÄÖ][a-zåäöé]+)?)"
_PLACE_AFTER = re.compile(rf"\s+i\s+{_PLACE}")
# Before the organ, a definite adjective may stand between: "Region Västmarks regionala
# utvecklingsnämnd".
_PLACE_BEFORE = re.compile(rf"{_PLACE}\s+(?:(?:kommuns|stads|regionens)\s+)?(?:[a-zåäö]+a\s+)?$")


def places(query: str, organ: str) -> list[str]:
    """The places the question names `organ` (as `named_organs` gives it) of, as written
    without a genitive's s: "Örnbacka" of "kommunfullmäktige i Örnbacka" and of "Örnbackas
    kommunfullmäktige". The question's first word is no place: it is capitalised as a start."""
    out = []
    for m in re.finditer(rf"(?<![\w-]){_SHARED_PARTS}{re.escape(organ)}(?!\w)", query, re.I):
        after = _PLACE_AFTER.match(query, m.end())
        before = _PLACE_BEFORE.search(query[: m.start()])
        for found in (after, before):
            if found is not None and (found is after or found.start("place") > 0):
                out.append(found["place"])
    return [p[:-1] if p.endswith("s") and len(p) > 4 else p for p in dict.fromkeys(out)]


def unheld_place(
    query: str,
    headings: Sequence[Heading],
    everything: Sequence[Heading],
    spoken_in: Callable[[str, list[str]], bool],
    decided: bool = False,
) -> tuple[str, str] | None:
    """The organ (as the question writes it) and the place it is named of, when the question
    ties an organ to a place ("kommunfullmäktige i Örnbacka") and none of the organ's documents
    among `headings` names that place: another municipality's fullmäktige is not the one that
    met, though an organ of that name did. As for an organ (references.resolve), a place spoken
    of elsewhere in the archive (`everything`) may hold what is asked, unless the question asks
    what the organ decided (`decided`, or by its verb): "När måste socialnämnden i Rönnhamra
    visa …" is told in Rönnhamra's kommunstyrelse."""
    everywhere = [h[0] for h in everything]
    for organ in named_organs(query):
        own = [h for h in headings if holds(organ, [h])]
        if not own:
            continue
        for place in places(query, organ):
            if any(fold(place) in _organ_text(title, body) for _, title, _, body in own):
                continue
            if spoken_in(place, [h[0] for h in own]):
                continue
            asks = decided or asks_its_decision(query, organ)
            if not asks and spoken_in(place, everywhere):
                continue
            return spelled(query, organ), place
    return None


def unheld_organ(
    query: str,
    headings: Sequence[Heading],
    everything: Sequence[Heading],
    spoken_in: Callable[[str, list[str]], bool],
) -> str | None:
    """The first organ the question names (among the archive's, `everything`) when none it
    names is one of `headings`' own and none is spoken of in them ("ordförande i
    riksbanksfullmäktige" attends the direktion's meeting, and is in its minutes)."""
    organs = named_organs(query, everything)
    ids = [h[0] for h in headings]
    if not organs or any(holds(o, headings) or spoken_in(o, ids) for o in organs):
        return None
    return organs[0]
