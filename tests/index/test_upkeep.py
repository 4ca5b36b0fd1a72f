"""Stored analysis and extraction kept current (`index/upkeep.py`): an index written by an older
analyzer or fact extractor is worked through again on use, with the same results as a fresh one."""

from pathlib import Path

from protokoll.index.embedding import Embedder
from protokoll.ingest.extract import FACTS_VERSION
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings


def test_facts_from_an_older_extractor_are_extracted_again(
    fresh_app: Protokollsok, seed_copy: Path
) -> None:
    fresh_app.ingest([seed_copy])
    catalog = fresh_app.index.catalog
    current = fresh_app.index.facts()
    assert current
    # As an index written by an older release would look: no facts, an older version mark.
    versions = catalog.active_versions()
    catalog.replace_facts({(pid, v): [] for pid, v in versions.items()}, "0")
    assert catalog.facts() == []
    assert fresh_app.index.facts() == current
    assert catalog.get_meta("facts_extractor") == FACTS_VERSION
    answer = fresh_app.ask("vem ersatte Karin Torstensson?")
    assert answer["kind"] == "fact" and "Karin Jilkén" in answer["answer"]


def test_terms_from_an_older_analyzer_are_analysed_again(
    tmp_path: Path, embedder: Embedder, seed_copy: Path
) -> None:
    settings = Settings(data=tmp_path / "d")
    query = "vem ersatte Karin Torstensson?"
    with Protokollsok(settings, embedder=embedder) as app:
        app.ingest([seed_copy / "000_416a57efa1acaea5.txt"])
        before = app.search(query, k=5, mode="lexical")["results"]
        catalog = app.index.catalog
        # As an older analyzer would have left them: other terms, an older version mark.
        catalog.update_terms({row.chunk.id: "x" for row in catalog.active_chunks()})
        catalog.set_meta("analyzer", "sv-0")
    with Protokollsok(settings, embedder=embedder) as app:
        assert app.search(query, k=5, mode="lexical")["results"] == before
        assert all(row.terms != "x" for row in app.index.catalog.active_chunks())
