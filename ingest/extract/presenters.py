"""Presenter facts: who presented an item ("Jon Ås berättar om läget", "Föredragare: Jon Ås").

`value` is the title of the item presented. A name merely occurring before a presenting verb is
no presenter: the sentence's subject must be a list of names with short descriptors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from protokoll.ingest.extract.names import UP, Name, title_prefix, title_start
from protokoll.ingest.extract.reading import Reading
from protokoll.ingest.extract.units import LIST_LABEL_RE, Unit
from protokoll.ingest.records import Fact

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
    rf"[ \t]+(?=[{UP}])"
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


def presenters(r: Reading, u: Unit) -> Iterator[Fact]:
    if not u.names:
        return
    _, title = r.section_at(u.start)
    if m := LIST_LABEL_RE.match(u.text):
        for n in _listed(r, u, u.start + m.end(), u.end):
            yield r.fact("presenter", n.text, title, u.start, u.end)
        return
    for m in _PASSIVE_PRESENT_RE.finditer(u.text):
        for n in r.chain_after(u, u.start + m.end()):
            yield r.fact("presenter", n.text, title, u.start, u.end)
    subjects: list[Name] = []
    if vm := _PRESENT_VERB_RE.search(u.text):
        # Subject first: "Marie Ragnarsson och Niklas Teodorsson berättar om …".
        subjects = _listed(r, u, u.start, u.start + vm.start(), subject=True)
    if not subjects:
        # Verb first: "I anslutning till detta gav Sofia Hartz en tillbakablick …".
        for im in _INVERTED_PRESENT_RE.finditer(u.text):
            names = r.chain_after(u, u.start + im.end(), adjacent=True)
            if not names:
                continue
            tail = r.text[r.after_party(names[-1].end, u.end) : u.end]
            if _INVERTED_TAIL[im[1].lower()].match(tail):
                subjects = names
                break
    for n in subjects:
        yield r.fact("presenter", n.text, title, u.start, u.end)


def _listed(r: Reading, u: Unit, start: int, end: int, subject: bool = False) -> list[Name]:
    """Names listed between `start` and `end` as "name[, descriptor]" entries.

    With `subject`, the span is a sentence's subject: it must open with a name and every
    entry must be a name or a short descriptor ("vice ordförande i …"), so a sentence where
    a name merely occurs before the verb gives nothing."""
    span = r.text[start:end]
    names = [n for n in u.names if start <= n.start and n.end <= end]
    if not names:
        return []
    out: list[Name] = []
    pos = 0
    for seg_m in re.finditer(r"[^,;]+", span):
        for seg in _SEGMENT_SPLIT_RE.split(seg_m[0]):
            seg_at = span.find(seg, pos) if seg else pos
            if not seg.strip():
                continue
            pos = seg_at + len(seg)
            a = start + seg_at
            inside = [n for n in names if a <= n.start < a + len(seg)]
            if inside:
                n = inside[0]
                prefix = r.text[a : n.start]
                if not title_prefix(prefix):
                    if subject:
                        return []
                    continue
                rest = r.text[r.after_party(n.end, a + len(seg)) : a + len(seg)]
                if subject and rest.strip() and not title_start(rest):
                    return []
                out.append(n)
            elif subject and (not out or len(seg.split()) > 12):
                return []
    return out
