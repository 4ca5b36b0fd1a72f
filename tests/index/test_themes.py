"""Themes (`index/themes.py`): the taxonomy file, and relabelling when it changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from protokoll.index.decisions import DecisionIndex
from protokoll.index.embedding import Embedder
from protokoll.index.themes import TaxonomyError, load_taxonomy
from protokoll.service.facade import Protokollsok

from tests.conftest import EXAMPLES


def test_a_changed_taxonomy_relabels_without_re_embedding_decisions(
    fresh_app: Protokollsok, embedder: Embedder, tmp_path: Path
) -> None:
    fresh_app.ingest([EXAMPLES])
    catalog = fresh_app.index.catalog
    before = {r.decision.id: r.embedding for r in catalog.stored_decisions()}
    toml = tmp_path / "teman.toml"
    toml.write_text(
        "[[theme]]\n"
        'label = "idrott och föreningsliv"\n'
        'description = "Idrott, idrottsplatser, konstgräsplaner och bidrag till föreningar."\n'
        'keywords = ["idrott", "konstgräsplan", "förening", "IF"]\n\n'
        "[[theme]]\n"
        'label = "samhällsbyggnad"\n'
        'description = "Detaljplaner, bygglov, bostäder, gator och trafik."\n'
        'keywords = ["detaljplan", "bygglov", "övergångsställe", "hastighetsdämpande"]\n',
        encoding="utf-8",
    )
    taxonomy = load_taxonomy(toml)
    encoded: list[list[str]] = []

    class CountingEmbedder(Embedder):  # the real model, with its calls counted
        def __init__(self) -> None:
            super().__init__(embedder.model, embedder.name, embedder.batch_size)

        def encode_queries(self, texts: list[str], fast: bool = False):  # type: ignore[no-untyped-def]
            encoded.append(texts)
            return super().encode_queries(texts, fast)

        def encode_documents(self, texts: list[str], show_progress: bool = False):  # type: ignore[no-untyped-def]
            encoded.append(texts)
            return super().encode_documents(texts, show_progress)

    counting = CountingEmbedder()
    other = DecisionIndex(catalog, lambda: counting, fresh_app.index.analyzer, taxonomy)
    other.ensure_current()
    assert encoded == [[t.text for t in taxonomy.themes]]  # only the two theme descriptions
    assert {r.decision.id: r.embedding for r in catalog.stored_decisions()} == before
    labels = {
        d.stored.decision.section_number: [lab for lab, _ in d.stored.themes]
        for d in other.search(k=100).hits
        if d.stored.decision.body == "Kommunstyrelsen, Ekbacka kommun"
    }
    assert labels["117"] == ["idrott och föreningsliv"]
    assert {lab for ls in labels.values() for lab in ls} <= set(taxonomy.labels)
    other.ensure_current()
    assert len(encoded) == 1  # unchanged taxonomy: nothing embedded again


def test_taxonomy_errors_name_the_file_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "teman.toml"
    bad.write_text('[[theme]]\nlabel = "x"\n', encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"teman\.toml.*description"):
        load_taxonomy(bad)
    shipped = load_taxonomy()
    assert len(shipped.themes) >= 12 and "penningpolitik" in shipped.labels
