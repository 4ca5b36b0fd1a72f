"""Shim, removed at merge: fact extraction lives in `protokoll.ingest.extract`."""

from protokoll.ingest.extract import FACTS_VERSION as EXTRACTOR_VERSION
from protokoll.ingest.extract import extract_facts, person_names, sentence_spans

__all__ = ["EXTRACTOR_VERSION", "extract_facts", "person_names", "sentence_spans"]
