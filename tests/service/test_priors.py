"""What a question asks for, and whose words, lift the passages that hold them in search
(service/priors.py)."""

from dataclasses import replace
from pathlib import Path

import pytest
from protokoll.index.records import EXAMPLE_HIT, Hit
from protokoll.service import priors
from protokoll.service.facade import Protokollsok
from protokoll.service.priors import KIND_PRIOR, kind_gains, ordered

from tests.conftest import index_beside_examples

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
    question = "När börjar avfallstaxan gälla?"
    ranked = ordered(hits, kind_gains(hits, "date", question), k=2)
    assert [h.chunk.text[:11] for h in ranked] == ["Avfallstaxa", "Nämnden dis"]
    assert [h.rank for h in ranked] == [1, 2]
    assert ranked[0].score == pytest.approx(0.8 + KIND_PRIOR)


def test_a_date_the_question_names_itself_gains_nothing() -> None:
    hits = [_hit(1, 0.9, "Mötet den 1 juli 2025 behandlade avfallstaxan.")]
    question = "Vad sades den 1 juli 2025 om avfallstaxan?"
    assert kind_gains(hits, "date", question) == [0.0]


def test_list_is_cut_to_k_after_reranking() -> None:
    hits = [_hit(i, 1.0 - i / 10, f"Punkt {i} utan datum.") for i in range(1, 6)]
    hits.append(_hit(6, 0.3, "Beslutet gäller från den 3 mars 2025."))
    ranked = ordered(hits, kind_gains(hits, "date", "Från när gäller beslutet?"), k=3)
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
    monkeypatch.setattr(priors, "KIND_PRIOR", 0.0)
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
    monkeypatch.setattr(priors, "KIND_PRIOR", 0.0)
    assert _scores(minutes_app, question, mode) == before


def _turn(speaker: str, view: str) -> str:
    sentences = [
        f"Jag vill börja med att säga att {view}.",
        "Inflationen har sjunkit snabbare än vi räknade med i den förra prognosen, och "
        "tjänstepriserna har nu börjat dämpas även om de fortfarande ökar snabbt.",
        "Arbetsmarknaden är svagare än i fjol, men sysselsättningen har hållit uppe bättre än "
        "många bedömare trodde, och hushållens förtroende har återhämtat sig något.",
        "Bostadspriserna har stigit under våren och hushållens räntekostnader väntas minska "
        "när de rörliga räntorna följer med ned under resten av året.",
        "Omvärlden präglas av stor osäkerhet, särskilt när det gäller handelspolitiken och "
        "hur tullar kan påverka priser och tillväxt i våra viktigaste exportländer.",
        "Sammantaget stödjer jag förslaget att lämna styrräntan oförändrad vid detta möte.",
    ]
    return f"{speaker}:\n" + "\n".join(sentences * 2) + "\n"


VOICES = (
    "Penningpolitiskt protokoll maj 2025\n\nSammanträdesdatum: 2025-05-07\n\n"
    "§ 1. Penningpolitisk diskussion\n\n"
    + _turn("Riksbankschef Lena Strand", "kronan har stärkts mot euron sedan årsskiftet")
    + "\n"
    + _turn("Vice riksbankschef Olof Berg", "en starkare krona dämpar importpriserna")
)


def test_search_lifts_the_turn_of_the_member_the_question_names(
    fresh_app: Protokollsok, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_beside_examples(fresh_app, tmp_path, "pp-maj-2025.txt", VOICES)
    question = "Vad sa Olof Berg om kronan enligt protokollet från maj 2025?"

    def scored() -> list[tuple[str, float]]:
        hits = fresh_app.search(question, k=10)["results"]
        return [(h["text"], h["score"]) for h in hits if "Jag vill börja" in h["text"]]

    lifted, gain = dict(scored()), priors.VOICE_PRIOR
    monkeypatch.setattr(priors, "VOICE_PRIOR", 0.0)
    fused = dict(scored())
    berg = [t for t in fused if "dämpar importpriserna" in t]
    strand = [t for t in fused if "stärkts mot euron" in t]
    assert berg and strand
    for text in berg:
        assert lifted[text] == pytest.approx(fused[text] + gain, abs=1e-3)
    for text in strand:
        assert lifted[text] == pytest.approx(fused[text], abs=1e-3)


def test_a_declined_answer_shows_the_named_members_turn_first(
    fresh_app: Protokollsok, tmp_path: Path
) -> None:
    index_beside_examples(fresh_app, tmp_path, "pp-maj-2025.txt", VOICES)
    r = fresh_app.ask("Vad tyckte Olof Berg om statsskulden i maj 2025?")
    assert r["answerable"] is False
    berg = VOICES.index("Vice riksbankschef Olof Berg")
    # Two passages hold his turn; the other member's turn opens with the same words.
    assert [n["start"] >= berg for n in r["nearest"][:3]] == [True, True, False]
