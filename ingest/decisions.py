"""Shim, removed at merge: decision extraction lives in `protokoll.ingest.extract`."""

from protokoll.ingest.extract import DECISIONS_VERSION as EXTRACTOR_VERSION
from protokoll.ingest.extract import OUTCOMES, decision_context, extract_decisions, outcome_of

__all__ = ["EXTRACTOR_VERSION", "OUTCOMES", "decision_context", "extract_decisions", "outcome_of"]
