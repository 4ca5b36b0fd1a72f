"""Decision records: what a meeting decided, found in a parsed protocol's text.

Protocols state decisions in a handful of forms, and these rules are written for the forms, not
for one municipality's layout:

- a label: "Beslut: …", "Beslut" on its own line followed by the text, "Välfärdsnämndens beslut:";
- a sentence whose subject is a decision-making body: "Nämnden beslutar att …", "Kommunstyrelsen
  beslutar att …", "Läns-gemensam ledning beslutar att …", "Direktionen beslutade" followed by an
  "att …" list;
- an item titled "Beslutspunkter" whose lines are the decisions.

What is *not* a decision of the meeting:

- the proposal ("Förslag till beslut: …", "Beslutsförslag:", "Förvaltningens förslag:"): it is
  kept beside the decision (`Decision.proposal`) but never taken as the decision;
- what motions, votes and reservations say ("Yrkanden: … finner att nämnden beslutar att …");
- prose about other bodies' or earlier decisions ("har beslutats inom samtliga 13 fullmäktige",
  "Beslut togs vid detta möte …", "ECB beslutade i december att …"): a decision sentence must
  start a sentence, its subject must be a body, and a past-tense one must be followed at once by
  "att" or a list.

Offsets are slice positions into `protocol.text`, so `protocol.text[d.start:d.end] == d.text`.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from protokoll.ingest.records import Decision, Protocol, Section, decision_id_for
from protokoll.ingest.text import fold, split_lines

# Bump when the rules change: indexes re-extract protocols whose decisions came from an older
# version (see index/decisions.py), without the user re-ingesting anything.
EXTRACTOR_VERSION = "2"

OUTCOMES = (
    "bifall",
    "avslag",
    "återremiss",
    "bordläggning",
    "information noterad",
    "lagt till handlingarna",
)

_LEAD = r"^[ \t>]*(?:#+[ \t]*)?[*_]*[ \t]*"
_DECISION_LABEL_RE = re.compile(
    _LEAD + r"(?:(?:[A-ZÅÄÖ][\w/.-]*[ \t]+){0,3}[\w/.-]*s[ \t]+)?"
    r"(?:[Bb]eslut|[Bb]eslutet|BESLUT)[ \t]*[*_]*[ \t]*(?::[ \t]*[*_]*|$)(?P<rest>.*)$"
)
# PDFs with a broken font map garble the label itself ("Välfärdsnämndens beslui:",
# "älfälrisälnäieäs besftt:"): "<word>s <word>:" alone on its line, the word close to "beslut".
_GARBLED_LABEL_RE = re.compile(
    r"^[ \t]*(?:[\w/.-]+[ \t]+){0,3}[\w/.-]*s[ \t]+(?P<w>\w{5,7})[ \t]*:[ \t]*$"
)


class _LabelMatch:
    def __init__(self, rest: str) -> None:
        self._rest = rest

    def __getitem__(self, key: str) -> str:
        return self._rest


def _decision_label(line: str) -> re.Match[str] | _LabelMatch | None:
    if m := _DECISION_LABEL_RE.match(line):
        return m
    if (g := _GARBLED_LABEL_RE.match(line)) and not _PROPOSAL_LABEL_RE.match(line):
        w = g["w"].lower()
        if w[:2] in ("be", "bg", "bc") and SequenceMatcher(None, w, "beslut").ratio() >= 0.65:
            return _LabelMatch("")
    return None


# "Förslag till beslut:", "Beslutsförslag:", "Förvaltningens förslag:", "Ordförandens förslag:",
# and the same without a colon when the label stands alone on its line.
_PROPOSAL_LABEL_RE = re.compile(
    _LEAD + r"(?:[A-ZÅÄÖ][^\n:]{0,100}?[ \t])?"
    r"(?:[Ff]örslag till beslut|[Bb]eslutsförslag|[Ff]örslag|FÖRSLAG TILL BESLUT|[Ll]örslag)"
    r"[ \t]*[*_]*[ \t]*(?::[ \t]*[*_]*|$)(?P<rest>.*)$"
)
_OTHER_LABELS = (
    "yrkande", "yrkanden", "reservation", "reservationer", "protokollsanteckning",
    "protokollsanteckningar", "omröstning", "omröstningsresultat", "propositionsordning",
    "proposition", "jäv", "särskilt yttrande", "föredragande", "föredragare", "beredning",
    "bakgrund", "ärendebeskrivning", "sammanfattning", "beslutsunderlag", "handlingar",
    "bilaga", "bilagor", "expedieras", "expediering", "beslutet skickas till", "deltar ej",
    "ja", "nej", "avstår", "tjänsteskrivelse", "yttrande", "motivering", "ärendet",
    "beslutsgång", "beredare", "ansvarig", "ersättare", "notering",
)  # fmt: skip
_OTHER_LABEL_RE = re.compile(
    _LEAD + r"(?:" + "|".join(re.escape(x) for x in _OTHER_LABELS) + r")[ \t]*[*_]*[ \t]*:",
    re.IGNORECASE,
)
# Lines after which nothing belongs to the decision any more.
_STOP_RE = re.compile(
    r"^[ \t]*(?:[-_=]{4,}[ \t]*$|vid protokollet\b|justeras\b|nästa (?:sammanträde|möte)\b|"
    r"(?:denna |dessa )?(?:paragraf(?:en)?|§§?[ \t\d och,-]*)[^.\n]{0,30}\bförklara(?:s|des)\b|"
    r"beslutet (?:delges|skickas|expedieras)\b|ordförande(?:n)?[ \t]*:|sekreterare[ \t]*:|"
    r"justerare[ \t]*:|reservation\b|protokollsanteckning\b|"
    r"[^\n.]{0,80}\breserver(?:ade|ar) (?:sig|de sig)\b)",
    re.IGNORECASE,
)
# Running page headers of paged protocols ("Föredragningslista", "Sida", "191 §", "26.09.2022"):
# a decision never continues into one, and a "beslut:" label followed by one is an empty slot.
_PAGE_HEADER_RE = re.compile(
    r"^[ \t]*(?:föredragningslista|protokoll|protokollsutdrag|sida|bilaga\b.*|\d{1,4}[ \t]*§|"
    r"§[ \t]*\d{1,4}|\d{1,2}\.\d{1,2}\.\d{4})[ \t]*$",
    re.I,
)
# "Stadsstyrelsen 5.9.2022, 186 §": the head of one treatment of a matter. Finnish-Swedish
# protocols quote a matter's earlier treatments by other bodies before the meeting's own; a
# treatment dated otherwise than the meeting is history, and its decisions are not this meeting's.
_TREATMENT_RE = re.compile(
    r"^[ \t]*[A-ZÅÄÖ][\w .-]{2,60}?[ \t]+\d{1,2}\.[\d.]{1,5}\d{4},?[ \t]*"
    r"(?:\d{1,4}[ \t]*§|§[ \t]*\d{1,4})[ \t]*$"
)
_ITEM_HEAD_RE = re.compile(r"^[ \t]*(?:\d{1,4}[ \t]*§|§[ \t]*\d{1,4})[ \t.]+\S")
# Page numbers ("20", "2 [3]", "Sida 4") and running page headers with one ("Personalsektionen\t8").
_NOISE_RE = re.compile(
    r"^[ \t]*(?:\d{1,3}(?:[ \t]*\[\d{1,3}\])?|sida[ \t]+\d+|"
    r"[A-ZÅÄÖ][\w .-]{0,60}\t+\d{1,3})[ \t]*$",
    re.I,
)
_LIST_RE = re.compile(
    r"^[ \t]*(?:[•·▪◦\-–*o\uf0b7\uf0a7\uf0d8]|\d{1,2}[.)]|[a-h][.)]|att\b|om\b)[ \t]*", re.I
)
# "Direktionen beslutade" + list, "… beslutade att …", "… beslutade enligt förslaget".
_PAST_AFTER_RE = re.compile(
    r"[ \t]*(?:\n|$|att\b|:|enligt\b[^.\n]{0,40}förslag|i enlighet med\b)", re.I
)
_RULE_RE = re.compile(r"^[ \t]*[_=-]{4,}[ \t]*$")
_LIST_OPENER_RE = re.compile(r"(?::|\bbeslutade|\bbeslutar|\bbeslöt|\bbesluter)$")
_BULLET_ONLY_RE = re.compile(r"^[•·▪◦\-–*o\uf0b7\uf0a7\uf0d8]$")
_VERB_RE = re.compile(r"\b(?P<verb>beslutar|beslutade|beslöt|besluter)\b")
_AFTER_VERB_RE = re.compile(r"[ \t]*(?:\n[ \t]*\n?[ \t]*(?:[•·▪◦\-–*\uf0b7\uf0a7]|\d{1,2}[.)])?"
                            r"[ \t]*(?:att|om)\b|att\b|om\b|:|[ \t]*\n|$)")  # fmt: skip
# The subject of a decision sentence names a body: "Nämnden", "Kommunstyrelsen", "Läns-gemensam
# ledning", "Regionala ledningsgruppen", "Riksbankens direktion", "Mötet".
_BODY_WORD_RE = re.compile(
    r"(?:namnd|styrelse|direktion|fullmaktige|utskott|ledning|ledningsgrupp|grupp|sektion|"
    r"presidi|beredning|kommitte|rad|mote|stamma|konferens|forsamling|delegation|kollegi|"
    r"forbund|samverkan)(?:en|et|n|t|um|a|erna)?$"
)
_TERMINAL = (".", "!", "?", ":", ";")


def _is_label(s: str) -> bool:
    return bool(_decision_label(s) or _PROPOSAL_LABEL_RE.match(s) or _OTHER_LABEL_RE.match(s))


class _Extractor:
    def __init__(self, protocol: Protocol) -> None:
        self.p = protocol
        self.text = protocol.text
        self.lines = split_lines(protocol.text)
        self.sections = sorted(protocol.sections, key=lambda s: s.start)
        body = protocol.body or ""
        self.body_words = {fold(w) for w in re.findall(r"[\wåäöÅÄÖ-]+", body) if len(w) > 3}
        self.heading_lines = {self._line_at(s.start) for s in self.sections if s.kind != "preamble"}
        self.history = self._historysplit_lines()

    def _historysplit_lines(self) -> set[int]:
        """Lines of the earlier treatments quoted in an item (see `_TREATMENT_RE`): every
        treatment but the item's last one. (Not by date: a meeting's own treatment may carry the
        date the matter was prepared for, not the meeting's.)"""
        out: set[int] = set()
        items = {i for i, ln in enumerate(self.lines) if _ITEM_HEAD_RE.match(ln.text)}
        items |= {self._line_at(s.start) for s in self.sections if s.kind == "item"}
        heads: list[int] = []

        def close(until: int) -> None:
            # All treatments of the item but the last are history, up to the next treatment.
            for a, b in zip(heads, heads[1:], strict=False):
                out.update(range(a, b))
            heads.clear()

        for i, ln in enumerate(self.lines):
            if i in items:
                close(i)
            elif _TREATMENT_RE.match(ln.text):
                heads.append(i)
        close(len(self.lines))
        return out

    # -- positions -------------------------------------------------------------------------
    def _line_at(self, offset: int) -> int:
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

    def _same_section(self, a: int, b: int) -> bool:
        return self.section_at(a) is self.section_at(b)

    # -- what a line is --------------------------------------------------------------------
    def sentence_decision_start(self, li: int, from_col: int = 0) -> int | None:
        """Offset of a decision sentence beginning in line `li` (at or after `from_col`)."""
        ln = self.lines[li]
        for m in _VERB_RE.finditer(ln.text, from_col):
            after = self.text[ln.start + m.end() : ln.start + m.end() + 200]
            verb = m["verb"]
            present = verb in ("beslutar", "besluter")
            if not (_PAST_AFTER_RE.match(after) or (present and _AFTER_VERB_RE.match(after))):
                continue
            # The sentence starts at the line start or after ". " within the line.
            head = ln.text[: m.start()]
            cut = max(head.rfind(". "), head.rfind("! "), head.rfind("? "), head.rfind(": "))
            col = cut + 2 if cut >= 0 else len(head) - len(head.lstrip(" \t>*_#•-–"))
            if col < from_col:
                continue
            subject = head[col:].strip(" \t*_")
            if not self._is_body_subject(subject, past=not present):
                continue
            at_line_start = col == len(head) - len(head.lstrip(" \t>*_#•-–"))
            if at_line_start and not self._starts_sentence(li):
                continue
            if not present and not at_line_start:
                # "… gick trögare än väntat. Direktionen beslutade att sänka …" recounts an
                # earlier meeting; a body records its own past-tense decision on a line of its own.
                continue
            return ln.start + col
        return None

    def _is_body_subject(self, subject: str, past: bool) -> bool:
        words = subject.split()
        if not 1 <= len(words) <= 6 or not subject[:1].isupper() or "," in subject:
            return False
        last = fold(words[-1])
        if _BODY_WORD_RE.search(last) or last in self.body_words:
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
        return prev.endswith(_TERMINAL) or len(prev) <= 70 or _is_label(prev)

    def _is_stop(self, li: int) -> bool:
        s = self.lines[li].text
        return bool(_STOP_RE.match(s) or _PAGE_HEADER_RE.match(s) or _TREATMENT_RE.match(s))

    def _starts_decision(self, li: int) -> bool:
        s = self.lines[li].text
        return bool(_decision_label(s)) or (
            self.sentence_decision_start(li) == self.lines[li].start + _indent(s)
        )

    def _is_heading_for_next(self, li: int) -> bool:
        """A short line without a full stop, followed by the start of a decision."""
        s = self.lines[li].stripped
        if not s or len(s) > 100 or s.endswith(_TERMINAL) or _LIST_RE.match(s) or _is_label(s):
            return False
        j = li + 1
        if j < len(self.lines) and self.lines[j].blank:
            j += 1
        return (
            j < len(self.lines)
            and self._same_section(self.lines[li].start, self.lines[j].start)
            and self._starts_decision(j)
        )

    def _breaks(self, li: int) -> bool:
        s = self.lines[li].text
        return (
            li in self.heading_lines
            or self._is_stop(li)
            or _is_label(s)
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
            if not ln.blank and not _NOISE_RE.match(ln.text):
                if self._breaks(j):
                    break
                last = j
                listy = listy or bool(_LIST_RE.match(ln.text))
                j += 1
                continue
            # A paragraph boundary (or page noise): does the next paragraph carry on?
            q = j
            while q < len(self.lines) and (
                self.lines[q].blank or _NOISE_RE.match(self.lines[q].text)
            ):
                q += 1
            if q >= len(self.lines) or (sec is not None and self.lines[q].start >= sec.end):
                break
            if not self._continues(last, q, listy):
                break
            last = q
            listy = listy or bool(_LIST_RE.match(self.lines[q].text))
            j = q + 1
        return last

    def _continues(self, last: int, q: int, listy: bool = False) -> bool:
        if self._breaks(q):
            return False
        if listy and _LIST_RE.match(self.lines[q].text):
            return True
        prev = self.lines[last].stripped
        nxt = self.lines[q].stripped
        low = prev.lower()
        open_end = not prev.endswith((".", "!", "?"))
        if _BULLET_ONLY_RE.match(prev) or re.search(r"\b(?:beslutade|beslutar|beslöt|att)$", low):
            return True
        if _LIST_RE.match(nxt) and (
            open_end or _LIST_RE.match(prev) or low.endswith(("samt", "och", ":", ",", ";"))
        ):
            return True
        if low.endswith((",", " samt", " och", " att")):
            return True
        # "… beslutar att godkänna förslaget årshjul/sammanträdesplan" + "Läns-gemensam ledning
        # 2024": a sentence broken over two paragraphs by the document's layout.
        q_end = q + 1
        single = q_end >= len(self.lines) or self.lines[q_end].blank or self._is_stop(q_end)
        return open_end and not prev.endswith(":") and single and len(nxt) <= 60

    # -- the pass --------------------------------------------------------------------------
    def run(self) -> list[Decision]:
        out: list[Decision] = []
        proposal: tuple[Section | None, str] | None = None
        li = 0
        n = len(self.lines)
        while li < n:
            ln = self.lines[li]
            sec = self.section_at(ln.start)
            if ln.blank or li in self.heading_lines:
                li += 1
                continue
            if li in self.history:
                # Skip the quoted treatment, labels and all; its proposal is not ours either.
                if _decision_label(ln.text) or _PROPOSAL_LABEL_RE.match(ln.text):
                    proposal = None
                li += 1
                continue
            if m := _decision_label(ln.text):
                first = li
                rest = m["rest"].strip(" \t*_")
                if len(re.findall(r"\w", rest)) >= 2:
                    start = ln.start + ln.text.index(rest)
                else:
                    first = li + 1
                    while first < n and (self.lines[first].blank or _NOISE_RE.match(
                        self.lines[first].text
                    )):  # fmt: skip
                        first += 1
                    if (
                        first >= n
                        or not self._same_section(ln.start, self.lines[first].start)
                        or self._is_stop(first)
                        or _is_label(self.lines[first].text)
                    ):
                        li += 1
                        continue
                    start = self.lines[first].start + _indent(self.lines[first].text)
                last = self.extend(first)
                out.append(self._decision(start, self.lines[last].end, proposal, sec))
                li = last + 1
                continue
            if m := _PROPOSAL_LABEL_RE.match(ln.text):
                last = self.extend(li if m["rest"].strip() else self._next_nonblank(li))
                rest = m["rest"].strip(" \t*_")
                p_start = ln.start + ln.text.index(rest) if rest else self.lines[li + 1].start
                p_text = self.text[p_start : self.lines[last].end].strip()
                proposal = (sec, p_text) if p_text else None
                li = last + 1
                continue
            if _OTHER_LABEL_RE.match(ln.text):
                li = self.extend(li) + 1
                continue
            sentence = self.sentence_decision_start(li)
            if sentence is not None:
                last = self.extend(li)
                out.append(self._decision(sentence, self.lines[last].end, proposal, sec))
                li = last + 1
                continue
            li += 1
        out.extend(self._beslutspunkter_lists(out))
        out.extend(self._ruled_blocks(out))
        out.sort(key=lambda d: d.start)
        return out

    def _next_nonblank(self, li: int) -> int:
        j = li + 1
        while j < len(self.lines) and self.lines[j].blank:
            j += 1
        return min(j, len(self.lines) - 1)

    def _ruled_blocks(self, found: list[Decision]) -> list[Decision]:
        """Layouts that close every step of an item with a rule ("______") put the decision in
        the last ruled block; when its label was lost (a PDF font without a text map), the item
        would otherwise yield nothing."""
        extra: list[Decision] = []
        for sec in self.sections:
            if sec.kind != "item" or any(sec.start <= d.start < sec.end for d in found):
                continue
            first, last = self._line_at(sec.start), self._line_at(max(sec.end - 1, sec.start))
            rules = [i for i in range(first + 1, last + 1) if _RULE_RE.match(self.lines[i].text)]
            if len(rules) < 2:
                continue
            body = [
                i for i in range(rules[-2] + 1, rules[-1])
                if not self.lines[i].blank and not _NOISE_RE.match(self.lines[i].text)
            ]  # fmt: skip
            if not body or any(i in self.history or _is_label(self.lines[i].text) for i in body):
                continue
            start = self.lines[body[0]].start + _indent(self.lines[body[0]].text)
            extra.append(self._decision(start, self.lines[body[-1]].end, None, sec))
        return extra

    def _beslutspunkter_lists(self, found: list[Decision]) -> list[Decision]:
        """An item titled "Beslutspunkter" without decision sentences: each list line is one."""
        extra: list[Decision] = []
        for sec in self.sections:
            if "beslutspunkt" not in sec.title.lower():
                continue
            if any(sec.start <= d.start < sec.end for d in found):
                continue
            for li in range(self._line_at(sec.start) + 1, self._line_at(max(sec.end - 1, 0)) + 1):
                ln = self.lines[li]
                if ln.blank or not _LIST_RE.match(ln.text) or ln.start >= sec.end:
                    continue
                body = _LIST_RE.sub("", ln.text, count=1).strip()
                if len(body) < 8:
                    continue
                start = ln.start + ln.text.index(body)
                extra.append(self._decision(start, ln.end, None, sec))
        return extra

    def _decision(
        self,
        start: int,
        end: int,
        proposal: tuple[Section | None, str] | None,
        sec: Section | None,
    ) -> Decision:
        raw = self.text[start:end]
        end = start + len(raw.rstrip())
        text = self.text[start:end]
        heading = self._heading_before(start, sec)
        prop = proposal[1] if proposal and proposal[0] is sec and proposal[1] != text else None
        return Decision(
            id=decision_id_for(self.p.id, self.p.version, start, end),
            protocol_id=self.p.id,
            text=text,
            start=start,
            end=end,
            section_number=sec.number if sec else None,
            section_title=sec.title if sec else "",
            heading=heading,
            outcome=outcome_of(text),
            page=self.p.page_at(start),
            date=self.p.date,
            body=self.p.body,
            proposal=prop,
        )

    def _heading_before(self, start: int, sec: Section | None) -> str | None:
        li = self._line_at(start)
        if self.lines[li].start + _indent(self.lines[li].text) != start:
            return None
        j = li - 1
        if j >= 0 and self.lines[j].blank:
            j -= 1
        if (
            j < 0
            or j in self.heading_lines
            or (sec is not None and self.lines[j].start < sec.start)
        ):
            return None
        s = self.lines[j].stripped.strip("#*_ ")
        if sec is not None and fold(s) in fold(sec.title):
            return None
        if not s or len(s) > 100 or s.endswith(_TERMINAL) or _is_label(s) or _LIST_RE.match(s):
            return None
        if _NOISE_RE.match(self.lines[j].text) or _PAGE_HEADER_RE.match(s):
            return None
        return s


def _indent(s: str) -> int:
    return len(s) - len(s.lstrip(" \t>*_#"))


_OUTCOME_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("återremiss", re.compile(r"återremi(?:tt|ss)", re.I)),
    ("bordläggning", re.compile(r"\bbordl(?:ägg|ägga|äggs|ades|agt|agd|äggning)", re.I)),
    ("avslag", re.compile(r"\bavsl(?:å|ås|år|og|ogs|ag)\b|\bavslå\b|\bavslagit", re.I)),
    ("lagt till handlingarna", re.compile(r"till handlingarna", re.I)),
    (
        "information noterad",
        re.compile(
            r"\b(?:informationen|redovisningen|rapporten|presentationen|uppföljningen)\s+"
            r"(?:noteras|noterades|antecknas|antecknades|tas|togs)\b|"
            r"\banteckna(?:s|des|r|de)?\W?.{0,5}\Wkännedom\b|\btill kännedom\b|"
            r"\bnotera(?:r|s|des)?\s+informationen\b|\btackar för informationen\b",
            re.I,
        ),
    ),
    (
        "bifall",
        re.compile(
            r"\bbifall(?:a|er|s|es)?\b|\bbifölls?\b|\bgodkän(?:na|ner|ns|des|t|d)\b|"
            r"\banta(?:r|s|ga)?\b|\bantogs\b|\bantages\b|\bfastställ(?:a|er|s|des|de|t)|"
            r"\bbevilja(?:r|s|des)?\b|\btillstyrk(?:a|er|s|tes)\b|\bställer sig bakom\b|"
            r"\benligt förslag(?:et)?\b|\bförslaget godkän",
            re.I,
        ),
    ),
]


def outcome_of(text: str) -> str | None:
    """The outcome a decision text states, by the earliest statement: "Ärendet återremitteras
    …" → återremiss, "… beslutar att avslå …" → avslag; None when it states none of them."""
    best: tuple[int, str] | None = None
    for name, pat in _OUTCOME_PATTERNS:
        m = pat.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    return best[1] if best else None


# An agenda (föredragningslista) holds proposals and empty "beslut:" slots, never decisions.
_NO_DECISION_KINDS = {"föredragningslista"}
_LOWER_WORD_RE = re.compile(r"(?<![\w-])[a-zåäöéü]\w{2,}")


def _is_decision_text(text: str) -> bool:
    """Not a running header or file number caught after an empty "beslut:" slot
    ("Stadsstyrelsen", "NKBY/528/00.02.07/2022"): a decision has an ordinary word or a full stop."""
    return bool(_LOWER_WORD_RE.search(text)) or text.rstrip().endswith(".")


def extract_decisions(protocol: Protocol) -> list[Decision]:
    """Every decision the protocol records, in text order."""
    if protocol.kind in _NO_DECISION_KINDS or not protocol.text.strip():
        return []
    return [d for d in _Extractor(protocol).run() if _is_decision_text(d.text)]


def decision_context(d: Decision) -> str:
    """The text a decision is embedded and lexically indexed with: where it stands (item and
    sub-heading) and, when it only refers to it ("Förslaget godkändes"), the proposal."""
    where = " – ".join(
        x for x in (d.section_title if d.section_title != "Inledning" else "", d.heading) if x
    )
    parts = [where, d.text]
    if d.proposal and len(d.text) < 160 and re.search(r"förslag", d.text, re.I):
        parts.append(d.proposal)
    return "\n".join(p for p in parts if p)
