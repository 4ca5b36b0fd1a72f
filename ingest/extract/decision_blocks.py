"""Where a decision starts and how far it reaches: decision sentences ("Nämnden beslutar att
…"), and the lines that belong to a decision once it has started (paragraphs that carry on, "att
…" lists), up to a stop, a label, a heading or the next decision."""

from __future__ import annotations

import re

from protokoll.ingest.extract.decision_lines import (
    ITEM_HEAD_RE,
    LIST_RE,
    NOISE_RE,
    PAGE_HEADER_RE,
    STOP_RE,
    TERMINAL,
    TREATMENT_RE,
    decision_label,
    indent,
    is_label,
)
from protokoll.ingest.lexicon import lexicon
from protokoll.ingest.meeting_head import BODY_WORD
from protokoll.ingest.records import Protocol, Section
from protokoll.ingest.text import fold, split_lines

# "Direktionen beslutade" + list, "… beslutade att …", "… beslutade enligt förslaget".
_PAST_AFTER_RE = re.compile(
    r"[ \t]*(?:\n|$|att\b|:|enligt\b[^.\n]{0,40}förslag|i enlighet med\b)", re.I
)
# Meetings that are a subject of their own minutes ("Årsmötet beslutade …").
_OWN_MEETINGS = lexicon().meetings.own
_AS_PROPOSED_RE = re.compile(
    r"[ \t]*(?:enligt|i enlighet med)\b[^.\n]{0,40}förslag[ \t]*\.?[ \t]*(?:\n|$)"
)
_LIST_OPENER_RE = re.compile(r"(?::|\bbeslutade|\bbeslutar|\bbeslöt|\bbesluter)$")
_BULLET_ONLY_RE = re.compile(r"^[•·▪◦\-–*o\uf0b7\uf0a7\uf0d8]$")
_VERB_RE = re.compile(
    r"\b(?P<verb>beslutar|beslutade|beslöt|besluter"
    r"|beviljade|godkände|fastställde|antog|beviljar|godkänner|fastställer|antar)\b"
)
_DECIDING = ("beslutar", "beslutade", "beslöt", "besluter")
_PRESENT = ("beslutar", "besluter", "beviljar", "godkänner", "fastställer", "antar")
# What an approving verb is followed by: what it approves ("… beviljade styrelsen ansvarsfrihet").
_OBJECT_RE = re.compile(r"[ \t]+[\wåäöÅÄÖ]")
_AFTER_VERB_RE = re.compile(r"[ \t]*(?:\n[ \t]*\n?[ \t]*(?:[•·▪◦\-–*\uf0b7\uf0a7]|\d{1,2}[.)])?"
                            r"[ \t]*(?:att|om)\b|att\b|om\b|:|[ \t]*\n|$)")  # fmt: skip


class DecisionText:
    """A protocol's lines as the decision reader walks them: which are headings, which belong to
    earlier treatments, and where each decision begins and ends."""

    def __init__(self, protocol: Protocol) -> None:
        self.p = protocol
        self.text = protocol.text
        self.lines = split_lines(protocol.text)
        self.sections = sorted(protocol.sections, key=lambda s: s.start)
        body = protocol.body or ""
        self.body_words = {fold(w) for w in re.findall(r"[\wåäöÅÄÖ-]+", body) if len(w) > 3}
        # The organ itself, without the municipality its name may carry ("Kommunfullmäktige,
        # Lindbergs kommun"): "Lindbergs kommun antog 2019 en plan" is history, not its decision.
        organ = body.split(",")[0]
        self.organ_words = {fold(w) for w in re.findall(r"[\wåäöÅÄÖ-]+", organ) if len(w) > 3}
        # The meeting as a subject of its own minutes: "Årsmötet", "Föreningsstämman".
        self.meeting_word = fold(protocol.kind or "") if protocol.kind in _OWN_MEETINGS else None
        self.heading_lines = {self.line_at(s.start) for s in self.sections if s.kind != "preamble"}
        self.history = self._history_lines()

    def _history_lines(self) -> set[int]:
        """Lines of the earlier treatments quoted in an item (see `TREATMENT_RE`): every
        treatment but the item's last one. (Not by date: a meeting's own treatment may carry the
        date the matter was prepared for, not the meeting's.)"""
        out: set[int] = set()
        items = {i for i, ln in enumerate(self.lines) if ITEM_HEAD_RE.match(ln.text)}
        items |= {self.line_at(s.start) for s in self.sections if s.kind == "item"}
        heads: list[int] = []

        def close(until: int) -> None:
            # All treatments of the item but the last are history, up to the next treatment.
            for a, b in zip(heads, heads[1:], strict=False):
                out.update(range(a, b))
            heads.clear()

        for i, ln in enumerate(self.lines):
            if i in items:
                close(i)
            elif TREATMENT_RE.match(ln.text):
                heads.append(i)
        close(len(self.lines))
        return out

    # -- positions -------------------------------------------------------------------------
    def line_at(self, offset: int) -> int:
        lo, hi = 0, len(self.lines) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.lines[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def section_at(self, offset: int) -> Section | None:
        found = None
        for s in self.sections:
            if s.start <= offset < s.end:
                found = s
        return found

    def same_section(self, a: int, b: int) -> bool:
        return self.section_at(a) is self.section_at(b)

    def next_nonblank(self, li: int) -> int:
        j = li + 1
        while j < len(self.lines) and self.lines[j].blank:
            j += 1
        return min(j, len(self.lines) - 1)

    # -- what a line is --------------------------------------------------------------------
    def sentence_decision_start(self, li: int, from_col: int = 0) -> int | None:
        """Offset of a decision sentence beginning in line `li` (at or after `from_col`)."""
        ln = self.lines[li]
        for m in _VERB_RE.finditer(ln.text, from_col):
            after = self.text[ln.start + m.end() : ln.start + m.end() + 200]
            verb = m["verb"]
            present = verb in _PRESENT
            if verb not in _DECIDING:
                # "Årsmötet beviljade styrelsen ansvarsfrihet", "Nämnden godkänner …": a
                # decision only when the meeting or its own body approves something.
                if not _OBJECT_RE.match(after):
                    continue
            elif not (_PAST_AFTER_RE.match(after) or (present and _AFTER_VERB_RE.match(after))):
                continue
            # The sentence starts at the line start or after ". " within the line.
            head = ln.text[: m.start()]
            cut = max(head.rfind(". "), head.rfind("! "), head.rfind("? "), head.rfind(": "))
            col = cut + 2 if cut >= 0 else len(head) - len(head.lstrip(" \t>*_#•-–"))
            if col < from_col:
                continue
            subject = head[col:].strip(" \t*_")
            own = self._is_own_meeting(subject)
            if verb not in _DECIDING and not (own or self._is_own_body(subject)):
                continue
            if not own and not self._is_body_subject(subject, past=not present):
                continue
            at_line_start = col == len(head) - len(head.lstrip(" \t>*_#•-–"))
            if at_line_start and not self._starts_sentence(li):
                continue
            if own and not at_line_start and _AS_PROPOSED_RE.match(after):
                # "… Styrelsen föreslog att motionen skulle anses besvarad. Årsmötet beslutade
                # enligt styrelsens förslag.": the paragraph says what was decided.
                col = len(head) - len(head.lstrip(" \t>*_#•-–"))
            if not present and not at_line_start and not own:
                # "… gick trögare än väntat. Direktionen beslutade att sänka …" recounts an
                # earlier meeting; a body records its own past-tense decision on a line of its own.
                continue
            return ln.start + col
        return None

    def _is_own_meeting(self, subject: str) -> bool:
        """ "Årsmötet" in the minutes of an annual meeting: the meeting itself, whose past-tense
        sentences record what it decided, wherever in a paragraph they stand."""
        words = subject.split()
        return (
            bool(self.meeting_word)
            and len(words) == 1
            and fold(words[0]).startswith(self.meeting_word or "")
        )

    def _is_own_body(self, subject: str) -> bool:
        """ "Kommunstyrelsen" in the minutes of the kommunstyrelse (not a generic body noun)."""
        words = subject.split()
        return (
            1 <= len(words) <= 3 and subject[:1].isupper() and fold(words[-1]) in self.organ_words
        )

    def _is_body_subject(self, subject: str, past: bool) -> bool:
        words = subject.split()
        if not 1 <= len(words) <= 6 or not subject[:1].isupper() or "," in subject:
            return False
        last = fold(words[-1])
        if BODY_WORD.search(last) or last in self.body_words:
            # A past-tense sentence reports a decision; only the meeting's own body (or a bare
            # generic body noun) reporting on itself counts, never "Regionfullmäktige beslutade".
            return not past or len(words) <= 2 or last in self.body_words
        return False

    def _starts_sentence(self, li: int) -> bool:
        j = li - 1
        if j >= 0 and self.lines[j].blank:
            return True
        if j < 0 or j in self.heading_lines:
            return True
        prev = self.lines[j].stripped
        return prev.endswith(TERMINAL) or len(prev) <= 70 or is_label(prev)

    def is_stop(self, li: int) -> bool:
        s = self.lines[li].text
        return bool(STOP_RE.match(s) or PAGE_HEADER_RE.match(s) or TREATMENT_RE.match(s))

    def _starts_decision(self, li: int) -> bool:
        s = self.lines[li].text
        return bool(decision_label(s)) or (
            self.sentence_decision_start(li) == self.lines[li].start + indent(s)
        )

    def _is_heading_for_next(self, li: int) -> bool:
        """A short line without a full stop, followed by the start of a decision."""
        s = self.lines[li].stripped
        if not s or len(s) > 100 or s.endswith(TERMINAL) or LIST_RE.match(s) or is_label(s):
            return False
        j = li + 1
        if j < len(self.lines) and self.lines[j].blank:
            j += 1
        return (
            j < len(self.lines)
            and self.same_section(self.lines[li].start, self.lines[j].start)
            and self._starts_decision(j)
        )

    def _breaks(self, li: int) -> bool:
        s = self.lines[li].text
        return (
            li in self.heading_lines
            or self.is_stop(li)
            or is_label(s)
            or self._starts_decision(li)
            or self._is_heading_for_next(li)
        )

    # -- extent ----------------------------------------------------------------------------
    def extend(self, li: int) -> int:
        """Index of the last line that belongs to a decision (or label block) starting at `li`."""
        sec = self.section_at(self.lines[li].start)
        last = li
        # Inside a list ("Direktionen beslutade" + "• att …" items), every further item belongs
        # to the decision, even after an item that ends with a full stop.
        listy = bool(_LIST_OPENER_RE.search(self.lines[li].stripped.lower()))
        j = li + 1
        while j < len(self.lines):
            ln = self.lines[j]
            if sec is not None and ln.start >= sec.end:
                break
            if not ln.blank and not NOISE_RE.match(ln.text):
                if self._breaks(j):
                    break
                last = j
                listy = listy or bool(LIST_RE.match(ln.text))
                j += 1
                continue
            # A paragraph boundary (or page noise): does the next paragraph carry on?
            q = j
            while q < len(self.lines) and (
                self.lines[q].blank or NOISE_RE.match(self.lines[q].text)
            ):
                q += 1
            if q >= len(self.lines) or (sec is not None and self.lines[q].start >= sec.end):
                break
            if not self._continues(last, q, listy):
                break
            last = q
            listy = listy or bool(LIST_RE.match(self.lines[q].text))
            j = q + 1
        return last

    def _continues(self, last: int, q: int, listy: bool = False) -> bool:
        if self._breaks(q):
            return False
        if listy and LIST_RE.match(self.lines[q].text):
            return True
        prev = self.lines[last].stripped
        nxt = self.lines[q].stripped
        low = prev.lower()
        open_end = not prev.endswith((".", "!", "?"))
        if _BULLET_ONLY_RE.match(prev) or re.search(r"\b(?:beslutade|beslutar|beslöt|att)$", low):
            return True
        if LIST_RE.match(nxt) and (
            open_end or LIST_RE.match(prev) or low.endswith(("samt", "och", ":", ",", ";"))
        ):
            return True
        if low.endswith((",", " samt", " och", " att")):
            return True
        # "… beslutar att godkänna förslaget årshjul/sammanträdesplan" + "Läns-gemensam ledning
        # 2024": a sentence broken over two paragraphs by the document's layout.
        q_end = q + 1
        single = q_end >= len(self.lines) or self.lines[q_end].blank or self.is_stop(q_end)
        return open_end and not prev.endswith(":") and single and len(nxt) <= 60
