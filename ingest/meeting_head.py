"""What the head of a protocol says about its meeting: the organ, the kind of meeting and the
place. Read from the title and the first lines of the text, for any layout (a labelled form, a
letterhead over a title, a title that names the organ: "Årsmöte i Hällby IF")."""

from __future__ import annotations

import re

from protokoll.ingest.lexicon import alternation, lexicon
from protokoll.ingest.namelists import clean_heading, field_row
from protokoll.ingest.text import Line, fold, split_lines

_LEX = lexicon()
# Kinds of meeting, in the order they are looked for in a title and then in the head.
KINDS = _LEX.meetings.kinds
# How far down a letterhead can push the line that names the document.
LETTERHEAD_LINES = 6

_TITLE_NOISE_RE = re.compile(
    r"\b(?:sammanträdes)?protokoll(?:et)?\b(?:\s+(?:från|fört vid|för|vid))?|"
    r"\bminnesanteckningar\b(?:\s+(?:från|vid))?|\bsammanträde(?:t)?\b",
    re.IGNORECASE,
)
# A company's or association's registration number beside its name.
_ORG_NUMBER_RE = re.compile(
    r"\(?[ \t]*(?:org(?:anisations)?\.?[ \t]*(?:nr|nummer)|orgnr)\.?:?[ \t]*"
    r"\d{6}[ \t]*-?[ \t]*\d{4}[ \t]*\)?",
    re.IGNORECASE,
)
# "Plats: Kommunhuset", or a form's two columns, label and value: "Sammanträdesplats<TAB>Stadshuset,
# Topeliusesplanaden 7" (a PDF's text layer may keep one space of the gap). A label that is a
# common word ("plats", "lokal") needs the colon or a wide gap.
_PLACE_LINE_RE = re.compile(
    # "**Plats:** Polishuset" in Markdown: the label's emphasis is no part of the place.
    r"^[ \t]*[*_]*(?:(?:plats(?: och tid)?|sammanträdesplats|mötesplats|lokal)[ \t]*:[*_]*[ \t]*"
    r"|(?:plats|lokal)(?:\t|[ ]{2,})[ \t]*"
    r"|(?:plats och tid|sammanträdesplats|mötesplats)[ \t]+)(\S.*)$",
    re.IGNORECASE | re.MULTILINE,
)
_PLACE_PROSE_RE = re.compile(
    r"\b(?:genomfördes|hölls|ägde rum|sammanträdde)\s+(?:på|i)\s+"
    r"([A-ZÅÄÖ][\wåäöéÅÄÖÉ-]*"
    r"(?:\s+(?!(?:med|och|den|där|för|under|som|till|vid|kl|klockan|mellan)\b)[\wåäöéÅÄÖÉ-]+){0,4})"
)
_BODY_LINE_RE = re.compile(
    r"^[ \t]*(?:organ|nämnd|styrelse|instans)(?:[ \t]*:|\t)[ \t]*(.+)$",
    re.IGNORECASE | re.MULTILINE,
)


# The same form scanned: OCR keeps one space of the gap between label and value ("Organ
# Stadsstyrelsen"). Only a capitalised name alone on the line, so "Organ för samverkan …" in
# running text is not a body.
_SCANNED_BODY_LINE_RE = re.compile(
    r"^[ \t]*Organ[ ]+([A-ZÅÄÖ][\wåäöÅÄÖ-]+(?:[ ][A-ZÅÄÖa-zåäö][\wåäöÅÄÖ-]*){0,3})[ \t]*$",
    re.MULTILINE,
)


# A letterhead line (or the first cell of one, in a head laid out in columns) that names a
# municipality or region alone: "Lindbergs kommun", "Region Norrvik", "Nykarleby stad", or in
# capitals, as letterheads are often set: "RÖNNHAMRA KOMMUN", "REGION ÖSTMARK". Capitals are
# letters only, so a garbled scanned letterhead does not become a municipality.
_MUNICIPALITY_RE = re.compile(
    r"[A-ZÅÄÖ][a-zåäöé-]+(?:[ ][A-ZÅÄÖ][a-zåäöé-]+)?[ ](?:kommun|stad)|Region[ ][A-ZÅÄÖ][a-zåäöé-]+"
    r"(?:[ ][a-zåäö]+[ ]län)?"
)
_MUNICIPALITY_CAPS_RE = re.compile(
    r"[A-ZÅÄÖ][A-ZÅÄÖÉ-]+(?:[ ][A-ZÅÄÖ][A-ZÅÄÖÉ-]+)?[ ](?:KOMMUN|STAD)|REGION[ ][A-ZÅÄÖ][A-ZÅÄÖÉ-]+"
)


# A word (folded) that names a decision-making body: the last word of an organ's name under a
# letterhead ("…nämnden", "Kommunfullmäktige") and of a decision sentence's subject ("Nämnden",
# "Riksbankens direktion", "Mötet": extract/decision_blocks.py).
BODY_WORD = re.compile(
    rf"(?:{alternation(_LEX.decisions.bodies, folded=True)})(?:en|et|n|t|um|a|erna)?$"
)


def organ(title: str, head: str, kind: str, lines: list[Line], title_line: int) -> str | None:
    """The organ whose meeting the protocol records: a labelled line ("Organ: …"), else the
    title without its kind of meeting and dates, else the line under the title; with the
    municipality or region of its letterhead when the organ does not name it. A title that is
    the letterhead's municipality alone takes the organ from a line under it."""
    body = (
        _body(title, head, kind)
        # "Kommunstyrelsen" over "Sammanträdesprotokoll 2025-05-13": a title that names no
        # organ, under the organ's own line.
        or _organ_under(lines[max(0, title_line - LETTERHEAD_LINES + 1) : title_line][::-1])
        or _body_after_title(lines, title_line)
    )
    # "TALLMORA KOMMUN<tab>SAMMANTRÄDESPROTOKOLL" over "Kommunfullmäktige<tab>Datum": the
    # title is the letterhead, and the organ stands first on a line under it.
    under = lines[title_line + 1 : title_line + LETTERHEAD_LINES]
    if body and (municipality := _municipality(body)) and (named := _organ_under(under)):
        return f"{named}, {municipality}"
    if body:
        body = _with_municipality(body, lines[: title_line + LETTERHEAD_LINES])
    return body


def names_organ(title: str, kind: str) -> bool:
    """Whether a title names an organ: a municipality alone ("Vindeborgs kommun
    SAMMANTRÄDESPROTOKOLL") or a head's label ("PROTOKOLL – Sammanträdesdatum …") does not."""
    body = _body(title, "", kind)
    return bool(body) and not municipality_alone(body or "")


def municipality_alone(name: str) -> bool:
    """Whether a name is a municipality's or region's and no organ's ("Ulvsjöbro kommun")."""
    return _municipality(name) is not None


def _organ_under(lines: list[Line]) -> str | None:
    """The first cell of the first of `lines` that is the name of an organ alone: capitalised,
    short, its last word a body ("Kommunfullmäktige", "Kultur- och fritidsnämnden")."""
    for ln in lines:
        cell = _first_cell(ln.text)
        if not cell:
            continue
        words = cell.split()
        if cell[0].isupper() and len(words) <= 6 and BODY_WORD.search(fold(words[-1])):
            return cell
    return None


def _body(title: str, head: str, kind: str) -> str | None:
    if (m := _BODY_LINE_RE.search(head)) or (m := _SCANNED_BODY_LINE_RE.search(head)):
        return m[1].strip().rstrip(".")
    body = _TITLE_NOISE_RE.sub(" ", title)
    body = _ORG_NUMBER_RE.sub(" ", body)  # "Sjöviks Bostäder AB (org.nr 556123-4567)"
    # The kind of meeting as the end of a word ("Styrelseprotokoll"), not its start: the
    # "sammanträde" of "Sammanträdesdatum" stays.
    body = re.sub(rf"{re.escape(kind)}(?!\w)", " ", body, flags=re.IGNORECASE)
    body = re.sub(r"\b\d{6}\b|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{4}\b", " ", body)
    body = re.sub(
        r"\b\d{1,2}(?::[ae])?\s+[a-zåäö]+\.?\s+\d{4}\b|\bden\b|\bi\b$|\b(?:från|vid)\b$",
        " ",
        body,
        flags=re.IGNORECASE,
    )
    body = re.sub(r"[\s,–-]+$|^[\s,–-]+", "", re.sub(r"\s+", " ", body)).strip()
    # "Årsmöte i Hällby IF", "styrelsemöte i Brf Lönnen 12": the meeting's kind goes, and so
    # does the preposition that tied the organisation to it.
    body = re.sub(r"^(?:i|för|med|inom)\s+(?=\S)", "", body, flags=re.IGNORECASE)
    # "PROTOKOLL – Sammanträdesdatum 2024-10-24": a head's label is no organ.
    if not body or field_row(body):
        return None
    return body[0].upper() + body[1:]


def issued_by(issuer: str, organ_named: str | None) -> str:
    """The organ of a document whose file names its issuer (a PDF's author): a municipality or
    region alone ("Sälgeberga kommun") issues the minutes of all its organs, so the organ its
    title or head names goes first ("Kommunstyrelsen, Sälgeberga kommun"). Any other issuer
    ("Sveriges riksbank") is the organ itself."""
    if not organ_named or not _municipality(issuer):
        return issuer
    if issuer.lower() in organ_named.lower():
        return organ_named
    if organ_named.lower() in issuer.lower() or _municipality(organ_named):
        return issuer
    return f"{organ_named}, {issuer}"


def letterhead_municipality(letterhead: str) -> str | None:
    """The municipality or region a page header names on a line or in a first cell of its own."""
    for line in letterhead.splitlines():
        if found := _municipality(_first_cell(line)):
            return found
    return None


def letterhead_organ(letterhead: str) -> str | None:
    """The organ a page header names on a line or in a first cell of its own ("Valnämnden<tab>
    Sammanträdesdatum 2025-05-21")."""
    return _organ_under(split_lines(letterhead))


def _first_cell(line: str) -> str:
    """The first cell of a head laid out in columns, set apart by a tab or a run of spaces."""
    return clean_heading(re.split(r"\t| {2,}", line.strip())[0])


def _with_municipality(body: str, head: list[Line]) -> str:
    """The organ with the municipality or region its letterhead names, when the organ does not
    say it: "Kommunfullmäktige" under "Lindbergs kommun" is "Kommunfullmäktige, Lindbergs
    kommun", as an archive of several municipalities needs to tell their councils apart, also
    when the title says it ("TALLMORA KOMMUN SAMMANTRÄDESPROTOKOLL"): questions name an organ
    with its municipality, and the organ is what they are matched against."""
    for ln in head:
        line = letterhead_municipality(ln.text)
        if not line:
            continue
        if line.lower() in body.lower():
            return body
        return f"{body}, {line}"
    return body


def _municipality(line: str) -> str | None:
    """The municipality or region a letterhead line names, as written in running text."""
    if _MUNICIPALITY_RE.fullmatch(line):
        return line
    if _MUNICIPALITY_CAPS_RE.fullmatch(line):
        *names, last = line.split()
        if names and names[0] == "REGION":
            return " ".join(_capitalised(w) for w in line.split())
        return " ".join([*(_capitalised(w) for w in names), last.lower()])
    return None


def _capitalised(word: str) -> str:
    """ "UPPLANDS-BRO" as written in running text: "Upplands-Bro"."""
    return "-".join(part.capitalize() for part in word.split("-"))


def _body_after_title(lines: list[Line], title_line: int) -> str | None:
    """The organ on its own line right under a title that names none."""
    for ln in lines[title_line + 1 : title_line + 4]:
        s = clean_heading(ln.text)
        if not s:
            continue
        if (
            len(s) <= 90
            and not s.endswith((".", "?", "!"))
            and ":" not in s
            and s[0].isupper()
            and not field_row(ln.text)  # "Plats och tid<tab>Kommunhuset" is the head's first label
        ):
            return s
        return None
    return None


def meeting_kind(title: str, head: str) -> str:
    """The kind of meeting the title names, else the first the head names as a whole word;
    "sammanträde" when neither does."""
    low_title, low_head = title.lower(), head.lower()
    for k in KINDS:
        if k in low_title:
            return k
    # Minutes say so in their title; the agenda their head names is an item of theirs
    # ("§ 13 Fastställande av föredragningslista"), not what the document is.
    minutes = "protokoll" in low_title
    for k in KINDS:
        if minutes and k in _LEX.meetings.other_documents:
            continue
        # A whole word: "Godkännande av föredragningslistan" in minutes is no agenda.
        if re.search(rf"\b{re.escape(k)}\b", low_head):
            return k
    return "sammanträde"


def meeting_place(head: str) -> str | None:
    """Where the meeting was held: after a place label, or as the head's prose says it."""
    if (m := _PLACE_LINE_RE.search(head)) or (m := _PLACE_PROSE_RE.search(head)):
        place = m[1]
    else:
        return None
    # "Kommunhuset, sal Tallen, kl. 08.30–11.45": the time is not part of the place.
    place = re.split(r",?\s+(?:kl\.?|klockan|tid:?)\s*\d", place, maxsplit=1)[0]
    return place.strip().rstrip(".,") or None
