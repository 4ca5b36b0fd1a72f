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
from protokoll.ingest.lexicon import alternation, lexicon
from protokoll.ingest.records import Fact

_LEX = lexicon()
_WORDS = _LEX.presenting
_VERBS = _LEX.verbs["presenting"]

# What must follow a verb that presents only with it (see [presenting.requires] in the lexicon).
_OPENED = rf"{alternation(_WORDS.opened)}|med[ \t]+att[ \t]+(?:{alternation(_WORDS.opened_by)})"
_TALK = rf"(?:en|ett)[ \t]+(?:kort[ \t]+)?(?:{alternation(_WORDS.talks)})"
_AFTER: dict[str | None, str] = {
    None: "",
    "opened": rf"[ \t]+(?:{_OPENED})",
    "talk": rf"[ \t]+{_TALK}",
    "welcome": r"(?=[ \t][^.;:]{0,80}?välkom)",
}


def _verbs(requirement: str | None) -> list[str]:
    return [v for v in _VERBS if _WORDS.requires.get(v) == requirement]


# Subject first: "Jon Ås berättar om …", "Jon Ås inleder punkten", "Jon Ås gav en tillbakablick".
_PRESENT_VERB_RE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(f"(?:{alternation(_verbs(req))}){after}" for req, after in _AFTER.items())
    + r")(?![\w-])"
)
# Verb first ("gav Sofia Hartz en tillbakablick …"), then what must follow the presenter's name.
# A welcome, and a verb with a particle ("går igenom"), are read with the presenter first only.
_TAIL = {
    None: re.compile(rf"[ \t]+(?:{alternation(_WORDS.topic_openers)})(?![\w-])"),
    "opened": re.compile(rf"[ \t]+(?:{_OPENED})(?![\w-])"),
    "talk": re.compile(rf"[ \t]+{_TALK}(?![\w-])"),
}
_INVERTED_TAIL = {
    v: _TAIL[req]
    for v in _VERBS
    if (req := _WORDS.requires.get(v)) in _TAIL and " " not in v and v not in _WORDS.not_inverted
}
_INVERTED_PRESENT_RE = re.compile(rf"(?<![\w-])({alternation(_INVERTED_TAIL)})[ \t]+(?=[{UP}])")
_PASSIVE_PRESENT_RE = re.compile(
    rf"(?<![\w-])(?:{alternation(_LEX.verbs['presenting_passive'])})[ \t]+av[ \t]+"
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
