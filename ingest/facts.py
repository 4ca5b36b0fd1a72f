"""Facts stated in a protocol: who replaced whom, who was appointed, who chaired, who presented
an item, who attended, and the counts the text states.

`extract_facts(protocol)` is a pure function over a parsed `Protocol`. Every fact keeps the
offsets of the sentence or line that states it, so `protocol.text[f.start:f.end]` contains the
names and the number the fact is about; an answer built on a fact can quote it verbatim.

The rules are written for Swedish protocol prose in general, never for one protocol's names:

- Names are persons when they are 2–4 capitalised words ("Karin Jilkén", "Anna Hasselbom
  Trofast", "Karl-Erik Lund", "Emir Hodžić"). A word that names an organisation ("Region",
  "Kommunförbundet", "…kommun", "…nämnden") or opens a sentence ("Ordförande", "Därefter") is
  not part of a name, and a name listed in the protocol's attendance wins when several fit.
- Descriptors between a name and its verb are skipped: "Karin Jilkén verksamhetschef äldre
  Kalmar kommun ersätter Karin Torstensson …", "Sofie Lundh, enhetschef i Björkfors kommun,
  ersätter …", "Renée Jönsson (S) tjänstgör för …".
- Precision before recall: a phrasing that does not fit one of the forms yields nothing, since a
  wrong fact becomes a wrong answer.

What the fields hold, per kind (`section_number` is always the item the sentence stands in):

- substitution: `subject` is the newcomer, `value` the one replaced, `detail` the verb in active
  form, so "{subject} {detail} {value}" reads ("ersätter", "ersatte", "tjänstgör för", …);
- appointment: `value` the office ("ny ledamot i kommunstyrelsens arbetsutskott", "justerare"),
  `detail` the verb as written ("utses", "valdes", "utse");
- role: `value` one of ordförande, vice ordförande (förste/andre …), sekreterare, justerare;
  `detail` the organisation when the text names one ("Läns-gemensam ledning", "kommunstyrelsen");
- presenter: `value` the title of the item presented;
- attendance: `value` the organisation beside the name, `detail` the list it stands in, or the
  role heading above it in a signature block ("ordförande");
- number: `subject` the counted noun ("deltagare", "ja-röster", "kronor"), `value` the number as
  written with its qualifier and scale ("ca 85", "12 av 13", "2,4 miljoner"), `detail` the words
  around it.

The text is split once into sentences and lines ("units"); every rule runs on one unit with
bounded patterns, so extraction stays linear in the length of the protocol.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from protokoll.ingest.records import Fact, Person, Protocol

# Bump when the rules change, so stored facts from older rules can be re-extracted.
EXTRACTOR_VERSION = "2"

# -- characters and names ---------------------------------------------------------------------

_UP = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isalpha() and c.isupper())
_LO = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isalpha() and c.islower())
_TOKEN = rf"[{_UP}][{_LO}'’]+(?:[{_UP}][{_LO}]+)?(?:-[{_UP}]?[{_LO}'’]+)*"
_PARTICLE = r"(?:von|van|af|de|der|da|di|du|la|le)"
# A run of capitalised words joined by spaces (a wrapped line inside a sentence counts as a
# space); tabs separate columns, so never join across one.
_SP = r"(?:[ \u00a0]+|[ \u00a0]*\n[ \u00a0]*)"
_NAME_RUN_RE = re.compile(
    rf"(?<![\w'’-]){_TOKEN}(?:{_SP}(?:{_PARTICLE}{_SP}){{0,2}}{_TOKEN}){{0,6}}(?![\w'’-])"
)
_TOKEN_RE = re.compile(_TOKEN)
_PARTY = r"\((?:[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,3})\)"
_PARTY_RE = re.compile(rf"\s*{_PARTY}(?:[ \t]*\*+)?")
# Between two names of a list: "Anna Berg (S) och Bo Ek", "Ilari Peltomäki, Kim Segervall".
_LIST_GAP_RE = re.compile(rf"\s*(?:{_PARTY})?\s*\**\s*(?:,|och|samt|,[ \t]*och|,[ \t]*samt)\s*")

# Words that name an organisation or a place-kind; a name stops before them.
_ORG_WORDS = {
    "region", "regionen", "regionens", "kommun", "kommunen", "kommunens", "kommunförbundet",
    "landsting", "landstinget", "länsstyrelsen", "sveriges", "stad", "staden", "stadens",
    "förbundet", "föreningen", "stiftelsen", "universitet", "högskola", "högskolan", "ab",
    "läns", "länsgemensam", "läns-gemensam", "nämnden", "styrelsen", "fullmäktige", "utskottet",
    "rådet", "gruppen", "ledning", "ledningsgrupp", "riksbanken", "riksdagen", "regeringen",
    "skolverket", "socialstyrelsen", "direktionen", "kommunstyrelsen", "kommunfullmäktige",
    "regionstyrelsen", "regionfullmäktige", "förvaltningen", "avdelningen", "enheten",
    "bolaget", "kyrkan", "församling", "församlingen", "nära", "vård", "bank", "of", "the",
}  # fmt: skip
_ORG_SUFFIXES = (
    "kommun", "kommuns", "kommunen", "förbund", "förbundet", "nämnd", "nämnden", "nämndens",
    "styrelse", "styrelsen", "styrelsens", "förvaltning", "förvaltningen", "fullmäktige",
    "verket", "verkets", "myndighet", "myndigheten", "inspektionen", "kassan", "banken",
    "bolaget", "skola", "skolan", "gymnasiet", "universitet", "universitetet", "högskola",
    "högskolan", "sjukhus", "sjukhuset", "institutet", "departementet", "utskottet",
    "utskottets", "rådet", "byrån", "föreningen", "förening", "stiftelsen", "landstinget",
    "regionen", "regionens", "centralbank", "centralbanken", "partiet", "organisation",
    "organisationen", "organisationer", "organisationerna", "företaget", "förvaltningar",
)  # fmt: skip
# Capitalised words that open sentences or stand before names as titles, never names.
_LEAD_WORDS = {
    "därefter", "sedan", "även", "också", "dessutom", "enligt", "under", "efter", "före", "vid",
    "med", "från", "till", "för", "om", "av", "inför", "genom", "den", "det", "de", "denna",
    "detta", "dessa", "där", "då", "nu", "här", "samt", "och", "men", "eller", "som", "att",
    "när", "alla", "både", "hela", "nästa", "varje", "beslut", "beslutet", "ordförande",
    "ordföranden", "vice", "sekreterare", "justerare", "föredragare", "föredragande",
    "närvarande", "ledamot", "ledamoten", "ersättare", "ersättaren", "särskilt", "särskild",
    "ny", "nya", "nye", "tidigare", "avgående", "nuvarande", "förste", "andre", "herr", "fru",
    "dr", "professor", "docent", "statsråd", "statsrådet", "minister", "ministern", "ja", "nej",
    "reservation", "yrkanden", "yrkande", "omröstning", "protokoll", "protokollet", "punkt",
    "paragraf", "bilaga", "ärende", "ärendet", "mötet", "sammanträdet", "kommunalråd",
    "regionråd", "oppositionsråd", "riksbankschef", "riksbankschefen", "kommundirektör",
    "regiondirektör", "justering", "justeras", "underskrift", "underskrifter", "intygar",
    "organ", "plats", "tid", "datum", "paragrafer", "i", "på", "ur", "hos", "mellan",
    "tack", "välkomna", "välkommen", "presentation", "information", "dragning", "kommentar",
}  # fmt: skip
# Job titles that may stand before a name ("vice riksbankschef Anna Breman").
_TITLE_SUFFIXES = (
    "chef", "chefen", "direktör", "direktören", "råd", "rådet", "ordförande", "sekreterare",
    "ledare", "strateg", "samordnare", "handläggare", "ansvarig", "ekonom", "analytiker",
    "representant", "ombudsman", "controller", "arkitekt", "inspektör", "kurator",
    "koordinator", "kanslist", "utredare", "jurist", "specialist", "konsult", "läkare",
    "sjuksköterska", "rektor", "förvaltare", "expert", "behandlare", "terapeut", "psykolog",
    "professor", "docent", "epidemiolog", "chefekonom", "assistent",
)  # fmt: skip

_ROLE_NORMAL = {
    "ordförande": "ordförande",
    "ordf": "ordförande",
    "ordf.": "ordförande",
    "mötesordförande": "ordförande",
    "sammanträdets ordförande": "ordförande",
    "vice ordförande": "vice ordförande",
    "viceordförande": "vice ordförande",
    "vice ordf.": "vice ordförande",
    "vice ordf": "vice ordförande",
    "förste vice ordförande": "förste vice ordförande",
    "1:e vice ordförande": "förste vice ordförande",
    "andre vice ordförande": "andre vice ordförande",
    "2:e vice ordförande": "andre vice ordförande",
    "sekreterare": "sekreterare",
    "sekr.": "sekreterare",
    "mötessekreterare": "sekreterare",
    "protokollförare": "sekreterare",
    "vid protokollet": "sekreterare",
    "justerare": "justerare",
    "justerande": "justerare",
    "protokolljusterare": "justerare",
    "utses att justera": "justerare",
    "justeras av": "justerare",
    "just.": "justerare",
}
_ROLE_ALT = "|".join(
    re.escape(r).replace(r"\ ", r"[ \t]+")
    for r in sorted(_ROLE_NORMAL, key=len, reverse=True)
    if not r.endswith(".") and r not in ("ordf", "vice ordf")
)
_ATTENDANCE_LIST_WORDS = {
    "närvarande", "närvarade", "närvarade ledamöter", "närvarande ledamöter", "beslutande",
    "beslutande ledamöter", "ledamöter", "ersättare", "tjänstgörande ersättare",
    "närvarande ersättare", "ej tjänstgörande ersättare", "frånvarande", "övriga deltagare",
    "övriga närvarande", "övriga medverkande", "deltagare", "deltagarlista", "adjungerade",
    "adjungerad", "närvarolista", "tjänstemän", "insynsplats", "övriga",
}  # fmt: skip

_LAST_WORD_RE = re.compile(r"(?:^|[\s(])([\w.]+)$")
_STOP_IN_GAP_RE = re.compile(r"[.;:!?]\s|\n\s*\n")
_PREPOSITION_END_RE = re.compile(r"\b(?:på|i|vid|från|inom|hos|av)\s+$")
_LOWER_GAP_RE = re.compile(rf"[\s{_LO}]*")
_ANY_NUMBER_RE = re.compile(r"\d|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|ton\b|tjugo")
_AGAINST_RE = re.compile(r"[ \t]+mot[ \t]+\d")
_VOTING_RE = re.compile(r"(?i)röst|omröstning|votering")
_VOTE_LABEL_RE = re.compile(r"(?:Ja|Nej|JA|NEJ)[ \t]*:[ \t]*\d")
_WORD_RE = re.compile(r"\S+")
_ABBREVIATIONS = {
    "ca", "bl.a", "t.ex", "m.fl", "kl", "nr", "resp", "jfr", "dvs", "d.v.s", "leg", "fr.o.m",
    "t.o.m", "s.k", "o.s.v", "osv", "m.m", "p.g.a", "pga", "ev", "tf", "t.f", "ordf", "sekr",
    "st", "mfl", "inkl", "exkl", "f.d", "fd", "prof", "dr", "tel", "bil", "kap", "s",
}  # fmt: skip
_SENTENCE_END_RE = re.compile(rf"[.!?][\"”»)]*[ \t]+(?=[{_UP}])")
_LIST_START_RE = re.compile(r"^\s*(?:[-*•–]\s|\d{1,3}[.)]\s|§|\[|#|\*\*|[\w ]{1,30}:(?:\s|$))")


@dataclass(frozen=True, slots=True)
class _Name:
    start: int  # absolute offsets into protocol.text
    end: int
    text: str


@dataclass(slots=True)
class _Unit:
    start: int
    end: int
    text: str
    names: list[_Name] = field(default_factory=list)


# -- units: sentences and lines ----------------------------------------------------------------


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    return out


def _continues(prev: str, nxt: str) -> bool:
    """Whether `nxt` continues a sentence wrapped from `prev` (PDF text breaks lines inside
    sentences; typed protocols put a paragraph on one line)."""
    p = prev.rstrip()
    if len(p) < 60 or p.endswith((".", "!", "?", ":", ";")) or "\t" in prev or "\t" in nxt:
        return False
    return not _LIST_START_RE.match(nxt)


def _units(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence or stand-alone line, stripped of surrounding space."""
    para: tuple[int, int] | None = None
    prev = ""
    for a, b in _lines(text):
        line = text[a:b]
        if not line.strip():
            if para:
                yield from _sentences(text, *para)
            para, prev = None, ""
            continue
        if para and _continues(prev, line):
            para = (para[0], b)
        else:
            if para:
                yield from _sentences(text, *para)
            para = (a, b)
        prev = line
    if para:
        yield from _sentences(text, *para)


# A label line lists several people over sentence stops ("Föredragare: Niklas Teodorsson, …,
# Kommunförbundet i Kalmar län. Marie Ragnarsson, …"): it stays one unit.
_LIST_LABEL_RE = re.compile(
    r"^[\s>*_#-]*(?:Föredragare|Föredragande|Föredragning|Föredras[ \t]+av|Dragning[ \t]+av"
    r"|Dragning|Presentatörer|Presentatör|Inledare|Presenteras[ \t]+av)[*_]*[ \t]*:[*_]*",
    re.IGNORECASE | re.MULTILINE,
)


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    if _LIST_LABEL_RE.match(text, start, end) and text.find("\n", start, end) < 0:
        yield from _strip(text, start, end)
        return
    cut = start
    for m in _SENTENCE_END_RE.finditer(text, start, end):
        word = _LAST_WORD_RE.search(text[max(start, m.start() - 12) : m.start()])
        w = word[1].lower() if word else ""
        if text[m.start()] == "." and (w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha())):
            continue
        yield from _strip(text, cut, m.start() + 1)
        cut = m.end()
    yield from _strip(text, cut, end)


def _strip(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b:
        yield a, b


# -- names ---------------------------------------------------------------------------------------


def _is_org_token(tok: str) -> bool:
    low = tok.lower()
    return low in _ORG_WORDS or low.endswith(_ORG_SUFFIXES)


def _is_lead_token(tok: str) -> bool:
    low = tok.lower()
    return low in _LEAD_WORDS or (low.endswith(_TITLE_SUFFIXES) and len(low) > 5)


_NEXT_WORD_RE = re.compile(r"[ \t]+(\w+)")
# Nouns a person's name stands before in the genitive ("Anna Bergs yrkande").
_GENITIVE_NOUNS = {
    "förslag", "yrkande", "yrkanden", "motion", "fråga", "frågor", "begäran", "reservation",
    "anmälan", "skrivelse", "tjänsteskrivelse", "initiativ", "uppdrag", "avgång", "entledigande",
    "avsägelse", "ändringsyrkande", "tilläggsyrkande", "interpellation", "protokollsanteckning",
    "presentation", "redogörelse", "ordförandeskap", "ledning",
}  # fmt: skip


class _People:
    """Name finding for one protocol: the attendance names decide when several readings fit."""

    def __init__(self, attendance: Iterable[Person]) -> None:
        self.known: set[str] = set()
        for p in attendance:
            name = _clean_person_name(p.name)
            self.known.add(name)
            self.known.add(" ".join(name.split()))

    def names(self, text: str, base: int) -> list[_Name]:
        out = []
        for m in _NAME_RUN_RE.finditer(text):
            toks = [(t.start(), t.end(), t[0]) for t in _TOKEN_RE.finditer(m[0])]
            for a, b in self._split(toks):
                s, e = m.start() + a, m.start() + b
                out.append(_Name(base + s, base + e, self._nominative(_norm(m[0][a:b]), text, e)))
        return out

    def _nominative(self, name: str, text: str, end: int) -> str:
        """ "Emilia Haverinens förslag", "Lars-Åke Nyströms yrkande": the person, not the
        genitive."""
        if not name.endswith("s") or name.endswith("ss"):
            return name
        nxt = _NEXT_WORD_RE.match(text, end)
        if name[:-1] in self.known or (nxt and nxt[1] in _GENITIVE_NOUNS):
            return name[:-1]
        return name

    def _split(self, toks: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
        """The person names inside one run of capitalised words (usually none or one)."""
        # Cut at organisation words: "Niklas Teodorsson Kommunförbundet Kalmar län".
        parts: list[list[tuple[int, int, str]]] = [[]]
        for t in toks:
            if _is_org_token(t[2]):
                parts.append([])
            else:
                parts[-1].append(t)
        found = []
        for part in parts:
            while part and _is_lead_token(part[0][2]):
                part = part[1:]
            if len(part) < 2:
                continue
            text = " ".join(t[2] for t in part)
            if len(part) > 4 or text not in self.known:
                # "Nyvalde Karin Jilkén": a listed name at the end of the run wins.
                for k in range(len(part) - 2, 0, -1):
                    if " ".join(t[2] for t in part[k:]) in self.known:
                        part = part[k:]
                        break
            if len(part) > 4:
                continue
            found.append((part[0][0], part[-1][1]))
        return found

    def valid(self, text: str) -> bool:
        toks = text.split()
        return (
            2 <= len(toks) <= 4
            and not any(_is_org_token(t) for t in toks)
            and not _is_lead_token(toks[0])
        )


def _norm(name: str) -> str:
    return " ".join(name.split())


def _clean_person_name(name: str) -> str:
    """An attendance name without the organisation a missing comma glued to it."""
    toks = name.split()
    for i, t in enumerate(toks):
        if i >= 2 and _is_org_token(t):
            return " ".join(toks[:i])
    return _norm(name)


# -- the extractor -------------------------------------------------------------------------------


# An office as written after "utses till": up to the sentence's end, keeping "fr.o.m.".
_ROLE_TEXT = r"(?:[^.;:]|\.(?=\S)){2,120}"


class _Extractor:
    def __init__(self, protocol: Protocol) -> None:
        self.p = protocol
        self.text = protocol.text
        self.people = _People(protocol.attendance)
        secs = sorted(protocol.sections, key=lambda s: s.start)
        self.sec_starts = [s.start for s in secs]
        self.secs = secs
        self.facts: list[Fact] = []

    def section_at(self, offset: int) -> tuple[str | None, str]:
        i = bisect.bisect_right(self.sec_starts, offset) - 1
        if i < 0:
            return None, self.p.title
        s = self.secs[i]
        return s.number, s.title

    def add(
        self,
        kind: str,
        subject: str,
        value: str | None,
        start: int,
        end: int,
        detail: str | None = None,
    ) -> None:
        number, _ = self.section_at(start)
        self.facts.append(Fact(kind, subject, value, start, end, number, detail))

    def run(self) -> list[Fact]:
        for a, b in _units(self.text):
            u = _Unit(a, b, self.text[a:b])
            u.names = self.people.names(u.text, a)
            self.substitutions(u)
            self.appointments(u)
            self.label_roles(u)
            self.inline_roles(u)
            self.presenters(u)
            self.numbers(u)
        self.signature_roles()
        self.attendance()
        return _dedupe(self.facts)

    # -- helpers over one unit ---------------------------------------------------------------

    def chain_after(self, u: _Unit, pos: int, adjacent: bool = False) -> list[_Name]:
        """Names listed from `pos` on: "Linnéa Strand (S)", "Johanna Norrbygård och Tua Backman".
        The first name starts at `pos`, after white space unless `adjacent`."""
        out: list[_Name] = []
        cursor = pos
        for n in u.names:
            if n.start < cursor:
                continue
            gap = self.text[cursor : n.start]
            if not out and (gap if adjacent else gap.strip()):
                break
            if out and not _LIST_GAP_RE.fullmatch(gap):
                break
            out.append(n)
            cursor = n.end
        return out

    def after_party(self, pos: int, end: int) -> int:
        m = _PARTY_RE.match(self.text, pos, end)
        return m.end() if m else pos

    def nearest_before(self, u: _Unit, pos: int, max_gap: int = 130) -> _Name | None:
        """The name a verb at `pos` belongs to, skipping a descriptor between them."""
        cands = []
        for n in u.names:
            if n.end > pos:
                break
            if pos - n.end > max_gap or _STOP_IN_GAP_RE.search(self.text, n.end, pos):
                continue
            before = self.text[max(u.start, n.start - 6) : n.start].lower()
            if _PREPOSITION_END_RE.search(before):
                continue  # "… chef på Anna Lindhs skola": part of a descriptor
            cands.append(n)
        if not cands:
            return None
        known = [n for n in cands if n.text in self.people.known]
        return (known or cands)[-1]

    def nearest_after(self, u: _Unit, pos: int) -> _Name | None:
        for n in u.names:
            if n.start < pos:
                continue
            gap = self.text[pos : n.start]
            if len(gap) <= 40 and _LOWER_GAP_RE.fullmatch(gap):
                return n
            return None
        return None

    # -- substitutions -----------------------------------------------------------------------

    _SUBST_ACTIVE_RE = re.compile(
        r"(?<![\w-])(ersätter|ersatte|ersätta|efterträder|efterträdde|efterträda"
        r"|(?:tjänstgör|tjänstgjorde)(?:[ \t]+som[ \t]+ersättare)?[ \t]+för"
        r"|(?:tjänstgörande[ \t]+)?ersättare[ \t]+för"
        r"|(?:träder|trädde|går|gick)[ \t]+in[ \t]+i[ \t]+stället[ \t]+för"
        r"|inträder[ \t]+för|inträdde[ \t]+för)(?![\w-])"
    )
    _SUBST_INVERTED_RE = re.compile(r"(?<![\w-])(tjänstgör|tjänstgjorde)[ \t]+(?=[A-ZÅÄÖ])")
    _SUBST_PASSIVE_RE = re.compile(
        r"(?<![\w-])(ersätts[ \t]+av|ersattes[ \t]+av|efterträds[ \t]+av|efterträddes[ \t]+av"
        r"|ersätts[ \t]+tillfälligt[ \t]+av)(?![\w-])"
    )

    def substitutions(self, u: _Unit) -> None:
        if len(u.names) < 2:
            return
        for m in self._SUBST_ACTIVE_RE.finditer(u.text):
            pos, end = u.start + m.start(), u.start + m.end()
            who, whom = self.nearest_before(u, pos), self.nearest_after(u, end)
            if who and whom and who.text != whom.text:
                self.add("substitution", who.text, whom.text, u.start, u.end, _active(m[1]))
        for m in self._SUBST_INVERTED_RE.finditer(u.text):
            # "Under sammanträdet tjänstgjorde Lisa Holm (S) för Per Nyström (S)."
            who_list = self.chain_after(u, u.start + m.end(), adjacent=True)
            if len(who_list) != 1:
                continue
            after = self.after_party(who_list[0].end, u.end)
            fm = re.match(r"[ \t]+för[ \t]+", self.text[after : after + 10])
            if not fm:
                continue
            whom = self.nearest_after(u, after + fm.end())
            if whom and whom.start == after + fm.end() and whom.text != who_list[0].text:
                detail = f"{m[1]} för"
                self.add("substitution", who_list[0].text, whom.text, u.start, u.end, detail)
        for m in self._SUBST_PASSIVE_RE.finditer(u.text):
            pos, end = u.start + m.start(), u.start + m.end()
            whom, who = self.nearest_before(u, pos), self.nearest_after(u, end)
            if who and whom and who.text != whom.text:
                self.add("substitution", who.text, whom.text, u.start, u.end, _active(m[1]))

    # -- appointments ------------------------------------------------------------------------

    _APPOINT_VERBS = (
        r"utses|utsågs|utsetts|väljs|valdes|valts|utnämns|utnämndes|utnämnts|förordnas"
        r"|förordnades|nomineras|nominerades"
    )
    _TILL_ROLE_RE = re.compile(
        rf"(?<![\w-])[Tt]ill[ \t]+(?P<role>[^.;:]{{2,90}}?)[ \t]+(?P<verb>{_APPOINT_VERBS})"
        r"(?![\w-])"
    )
    _NAME_FIRST_RE = re.compile(
        rf"\s*(?:{_PARTY})?\s*(?:,[^,.;:]{{1,80}},)?\s*(?:har[ \t]+(?:blivit[ \t]+)?|ska[ \t]+)?"
        rf"(?P<verb>{_APPOINT_VERBS})[ \t]+(?P<prep>till|att|som)[ \t]+(?P<role>{_ROLE_TEXT})"
    )
    _ROLE_AFTER_RE = re.compile(rf"\s*(?P<prep>till|att|som)[ \t]+(?P<role>{_ROLE_TEXT})")
    _ACTIVE_RE = re.compile(
        r"(?<![\w-])(?P<verb>utse|utser|utsåg|välja|väljer|valde|utnämna|utnämner|utnämnde"
        r"|förordna|förordnar|förordnade)[ \t]+"
    )
    _ROLE_END_RE = re.compile(
        r",|\s+(?:för[ \t]+(?:tiden|perioden|mandatperioden|resten|återstoden|år)"
        r"|från[ \t]+och[ \t]+med|fr\.?o\.?m|t\.?o\.?m|till[ \t]+och[ \t]+med|efter|med[ \t]+"
        r"|samt|och[ \t]+att|tillsammans|jämte|fram[ \t]+till|under)\b"
    )

    def _role_text(self, prep: str, role: str) -> str | None:
        role = _norm(role)
        if "justera" in role.lower():
            return "justerare"
        if prep == "att":
            return None  # "utses att utreda …": an assignment, not an office
        m = self._ROLE_END_RE.search(role)
        role = (role[: m.start()] if m else role).strip()
        if not role or len(role) > 70 or len(role.split()) > 8:
            return None
        return role

    def appointments(self, u: _Unit) -> None:
        if not u.names:
            return
        for m in self._TILL_ROLE_RE.finditer(u.text):
            names = self.chain_after(u, u.start + m.end())
            role = self._role_text("till", m["role"])
            for n in names:
                if role:
                    self._appoint(u, n, role, m["verb"])
        for n in u.names:
            nm = self._NAME_FIRST_RE.match(self.text, n.end, u.end)
            if nm:
                role = self._role_text(nm["prep"], nm["role"])
                if role:
                    # "Åsa Öberg och Ali Haddad utses att justera": everyone in the list.
                    for who in self._chain_ending(u, n):
                        self._appoint(u, who, role, nm["verb"])
        for m in self._ACTIVE_RE.finditer(u.text):
            names = self.chain_after(u, u.start + m.end())
            if not names:
                continue
            last = self.after_party(names[-1].end, u.end)
            rest = self._ROLE_AFTER_RE.match(self.text, last, u.end)
            if rest:
                role = self._role_text(rest["prep"], rest["role"])
                for n in names:
                    if role:
                        self._appoint(u, n, role, m["verb"])

    def _chain_ending(self, u: _Unit, last: _Name) -> list[_Name]:
        i = u.names.index(last)
        chain = [last]
        while i > 0:
            prev = u.names[i - 1]
            gap = self.text[prev.end : chain[0].start]
            if not _LIST_GAP_RE.fullmatch(gap):
                break
            chain.insert(0, prev)
            i -= 1
        return chain

    def _appoint(self, u: _Unit, n: _Name, role: str, verb: str) -> None:
        self.add("appointment", n.text, role, u.start, u.end, verb.lower())
        if role == "justerare":
            self.add("role", n.text, "justerare", u.start, u.end)

    # -- roles -------------------------------------------------------------------------------

    _LABEL_RE = re.compile(
        rf"^[\s>*_#-]*(?P<role>{_ROLE_ALT}|[Oo]rdf\.|[Vv]ice[ \t]+ordf\.)[*_]*[ \t]*"
        r"(?P<colon>:)?[*_]*[ \t]*",
        re.IGNORECASE,
    )
    _ROLE_IS_RE = re.compile(
        rf"^[\s>*_#-]*(?P<role>{_ROLE_ALT})[ \t]+(?:är|var|blev)[ \t]+", re.IGNORECASE
    )
    _AFTER_NAME_RE = re.compile(
        rf"(?:\s*{_PARTY})?\s*(?:\((?P<abbr>ordf\.?|ordförande|sekr\.?|sekreterare|justerare|"
        rf"vice[ \t]+ordf\.?|vice[ \t]+ordförande)\)"
        rf"|,?[ \t]*(?P<gen>[{_LO}][{_LO}-]{{4,}}s[ \t]+)?(?P<role>vice[ \t]+ordförande|"
        rf"viceordförande|ordförande|ordf\.|sekreterare|justerare)(?![\w-]))"
    )
    _ORG_AFTER_RE = re.compile(r"[ \t]+(?:(?:i|för|inom|vid)[ \t]+)?(?P<org>[^,.;:()\n]{2,80})")

    def label_roles(self, u: _Unit) -> None:
        """ "Ordförande: Göran Ekström", "**Justerare:** Helén Marklund (M)", "Sekreterare
        Mikael Dahl", "Ordförande Anna Hasselbom Trofast, …", "Vice ordförande är Petter
        Nordh"."""
        m = self._ROLE_IS_RE.match(u.text) or self._LABEL_RE.match(u.text)
        if not m:
            return
        role = _normal_role(m["role"])
        if role is None:
            return
        names = self.chain_after(u, u.start + m.end())
        for n in names:
            self.add("role", n.text, role, u.start, u.end)

    def inline_roles(self, u: _Unit) -> None:
        """ "Sofia Hartz, vice ordförande i Läns-gemensam ledning", "Ulf Rane (M), ordförande",
        "Andreas Erlandsson ordförande kommunförbundet i Kalmar län", "Anna Berg (ordf.)"."""
        for n in u.names:
            m = self._AFTER_NAME_RE.match(self.text, n.end, u.end)
            if not m:
                continue
            role = _normal_role(m["abbr"] or m["role"])
            if role is None:
                continue
            detail = None
            if m["gen"]:
                detail = m["gen"].strip()[:-1]  # "kommunstyrelsens" → "kommunstyrelsen"
            elif m["role"]:
                detail = self._org_after(m.end(), u.end)
            self.add("role", n.text, role, u.start, u.end, detail)

    def _org_after(self, pos: int, end: int) -> str | None:
        m = self._ORG_AFTER_RE.match(self.text, pos, end)
        if not m:
            return None
        org = re.split(r"[ \t]+(?:och|samt|som|där|med|hälsa\w*|,)[ \t]+", m["org"])[0].strip()
        words = org.split()
        if not words or len(words) > 6:
            return None
        has_prep = bool(re.match(r"^[ \t]+(?:i|för|inom|vid)[ \t]", self.text[pos:end]))
        first = words[0]
        if not has_prep and not (first[0].isupper() or _is_org_token(first)):
            return None  # "ordförande hälsar …": no organisation stated
        return org

    def signature_roles(self) -> None:
        """Signature blocks: "Sekreterare" over "Mikael Dahl", or "Mikael Lindvall\tSolveig Rif"
        over "ordförande\tprotokollförare"."""
        text = self.text
        lines = [(a, b) for a, b in _lines(text)]
        nonempty = [i for i, (a, b) in enumerate(lines) if text[a:b].strip()]
        for k, i in enumerate(nonempty):
            a, b = lines[i]
            cells = text[a:b].split("\t")
            roles = [_normal_role_line(c) for c in cells]
            if not any(roles):
                continue
            nxt = nonempty[k + 1] if k + 1 < len(nonempty) else None
            prv = nonempty[k - 1] if k > 0 else None
            # A heading over a name ("Justerare" / "Åsa Öberg (C)"), within two lines.
            if nxt is not None and nxt - i <= 2 and self._cells_roles(roles, lines[nxt], a):
                continue
            # A caption under a name, directly below it ("Mikael Lindvall" / "ordförande").
            if prv is not None and prv == i - 1 and all(r for r in roles if r is not None):
                self._cells_roles(roles, lines[prv], lines[prv][0], caption_end=b)

    def _cells_roles(
        self,
        roles: list[str | None],
        name_line: tuple[int, int],
        span_start: int,
        caption_end: int | None = None,
    ) -> bool:
        a, b = name_line
        cells, pos, found = [], a, False
        for c in self.text[a:b].split("\t"):
            cells.append((pos, c))
            pos += len(c) + 1
        if len(cells) != len(roles):
            return False
        for (_, cell), role in zip(cells, roles, strict=True):
            if role is None:
                continue
            m = _NAME_RUN_RE.search(cell)
            if not m or cell[: m.start()].strip(" *_") or not self.people.valid(_norm(m[0])):
                continue
            tail = cell[m.end() :].strip()
            if tail and not re.fullmatch(rf"{_PARTY}\s*\**|,.*", tail):
                continue
            name = _norm(m[0])
            end = caption_end if caption_end is not None else b
            self.add("role", name, role, span_start, end)
            found = True
        return found

    # -- presenters --------------------------------------------------------------------------

    _LABEL_PRESENTER_RE = _LIST_LABEL_RE
    _PRESENT_VERBS = (
        r"(?:inleder|inledde)[ \t]+(?:punkten|ärendet|dragningen|med[ \t]+att[ \t]+(?:redogöra"
        r"|presentera|beskriva|berätta|informera|redovisa|gå[ \t]+igenom|ge[ \t]+en))"
        r"|berättar|berättade|presenterar|presenterade|beskriver|beskrev|redogör|redogjorde"
        r"|redovisar|redovisade|informerar|informerade|föredrar|föredrog"
        r"|går[ \t]+igenom|gick[ \t]+igenom"
        # "… hälsade alla välkomna": who opens the meeting presents its first item.
        r"|(?:hälsar|hälsade)(?=[ \t][^.;:]{0,80}?välkom)"
        r"|(?:ger|gav)[ \t]+(?:en|ett)[ \t]+(?:kort[ \t]+)?(?:tillbakablick|inblick|lägesbild"
        r"|bild|genomgång|presentation|information|redogörelse|översikt|introduktion"
        r"|föredragning|dragning|bakgrund|rapport|uppdatering|lägesrapport)"
    )
    _PRESENT_VERB_RE = re.compile(rf"(?<![\w-])(?:{_PRESENT_VERBS})(?![\w-])")
    _INVERTED_PRESENT_RE = re.compile(
        rf"(?<![\w-])(berättar|berättade|presenterar|presenterade|beskriver|beskrev|redogör"
        rf"|redogjorde|redovisar|redovisade|informerar|informerade|ger|gav|inleder|inledde)"
        rf"[ \t]+(?=[{_UP}])"
    )
    _GIVE_TAIL = re.compile(
        r"[ \t]+(?:en|ett)[ \t]+(?:kort[ \t]+)?(?:tillbakablick|inblick|lägesbild|bild"
        r"|genomgång|presentation|information|redogörelse|översikt|introduktion|föredragning"
        r"|dragning|bakgrund|rapport|uppdatering|lägesrapport)(?![\w-])"
    )
    _OPEN_TAIL = re.compile(
        r"[ \t]+(?:punkten|ärendet|dragningen|med[ \t]+att[ \t]+(?:redogöra|presentera|beskriva"
        r"|berätta|informera|redovisa|gå[ \t]+igenom|ge[ \t]+en))(?![\w-])"
    )
    _ABOUT_TAIL = re.compile(r"[ \t]+(?:om|hur|att|kort|för|ärendet|förslaget|läget)(?![\w-])")
    _INVERTED_TAIL = {
        "ger": _GIVE_TAIL,
        "gav": _GIVE_TAIL,
        "inleder": _OPEN_TAIL,
        "inledde": _OPEN_TAIL,
        "berättar": _ABOUT_TAIL,
        "berättade": _ABOUT_TAIL,
        "presenterar": _ABOUT_TAIL,
        "presenterade": _ABOUT_TAIL,
        "beskriver": _ABOUT_TAIL,
        "beskrev": _ABOUT_TAIL,
        "redogör": _ABOUT_TAIL,
        "redogjorde": _ABOUT_TAIL,
        "redovisar": _ABOUT_TAIL,
        "redovisade": _ABOUT_TAIL,
        "informerar": _ABOUT_TAIL,
        "informerade": _ABOUT_TAIL,
    }
    _PASSIVE_PRESENT_RE = re.compile(
        r"(?<![\w-])(?:inleds|inleddes|föredras|föredrogs|presenteras|presenterades|redovisas"
        r"|redovisades)[ \t]+av[ \t]+"
    )
    _SEGMENT_SPLIT_RE = re.compile(r"\s*(?:,|;|(?<![\w-])(?:och|samt|tillsammans med)(?![\w-]))\s*")

    def presenters(self, u: _Unit) -> None:
        if not u.names:
            return
        _, title = self.section_at(u.start)
        if m := self._LABEL_PRESENTER_RE.match(u.text):
            for n in self._listed(u, u.start + m.end(), u.end):
                self.add("presenter", n.text, title, u.start, u.end)
            return
        for m in self._PASSIVE_PRESENT_RE.finditer(u.text):
            for n in self.chain_after(u, u.start + m.end()):
                self.add("presenter", n.text, title, u.start, u.end)
        subjects: list[_Name] = []
        if vm := self._PRESENT_VERB_RE.search(u.text):
            # Subject first: "Marie Ragnarsson och Niklas Teodorsson berättar om …".
            subjects = self._listed(u, u.start, u.start + vm.start(), subject=True)
        if not subjects:
            # Verb first: "I anslutning till detta gav Sofia Hartz en tillbakablick …".
            for im in self._INVERTED_PRESENT_RE.finditer(u.text):
                names = self.chain_after(u, u.start + im.end(), adjacent=True)
                if not names:
                    continue
                tail = self.text[self.after_party(names[-1].end, u.end) : u.end]
                if self._INVERTED_TAIL[im[1].lower()].match(tail):
                    subjects = names
                    break
        for n in subjects:
            self.add("presenter", n.text, title, u.start, u.end)

    def _listed(self, u: _Unit, start: int, end: int, subject: bool = False) -> list[_Name]:
        """Names listed between `start` and `end` as "name[, descriptor]" entries.

        With `subject`, the span is a sentence's subject: it must open with a name and every
        entry must be a name or a short descriptor ("vice ordförande i …"), so a sentence where
        a name merely occurs before the verb gives nothing."""
        span = self.text[start:end]
        names = [n for n in u.names if start <= n.start and n.end <= end]
        if not names:
            return []
        out: list[_Name] = []
        pos = 0
        for seg_m in re.finditer(r"[^,;]+", span):
            for seg in self._SEGMENT_SPLIT_RE.split(seg_m[0]):
                seg_at = span.find(seg, pos) if seg else pos
                if not seg.strip():
                    continue
                pos = seg_at + len(seg)
                a = start + seg_at
                inside = [n for n in names if a <= n.start < a + len(seg)]
                if inside:
                    n = inside[0]
                    prefix = self.text[a : n.start]
                    if not _title_prefix(prefix):
                        if subject:
                            return []
                        continue
                    rest = self.text[self.after_party(n.end, a + len(seg)) : a + len(seg)]
                    if subject and rest.strip() and not _title_start(rest):
                        return []
                    out.append(n)
                elif subject and (not out or len(seg.split()) > 12):
                    return []
        return out

    # -- numbers -----------------------------------------------------------------------------

    _COUNT_NOUNS = (
        "deltagare", "personer", "ledamöter", "ersättare", "närvarande", "medlemmar",
        "medarbetare", "anställda", "tjänster", "årsarbetare", "heltidstjänster", "elever",
        "barn", "ungdomar", "invånare", "brukare", "patienter", "kunder", "besökare", "sökande",
        "bostäder", "lägenheter", "platser", "ärenden", "beslut", "yttranden", "remissvar",
        "synpunkter", "motioner", "medborgarförslag", "ansökningar", "ja-röster", "nej-röster",
        "röster", "kronor", "kr", "tkr", "mkr", "mnkr", "msek", "euro", "eur", "kommuner",
        "regioner", "fullmäktige", "kommunfullmäktige", "nämnder", "möten", "sammanträden",
        "utbildningar", "temaområden", "verksamheter", "enheter", "skolor", "förskolor",
    )  # fmt: skip
    _NUMBER = r"\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
    _SPELLED = (
        r"två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tretton|fjorton|femton|sexton"
        r"|sjutton|arton|nitton|tjugo"
    )
    _APPROX = (
        r"ca\.?|cirka|omkring|ungefär|drygt|knappt|nästan|närmare|runt|över|under|totalt"
        r"|sammanlagt|minst|högst|mer[ \t]+än|fler[ \t]+än|färre[ \t]+än"
    )
    _SCALE = r"miljoner|miljarder|miljon|miljard|tusen|mdr|milj\.?"
    _COUNT_RE = re.compile(
        rf"(?<![\w,.§-])(?:(?P<approx>(?i:{_APPROX}))[ \t]+)?"
        rf"(?P<num>mellan[ \t]+(?:{_NUMBER})[ \t]+och[ \t]+(?:{_NUMBER})"
        rf"|(?:{_NUMBER})(?:[ \t]*[–-][ \t]*(?:{_NUMBER})|[ \t]+av[ \t]+(?:{_NUMBER}))?"
        rf"|(?:{_SPELLED})(?:[ \t]+av[ \t]+(?:{_SPELLED}))?)"
        rf"(?:[ \t]+(?P<scale>{_SCALE}))?[ \t]+(?P<noun>{'|'.join(_COUNT_NOUNS)})(?![\w-])",
    )
    _VOTE_RE = re.compile(
        r"(?<![\w,.-])(?P<num>\d{1,4})[ \t]+(?P<side>ja|nej)(?:-?röst(?:er)?)?(?![\w-])"
        r"|(?<![\w-])(?P<side2>Ja|Nej|JA|NEJ)[ \t]*:[ \t]*(?P<num2>\d{1,4})(?![\w-]|[,.]\d)"
        r"|(?<![\w,.-])(?P<num3>\d{1,4})[ \t]+(?P<abst>avstod|avstår|nedlagda[ \t]+röster"
        r"|röstade[ \t]+blankt|avstående)(?![\w-])"
    )
    _VOTES_AGAINST_RE = re.compile(
        r"(?<![\w-])med[ \t]+(?P<a>\d{1,4})[ \t]+röster[ \t]+mot[ \t]+(?P<b>\d{1,4})"
        r"(?![\w-]|[,.]\d)"
    )

    def numbers(self, u: _Unit) -> None:
        t = u.text
        if not _ANY_NUMBER_RE.search(t):
            return
        for m in self._COUNT_RE.finditer(t):
            noun = m["noun"].lower()
            num = m["num"]
            if _ITEM_NUMBER_RE.search(t[max(0, m.start() - 8) : m.start()]):
                continue  # "§ 116 Medborgarförslag …" numbers an item, it counts nothing
            if not re.search(r"\d", num) and noun in _NOT_SPELLED:
                continue  # "tre kronor" is rarely a stated amount
            if re.fullmatch(r"(?:19|20)\d\d", num) and noun not in _MONEY:
                continue  # a year: "Sammanträdesplan 2025 beslut …"
            if noun in ("ja-röster", "nej-röster") or (
                noun == "röster" and _AGAINST_RE.match(t, m.end())
            ):
                continue  # counted by the vote rules below
            value = num
            if m["approx"]:
                value = f"{m['approx']} {value}"
            if m["scale"]:
                value = f"{value} {m['scale']}"
            self.add("number", noun, _norm(value), u.start, u.end, _context(t, m.start(), m.end()))
        voting = _VOTING_RE.search(t)
        if voting or _VOTE_LABEL_RE.search(t):
            for m in self._VOTE_RE.finditer(t):
                if not voting and not m["side2"]:
                    continue  # "7 ja" counts votes only where a vote is spoken of
                if m["abst"]:
                    subject, num = "nedlagda röster", m["num3"]
                else:
                    side = (m["side"] or m["side2"]).lower()
                    subject, num = f"{side}-röster", m["num"] or m["num2"]
                self.add("number", subject, num, u.start, u.end, _context(t, m.start(), m.end()))
            for m in self._VOTES_AGAINST_RE.finditer(t):
                value = f"{m['a']} mot {m['b']}"
                self.add("number", "röster", value, u.start, u.end, _context(t, m.start(), m.end()))

    # -- attendance --------------------------------------------------------------------------

    def attendance(self) -> None:
        text = self.text
        heads: dict[int, list[tuple[int, str]]] = {}  # section start → (line start, list name)
        for sec in self.secs:
            if sec.kind != "attendance":
                continue
            found = []
            for a, b in _line_spans(text, sec.start, sec.end):
                h = _heading_word(text[a:b])
                if h:
                    found.append((a, h))
            heads[sec.start] = found
        for person in self.p.attendance:
            a = text.rfind("\n", 0, person.start) + 1
            b = text.find("\n", person.start)
            b = len(text) if b < 0 else b
            line = text[a:b]
            name = _clean_person_name(person.name)
            org = person.organisation
            if name != _norm(person.name):
                org = org or _norm(person.name)[len(name) :].strip() or None
            i = bisect.bisect_right(self.sec_starts, person.start) - 1
            listed = person.role
            if i >= 0 and self.secs[i].start in heads:
                before = [h for s, h in heads[self.secs[i].start] if s <= a]
                listed = before[-1] if before else listed
            value, roles, own_list = _split_organisation(org, line)
            start, end = _strip_span(text, a, b)
            self.add("attendance", name, value, start, end, own_list or listed)
            for role, where in roles:
                self.add("role", name, role, start, end, where)


_MONEY = {"kronor", "kr", "tkr", "mkr", "mnkr", "msek", "euro", "eur"}
_NOT_SPELLED = _MONEY | {"beslut", "röster"}
_ITEM_NUMBER_RE = re.compile(r"(?:§|\bnr|\bpunkt|\bkl\.?)\s*$")


def _line_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        yield pos, stop
        pos = stop + 1


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    spans = list(_strip(text, a, b))
    return spans[0] if spans else (a, b)


def _heading_word(line: str) -> str | None:
    """The list or role a bare heading line names: "Beslutande", "**Ledamöter**", "Ordförande"."""
    h = line.strip().strip("#*_ ").rstrip(":").strip("*_ ").lower()
    h = " ".join(h.split())
    if h in _ATTENDANCE_LIST_WORDS:
        return h
    role = _ROLE_NORMAL.get(h)
    if role:
        return role
    if h in {"justering", "underskrifter", "sekreterare", "justerare"}:
        return h
    return None


def _normal_role(raw: str | None) -> str | None:
    if not raw:
        return None
    r = " ".join(raw.lower().split())
    return _ROLE_NORMAL.get(r) or _ROLE_NORMAL.get(r.rstrip("."))


def _normal_role_line(cell: str) -> str | None:
    """The role a signature caption or heading cell states, alone: "Sekreterare", "ordförande"."""
    h = " ".join(cell.strip().strip("#*_ ").rstrip(":").strip("*_ ").lower().split())
    return _ROLE_NORMAL.get(h) if h else None


def _split_organisation(
    org: str | None, line: str
) -> tuple[str | None, list[tuple[str, str | None]], str | None]:
    """An attendance entry's organisation without the roles written beside it, the roles, and
    the list an entry names for itself ("Märta Ågren (C), tjänstgörande ersättare").

    "Hammarviks kommun, ordförande" → ("Hammarviks kommun", [("ordförande", None)]);
    "ordförande, riksbanksfullmäktige" → ("riksbanksfullmäktige", [("ordförande",
    "riksbanksfullmäktige")]); "Ekbacka kommun, kommunstyrelsens ordförande" → ("Ekbacka kommun",
    [("ordförande", "kommunstyrelsen")])."""
    if not org:
        return None, [], None
    if re.match(r"^(?:som|har|är|var|och)\b", org.strip()) or _states_substitution(line):
        return None, [], None  # "… ersätter Tomas Lind (C), som har anmält förhinder."
    parts = [p.strip() for p in org.split(",")]
    keep: list[str] = []
    roles: list[tuple[str, str | None]] = []
    listed = None
    for i, part in enumerate(parts):
        bare = re.sub(r"\s*\([^)]*\)\s*$", "", part).strip()
        role = _normal_role(bare)
        if " ".join(bare.lower().split()) in _ATTENDANCE_LIST_WORDS:
            listed = " ".join(bare.lower().split())
            continue
        gen = re.fullmatch(rf"([{_LO}][{_LO}-]{{4,}})s[ \t]+(vice ordförande|ordförande)", bare)
        if role:
            after = [p for p in parts[i + 1 :] if p and not _normal_role(p)]
            where = after[0] if after and _org_like(after[0]) else None
            roles.append((role, where))
        elif gen:
            roles.append((_normal_role(gen[2]) or gen[2], gen[1]))
        elif part:
            keep.append(part)
    value = ", ".join(keep) if keep else None
    if value is not None and value not in org:
        value = keep[0]  # keep a verbatim piece of the line
    return value, roles, listed


# How a substitution reads with the newcomer first, so "{subject} {detail} {value}" is a
# sentence: "Per Nyström ersätts av Lisa Holm" → "Lisa Holm ersätter Per Nyström".
_ACTIVE_VERB = {
    "ersätts av": "ersätter",
    "ersattes av": "ersatte",
    "ersätts tillfälligt av": "ersätter tillfälligt",
    "efterträds av": "efterträder",
    "efterträddes av": "efterträdde",
    "ersätta": "ersätter",
    "efterträda": "efterträder",
    "ersättare för": "tjänstgör för",
    "tjänstgörande ersättare för": "tjänstgör för",
}


def _active(verb: str) -> str:
    v = _norm(verb).lower()
    return _ACTIVE_VERB.get(v, v)


def _states_substitution(line: str) -> bool:
    return bool(
        _Extractor._SUBST_ACTIVE_RE.search(line) or _Extractor._SUBST_PASSIVE_RE.search(line)
    )


def _org_like(s: str) -> bool:
    """ "riksbanksfullmäktige", "Region Norrvik": an organisation, not "på distans"."""
    w = s.split()
    return bool(w) and (w[0][0].isupper() or any(_is_org_token(t) for t in w))


def _title_prefix(prefix: str) -> bool:
    """Words allowed before a name in a list entry: none, or a short title
    ("vice riksbankschef", "Föredragare")."""
    words = prefix.replace("*", " ").split()
    if len(words) > 3:
        return False
    return all(_is_lead_token(w.strip(".:")) or w in _TITLE_WORDS or w in "-–•" for w in words)


_TITLE_WORDS = {"vice", "leg.", "leg", "tf", "t.f.", "förste", "andre", "biträdande", "f.d."}


def _title_start(rest: str) -> bool:
    """Whether what follows a name in a subject entry is a descriptor, not a new clause:
    "ordförande kommunförbundet …", "leg. psykoterapeut …", "(S)"."""
    w = rest.strip().split()
    if not w:
        return True
    first = w[0].lower().strip(".,")
    return (
        first in {"vice", "leg", "tf", "t.f", "förste", "andre", "ordförande", "biträdande"}
        or first.endswith(_TITLE_SUFFIXES)
        or first.endswith(_ORG_SUFFIXES)
    )


def _context(text: str, a: int, b: int, before: int = 5, after: int = 4) -> str:
    """The words around a match, verbatim: "med ca 85 deltagare." """
    lo, hi = max(0, a - 120), min(len(text), b + 100)
    left = [m.start() for m in _WORD_RE.finditer(text, lo, a)]
    if left and lo > 0 and left[0] == lo and not text[lo - 1].isspace():
        left = left[1:]  # the window cut that word
    right = [m.end() for m in _WORD_RE.finditer(text, b, hi)]
    start = left[-before] if len(left) >= before else (left[0] if left else a)
    end = right[after - 1] if len(right) >= after else (right[-1] if right else b)
    return _norm(text[start:end])


def _dedupe(facts: list[Fact]) -> list[Fact]:
    """One fact per (kind, subject, value, detail); the first statement in the text is kept. A
    role without its organisation goes when the same role is stated with one."""
    placed = {(f.subject, f.value) for f in facts if f.kind == "role" and f.detail}
    seen: set[tuple[str, str, str | None, str | None]] = set()
    out = []
    for f in sorted(facts, key=lambda f: (f.start, f.end, f.kind)):
        key = (f.kind, f.subject, f.value, f.detail)
        if key in seen or (f.kind == "role" and not f.detail and (f.subject, f.value) in placed):
            continue
        seen.add(key)
        out.append(f)
    return out


def extract_facts(protocol: Protocol) -> list[Fact]:
    """All facts the protocol's text states, in text order (pure; no I/O)."""
    return _Extractor(protocol).run()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence or stand-alone line of a protocol's text, with the same
    rules the facts are read with: abbreviations ("leg.", "bl.a.") do not end a sentence, and a
    sentence wrapped over lines stays one."""
    return list(_units(text))


def person_names(text: str) -> list[str]:
    """Person names in a piece of text (2–4 capitalised words, organisations and sentence
    openers left out), as the facts find them."""
    return [n.text for n in _People(()).names(text, 0)]
