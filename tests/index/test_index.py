"""`Index` (`index/index.py`): its read API over a real index, the model check, and the old
import path's names."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from protokoll.index.embedding import Embedder
from protokoll.index.index import Index, IndexMismatch
from protokoll.index.records import Hit
from protokoll.index.search.request import SearchRequest
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

Q = "vem ersatte Karin Torstensson?"


@pytest.fixture(scope="module")
def index(seed_app: Protokollsok) -> Index:
    return seed_app.index


def test_the_listing_carries_no_text_and_agrees_with_the_full_protocols(index: Index) -> None:
    listed = index.protocols()
    assert len(listed) == 2
    dates = [p.date for p in listed]
    assert dates == sorted(dates, reverse=True)
    for summary in listed:
        full = index.protocol(summary.id)
        assert full is not None and full.sections and full.attendance and full.text
        assert summary.text == "" and not summary.sections and not summary.attendance
        assert summary == replace(full, text="", sections=(), attendance=())
        cached = index.protocol_summary(summary.id)
        assert cached == full
        chunks = index.chunks_of(summary.id)
        assert chunks and all(full.text[c.start : c.end] == c.text for c in chunks)
    assert index.protocol("saknas") is None and index.protocol_summary("saknas") is None


def test_stats_bodies_and_newest_date(index: Index, embedder: Embedder) -> None:
    st = index.stats()
    assert st["protocols"] == 2 and st["pending"] == 0
    chunks = sum(len(index.chunks_of(p.id)) for p in index.protocols())
    assert st["vectors"] == st["chunks"] == chunks
    assert st["model"] == embedder.name
    assert index.newest_date() == max(p.date for p in index.protocols() if p.date)
    assert "Läns-gemensam ledning" in index.bodies()
    assert len(index.resolve_bodies("lans-gemensam")) == 2
    # The full name also means the meeting whose title named the organ by its first words.
    assert sorted(index.resolve_bodies("LANS-GEMENSAM LEDNING I SAMVERKAN")) == [
        "Läns-gemensam ledning", "Läns-gemensam ledning i samverkan",
    ]  # fmt: skip
    assert index.resolve_bodies("kommunfullmäktige i ingenstans") == []


def test_vocabulary_knows_the_corpus_words(index: Index) -> None:
    vocab = index.vocabulary
    term = index.analyzer.word_terms("Torstensson")[0]
    assert term in vocab.vocabulary
    assert vocab.idf(term) < vocab.idf("ordetsomintefinns")
    assert vocab.close_terms(index.analyzer.word_terms("Torstenson")[0]) == [term]


def test_a_filtered_search_ranks_hits_from_one(index: Index) -> None:
    hits = index.search(SearchRequest(Q, 5, date_from=date(2023, 1, 1)))
    assert hits and all(isinstance(h, Hit) for h in hits)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert "Karin Jilkén" in hits[0].chunk.text


def test_opening_an_index_with_another_model_is_refused(
    tmp_path: Path, embedder: Embedder, seed_copy: Path
) -> None:
    data = tmp_path / "d"
    with Protokollsok(Settings(data=data), embedder=embedder) as a:
        a.ingest([seed_copy])
    other = type(embedder)(embedder.model, "some/other-model")
    with Protokollsok(Settings(data=data, model="some/other-model"), embedder=other) as b:
        assert b.stats()["protocols"] == 2  # listing never loads the model
        with pytest.raises(IndexMismatch, match="some/other-model"):
            b.search(Q)


def test_only_the_most_recently_used_protocols_are_kept_in_full(
    index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory must not grow with the archive: beyond `SUMMARIES` the least recently used
    protocol goes, and comes back from the catalog when asked for again."""
    import protokoll.index.derived as derived

    monkeypatch.setattr(derived, "SUMMARIES", 1)
    first, second = (p.id for p in index.protocols())
    index._derived.forget()  # what earlier tests left
    kept = index._derived._summaries
    assert index.protocol_summary(first) is not None
    assert index.protocol_summary(second) is not None and list(kept) == [second]
    again = index.protocol_summary(first)
    assert again == index.protocol(first) and list(kept) == [first]
