"""The asked kind lifts the passages that hold it in search (service/kind_prior.py)."""

from dataclasses import replace
from pathlib import Path

import pytest
from protokoll.index.records import EXAMPLE_HIT, Hit
from protokoll.service import kind_prior
from protokoll.service.facade import Protokollsok
from protokoll.service.kind_prior import KIND_PRIOR, prefer_asked_kind

MINUTES = """Protokoll Tekniska nämnden 2025-03-10

Sjöviks kommun
Tekniska nämnden

Plats: Sjöviks kommunhus
Tid: kl. 13.00–15.00

§ 12 Avfallstaxa

Förvaltningen redovisar arbetet med den nya avfallstaxan. Den nya avfallstaxan ska spegla
kostnaderna för insamling och behandling. Nämnden diskuterar hur den nya avfallstaxan påverkar
hushållen. Flera ledamöter vill att den blir enkel att förstå.

Beslut: Informationen noteras.

§ 13 Taxor i övrigt

Nämnden fastställer att avfallstaxan gäller från och med den 1 juli 2025.

Beslut: Nämnden beslutar enligt förslaget.
"""


def _hit(rank: int, score: float, text: str) -> Hit:
    return replace(EXAMPLE_HIT, rank=rank, score=score, chunk=replace(EXAMPLE_HIT.chunk, text=text))


def test_passage_holding_the_asked_date_overtakes_a_closer_one_without() -> None:
    hits = [
        _hit(1, 0.9, "Nämnden diskuterar den nya avfallstaxan."),
        _hit(2, 0.8, "Avfallstaxan gäller från och med den 1 juli 2025."),
    ]
    ranked = prefer_asked_kind(hits, "date", "När börjar avfallstaxan gälla?", k=2)
    assert [h.chunk.text[:11] for h in ranked] == ["Avfallstaxa", "Nämnden dis"]
    assert [h.rank for h in ranked] == [1, 2]
    assert ranked[0].score == pytest.approx(0.8 + KIND_PRIOR)


def test_a_date_the_question_names_itself_gains_nothing() -> None:
    hits = [_hit(1, 0.9, "Mötet den 1 juli 2025 behandlade avfallstaxan.")]
    ranked = prefer_asked_kind(hits, "date", "Vad sades den 1 juli 2025 om avfallstaxan?", k=1)
    assert ranked[0].score == pytest.approx(0.9)


def test_list_is_cut_to_k_after_reranking() -> None:
    hits = [_hit(i, 1.0 - i / 10, f"Punkt {i} utan datum.") for i in range(1, 6)]
    hits.append(_hit(6, 0.3, "Beslutet gäller från den 3 mars 2025."))
    ranked = prefer_asked_kind(hits, "date", "Från när gäller beslutet?", k=3)
    assert len(ranked) == 3
    assert "3 mars" not in " ".join(h.chunk.text for h in ranked)  # 0.45 < 0.7


@pytest.fixture
def minutes_app(fresh_app: Protokollsok, tmp_path: Path) -> Protokollsok:
    doc = tmp_path / "tekniska.txt"
    doc.write_text(MINUTES, encoding="utf-8")
    assert not fresh_app.ingest([doc]).failed
    return fresh_app


def _scores(app: Protokollsok, query: str, mode: str | None = None) -> dict[str, float]:
    hits = app.search(query, k=5, mode=mode)["results"]
    return {h["section"]["number"]: h["score"] for h in hits}


def test_search_lifts_the_item_that_states_the_asked_date(
    minutes_app: Protokollsok, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "När börjar den nya avfallstaxan gälla?"
    lifted = _scores(minutes_app, question)
    monkeypatch.setattr(kind_prior, "KIND_PRIOR", 0.0)
    fused = _scores(minutes_app, question)
    assert lifted["13"] == pytest.approx(fused["13"] + KIND_PRIOR, abs=1e-3)
    assert lifted["12"] == pytest.approx(fused["12"], abs=1e-3)
    assert fused["12"] > fused["13"]  # closer by words and meaning, but it holds no date
    assert lifted["13"] > lifted["12"]


@pytest.mark.parametrize("mode", ["dense", "lexical"])
def test_single_signal_modes_are_not_reranked(
    minutes_app: Protokollsok, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    question = "När börjar den nya avfallstaxan gälla?"
    before = _scores(minutes_app, question, mode)
    monkeypatch.setattr(kind_prior, "KIND_PRIOR", 0.0)
    assert _scores(minutes_app, question, mode) == before
