"""Attendance lists in a protocol's text: their headings, where a list ends, and its people.

A list opens with a heading ("Närvarande", "Beslutande", "Följande ledamöter har deltagit i
beslutet: …") and holds names, roles, parties and sub-headings. It ends at the first paragraph
that is running prose ("Det noterades att …", "I betänkandet behandlar utskottet …"), or at the
headings right above that paragraph: what follows is what the meeting said, not who was there,
and it must be read as content.
"""

from __future__ import annotations

import re

from protokoll.ingest.lexicon import lexicon
from protokoll.ingest.records import Person, Section
from protokoll.ingest.text import Line, is_blank

_LEX = lexicon()
# Headings that open a block of names: attendance lists and signatures.
ATTENDANCE_HEADINGS = _LEX.attendance_headings

# "[X] Lindvall Mikael, ordförande\t[ ] Eklund Karita": attendance as ticked boxes.
_CHECKBOX_RE = re.compile(r"\[([ xX])\][ \t]*")
_BULLET_RE = re.compile(r"^(?:[-*•–][ \t]+)+")
_NAME_RE = re.compile(r"^[A-ZÅÄÖÉÜ][\w'’.-]+(?:[ -][A-ZÅÄÖÉÜa-zåäö][\w'’.-]+){1,4}$")
# A person's name as a line of its own: every word capitalised, but for the particles of
# Swedish, Finnish-Swedish and foreign surnames.
_PERSON_LINE_RE = re.compile(
    r"^[A-ZÅÄÖÉÜ][\w'’.-]+(?:[ -](?:[A-ZÅÄÖÉÜ][\w'’.-]+|af|av|von|van|der|de|la|du)){1,4}$"
)
# A list's own entry, however long its note: a name before a party or a role ("Anna Ek (S)
# ordförande, deltog inte i beslutet i § 5.", "Märta Ågren (C) ersätter Tomas Lind (C), som har
# anmält förhinder."). It stays in the list, whose people are read line by line.
_ENTRY_START_RE = re.compile(
    r"^[ \t]*[A-ZÅÄÖÉÜ][\w'’.-]+(?:[ -][A-ZÅÄÖÉÜ][\w'’.-]+){1,3}[ \t]*[(,]"
)
_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
# A paragraph of prose has this many words, and this share of them in lower case (a list of
# names with their roles has few: "Bo Broman, ordförande, riksbanksfullmäktige").
_PROSE_WORDS = 8
_PROSE_LOWER_SHARE = 0.4


def clean_heading(s: str) -> str:
    return s.strip().strip("#*_ ").rstrip(":").strip()


def attendance_heading(line: str) -> str | None:
    h = clean_heading(line).lower()
    return h if h in ATTENDANCE_HEADINGS else None


def inline_attendance(line: str) -> tuple[str, str] | None:
    """ "NÄRVARANDE:\tErik Thedéen, ordförande", "Följande ledamöter har deltagit i beslutet:
    Anna Johansson (S), …", and in the municipal template's column of labels
    "Beslutande\tAnn-Marie Lundqvist (C), ordförande": an attendance heading with its first
    names on the same line."""
    at = _inline_start(line)
    if at is None:
        return None
    head, rest = line[: at - 1], line[at:]
    rest = re.sub(r"^[*_]+", "", rest)  # "**Förhinder:** Per Strömberg": the label's emphasis
    if not rest.strip() or (line[at - 1] == "\t" and not rest.strip()[:1].isupper()):
        return None
    h = clean_heading(head).lower()
    return (h, rest) if h in ATTENDANCE_HEADINGS else None


def inline_heading(line: str) -> str:
    """The heading of a line that `inline_attendance` reads, as written ("Beslutande")."""
    at = _inline_start(line)
    return clean_heading(line[: at - 1] if at is not None else line)


def _inline_start(raw: str) -> int | None:
    """Where the names would start after a heading: after its colon, or after the tab that
    ends the template's column of labels, whichever comes first."""
    colon = raw.find(":")
    tab = raw.find("\t", len(raw) - len(raw.lstrip()))
    ends = [i for i in (colon, tab) if i >= 0]
    return min(ends) + 1 if ends else None


def field_row(line: str) -> bool:
    """A line of a protocol's head or posting certificate: a label of the municipal template
    with its value ("Utses att justera\tFatima Hassan (S)", "Organ Personalsektionen")."""
    s = " ".join(line.strip().strip("#*_ ").split("\t")[0].split()).lower().rstrip(":")
    # "Sammanträdesdatum: 2023-03-15": a head written "Label: value" on one line.
    return any(s == f or s.startswith((f + " ", f + ":")) for f in _LEX.head_fields)


def _is_prose(paragraph: str) -> bool:
    s = paragraph.strip()
    if "\t" in s or _CHECKBOX_RE.search(s) or not s.endswith((".", "!", "?")):
        return False
    words = _WORD_RE.findall(s)
    lower = sum(w[0].islower() for w in words)
    return len(words) >= _PROSE_WORDS and lower >= _PROSE_LOWER_SHARE * len(words)


def _is_heading_line(lines: list[Line], i: int) -> bool:
    """A short stand-alone line that titles what follows ("Redogörelse för ärendet"), and is
    neither a person's name nor a list's own heading."""
    s = lines[i].text.strip()
    return (
        0 < len(s) <= 80
        and "\t" not in s
        and s[0].isupper()
        and not s.endswith((".", ",", ";", ":"))
        and not _PERSON_LINE_RE.match(s)
        and not attendance_heading(s)
    )


def list_end(lines: list[Line], first: int, stop: int) -> int:
    """The line where the attendance list headed at line `first` ends, `stop` (the next
    section's line) when it runs all the way there."""
    i = first + 1
    while i < stop:
        if is_blank(lines, i):
            i += 1
            continue
        j = i
        while j < stop and not is_blank(lines, j):
            if field_row(lines[j].text):
                return j  # the head's next label: what follows is no list of names
            j += 1
        if not _ENTRY_START_RE.match(lines[i].text) and _is_prose(
            "\n".join(ln.text for ln in lines[i:j])
        ):
            # The headings right above the prose title it ("Redogörelse för ärendet /
            # Ärendet och dess beredning"): they belong with it, not with the names.
            start = i
            k = i - 1
            while k > first:
                if is_blank(lines, k):
                    k -= 1
                elif _is_heading_line(lines, k) and (k == first + 1 or is_blank(lines, k - 1)):
                    start, k = k, k - 1
                else:
                    break
            return start
        i = j
    return stop


def listed_people(text: str, sections: list[Section]) -> list[Person]:
    """The people on the protocol's attendance lists, each with the list (role) it is on."""
    people = []
    for sec in sections:
        if sec.kind != "attendance":
            continue
        role = sec.title.lower()
        pos = sec.start
        for raw in text[sec.start : sec.end].split("\n"):
            line_start, pos = pos, pos + len(raw) + 1
            s = raw.strip()
            if not s or attendance_heading(s) or field_row(s):
                continue
            if _CHECKBOX_RE.search(raw) or (
                (inline := inline_attendance(raw)) and _is_name_list(inline[1])
            ):
                people.extend(_people_on_line(raw, line_start, role))
                continue
            if inline := inline_attendance(raw):
                s = inline[1].strip()
            s = _BULLET_RE.sub("", s)  # "- Åsa Lindqvist, trygghetssamordnare" in Markdown
            if "\t" in s:
                name, _, org = (p.strip() for p in s.partition("\t"))
            else:
                name, _, org = (p.strip() for p in s.partition(","))
            person = _as_name(re.sub(r"\s*\(.*?\)\s*$", "", name))
            if person is None:
                continue
            offset = line_start + raw.index(person) if person in raw else line_start
            people.append(Person(person, org or None, role, offset, offset + len(person)))
    return people


def _as_name(s: str) -> str | None:
    """The person's name of a list entry, or None. A Riksdag member is told from a namesake by
    where they come from ("Mattias Karlsson i Luleå"): the name stops there. Not a name: words
    all in capitals ("ÅD NYKARLEBY", a letterhead read by OCR), or a second word in lower case
    that is no particle ("Elektroniska underskrifer", a heading that lost a letter)."""
    words = s.split()
    if " i " in f" {s} ":
        words = words[: words.index("i")]
    name = " ".join(words)
    if len(words) < 2 or not _NAME_RE.match(name) or all(w.isupper() for w in words):
        return None
    if words[1][:1].islower() and words[1] not in _LEX.names.particles:
        return None
    return name


def _is_name_list(s: str) -> bool:
    return s.count(",") >= 2 or " och " in s


def _people_on_line(raw: str, line_start: int, role: str) -> list[Person]:
    """People on one line: ticked boxes ("[X] Lindvall Mikael, ordförande [ ] Eklund Karita";
    unticked means absent) or a list ("Anna Johansson (S) * , Gulan Avci (L) och …")."""
    entries: list[tuple[str, int]] = []  # (text, offset in raw)
    boxes = list(_CHECKBOX_RE.finditer(raw))
    if boxes:
        for j, m in enumerate(boxes):
            end = boxes[j + 1].start() if j + 1 < len(boxes) else len(raw)
            if m[1] != " ":
                entries.append((raw[m.end() : end], m.end()))
        splitter = re.compile(r"\t")
    else:
        colon = _inline_start(raw) or 0
        entries.append((raw[colon:], colon))
        splitter = re.compile(r"\s*,\s*|\s+och\s+|\t")
    people = []
    for entry, base in entries:
        parts = [entry] if boxes else splitter.split(entry)
        cursor = base
        for part in parts:
            if boxes:
                part = splitter.split(part)[0]
                name, _, org = (p.strip() for p in part.partition(","))
            else:
                name, org = part.strip(" *.").strip(), ""
                if party := re.search(r"\s*\(([^)]*)\)\s*\**\s*$", name):
                    name, org = name[: party.start()].strip(), party[1]
            if not (name := _as_name(name) or ""):
                continue
            at = raw.find(name, cursor)
            if at < 0:
                continue
            cursor = at + len(name)
            offset = line_start + at
            people.append(Person(name, org or None, role, offset, offset + len(name)))
    return people
