"""Passages encoded in bfloat16 (where the CPU computes it natively) give the fp32 vectors."""

from __future__ import annotations

import numpy as np
import pytest
from protokoll.index.embedding import Embedder
from protokoll.index.embedding.embedder import resolve_precision
from protokoll.ingest.errors import ProtokollError

from tests.index.embedding.test_fast_query import VARIED, assert_cosines_at_least, long_text


@pytest.mark.slow
def test_bf16_passages_match_fp32_passages(embedder: Embedder) -> None:
    texts = [t for t in [*VARIED, long_text()] if t]
    fp32 = Embedder(embedder.model, embedder.name, precision="fp32").encode_documents(texts)
    bf16 = Embedder(embedder.model, embedder.name, precision="bf16").encode_documents(texts)
    # Measured: min 0.99998 on this set and on 400 protocol passages (docs/benchmarks.md).
    assert_cosines_at_least(fp32, bf16, texts, 0.9999)
    assert bf16.dtype == np.float32 and np.allclose(np.linalg.norm(bf16, axis=1), 1.0, atol=1e-5)


def test_precision_setting_is_checked_and_auto_never_picks_bf16_off_the_cpu() -> None:
    assert resolve_precision("fp32", "cpu") == "fp32"
    assert resolve_precision("bf16", "cpu") == "bf16"
    assert resolve_precision("auto", "cuda") == "fp32"
    with pytest.raises(ProtokollError, match="fp8"):
        resolve_precision("fp8", "cpu")
