"""Stored results of analysis and extraction brought up to date when a newer analyzer or fact
extractor ships: the stored texts are worked through again, so nothing has to be re-ingested."""

from __future__ import annotations

import logging

from protokoll.index.analysis import ANALYZER_VERSION, Analyzer
from protokoll.index.catalog import Catalog
from protokoll.ingest.chunking import embedding_header
from protokoll.ingest.extract import FACTS_VERSION, extract_facts
from protokoll.ingest.records import Fact, Protocol

log = logging.getLogger(__name__)


def reanalyse_if_needed(catalog: Catalog, analyzer: Analyzer) -> None:
    """Recompute terms stored by an older analyzer, so that all chunks are analysed alike."""
    if catalog.get_meta("analyzer") == ANALYZER_VERSION:
        return
    terms: dict[str, str] = {}
    protocols: dict[str, Protocol | None] = {}
    for row in catalog.active_chunks():
        pid = row.chunk.protocol_id
        if pid not in protocols:
            protocols[pid] = catalog.protocol(pid)
        p = protocols[pid]
        if p is not None:
            text = f"{embedding_header(p, row.chunk)}\n{row.chunk.text}"
            terms[row.chunk.id] = " ".join(analyzer.terms(text))
    if terms:
        log.info("analyserar om %d chunkar (ny analysversion %s)", len(terms), ANALYZER_VERSION)
        catalog.update_terms(terms)
    catalog.set_meta("analyzer", ANALYZER_VERSION)


def current_facts(catalog: Catalog, kinds: list[str] | None = None) -> list[tuple[str, Fact]]:
    """Facts of the active protocols; re-extracted first if a newer extractor ships."""
    if catalog.get_meta("facts_extractor") != FACTS_VERSION:
        redone: dict[tuple[str, str], list[Fact]] = {}
        for summary in catalog.protocols():
            p = catalog.protocol(summary.id)
            if p is not None:
                redone[(p.id, p.version)] = extract_facts(p)
        catalog.replace_facts(redone, FACTS_VERSION)
        log.info("tog fram fakta på nytt ur %d protokoll", len(redone))
    return catalog.facts(kinds)
