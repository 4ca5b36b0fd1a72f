"""Decision records: what a meeting decided, found in a parsed protocol's text.

Protocols state decisions in a handful of forms, and these rules are written for the forms, not
for one municipality's layout:

- a label: "Beslut: …", "Beslut" on its own line followed by the text, "Välfärdsnämndens beslut:";
- a sentence whose subject is a decision-making body: "Nämnden beslutar att …", "Kommunstyrelsen
  beslutar att …", "Läns-gemensam ledning beslutar att …", "Direktionen beslutade" followed by an
  "att …" list;
- the meeting or its own body approving something: "Årsmötet beviljade styrelsen ansvarsfrihet",
  "Ungdomsfullmäktige fastställer …" (never a body other than the protocol's own: "Riksdagen
  godkände" in a report's background is history); an annual meeting's "Årsmötet beslutade
  enligt styrelsens förslag." takes its paragraph, which says what was proposed;
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

import dataclasses
import re

from protokoll.ingest.extract.decision_blocks import DecisionText
from protokoll.ingest.extract.decision_lines import (
    LIST_RE,
    NOISE_RE,
    OTHER_LABEL_RE,
    PAGE_HEADER_RE,
    PROPOSAL_LABEL_RE,
    RULE_RE,
    TERMINAL,
    decision_label,
    indent,
    is_label,
)
from protokoll.ingest.extract.outcomes import outcome_of
from protokoll.ingest.lexicon import alternation, lexicon
from protokoll.ingest.records import Decision, Protocol, Section, decision_id_for
from protokoll.ingest.text import fold

# Bump when the rules change: indexes re-extract protocols whose decisions came from an older
# version (see index/decisions.py), without the user re-ingesting anything.
DECISIONS_VERSION = "7"

# An agenda (föredragningslista) holds proposals and empty "beslut:" slots, never decisions.
_NO_DECISION_KINDS = {"föredragningslista"}
_LOWER_WORD_RE = re.compile(r"(?<![\w-])[a-zåäöéü]\w{2,}")

# The proposal last read, and the item it stands in: a decision in the same item refers to it.
_Proposal = tuple[Section | None, str]


def extract_decisions(protocol: Protocol) -> list[Decision]:
    """Every decision the protocol records, in text order."""
    if protocol.kind in _NO_DECISION_KINDS or not protocol.text.strip():
        return []
    return [d for d in _run(DecisionText(protocol)) if _is_decision_text(d.text)]


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


def _is_decision_text(text: str) -> bool:
    """Not a running header or file number caught after an empty "beslut:" slot
    ("Stadsstyrelsen", "NKBY/528/00.02.07/2022"): a decision has an ordinary word or a full stop."""
    return bool(_LOWER_WORD_RE.search(text)) or text.rstrip().endswith(".")


def _run(t: DecisionText) -> list[Decision]:
    """One pass over the lines: labels, proposals and decision sentences, then the layouts that
    state decisions without either."""
    out: list[Decision] = []
    proposal: _Proposal | None = None
    li = 0
    n = len(t.lines)
    while li < n:
        ln = t.lines[li]
        sec = t.section_at(ln.start)
        if ln.blank or li in t.heading_lines:
            li += 1
            continue
        if li in t.history:
            # Skip the quoted treatment, labels and all; its proposal is not ours either.
            if decision_label(ln.text) or PROPOSAL_LABEL_RE.match(ln.text):
                proposal = None
            li += 1
            continue
        if m := decision_label(ln.text):
            first = li
            rest = m["rest"].strip(" \t*_")
            if len(re.findall(r"\w", rest)) >= 2:
                start = ln.start + ln.text.index(rest)
            else:
                first = li + 1
                while first < n and (t.lines[first].blank or NOISE_RE.match(
                    t.lines[first].text
                )):  # fmt: skip
                    first += 1
                if (
                    first >= n
                    or not t.same_section(ln.start, t.lines[first].start)
                    or t.is_stop(first)
                    or is_label(t.lines[first].text)
                ):
                    li += 1
                    continue
                start = t.lines[first].start + indent(t.lines[first].text)
            last = t.extend(first)
            out.append(_decision(t, start, t.lines[last].end, proposal, sec))
            li = last + 1
            continue
        if m := PROPOSAL_LABEL_RE.match(ln.text):
            last = t.extend(li if m["rest"].strip() else t.next_nonblank(li))
            rest = m["rest"].strip(" \t*_")
            p_start = ln.start + ln.text.index(rest) if rest else t.lines[li + 1].start
            p_text = t.text[p_start : t.lines[last].end].strip()
            proposal = (sec, p_text) if p_text else None
            li = last + 1
            continue
        if OTHER_LABEL_RE.match(ln.text):
            li = t.extend(li) + 1
            continue
        sentence = t.sentence_decision_start(li)
        if sentence is not None:
            last = t.extend(li)
            out.append(_decision(t, sentence, t.lines[last].end, proposal, sec))
            li = last + 1
            continue
        li += 1
    out.extend(_beslutspunkter_lists(t, out))
    out.extend(_committee_points(t, out))
    out.extend(_ruled_blocks(t, out))
    out.sort(key=lambda d: d.start)
    return out


def _ruled_blocks(t: DecisionText, found: list[Decision]) -> list[Decision]:
    """Layouts that close every step of an item with a rule ("______") put the decision in
    the last ruled block; when its label was lost (a PDF font without a text map), the item
    would otherwise yield nothing."""
    extra: list[Decision] = []
    for sec in t.sections:
        if sec.kind != "item" or any(sec.start <= d.start < sec.end for d in found):
            continue
        first, last = t.line_at(sec.start), t.line_at(max(sec.end - 1, sec.start))
        rules = [i for i in range(first + 1, last + 1) if RULE_RE.match(t.lines[i].text)]
        if len(rules) < 2:
            continue
        body = [
            i for i in range(rules[-2] + 1, rules[-1])
            if not t.lines[i].blank and not NOISE_RE.match(t.lines[i].text)
        ]  # fmt: skip
        if not body or any(i in t.history or is_label(t.lines[i].text) for i in body):
            continue
        start = t.lines[body[0]].start + indent(t.lines[body[0]].text)
        extra.append(_decision(t, start, t.lines[body[-1]].end, None, sec))
    return extra


_WORDS = lexicon().decisions
_DECIDES = re.compile(rf"^(?:{alternation(_WORDS.assembly_decides, folded=True)})\b")
_PROPOSALS = {fold(w) for w in _WORDS.committee_proposals}
_ENDS = {fold(w) for w in _WORDS.committee_ends}
# What ends one point of the proposal: the next point's number on its own line ("2.") or a
# reservation's line ("Reservation 1 (V)"); and what ends the proposal: the place and date the
# report is signed on ("Stockholm den 7 mars 2019").
_POINT_END = re.compile(r"^(?:\d{1,3}\.|reservation(?:\s+\d+)?\s*\([^)]*\))$")
_SIGNED = re.compile(r"^\w+ den \d{1,2} \w+ \d{4}$")


def _committee_points(t: DecisionText, found: list[Decision]) -> list[Decision]:
    """A committee report's proposal, point by point: under "Utskottets förslag till
    riksdagsbeslut", each "Riksdagen avslår …"/"Riksdagen tillkännager …" and the lines after
    it until the next point, reservation or signature. The report proposes what the Riksdag
    decides; its own text says so in the Riksdag's words."""
    taken = {d.start for d in found}
    extra: list[Decision] = []
    inside = False
    start: int | None = None
    end = 0
    title: str | None = None  # the point's title, the line after its number

    def close() -> None:
        nonlocal start
        if start is not None and start not in taken:
            d = _decision(t, start, end, None, t.section_at(start))
            extra.append(dataclasses.replace(d, heading=title) if title else d)
        start = None

    for ln in t.lines:
        if ln.blank:
            continue
        said = " ".join(fold(ln.text).split())
        if said in _PROPOSALS:
            close()
            inside = True
        elif said in _ENDS or _SIGNED.match(said):
            close()
            inside = False
        elif _POINT_END.match(said):
            close()
            title = None
        elif inside and _DECIDES.match(said):
            close()
            start, end = ln.start + indent(ln.text), ln.end
        elif start is not None:
            end = ln.end
        elif inside and title is None:
            title = ln.text.strip()
    close()
    return extra


def _beslutspunkter_lists(t: DecisionText, found: list[Decision]) -> list[Decision]:
    """An item titled "Beslutspunkter" without decision sentences: each list line is one."""
    extra: list[Decision] = []
    for sec in t.sections:
        if "beslutspunkt" not in sec.title.lower():
            continue
        if any(sec.start <= d.start < sec.end for d in found):
            continue
        for li in range(t.line_at(sec.start) + 1, t.line_at(max(sec.end - 1, 0)) + 1):
            ln = t.lines[li]
            if ln.blank or not LIST_RE.match(ln.text) or ln.start >= sec.end:
                continue
            body = LIST_RE.sub("", ln.text, count=1).strip()
            if len(body) < 8:
                continue
            start = ln.start + ln.text.index(body)
            extra.append(_decision(t, start, ln.end, None, sec))
    return extra


def _decision(
    t: DecisionText, start: int, end: int, proposal: _Proposal | None, sec: Section | None
) -> Decision:
    raw = t.text[start:end]
    end = start + len(raw.rstrip())
    text = t.text[start:end]
    heading = _heading_before(t, start, sec)
    prop = proposal[1] if proposal and proposal[0] is sec and proposal[1] != text else None
    return Decision(
        id=decision_id_for(t.p.id, t.p.version, start, end),
        protocol_id=t.p.id,
        text=text,
        start=start,
        end=end,
        section_number=sec.number if sec else None,
        section_title=sec.title if sec else "",
        heading=heading,
        outcome=outcome_of(text),
        page=t.p.page_at(start),
        date=t.p.date,
        body=t.p.body,
        proposal=prop,
    )


def _heading_before(t: DecisionText, start: int, sec: Section | None) -> str | None:
    """The sub-heading right above a decision within its item ("Sammanträdesplan 2025")."""
    li = t.line_at(start)
    if t.lines[li].start + indent(t.lines[li].text) != start:
        return None
    j = li - 1
    if j >= 0 and t.lines[j].blank:
        j -= 1
    if j < 0 or j in t.heading_lines or (sec is not None and t.lines[j].start < sec.start):
        return None
    s = t.lines[j].stripped.strip("#*_ ")
    if sec is not None and fold(s) in fold(sec.title):
        return None
    if not s or len(s) > 100 or s.endswith(TERMINAL) or is_label(s) or LIST_RE.match(s):
        return None
    if NOISE_RE.match(t.lines[j].text) or PAGE_HEADER_RE.match(s):
        return None
    return s
