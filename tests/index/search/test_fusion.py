"""Fusion (`index/search/fusion.py`): normalised dense and lexical evidence, weighted."""

import numpy as np
from protokoll.index.search.fusion import convex, minmax, rrf


def test_minmax_spans_zero_to_one_and_keeps_flat_input_flat() -> None:
    assert minmax(np.array([2.0, 4.0, 3.0])).tolist() == [0.0, 1.0, 0.5]
    assert minmax(np.array([0.7, 0.7])).tolist() == [1.0, 1.0]
    assert minmax(np.array([0.0, 0.0])).tolist() == [0.0, 0.0]
    assert minmax(np.array([])).size == 0


def test_convex_weighs_dense_against_bm25_relative_to_the_best() -> None:
    dense = np.array([0.9, 0.8], dtype=np.float32)
    lexical = np.array([0.0, 10.0], dtype=np.float32)
    fused = convex(dense, lexical, 0.6)
    assert np.allclose(fused, [0.6, 0.4])
    assert np.allclose(convex(dense, np.zeros(2, dtype=np.float32), 0.6), [0.6, 0.0])


def test_rrf_rewards_agreeing_rankings() -> None:
    fused = rrf([["a", "b"], ["a", "c"]])
    assert max(fused, key=fused.__getitem__) == "a"
    assert fused["b"] == fused["c"]
