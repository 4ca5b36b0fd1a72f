"""The outcome a decision states: bifall, avslag, återremiss, bordläggning, information noterad
or lagt till handlingarna."""

from __future__ import annotations

import re

OUTCOMES = (
    "bifall",
    "avslag",
    "återremiss",
    "bordläggning",
    "information noterad",
    "lagt till handlingarna",
)

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
