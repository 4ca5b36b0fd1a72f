"""What one line of a protocol is to the decision reader: a decision label ("Beslut:"), a
proposal label ("Förslag till beslut:"), another label ("Yrkanden:"), a stop, a page header, the
head of an earlier treatment, page noise or a list item."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from protokoll.ingest.lexicon import lexicon

_LEAD = r"^[ \t>]*(?:#+[ \t]*)?[*_]*[ \t]*"
# The organ before the label may be written with small letters after its first word ("Miljö-
# och byggnämndens beslut"); a line starting with a small letter is then a wrapped sentence
# ("i enlighet med kommunstyrelsens beslut"), unless the genitive stands alone ("nämndens beslut:").
_DECISION_LABEL_RE = re.compile(
    _LEAD + r"(?:(?=[A-ZÅÄÖ])(?:[\w/.-]+[ \t]+){0,3}[\w/.-]*s[ \t]+|[\w/.-]*s[ \t]+)?"
    r"(?:[Bb]eslut|[Bb]eslutet|BESLUT)[ \t]*[*_]*[ \t]*(?::[ \t]*[*_]*|$)(?P<rest>.*)$"
)
# PDFs with a broken font map garble the label itself ("Välfärdsnämndens beslui:",
# "älfälrisälnäieäs besftt:"): "<word>s <word>:" alone on its line, the word close to "beslut".
_GARBLED_LABEL_RE = re.compile(
    r"^[ \t]*(?:[\w/.-]+[ \t]+){0,3}[\w/.-]*s[ \t]+(?P<w>\w{5,7})[ \t]*:[ \t]*$"
)
# "Förslag till beslut:", "Beslutsförslag:", "Förvaltningens förslag:", "Ordförandens förslag:",
# and the same without a colon when the label stands alone on its line.
PROPOSAL_LABEL_RE = re.compile(
    _LEAD + r"(?:[A-ZÅÄÖ][^\n:]{0,100}?[ \t])?"
    r"(?:[Ff]örslag till beslut|[Bb]eslutsförslag|[Ff]örslag|FÖRSLAG TILL BESLUT|[Ll]örslag)"
    r"[ \t]*[*_]*[ \t]*(?::[ \t]*[*_]*|$)(?P<rest>.*)$"
)
# "Yrkanden:", "Reservation:", "Särskilt yttrande:": labels written with one space, as listed.
_OTHER_LABELS = lexicon().decisions.other_labels
OTHER_LABEL_RE = re.compile(
    _LEAD + r"(?:" + "|".join(re.escape(x) for x in _OTHER_LABELS) + r")[ \t]*[*_]*[ \t]*:",
    re.IGNORECASE,
)
# Lines after which nothing belongs to the decision any more.
STOP_RE = re.compile(
    r"^[ \t]*(?:[-_=]{4,}[ \t]*$|vid protokollet\b|justeras\b|nästa (?:sammanträde|möte)\b|"
    r"(?:denna |dessa )?(?:paragraf(?:en)?|§§?[ \t\d och,-]*)[^.\n]{0,30}\bförklara(?:s|des)\b|"
    r"beslutet (?:delges|skickas|expedieras)\b|expedieras\b|ordförande(?:n)?[ \t]*:|"
    r"sekreterare[ \t]*:|"
    r"justerare[ \t]*:|reservation\b|protokollsanteckning\b|"
    r"[^\n.]{0,80}\breserver(?:ade|ar) (?:sig|de sig)\b)",
    re.IGNORECASE,
)
# Running page headers of paged protocols ("Föredragningslista", "Sida", "191 §", "26.09.2022"):
# a decision never continues into one, and a "beslut:" label followed by one is an empty slot.
PAGE_HEADER_RE = re.compile(
    r"^[ \t]*(?:föredragningslista|protokoll|protokollsutdrag|sida|bilaga\b.*|\d{1,4}[ \t]*§|"
    r"§[ \t]*\d{1,4}|\d{1,2}\.\d{1,2}\.\d{4})[ \t]*$",
    re.I,
)
# "Stadsstyrelsen 5.9.2022, 186 §": the head of one treatment of a matter. Finnish-Swedish
# protocols quote a matter's earlier treatments by other bodies before the meeting's own; a
# treatment dated otherwise than the meeting is history, and its decisions are not this meeting's.
TREATMENT_RE = re.compile(
    r"^[ \t]*[A-ZÅÄÖ][\w .-]{2,60}?[ \t]+\d{1,2}\.[\d.]{1,5}\d{4},?[ \t]*"
    r"(?:\d{1,4}[ \t]*§|§[ \t]*\d{1,4})[ \t]*$"
)
ITEM_HEAD_RE = re.compile(r"^[ \t]*(?:\d{1,4}[ \t]*§|§[ \t]*\d{1,4})[ \t.]+\S")
# Page numbers ("20", "2 [3]", "Sida 4") and running page headers with one ("Personalsektionen\t8").
NOISE_RE = re.compile(
    r"^[ \t]*(?:\d{1,3}(?:[ \t]*\[\d{1,3}\])?|sida[ \t]+\d+|"
    r"[A-ZÅÄÖ][\w .-]{0,60}\t+\d{1,3})[ \t]*$",
    re.I,
)
LIST_RE = re.compile(
    r"^[ \t]*(?:[•·▪◦\-–*o\uf0b7\uf0a7\uf0d8]|\d{1,2}[.)]|[a-h][.)]|att\b|om\b)[ \t]*", re.I
)
RULE_RE = re.compile(r"^[ \t]*[_=-]{4,}[ \t]*$")
TERMINAL = (".", "!", "?", ":", ";")


class _LabelMatch:
    """A garbled decision label read as one with nothing after it (as `m["rest"]` reads)."""

    def __init__(self, rest: str) -> None:
        self._rest = rest

    def __getitem__(self, key: str) -> str:
        return self._rest


def decision_label(line: str) -> re.Match[str] | _LabelMatch | None:
    """The decision label a line opens with ("Beslut:", "Välfärdsnämndens beslut:"), or None;
    `m["rest"]` is what follows the label on the line."""
    if m := _DECISION_LABEL_RE.match(line):
        return m
    if (g := _GARBLED_LABEL_RE.match(line)) and not PROPOSAL_LABEL_RE.match(line):
        w = g["w"].lower()
        if w[:2] in ("be", "bg", "bc") and SequenceMatcher(None, w, "beslut").ratio() >= 0.65:
            return _LabelMatch("")
    return None


def is_label(s: str) -> bool:
    """Whether a line opens with a label: a decision's, a proposal's or another one."""
    return bool(decision_label(s) or PROPOSAL_LABEL_RE.match(s) or OTHER_LABEL_RE.match(s))


def indent(s: str) -> int:
    """Where a line's text starts, after indentation and Markdown or quote marks."""
    return len(s) - len(s.lstrip(" \t>*_#"))
