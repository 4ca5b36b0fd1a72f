"""From a protocol's text to a `Protocol`: title, organ, date, place, items and attendance.

Everything comes from the text itself, never from the file name. The rules are written for
Swedish protocols in general (kommun, region, nämnd, styrelse, myndighet), not for one layout:
- items are "§ 45" paragraphs, or numbered "7. Beslutspunkter" lines taken only in sequence
  (so a numbered list inside an item, restarting at 1, is not mistaken for items);
- without numbered items, short stand-alone lines are headings;
- attendance lists ("Närvarande", "Beslutande", "Deltagarlista", …) are sections of their own.
"""

from __future__ import annotations

import re
from pathlib import Path

from protokoll.ingest.dates import first_date, meeting_date, unlabelled_date
from protokoll.ingest.lexicon import lexicon
from protokoll.ingest.meeting_head import (
    LETTERHEAD_LINES,
    issued_by,
    letterhead_municipality,
    letterhead_organ,
    meeting_kind,
    meeting_place,
    municipality_alone,
    names_organ,
    organ,
)
from protokoll.ingest.namelists import (
    attendance_heading,
    clean_heading,
    field_row,
    inline_attendance,
    inline_heading,
    list_end,
    listed_people,
)
from protokoll.ingest.readers.base import RawDocument
from protokoll.ingest.records import (
    Protocol,
    Section,
    page_of,
    protocol_id_for,
    protocol_version,
)
from protokoll.ingest.text import Line, is_blank, is_toc_line, split_lines

_LEX = lexicon()

_PARA_RE = re.compile(r"^[ \t]*(?:#+[ \t]*)?§[ \t]*(\d{1,4}[a-z]?)\b[ \t.:–-]*(.*)$")
# "39 § Val av protokolljusterare", "2§ Val av …": the number first, as in Finland-Swedish
# municipal protocols.
_PARA_NUM_FIRST_RE = re.compile(r"^[ \t]*(?:#+[ \t]*)?(\d{1,4}[a-z]?)[ \t]*§[ \t.:–-]*(.*)$")
_NUM_RE = re.compile(
    r"^[ \t]*(?:#+[ \t]*)?(?:(?:punkt|ärende)[ \t]+)?(\d{1,3})[.)][ \t]+(\S.{0,150})$",
    re.IGNORECASE,
)
_MD_HEADING_RE = re.compile(r"^[ \t]*#{1,6}[ \t]+(.+)$")
# An item's case number (diarienummer) where its title would stand: "§ 24 Dnr KS 2023/530",
# "§ 24\tKS 2023/530", "Dnr: 2023.112". The municipal template writes the title on the next line.
_CASE_LABEL = r"(?i:dnr|diarienr|diarienummer)\b[ \t.:]*"
_CASE_NUMBER = r"(?:[A-ZÅÄÖ]{1,6}[ \t/]?)?\d{4}[/.:-]\d{1,6}(?:[/.:-]\d{1,6})?"
_CASE_NUMBER_RE = re.compile(rf"^(?:{_CASE_LABEL}\S.*|{_CASE_NUMBER})$")
# A case number before the title on the item's line: "§ 83   BMN 2023/418   Detaljplan för …".
_CASE_NUMBER_FIRST_RE = re.compile(rf"^(?:{_CASE_LABEL})?{_CASE_NUMBER}(?:\t|[ \t]{{2,}})(?=\S)")
# A line that starts with a parliamentary document's designation ("2018/19:683 av …",
# "2019/20:FiU12"): an item of a list of motions, propositions or reports.
_DESIGNATION_START_RE = re.compile(r"^[ \t]*(?:[-–•*][ \t]*)?\d{4}/\d{2}:\w")
_GENERIC_TITLE_RE = re.compile(
    r"^(?:sammanträdes|möte)?protokoll(?:et)?\b[\s\d/:.-]*$|^föredragningslista\b[\s\d/:.-]*$",
    re.IGNORECASE,
)


# A line that starts by saying what the document is ("Föredragningslista 16/2022", "Protokoll"),
# and a line that says it anywhere ("Penningpolitiskt protokoll", "Sammanträdesprotokoll").
_DOCUMENT_KINDS = "|".join(map(re.escape, [*_LEX.meetings.kinds, *_LEX.meetings.bare_titles]))
_NAMES_KIND_RE = re.compile(rf"(?i)^\W*(?:{_DOCUMENT_KINDS})\b")
_KIND_WORD_RE = re.compile(rf"(?i){_DOCUMENT_KINDS}")
_KIND_NAMED_RE = re.compile(rf"(?i)\b(?:{_DOCUMENT_KINDS})\b")
# A line that is prose, not a heading: a sentence ends and another begins on it.
_SENTENCES_RE = re.compile(r"[.!?]\s+[A-ZÅÄÖ]")


def _title(lines: list[Line]) -> tuple[str, int]:
    """First non-empty line; a bare "PROTOKOLL" is joined with the line after it. A first line
    that names no kind of document, above a line that starts by naming one, is a letterhead
    (on a scanned page often OCR noise: "KORT mm", "NYKARLEBY"): that line is the title."""
    nonempty = [(i, ln) for i, ln in enumerate(lines) if ln.text.strip()]
    if not nonempty:
        return "", 0
    if not _KIND_WORD_RE.search(nonempty[0][1].text):
        head = nonempty[:LETTERHEAD_LINES]
        # A web page's heading "Stadsdelsnämnden Norrbrinken – protokoll från sammanträdet
        # 2024-11-14" names the document, though not first; the sentence under it
        # ("Sammanträdesprotokoll. Protokollet är justerat …") does not.
        headings = [k for k, (_, ln) in enumerate(head) if not _SENTENCES_RE.search(ln.text)]
        named = [k for k in headings if _NAMES_KIND_RE.match(head[k][1].text)] or [
            k for k in headings if _KIND_NAMED_RE.search(head[k][1].text)
        ]
        nonempty = nonempty[named[0] :] if named else nonempty
    i, first = nonempty[0]
    # "SAMMANTRÄDESPROTOKOLL<tab>Sammanträdesdatum": the template's label beside it is no part.
    cells = first.text.split("\t")
    kept = next((k for k in range(1, len(cells)) if field_row(cells[k])), len(cells))
    title = " ".join(clean_heading("\t".join(cells[:kept])).split())
    following = nonempty[1][1].text.strip() if len(nonempty) > 1 else ""
    # "Penningpolitiskt / protokoll": a title broken over two lines.
    split_title = len(title.split()) == 1 and following[:1].islower() and len(following) < 60
    bare = title.lower().rstrip(".") in _LEX.meetings.bare_titles
    # "SAMMANTRÄDESPROTOKOLL / Sammanträdesdatum": the template's next label is no part of it.
    if field_row(following):
        split_title = bare = False
    if split_title or (len(title.split()) <= 2 and len(nonempty) > 1 and bare):
        title = f"{title} {clean_heading(nonempty[1][1].text)}"
        i = nonempty[1][0]
    return title, i


def _numbered_items(lines: list[Line]) -> list[tuple[int, str, str]]:
    """(line index, number, title) of agenda items, "§ N" preferred over "N." numbering."""
    paras = []
    for i, ln in enumerate(lines):
        if is_toc_line(ln.text):
            continue  # the table of contents names every item once more
        if (m := _PARA_RE.match(ln.text)) or (m := _PARA_NUM_FIRST_RE.match(ln.text)):
            title = _CASE_NUMBER_FIRST_RE.sub("", clean_heading(m[2]), count=1)
            paras.append((i, m[1], "" if _CASE_NUMBER_RE.match(title) else title))
    if paras:
        # "§ 45" references in running text ("enligt § 12") are not headings: a heading starts
        # its line, and the numbers of the items rise. The longest rising run is the items,
        # so a table of contents that still stands ("200 § Stämmor mms 51") does not hide them.
        chosen = _longest_rising([_item_order(num) for _, num, _ in paras])
        found = [
            (i, num, title or _next_title(lines, i)) for i, num, title in (paras[k] for k in chosen)
        ]
        return _scanned_gaps(lines, found)
    items = []
    expected = None
    for i, ln in enumerate(lines):
        m = _NUM_RE.match(ln.text)
        if not m:
            continue
        n, title = int(m[1]), clean_heading(m[2])
        if title.endswith((".", "?", ";", ",")) or len(title) > 100:
            continue  # a sentence in a list, not an item heading
        if expected is None:
            if n > 3:
                continue
        elif n != expected:
            continue
        items.append((i, m[1], title))
        expected = n + 1
    return items if len(items) >= 2 else []


def _scanned_gaps(
    lines: list[Line], items: list[tuple[int, str, str]]
) -> list[tuple[int, str, str]]:
    """The items OCR hid in the gaps of the run: a scan reads "§" as "8", "&" or "S" ("201 8
    Motion …", "478 Mötestider 2022"). Such a line is taken only where its number is the one
    the run lacks next, between the items around it, so a year or a count at the start of a
    line ("2018 var …") is not."""
    out: list[tuple[int, str, str]] = []
    for j, item in enumerate(items):
        out.append(item)
        if not item[1].isdigit():
            continue
        stop = items[j + 1][0] if j + 1 < len(items) else len(lines)
        want, upto = int(item[1]) + 1, _item_order(items[j + 1][1]) if j + 1 < len(items) else None
        i = item[0] + 1
        while i < stop and (upto is None or (want, "") < upto):
            m = re.match(rf"^[ \t]*({want})[ \t]?[8&S$][ \t]+([A-ZÅÄÖ].{{2,150}})$", lines[i].text)
            if m and not is_toc_line(lines[i].text):
                out.append((i, m[1], clean_heading(m[2])))
                want += 1
            i += 1
    return out


def _item_order(num: str) -> tuple[int, str]:
    """ "3a" → (3, "a"): §3a comes after §3 and before §3b and §4."""
    digits = re.sub(r"\D", "", num)
    return int(digits), num[len(digits) :]


def _longest_rising(numbers: list[tuple[int, str]]) -> list[int]:
    """Indexes of the longest strictly rising subsequence of `numbers`; of equally long ones,
    the one that ends latest and, before that, keeps the latest elements (the body of a
    protocol comes after its table of contents)."""
    best = [1] * len(numbers)
    before = [-1] * len(numbers)
    for j, n in enumerate(numbers):
        for i in range(j):
            if numbers[i] < n and best[i] + 1 >= best[j]:
                best[j], before[j] = best[i] + 1, i
    if not numbers:
        return []
    end = max(range(len(numbers)), key=lambda j: (best[j], j))
    chosen = []
    while end >= 0:
        chosen.append(end)
        end = before[end]
    return chosen[::-1]


def _next_title(lines: list[Line], i: int) -> str:
    for ln in lines[i + 1 : i + 4]:
        if ln.text.strip() and not _CASE_NUMBER_RE.match(title := clean_heading(ln.text)):
            return title[:120]
    return ""


def _plain_headings(
    lines: list[Line], skip_until: int, stop: int | None = None
) -> list[tuple[int, str]]:
    """(line index, title) of the stand-alone heading lines after `skip_until` (and before
    `stop`)."""
    heads = []
    for i in range(skip_until + 1, len(lines) if stop is None else stop):
        ln = lines[i]
        s = ln.text.strip()
        if m := _MD_HEADING_RE.match(ln.text):
            heads.append((i, clean_heading(m[1])))
            continue
        if (
            s
            and len(s) <= 80
            and len(s.split()) <= 10
            and "\t" not in ln.text
            and s[0].isupper()
            and not s.endswith((".", ",", ";", ":", "?", "!"))
            and not s.startswith(("-", "*", "•", "["))
            and is_blank(lines, i - 1)
            and is_blank(lines, i + 1)
            and not _goes_on(s, lines, i)
        ):
            heads.append((i, clean_heading(s)))
    return heads


def _goes_on(s: str, lines: list[Line], i: int) -> bool:
    """Whether a short stand-alone line is the start of a sentence that goes on below it: it
    ends on a word no heading ends on ("Riksdagen antar regeringens förslag till"), or what
    follows is a list of the documents it is about ("Riksdagen avslår motionerna" above
    "2018/19:683 av …"). Such a line is what was decided, not the title of it."""
    if s.split()[-1].lower() in _LEX.continuing_words:
        return True
    j = i + 1
    while j < len(lines) and not lines[j].text.strip():
        j += 1
    return j < len(lines) and bool(_DESIGNATION_START_RE.match(lines[j].text))


def _after_lists(
    lines: list[Line], marks: list[tuple[int, str | None, str, str]]
) -> list[tuple[int, str | None, str, str]]:
    """Sections for the text that follows an attendance list before the next section starts
    (a report's whole reasoning after "Följande ledamöter har deltagit i beslutet: …", the
    opening statement after a list of those present): titled by the headings in it, and
    untitled up to the first of them."""
    added: list[tuple[int, str | None, str, str]] = []
    for j, (line_no, _, _, kind) in enumerate(marks):
        if kind != "attendance":
            continue
        stop = marks[j + 1][0] if j + 1 < len(marks) else len(lines)
        end = list_end(lines, line_no, stop)
        if end >= stop:
            continue
        if field_row(lines[end].text):
            # The template's labels and its posting certificate: a head, not titled reasoning.
            added.append((end, None, "Inledning", "preamble"))
            continue
        heads = _plain_headings(lines, end - 1, stop)
        if not heads or heads[0][0] != end:
            added.append((end, None, "Inledning", "preamble"))
        added += [(i, None, t, "heading") for i, t in heads]
    return added


def _sections(text: str, lines: list[Line], title_line: int) -> list[Section]:
    marks: list[tuple[int, str | None, str, str]] = []  # (line, number, title, kind)
    items = _numbered_items(lines)
    for i, num, title in items:
        marks.append((i, num, title, "item"))
    if not items:
        for i, title in _plain_headings(lines, title_line):
            marks.append((i, None, title, "heading"))
    marked = {m[0] for m in marks}
    for i, ln in enumerate(lines):
        if i not in marked and i > title_line and attendance_heading(ln.text):
            marks.append((i, None, clean_heading(ln.text), "attendance"))
        elif i not in marked and i > title_line and inline_attendance(ln.text):
            marks.append((i, None, inline_heading(ln.text), "attendance"))
    for j, mk in enumerate(marks):
        if mk[3] == "heading" and attendance_heading(lines[mk[0]].text):
            marks[j] = (mk[0], None, mk[2], "attendance")
    marks.sort(key=lambda m: m[0])
    marks += _after_lists(lines, marks)
    marks.sort(key=lambda m: m[0])

    sections: list[Section] = []
    first_start = lines[marks[0][0]].start if marks else len(text)
    if text[:first_start].strip():
        sections.append(Section(None, "Inledning", 0, first_start, kind="preamble"))
    for j, (line_no, number, heading, kind) in enumerate(marks):
        start = lines[line_no].start
        end = lines[marks[j + 1][0]].start if j + 1 < len(marks) else len(text)
        sections.append(Section(number, heading, start, end, kind=kind))
    return sections


def parse_protocol(doc: RawDocument, source: str, key: str | None = None) -> Protocol:
    """Parse a read document into a `Protocol` record (no I/O).

    `source` is where the document was read (shown to whoever ingested it); `key` names it for
    its id: its path relative to the ingested folder, the file name when not given.
    """
    text = doc.text
    lines = split_lines(text)
    title, title_line = _title(lines)
    meta = doc.metadata
    letterhead = meta.get("letterhead", "")
    if field_row(title) and letterhead:
        # A Word template that sets the title in the page header: the body opens with the
        # head's first label ("Plats och tid …"), which names no document.
        title = _title(split_lines(letterhead))[0]
    title = meta.get("title") or title
    head = text[:3000]
    kind = meta.get("kind") or meeting_kind(title, head)
    when = (
        first_date(meta.get("date", ""))
        or unlabelled_date(title, allow_compact=True)
        or meeting_date(head)
        or meeting_date(text)
    )
    named = organ(title, head, kind, lines, title_line)
    if (not named or municipality_alone(named)) and letterhead:
        named = letterhead_organ(letterhead) or named  # a Word template's page header
    issuer = meta.get("body") or letterhead_municipality(letterhead)
    body = issued_by(issuer, named) if issuer else named
    if body and (_GENERIC_TITLE_RE.match(title) or not names_organ(title, kind)):
        # "Protokoll 5/2022", "PROTOKOLL – Sammanträdesdatum 2024-10-24" or "Vindeborgs kommun
        # SAMMANTRÄDESPROTOKOLL" say nothing of the organ in a citation: the parts of its name
        # the title lacks go after it.
        missing = [part for part in body.split(", ") if part.lower() not in title.lower()]
        title = " ".join([title, ", ".join(missing)]) if missing else title
    sections = _sections(text, lines, title_line)
    sections = [
        Section(s.number, s.title, s.start, s.end, s.kind, page_of(doc.page_starts, s.start))
        for s in sections
    ]
    return Protocol(
        id=protocol_id_for(key or Path(source).name, Path(source).stem),
        source=source,
        version=protocol_version(text),
        title=title or Path(source).stem,
        text=text,
        date=when,
        body=body,
        kind=kind,
        place=meeting_place(head),
        sections=tuple(sections),
        attendance=tuple(listed_people(text, sections)),
        page_starts=doc.page_starts,
        format=doc.format,
        ocr_pages=doc.ocr_pages,
    )
