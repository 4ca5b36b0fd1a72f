"""Stored data brought up to date when a newer version ships, so nothing has to be re-ingested:
terms from an older analyzer, facts from an older extractor, and protocol ids from the time they
were made from absolute paths."""

from __future__ import annotations

import logging
import os
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from protokoll.index.analysis import ANALYZER_VERSION, Analyzer
from protokoll.index.catalog import Catalog
from protokoll.ingest.chunking import embedding_header
from protokoll.ingest.extract import FACTS_VERSION, extract_facts
from protokoll.ingest.records import Fact, Protocol, protocol_id_for

if TYPE_CHECKING:
    from protokoll.index.write import Writer

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


def current_facts(
    catalog: Catalog, kinds: list[str] | None = None, protocol_ids: Collection[str] | None = None
) -> list[tuple[str, Fact]]:
    """Facts of the active protocols (of these, when given); re-extracted first if a newer
    extractor ships."""
    if catalog.get_meta("facts_extractor") != FACTS_VERSION:
        redone: dict[tuple[str, str], list[Fact]] = {}
        for summary in catalog.protocols():
            p = catalog.protocol(summary.id)
            if p is not None:
                redone[(p.id, p.version)] = extract_facts(p)
        catalog.replace_facts(redone, FACTS_VERSION)
        log.info("tog fram fakta på nytt ur %d protokoll", len(redone))
    return catalog.facts(kinds, protocol_ids)


# How protocol ids are made: from the path relative to the ingested folder (ingest/records.py).
ID_SCHEME = "relative-path"


def migrate_ids(catalog: Catalog, writer: Writer) -> int:
    """Give protocols whose id was made from an absolute path the id a fresh ingest of their
    folder would give: their path relative to the folder all of them share. Returns how many
    moved; vectors move with them, nothing is embedded again."""
    if catalog.get_meta("ids") == ID_SCHEME:
        return 0
    local = [p for p in catalog.protocols() if "://" not in p.source]
    moved = 0
    if local:
        root = Path(os.path.commonpath([str(Path(p.source).parent) for p in local]))
        for p in local:
            key = Path(os.path.relpath(p.source, root)).as_posix()
            new = protocol_id_for(key, Path(p.source).stem)
            if new != p.id:
                writer.rekey(p.id, new)
                moved += 1
        if moved:
            log.info("gav %d protokoll id efter sökvägen i mappen %s", moved, root)
    catalog.set_meta("ids", ID_SCHEME)
    return moved
