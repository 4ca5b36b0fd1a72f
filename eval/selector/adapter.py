"""Train the query adapter (service/ask/adapter.py) and write service/ask/data/adapter.npy.

    python -m protokoll.eval.selector.adapter \\
        /tmp/corpus-index:eval/datasets/archive-tuning ... /tmp/askset:eval/datasets/ask

Each argument is an index (a data folder) and a dataset with answers, asked through the product's
own understanding and search; the candidates are the sentences the passages answerer chooses
among (`passages.candidate_sentences`). A question teaches W when two or more sentences were found
and one of them holds its answer (eval/selector/examples.py `right`). Never a test half.

The model: score(q, s) = (W q)·s for the question's vector q and a candidate's vector s, W a
384×384 matrix started at the identity and pulled back to it (LAMBDA ‖W − I‖²), trained
listwise: the softmax over one question's candidates should put its mass on those that answer.
Full-batch Adam for STEPS steps, checked by five folds grouped by document (the same document
occurs in more than one set): on the twenty-fourth pass's 800 questions an answering sentence came
first for 0.515 with the model's own closeness and 0.583 with W. Learnt from the selector's
shortlist of twelve instead, W ranked as well on the held-out halves but gained less in the folds.
The data file's JSON records the sources, the settings and the folds' figures.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from protokoll.eval.selector.examples import right, source_digest, span_questions
from protokoll.service.ask.passages import candidate_sentences

log = logging.getLogger(__name__)

LAMBDA = 1.0
STEPS = 400
LEARNING_RATE = 1e-3
# Sentences weighed per question at most (a named speaker's turns give hundreds).
MOST = 200
OUT = Path(__file__).resolve().parents[2] / "service" / "ask" / "data"


def gathered(data: Path, dataset: Path) -> tuple[list[dict[str, Any]], str]:
    """For each usable question of `dataset`: its text as encoded, the document it is about,
    the sentences the passages answerer chooses among, as it encodes them ("title: sentence"),
    and which hold the answer; and the model that encoded them."""
    from protokoll.service.facade import Protokollsok
    from protokoll.service.settings import Settings

    out = []
    with Protokollsok(Settings(data=data)) as app:
        for lq in span_questions(dataset):
            if not lq.answers:
                continue
            q, _, _ = app.answer_candidates(lq.query)
            candidates, docs, _, _ = candidate_sentences(q) if q.hits else ([], [], [], [])
            ys = [right(c[3], lq.answers) for c in candidates]
            if len(candidates) < 2 or not any(ys):
                continue
            # Every answering sentence, and the others in the text's order up to MOST in all.
            room = MOST - sum(ys)
            keep = [i for i, y in enumerate(ys) if y or (room := room - 1) >= 0]
            # The document most of its answering sentences come from: folds keep it whole.
            doc = Counter(c[0].id for c, y in zip(candidates, ys, strict=True) if y)
            out.append({
                "query": q.text, "doc": doc.most_common(1)[0][0],
                "y": [ys[i] for i in keep], "texts": [docs[i] for i in keep],
            })  # fmt: skip
        vectors(app, out)
        model = app.index.embedder.name
    log.info("%s: %d frågor att lära av", dataset, len(out))
    return out, model


def vectors(app: Any, rows: list[dict[str, Any]]) -> None:
    """The question's and the candidates' vectors, as the answerer encodes them."""
    emb = app.index.embedder
    for r in rows:
        r["q"] = emb.encode_queries([r["query"]])[0]
    texts = list(dict.fromkeys(t for r in rows for t in r["texts"]))
    encoded = dict(zip(texts, emb.encode_sentences(texts), strict=True)) if texts else {}
    for r in rows:
        r["s"] = np.stack([encoded[t] for t in r["texts"]])


def arrays(rows: list[dict[str, Any]], most: int = MOST) -> tuple[np.ndarray, ...]:
    """Questions (n, d), candidates (n, most, d), which answer and which exist (n, most)."""
    n, d = len(rows), len(rows[0]["q"])
    q = np.zeros((n, d), np.float32)
    s = np.zeros((n, most, d), np.float32)
    y = np.zeros((n, most), bool)
    m = np.zeros((n, most), bool)
    for i, r in enumerate(rows):
        k = len(r["y"])
        q[i], s[i, :k], y[i, :k], m[i, :k] = r["q"], r["s"], r["y"], True
    return q, s, y, m


def train(
    q: np.ndarray, s: np.ndarray, y: np.ndarray, m: np.ndarray, lam: float = LAMBDA
) -> np.ndarray:
    """W, from the identity, by full-batch Adam on the listwise loss, pulled back to the
    identity by `lam`."""
    import torch

    qt, st, yt, mt = (torch.from_numpy(a) for a in (q, s, y, m))
    d = q.shape[1]
    delta = torch.nn.Parameter(torch.zeros(d, d))  # W = I + delta
    # How sharp the softmax is: learnt, since cosines lie close together; it ranks nothing.
    log_scale = torch.nn.Parameter(torch.tensor(float(np.log(50.0))))
    opt = torch.optim.Adam([delta, log_scale], lr=LEARNING_RATE)
    never = torch.tensor(-1e9)
    torch.manual_seed(0)
    for _ in range(STEPS):
        score = torch.einsum("nd,nkd->nk", qt + qt @ delta.T, st) * log_scale.exp()
        score = torch.where(mt, score, never)
        answering = torch.logsumexp(torch.where(yt, score, never), 1)
        loss = (torch.logsumexp(score, 1) - answering).mean() + lam * (delta**2).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return np.eye(d, dtype=np.float32) + delta.detach().numpy()


def first_right(w: np.ndarray | None, q: np.ndarray, s: np.ndarray, y: np.ndarray,
                m: np.ndarray) -> float:  # fmt: skip
    """Share of questions whose highest-scored candidate answers (W None: the model's own)."""
    turned = q if w is None else q @ w.T
    score = np.where(m, np.einsum("nd,nkd->nk", turned, s), -np.inf)
    return float(y[np.arange(len(y)), score.argmax(1)].mean())


def folds(docs: list[str], k: int = 5) -> np.ndarray:
    """Whole documents to k folds of about equal size, largest first."""
    count = Counter(docs)
    load = np.zeros(k)
    fold_of = {}
    for doc in sorted(count, key=lambda x: (-count[x], x)):
        fold_of[doc] = int(load.argmin())
        load[fold_of[doc]] += count[doc]
    return np.array([fold_of[d] for d in docs])


def trainer_parser(prog: str, pairs_help: str, out: Path) -> argparse.ArgumentParser:
    """The arguments every W trainer takes: DATAMAPP:DATASET pairs and where W is written."""
    ap = argparse.ArgumentParser(prog=prog)
    ap.add_argument("pairs", nargs="+", help=pairs_help)
    ap.add_argument("--out", type=Path, default=out)
    return ap


def training_pairs(texts: list[str]) -> list[tuple[Path, Path]] | None:
    """DATAMAPP:DATASET arguments as paths, with the run's progress logged; None (and why, on
    stderr) when one is a test half."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    pairs = [(Path(d), Path(ds)) for d, _, ds in (t.partition(":") for t in texts)]
    if any(ds.name.endswith("-test") for _, ds in pairs):
        print("testhalvan används aldrig för träning", file=sys.stderr)  # noqa: T201
        return None
    return pairs


def main(argv: list[str] | None = None) -> int:
    ap = trainer_parser(
        "python -m protokoll.eval.selector.adapter", "DATAMAPP:DATASET med svar", OUT
    )
    args = ap.parse_args(argv)
    pairs = training_pairs(args.pairs)
    if pairs is None:
        return 2
    started = time.monotonic()
    parts = [gathered(data, ds) for data, ds in pairs]
    rows = [r for part, _ in parts for r in part]
    models = {model for _, model in parts}
    if len(models) != 1:
        print(f"indexen har olika modeller: {sorted(models)}", file=sys.stderr)  # noqa: T201
        return 2
    q, s, y, m = arrays(rows)
    fold = folds([r["doc"] for r in rows])
    model_own, turned = [], []
    for f in range(5):
        w = train(q[fold != f], s[fold != f], y[fold != f], m[fold != f])
        held = fold == f
        model_own.append(first_right(None, q[held], s[held], y[held], m[held]))
        turned.append(first_right(w, q[held], s[held], y[held], m[held]))
    w = train(q, s, y, m)
    args.out.mkdir(parents=True, exist_ok=True)
    np.save(args.out / "adapter.npy", w.astype(np.float32))
    about = {
        "model": models.pop(),
        "trained": date.today().isoformat(),
        "params": {
            "lambda": LAMBDA,
            "steps": STEPS,
            "learning_rate": LEARNING_RATE,
            "most_candidates": MOST,
        },  # fmt: skip
        "trained_on": [
            {"dataset": str(ds), "sha256": source_digest(ds / "questions.jsonl")} for _, ds in pairs
        ],  # fmt: skip
        "questions": len(rows),
        "folds_by_document": {
            "first_right_model": round(float(np.mean(model_own)), 4),
            "first_right_turned": round(float(np.mean(turned)), 4),
            "per_fold": [
                [round(a, 4), round(b, 4)] for a, b in zip(model_own, turned, strict=True)
            ],
        },
        "distance_from_identity": round(float(np.linalg.norm(w - np.eye(len(w)))), 4),
    }
    (args.out / "adapter.json").write_text(json.dumps(about, ensure_ascii=False, indent=1) + "\n")
    log.info("%s (%.0f s)", json.dumps(about["folds_by_document"]), time.monotonic() - started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
