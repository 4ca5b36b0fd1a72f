"""Which sentences of the passages may answer at all (passages.py weighs them).

A candidate is a sentence of the best passages, or of the records the question's meetings and
parties give (their decisions, reservations, a named speaker's turns), that says something
itself: not a heading, a footnote, a speaker's label, a list of names, the document's own title
or a sentence about another year than the question's.
"""

from __future__ import annotations

import re

import numpy as np
from protokoll.ingest.extract import person_names, tabbed
from protokoll.ingest.extract.decision_lines import TERMINAL
from protokoll.ingest.extract.units import BULLETS
from protokoll.ingest.records import Protocol
from protokoll.ingest.text import fold
from protokoll.service.ask import tables
from protokoll.service.ask.agreement import asks_decision
from protokoll.service.ask.citations import in_list, preceding_in_item, section_title
from protokoll.service.ask.context import Question
from protokoll.service.ask.support import question_years, years_fit
from protokoll.service.ask.vocabulary import ADOPTED, LEXICON, either

# A list of documents a matter was prepared with, under its label (`_lists_documents`), and a
# question asking for such documents; how many lines up its label is looked for.
_DOCUMENT_LABELS = frozenset(fold(w) for w in LEXICON.document_labels)
_DOCUMENTS_ASKED = re.compile(rf"\b(?:{either(LEXICON.asks['documents'])})")
LIST_LINES = 12

# Passages whose sentences are candidates, the shortest sentence that can answer, and at most
# this many decisions of the meetings a question narrows to.
PASSAGES = 5
MIN_SENTENCE = 25
DECIDED = 10
# And this many of the documents search found, for a decision asked without a meeting named.
DECIDED_OF_HITS = 3
# The most items of a short list that a sentence ending in a colon is read with.
LIST_ITEMS = 12

# A heading: a numbered line, or a line of at most four words, or a committee report's title of
# a reservation or special statement ("Hyra fängelseplatser utomlands, punkt 26 (SD)"). A numbered
# line of nine words or more is a list item that says something, not a heading.
HEADING = re.compile(
    r"^\s*(?:#+\s|§\s*\d|\d{1,3}\.\s)(?!(?:\S+\s+){8})|^\S+(?:\s+\S+){0,3}$"
    r"|^[^\n]*,\s*punkt\s+\d+\s*\([^()]*\)\s*$"
)
BULLET = re.compile(rf"[{BULLETS}]\s+")  # a list item's bullet, also a PDF's U+F0B7
# A PDF's footnote, as its text layer writes one: a line opening with the note's number and a
# capital ("1 Riksbanken justerade tidigare ned …", "12 Se fördjupningen …"). It comments on or
# cites the text and answers nothing itself; numbered headings ("2 Statens budget") neither.
_FOOTNOTE = re.compile(r"\d{1,2} [A-ZÅÄÖ]")
_NUMBERING = re.compile(r"^\s*(?:#+\s*|§\s*\d+\s*|\d{1,3}\.\s+)")

Candidate = tuple[
    Protocol, int, int, str, str | None, str
]  # p, start, end, sentence, number, title


def of_passages(q: Question, records: list[tuple[str, int, int]]) -> list[Candidate]:
    """The sentences of the best passages, and of the `records` spans, that could answer: not
    in a list of names, not a heading (unless it names the person a "vem" question asks for),
    not about another year."""
    people_q = q.understood.intent.asks_for_people
    asks_documents = bool(_DOCUMENTS_ASKED.search(q.folded))
    out: list[Candidate] = []
    seen: set[tuple[str, int]] = set()
    years = question_years(q.understood.search_text)  # as in `numbers.number`
    spans = [(hit.protocol.id, hit.chunk.start, hit.chunk.end) for hit in q.hits[:PASSAGES]]
    for pid, start, end in [*spans, *records]:
        p = q.index.protocol_summary(pid)
        if p is None:
            continue
        units = q.caches.sentences(p)
        for k, (a, b) in enumerate(units):
            if b <= start or a >= end or (p.id, a) in seen:
                continue
            b = _with_its_list(p, units, k)
            if bullet := BULLET.match(p.text, a, b):
                a = bullet.end()  # the answer is the item's sentence, not its bullet
            sentence = p.text[a:b]
            if _FOOTNOTE.match(sentence) and (a == 0 or p.text[a - 1] == "\n"):
                continue
            if not people_q and _labels_a_turn(q, p, a, sentence):
                continue  # "Förste vice riksbankschef Anna Breman:" says who, not what
            asked_row = tables.is_row(sentence) and _row_asked(q, sentence)
            if asked_row and (told := tables.told_row(p.text, a, sentence)):
                sentence = told  # a row of figures the question names, said with its header
            elif len(sentence) < MIN_SENTENCE or tabbed(sentence) or in_list(p, a):
                continue  # lists of names are answered by the attendance facts
            if " ".join(sentence.split()) in p.title:
                continue  # the document's own title names it; it answers nothing about it
            if _lists_documents(p.text, a, sentence) and not asks_documents:
                continue  # "Tjänsteskrivelse från …, 2025-09-30" under "Beslutsunderlag"
            # An item title answers "vem" when it names the person ("Övrig fråga från
            # Sven-Erik Karlsson"); other headings only name a topic.
            named = people_q and person_names(_NUMBERING.sub("", sentence))
            if (HEADING.match(sentence) or _opens_item(p, a, sentence)) and not named:
                continue
            seen.add((p.id, units[k][0]))
            number, title = section_title(p, a)
            # A year the paragraph names before the sentence is the sentence's year too ("Under
            # 2018 uppgick importvärdet till … Den största importen kom från Norge …").
            paragraph = p.text[p.text.rfind("\n", 0, a) + 1 : a]
            if not years_fit(years, p, f"{title} {paragraph} {sentence}"):
                continue
            out.append((p, a, b, sentence, number, title))
    return out


def _row_asked(q: Question, row: str) -> bool:
    """The row's label (its first cell) says a word of the question, whole: "Hemtjänst" of
    "Hur mycket gick hemtjänsten över budget?" (a table's other rows share its header's words,
    and "socialchefen" shares only a part with "socialbidrag")."""

    def whole(text: str) -> set[str]:
        stems = (q.index.analyzer.word_terms(w) for w in re.findall(r"\w+", text))
        return {t[0] for t in stems if t}

    return bool(whole(tables.label(row)) & whole(q.asked))


def _lists_documents(text: str, start: int, sentence: str) -> bool:
    """The sentence at `start` is a line of a list of documents: it opens with a documents label
    ("Beslutsunderlag: Tjänsteskrivelse …"), or it is no sentence (no full stop) and the lines
    above it, back to such a label, are none either (blank lines, underlines and Markdown marks
    aside). Word writes an item's paragraphs without blank lines between them: a yrkande some
    lines below "Beslutsunderlag" is said, not listed."""
    inline = text[start : start + 40].split(":", 1)
    if len(inline) > 1 and _is_documents_label(inline[0]):
        return True
    if sentence.rstrip().endswith(TERMINAL):
        return False
    end = text.rfind("\n", 0, start)
    for _ in range(LIST_LINES):
        if end < 0:
            return False
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end].strip()
        end = begin - 1
        if not line.strip("-=_ \t"):
            continue
        if _is_documents_label(line):
            return True
        if line.endswith(TERMINAL):
            return False
    return False


def _is_documents_label(line: str) -> bool:
    return fold(line).lower().strip(" \t#*_:-=") in _DOCUMENT_LABELS


def _opens_item(p: Protocol, start: int, sentence: str) -> bool:
    """The sentence is the line an item opens with, its number and title, however long
    ("§ 87   BMN 2024/142   Yttrande över medborgarförslag om förbud mot eldning av …")."""
    return "\n" not in sentence.strip() and any(
        s.kind == "item" and s.start == start for s in p.sections
    )


def _labels_a_turn(q: Question, p: Protocol, start: int, sentence: str) -> bool:
    """The sentence is a speaker's label that opens a turn (`ingest.extract.turns`)."""
    return sentence.rstrip().endswith(":") and any(t.start == start for t in q.caches.turns(p))


def _with_its_list(p: Protocol, units: list[tuple[int, int]], k: int) -> int:
    """Where the sentence `units[k]` ends, with the short list it introduces when it ends in a
    colon ("Ungdomsfullmäktige håller möte enligt följande:" and the dates on the lines below):
    the list items alone are too short to answer, and the sentence alone holds none of them."""
    a, b = units[k]
    if not p.text[a:b].rstrip().endswith(":"):
        return b
    _, title = section_title(p, a)
    end = b
    for c, d in units[k + 1 : k + 1 + LIST_ITEMS]:
        # A blank line after the first item ends the list (a page's running header follows).
        if d - c >= MIN_SENTENCE or section_title(p, c)[1] != title:
            break
        if end > b and "\n\n" in p.text[end:c]:
            break
        end = d
    return end


def decided(q: Question) -> list[tuple[str, int, int]]:
    """The decisions of the meetings a question narrows to (a date, a month, a named
    document): what a meeting decided answers much asked about it ("till vilken nivå sänktes
    styrräntan i augusti 2024?") even when search ranks its passage below the discussion. A
    question that asks what was decided, without naming a meeting, gets the decisions of the
    documents search found, ranked by the question ("Blir det tätare tågavgångar …?": the
    decision on the matter, not its description)."""
    u = q.understood
    if not q.narrows_to_meetings:
        if not asks_decision(q.folded, u.intent) or not q.hits:
            return []
        ids = tuple(dict.fromkeys(hit.protocol.id for hit in q.hits[:PASSAGES]))
        res = q.index.decisions.search(
            u.spelled_text, None, None, None, None, None, DECIDED_OF_HITS, ids
        )
        return [(d.protocol_id, d.start, d.end) for hit in res.hits if (d := hit.stored.decision)]
    bodies = q.index.resolve_bodies(u.body) if u.body else None
    # One meeting's or document's decisions are few and all are taken; a longer period's are
    # ranked by the question.
    theme = None if u.protocols or u.day else u.spelled_text
    res = q.index.decisions.search(
        theme, u.date_from, u.date_to, bodies, None, None, DECIDED, u.protocols
    )
    return [
        (d.protocol_id, d.start, d.end)
        for hit in res.hits
        if (d := hit.stored.decision) and (p := q.index.protocol_summary(d.protocol_id))
        and q.in_scope(p)
    ]  # fmt: skip


def decided_lead(
    q: Question, p: Protocol, start: int, sentence: str, title: str
) -> tuple[int, int] | None:
    """For "vad beslutades/föreslog utskottet om …": the sentence before the answer in its
    paragraph, when it states what was decided or proposed and the answer does not ("Utskottet
    föreslår att riksdagen avslår samtliga motionsyrkanden … Motionsyrkandena gäller bl.a.
    telefonförsäljning …"): the answer says what about, the sentence before what was done."""
    if not asks_decision(q.folded, q.understood.intent) or ADOPTED.search(sentence):
        return None
    before = preceding_in_item(p, q.caches.sentences(p), start, title)
    if before is None or "\n" in p.text[before[1] : start]:
        return None
    text = p.text[before[0] : before[1]]
    return before if ADOPTED.search(text) and not HEADING.match(text) else None


# What stands between two points of a list: a new line and the next point's numbering ("\n2. ").
# Prose goes from one figure to another ("… inflationen 5 procent. Styrräntan höjs …"); a
# list's points share their matter.
_NEXT_POINT = re.compile(r"[.;:]?[ \t]*\n\s*(?:\d{1,2}[.)]|[•–-])\s*")


def neighbour(
    candidates: list[Candidate], score: np.ndarray, best: int, gap: float, after: bool
) -> int | None:
    """The candidate right after (or before) the best one in the same item, when it is scored
    within `gap` of it: two sentences in a row that answer about equally well are shown
    together, so that the part asked for is in the answer whichever of the two holds it."""
    p, start, end, *_, title = candidates[best]
    if tables.is_row(p.text[start:end]):
        return None  # a table's row answers alone: the next row is another thing's
    for k, c in enumerate(candidates):
        if c[0].id != p.id or c[5] != title or (c[1] < end if after else c[2] > start):
            continue
        if tables.is_row(p.text[c[1] : c[2]]):
            continue
        if not (p.text[end : c[1]] if after else p.text[c[2] : start]).strip():
            return k if score[k] >= score[best] - gap else None
    return None


def point_before(candidates: list[Candidate]) -> list[int | None]:
    """For each candidate that is a point of a list, the point right before it in the same item
    (None for any other). Only the nearest candidate before it can be that point: the text
    between it and any other holds the nearest."""
    out: list[int | None] = []
    for p, start, _end, *_, title in candidates:
        before = [k for k, b in enumerate(candidates)
                  if b[0].id == p.id and b[5] == title and b[2] <= start]  # fmt: skip
        k = max(before, key=lambda k: candidates[k][2], default=None)
        out.append(k if k is not None and _NEXT_POINT.fullmatch(p.text[candidates[k][2] : start])
                   else None)  # fmt: skip
    return out
