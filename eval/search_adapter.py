"""Train search's query turn (index/search/turn.py) and write index/data/search_adapter.npy.

    python -m protokoll.eval.search_adapter \\
        /tmp/corpus-index:eval/datasets/archive-tuning ... /tmp/askset:eval/datasets/ask

Each argument is an index (a data folder) and a dataset with answer spans, searched through the
product's own understanding and search (`Protokollsok.search_request`, `Index.search_pool`). The
candidates are every chunk search fuses for the question (about 70: the dense and the lexical
candidates); a chunk answers when it holds one of the question's spans, as eval/retrieval.py
judges. Never a test half.

The model is the sentence adapter's (eval/selector/adapter.py): W from the identity, pulled back
to it (LAMBDA ‖W − I‖²), trained listwise on the closeness (W q)·c alone. It is checked as search
uses it: five folds grouped by document, where each held-out question's candidates are fused
again (index/search/fusion.py, the settings' dense weight) with the turned closeness, and the
share with an answering chunk among the first five (R@5) and first (R@1) is compared with the
model's own closeness. On the twenty-fifth pass's 890 tuning questions the pull LAMBDA was
swept in these folds: answering chunk among the first five for 728 of 890 with the model's own
closeness, and with W for 728, 737, 743, 736, 733 and 728 at 0.3, 1, 3, 10, 30 and 100.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from protokoll.eval.datasets import load_span_dataset
from protokoll.eval.selector.adapter import (
    arrays,
    folds,
    train,
    trainer_parser,
    training_pairs,
)
from protokoll.eval.selector.examples import source_digest
from protokoll.index.search.fusion import convex

log = logging.getLogger(__name__)

LAMBDA = 3.0
OUT = Path(__file__).resolve().parents[1] / "index" / "data"


def gathered(data: Path, dataset: Path) -> tuple[list[dict[str, Any]], str, float]:
    """For each question of `dataset` with answer spans: its vector, the document it is about,
    every candidate's stored vector and BM25 score, and which hold a span; and the model and
    the dense weight the index searches with."""
    from protokoll.service.facade import Protokollsok
    from protokoll.service.settings import Settings

    out = []
    # The spans were copied from the readers' text layers; the index is used as it is.
    settings = Settings(data=data, ocr=False, search_adapter=False)
    with Protokollsok(settings) as app:
        for q in load_span_dataset(dataset).questions:
            if not q.relevant:
                continue
            qvec, hits, vectors = app.index.search_pool(app.search_request(q.query))
            if qvec is None or not hits:
                continue
            y = [
                any(s.source == Path(h.protocol.source).name and s.found_in(h.chunk.text)
                    for s in q.relevant)
                for h in hits
            ]  # fmt: skip
            out.append({
                "set": dataset.name, "id": q.id, "doc": q.relevant[0].source, "q": qvec,
                "s": vectors, "y": y, "lexical": np.array([h.lexical or 0.0 for h in hits]),
            })  # fmt: skip
        model, weight = app.index.embedder.name, settings.dense_weight
    log.info("%s: %d frågor", dataset, len(out))
    return out, model, weight


def ranked_first(w: np.ndarray | None, row: dict[str, Any], weight: float) -> int | None:
    """Where the first answering candidate ranks once the question's candidates are fused with
    the closeness to W q (W None: the model's own closeness); None when none answers."""
    t = row["q"] if w is None else w @ row["q"]
    fused = convex(row["s"] @ (t / np.linalg.norm(t)), row["lexical"], weight)
    order = np.argsort(-fused, kind="stable")
    found = np.flatnonzero(np.asarray(row["y"])[order])
    return int(found[0]) + 1 if found.size else None


def recall(w: np.ndarray | None, rows: list[dict[str, Any]], weight: float, k: int) -> int:
    ranks = [ranked_first(w, r, weight) for r in rows]
    return sum(r is not None and r <= k for r in ranks)


def fitted(rows: list[dict[str, Any]], lam: float) -> np.ndarray:
    """W trained on the questions with an answering candidate."""
    usable = [r for r in rows if any(r["y"])]
    return train(*arrays(usable, max(len(r["y"]) for r in usable)), lam=lam)


def main(argv: list[str] | None = None) -> int:
    ap = trainer_parser(
        "python -m protokoll.eval.search_adapter", "DATAMAPP:DATASET med textställen", OUT
    )
    ap.add_argument("--lam", type=float, default=LAMBDA, help="dragningen mot identiteten")
    args = ap.parse_args(argv)
    pairs = training_pairs(args.pairs)
    if pairs is None:
        return 2
    started = time.monotonic()
    parts = [gathered(data, ds) for data, ds in pairs]
    rows = [r for part, _, _ in parts for r in part]
    if len({model for _, model, _ in parts}) != 1 or len({w for _, _, w in parts}) != 1:
        print("indexen har olika modeller eller fusionsvikter", file=sys.stderr)  # noqa: T201
        return 2
    model, weight = parts[0][1], parts[0][2]
    fold = folds([r["doc"] for r in rows])
    figures = {"own_r5": 0, "turned_r5": 0, "own_r1": 0, "turned_r1": 0}
    for f in range(5):
        w = fitted([r for r, g in zip(rows, fold, strict=True) if g != f], args.lam)
        held = [r for r, g in zip(rows, fold, strict=True) if g == f]
        for k in (5, 1):
            figures[f"own_r{k}"] += recall(None, held, weight, k)
            figures[f"turned_r{k}"] += recall(w, held, weight, k)
    w = fitted(rows, args.lam)
    args.out.mkdir(parents=True, exist_ok=True)
    np.save(args.out / "search_adapter.npy", w.astype(np.float32))
    about = {
        "model": model,
        "trained": date.today().isoformat(),
        "params": {"lambda": args.lam, "dense_weight": weight},
        "trained_on": [
            {
                "dataset": str(ds),
                "sha256": source_digest(ds / "questions.jsonl"),
                "questions": len(part),
            }
            for (_, ds), (part, _, _) in zip(pairs, parts, strict=True)
        ],  # fmt: skip
        "questions": len(rows),
        "with_an_answering_candidate": sum(any(r["y"]) for r in rows),
        "folds_by_document": figures,
        "distance_from_identity": round(float(np.linalg.norm(w - np.eye(len(w)))), 4),
    }
    path = args.out / "search_adapter.json"
    path.write_text(json.dumps(about, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log.info("%s (%.0f s)", json.dumps(figures), time.monotonic() - started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
