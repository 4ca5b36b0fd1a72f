"""Realistic Swedish queries for the benchmarks: our own dev-set questions (every
`eval/datasets/*/questions.jsonl`) and SweQUAD-MC's dev-split questions."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from protokoll.eval.bench.common import CORPUS, ROOT


def load_queries(limit: int = 300, seed: int = 8) -> list[str]:
    own: list[str] = []
    for f in sorted((ROOT / "eval" / "datasets").glob("*/questions.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line).get("query")
                if q:
                    own.append(str(q))
    swequad: list[str] = []
    sq = CORPUS / "qa" / "swequad_mc" / "queries.jsonl"
    if sq.exists():
        for line in sq.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row.get("split", "dev") == "dev" and row.get("text"):
                    swequad.append(str(row["text"]))
    pool = list(dict.fromkeys(own + swequad))
    if not pool:
        raise SystemExit("inga frågor: eval/datasets/*/questions.jsonl saknas")
    rng = np.random.default_rng(seed)
    # Own questions first (they are about protocols), SweQUAD-MC fills up to the limit.
    own_u = list(dict.fromkeys(own))
    rest = [q for q in pool if q not in set(own_u)]
    rest = [rest[i] for i in rng.permutation(len(rest))]
    out = (own_u + rest)[:limit]
    return [out[i] for i in rng.permutation(len(out))]


def warmup_queries(measured: list[str], limit: int, seed: int = 9) -> list[str]:
    """Up to `limit` other questions of the same pool, never one of `measured`: a warm-up
    that fills the caches a running service has filled (SQLite pages, the analyser's words,
    OpenVINO's kernels) without having seen the measured questions themselves."""
    pool = load_queries(10**6, seed)
    taken = set(measured)
    return [q for q in pool if q not in taken][:limit]


def query_sources() -> list[str]:
    files = sorted((ROOT / "eval" / "datasets").glob("*/questions.jsonl"))
    out = [str(f.relative_to(ROOT)) for f in files]
    sq = CORPUS / "qa" / "swequad_mc" / "queries.jsonl"
    if sq.exists():
        out.append("../shared/corpus/qa/swequad_mc/queries.jsonl (dev)")
    return out


def load_dataset_queries(path: Path) -> list[str]:
    return [
        json.loads(line)["query"]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
