"""What a parsed protocol states: facts (who replaced, was appointed, chaired, presented or
attended, and the counts) and decisions, each with the offsets of the text that states it.

Everything here is a pure function of a `Protocol`; the Swedish words the rules read come from
the lexicon (`protokoll.ingest.lexicon`).
"""

from protokoll.ingest.extract.decisions import (
    DECISIONS_VERSION,
    decision_context,
    extract_decisions,
)
from protokoll.ingest.extract.facts import FACTS_VERSION, extract_facts
from protokoll.ingest.extract.names import person_names
from protokoll.ingest.extract.outcomes import OUTCOMES, outcome_of
from protokoll.ingest.extract.units import sentence_spans, tabbed

__all__ = [
    "DECISIONS_VERSION",
    "FACTS_VERSION",
    "OUTCOMES",
    "decision_context",
    "extract_decisions",
    "extract_facts",
    "outcome_of",
    "person_names",
    "sentence_spans",
    "tabbed",
]
