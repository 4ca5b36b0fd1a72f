"""The answer selector's training: exported trees predict as scikit-learn does, the threshold
keeps false answers under the bound, and generated questions never use a test document."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from protokoll.eval.selector import generate, train
from protokoll.service.ask.features import FEATURES
from protokoll.service.ask.selector import Selector

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT.parent / "shared" / "corpus" / "riksdagen-betankanden"


def _synthetic(n: int = 600) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(n, len(FEATURES))).astype(np.float32)
    x[rng.random(size=x.shape) < 0.05] = np.nan  # missing values take the learned branch
    y = ((x[:, 3] > 0.2) ^ (np.nan_to_num(x[:, 7]) > 1.0)).astype(np.int8)
    return x, y


def test_exported_trees_predict_as_scikit_learn_does() -> None:
    x, y = _synthetic()
    model = train.fit(x, y, max_iter=40)
    exported = {
        "features": list(FEATURES),
        **train.export(model),
        "threshold": 0.5,
        "levels": {"medel": 0.6, "hög": 0.8},
    }
    ours = Selector(json.loads(json.dumps(exported))).probabilities(x)
    assert np.allclose(ours, model.predict_proba(x)[:, 1], atol=1e-9)


def test_the_threshold_keeps_false_answers_at_most_the_bound() -> None:
    # (best probability, right, answerable) per question
    rows = [(0.9, True, True), (0.8, True, True), (0.7, False, True), (0.6, True, True),
            (0.5, False, False), (0.4, False, False)]  # fmt: skip
    t = train.threshold_for(rows, 0.10)
    assert t == 0.8
    m = train.metrics(rows, t)
    assert m["false_answer_rate"] == 0.0 and m["accuracy"] == 0.5 and m["abstention"] == 1.0


def test_a_model_for_other_features_is_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="träna om"):
        Selector({"features": ["dense"], "baseline": 0.0, "trees": [], "threshold": 0.5,
                  "levels": {"medel": 0.6, "hög": 0.8}})  # fmt: skip


def test_the_shipped_selector_fits_the_code_and_never_trained_on_a_test_half() -> None:
    selector = Selector.load()
    assert 0.0 < selector.threshold < 1.0
    assert selector.threshold <= selector.levels[0] <= selector.levels[1]
    sources = [t["source"] for t in selector.model["trained_on"]]
    assert sources and not any("-test" in s for s in sources)


@pytest.mark.skipif(not REPORTS.exists(), reason="../shared/corpus saknas")
def test_generated_questions_never_use_a_test_document(tmp_path: Path) -> None:
    assert generate.main([str(REPORTS), str(tmp_path)]) == 0
    rows = [json.loads(x) for x in (tmp_path / "questions.jsonl").read_text("utf-8").splitlines()]
    # Every frozen test half, not only the archive's: their documents are no training data.
    halves = sorted((ROOT / "eval" / "datasets").glob("*-test/questions.jsonl"))
    excluded = set().union(*(generate.test_documents(t) for t in halves))
    assert rows and len(halves) > 1 and "h701uu6.json" in excluded
    assert not {r["doc"] for r in rows} & excluded
    assert all(r["answer"].startswith("Riksdagen ") for r in rows)
    assert all(re.search(r"\d{4}/\d\d:[A-Za-zÅÄÖåäö]+\d+", r["query"]) for r in rows)


def test_the_query_adapter_is_never_trained_on_a_test_half() -> None:
    from protokoll.eval.selector import adapter

    assert adapter.main(["/tmp/none:eval/datasets/fresh-test"]) == 2


def test_the_query_adapter_learns_to_rank_the_answering_candidate_first() -> None:
    from protokoll.eval.selector import adapter

    # Questions whose answering candidate lies along one direction the model's own closeness
    # underweights: W learns to weigh it, and ranks the answering candidate first more often.
    rng = np.random.default_rng(3)
    n, d = 200, 384
    q = rng.normal(size=(n, d)).astype(np.float32)
    s = rng.normal(size=(n, adapter.MOST, d)).astype(np.float32) * 0.1
    y = np.zeros((n, adapter.MOST), bool)
    m = np.ones((n, adapter.MOST), bool)
    answer = rng.integers(0, adapter.MOST, size=n)
    y[np.arange(n), answer] = True
    s[np.arange(n), answer, 0] += 1.0  # the answering one stands out along dimension 0 …
    q[:, 0] = 0.05  # … which the questions hardly point to
    w = adapter.train(q, s, y, m)
    assert adapter.first_right(w, q, s, y, m) > adapter.first_right(None, q, s, y, m) + 0.2


def test_search_s_adapter_is_never_trained_on_a_test_half() -> None:
    from protokoll.eval import search_adapter

    assert search_adapter.main(["/tmp/none:eval/datasets/fresh14-test"]) == 2


def test_search_s_adapter_ranks_the_answering_chunk_higher_once_fused_again() -> None:
    from protokoll.eval import search_adapter

    # Questions that all point one way (dimension 0) and answering chunks that stand out along
    # another (dimension 1), with BM25 that cannot tell the chunks apart: W learns to turn the
    # one toward the other, so on questions it never saw, the candidates fused again with the
    # turned closeness put the answering chunk among the first five more often.
    rng = np.random.default_rng(5)
    rows = []
    for i in range(200):
        q = rng.normal(size=384).astype(np.float32) * 0.05
        q[0] = 1.0
        s = rng.normal(size=(40, 384)).astype(np.float32) * 0.1
        answer = int(rng.integers(0, 40))
        s[answer, 1] += 1.0
        y = [k == answer for k in range(40)]
        rows.append({"q": q, "s": s, "y": y, "lexical": np.ones(40), "doc": f"d{i % 20}"})
    w = search_adapter.fitted(rows[:150], lam=search_adapter.LAMBDA)
    held = rows[150:]
    assert search_adapter.recall(w, held, 0.6, 5) > search_adapter.recall(None, held, 0.6, 5) + 10
