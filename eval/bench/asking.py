"""Ask latency over the whole corpus: `protokoll bench ask --source DATA`.

Every question of the corpus and archive-tuning sets (the test half is never read) is asked
once in one process, after two warm-up questions, as `protokoll ask` answers it: understanding,
search, candidates, features and the selector. Reported: p50/p95/p99 per answer, split into
answered and declined questions, against the floor of the search alone for the same question.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from protokoll.eval.bench.common import environment, finish, markdown, percentiles
from protokoll.eval.datasets import load_span_dataset

_DATASETS = Path(__file__).resolve().parents[1] / "datasets"
SETS = ("corpus", "archive-tuning")


def bench_ask(source: Path, corpus_root: Path) -> dict[str, Any]:
    from protokoll.service.facade import Protokollsok
    from protokoll.service.settings import Settings

    questions = [
        q.query for name in SETS for q in load_span_dataset(_DATASETS / name, corpus_root).questions
    ]
    result: dict[str, Any] = {"benchmark": "ask", "source": str(source), **environment()}
    ask_ms: dict[str, list[float]] = {"answered": [], "declined": []}
    search_ms: list[float] = []
    with Protokollsok(Settings(data=source)) as app:
        for q in questions[:2]:
            app.ask(q)
        for q in questions:
            t0 = time.perf_counter()
            r = app.ask(q)
            asked = time.perf_counter() - t0
            app.index.embedder.forget_queries()  # the floor encodes its query, as ask did
            t1 = time.perf_counter()
            app.search(q, k=8)
            searched = time.perf_counter() - t1
            ask_ms["answered" if r["answerable"] else "declined"].append(asked * 1000)
            search_ms.append(searched * 1000)
    every = ask_ms["answered"] + ask_ms["declined"]
    result["latency_ms"] = {
        "ask": percentiles(every),
        "answered": percentiles(ask_ms["answered"]),
        "declined": percentiles(ask_ms["declined"]),
        "search_floor": percentiles(search_ms),
    }
    rows = [[name, p.get("n"), p.get("p50"), p.get("p95"), p.get("p99")]
            for name, p in result["latency_ms"].items()]  # fmt: skip
    result["table_md"] = markdown(["ms", "n", "p50", "p95", "p99"], rows)
    return finish(result)
