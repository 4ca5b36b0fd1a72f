"""Who speaks where: the turns of minutes and transcripts that give each speaker a paragraph of
their own under a label ("Vice riksbankschef Anna Seim:", "Lars Jilmstad (M): Jag vill fråga …").

A turn runs from its label to the next label or the end of the item it stands in. What someone
"sa", "frågade" or "ansåg" is then read in their own turns, not in a sentence of another speaker
that happens to be closer to the question's words.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from protokoll.ingest.extract.names import person_names
from protokoll.ingest.records import Protocol

# A label: at the start of a line, a few words ending in a colon, with the party in brackets
# where a transcript gives one. The words must end with a person's name (`person_names`), so
# "Beslut:" and "Ordföranden:" start no turn.
_LABEL = re.compile(r"(?m)^[ \t]*([^\n:]{3,80}?)[ \t]*(\([A-ZÅÄÖ]{1,3}\))?[ \t]*:(?=[ \t]|$)")


class Turn(NamedTuple):
    start: int
    end: int
    speaker: str


def speaker_turns(p: Protocol) -> list[Turn]:
    """The protocol's speaker turns in text order; empty when it labels no speaker."""
    labels: list[tuple[int, str]] = []
    for m in _LABEL.finditer(p.text):
        words = m.group(1).split()
        names = person_names(m.group(1))
        if len(words) <= 6 and len(names) == 1 and m.group(1).rstrip().endswith(names[0]):
            labels.append((m.start(1), names[0]))
    turns: list[Turn] = []
    for i, (start, name) in enumerate(labels):
        end = labels[i + 1][0] if i + 1 < len(labels) else len(p.text)
        section = next((s for s in p.sections if s.start <= start < s.end), None)
        if section is not None:
            end = min(end, section.end)
        turns.append(Turn(start, end, name))
    return turns
