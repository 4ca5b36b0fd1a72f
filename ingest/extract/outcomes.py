"""The outcome a decision states: bifall, avslag, återremiss, bordläggning, information noterad
or lagt till handlingarna."""

from __future__ import annotations

import re

from protokoll.ingest.lexicon import lexicon

_RULES = lexicon().outcomes
# The outcomes, in the order they are offered to users (filters, help texts).
OUTCOMES = tuple(_RULES)
# No two outcomes' statements can begin at the same offset, so the earliest one is unambiguous.
_OUTCOME_PATTERNS = [(name, re.compile(rx, re.I)) for name, rx in _RULES.items()]


def outcome_of(text: str) -> str | None:
    """The outcome a decision text states, by the earliest statement: "Ärendet återremitteras
    …" → återremiss, "… beslutar att avslå …" → avslag; None when it states none of them."""
    best: tuple[int, str] | None = None
    for name, pat in _OUTCOME_PATTERNS:
        m = pat.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    return best[1] if best else None
