"""Trains the passage gate (service/ask/gate.py): when the best sentence answers at all.

    python -m protokoll.eval.passage_gate collect --data DATA DATASET... --out ROWS.jsonl
    python -m protokoll.eval.passage_gate train ROWS.jsonl... [--out PATH]

`collect` asks every question of the datasets with the gate open, so that the sentence route
answers whenever it has a sentence at all, and writes one row per question it answered: what
the gate reads of the sentence (`Support`) and whether the answer was right. An unanswerable
question answered is a wrong answer.

`train` fits a logistic regression on the rows of tuning halves and dev sets and chooses the
threshold on them. Rows of test halves (sets named "*-test") never train: they are the check,
printed beside the hand thresholds alone. The threshold is the one at which the gate, added to
the hand thresholds (gate.py), gives the most right answers minus `COST` times wrong ones: a
wrong answer costs more than a declined one, as it does for the person asking, who cannot tell
it is wrong. The gate alone is printed too, at the threshold chosen for it alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
from protokoll.eval.answers import is_correct
from protokoll.eval.datasets import load_span_dataset
from protokoll.eval.selector.examples import source_digest
from protokoll.service.ask import gate, passages
from protokoll.service.ask.gate import FEATURES, Gate, Support

# A wrong answer costs this many right ones: answering pays where P(right) > COST / (1 + COST).
COST = 1.25
STRENGTHS = (0.01, 0.1, 1.0)


def collect(data: Path, datasets: list[Path]) -> list[dict[str, Any]]:
    from protokoll.service.facade import Protokollsok
    from protokoll.service.settings import Settings

    seen: list[Support] = []

    def open_gate(s: Support) -> bool:
        seen.append(s)
        return True

    rows = []
    with (
        mock.patch.object(passages, "accepts", open_gate),
        Protokollsok(Settings(data=data).model_copy(update={"ocr": False})) as app,
    ):
        for folder in datasets:
            ds = load_span_dataset(folder)
            for q in ds.questions:
                if q.answer is None and q.relevant:
                    continue  # retrieval-only: no short answer to judge
                seen.clear()
                r, record = app.ask_recorded(q.query)
                route = record.route if record is not None and record.answerable else None
                if not seen or not route or not route.startswith("passage"):
                    continue
                right = q.answer is not None and is_correct(q, r["answer"])
                rows.append(
                    {"set": ds.name, "id": q.id, "query": q.query, "answer": r["answer"],
                     "answerable": q.answer is not None, "correct": right, **asdict(seen[-1])}
                )  # fmt: skip
    return rows


def matrix(rows: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows' FEATURES, whether each answer was right, and whether the hand thresholds let
    it through."""
    names = Support.__dataclass_fields__
    supports = [Support(**{k: r[k] for k in names}) for r in rows]
    x = np.array([s.row() for s in supports], dtype=float)
    hand = np.array([gate.by_hand(s) for s in supports], dtype=bool)
    return x, np.array([bool(r["correct"]) for r in rows]), hand


def fit(x: np.ndarray, y: np.ndarray, strength: float) -> Gate:
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=strength, max_iter=5000).fit((x - mean) / scale, y)
    return Gate(
        tuple(round(float(v), 6) for v in mean),
        tuple(round(float(v), 6) for v in scale),
        tuple(round(float(v), 6) for v in model.coef_[0]),
        round(float(model.intercept_[0]), 6),
        0.5,
    )


def gain(accepted: np.ndarray, y: np.ndarray) -> float:
    return float((accepted & y).sum() - COST * (accepted & ~y).sum())


def best_threshold(p: np.ndarray, y: np.ndarray, hand: np.ndarray | None = None) -> float:
    """The threshold giving the most gain, the gate added to `hand` when given."""
    grid = np.round(np.arange(0.2, 0.9, 0.01), 2)
    base = np.zeros(len(y), dtype=bool) if hand is None else hand
    return float(max(grid, key=lambda t: (gain(base | (p >= t), y), -t)))


def outcome(accepted: np.ndarray, y: np.ndarray) -> dict[str, int]:
    return {
        "right": int((accepted & y).sum()),
        "wrong": int((accepted & ~y).sum()),
        "declined_right": int((~accepted & y).sum()),
        "declined_wrong": int((~accepted & ~y).sum()),
    }


def train(paths: list[Path]) -> tuple[dict[str, Any], list[str]]:
    rows = [json.loads(line) for p in paths for line in p.read_text("utf-8").splitlines() if line]
    tuning = [r for r in rows if not r["set"].endswith("-test")]
    check = [r for r in rows if r["set"].endswith("-test")]
    x, y, hand = matrix(tuning)
    # The strength is chosen by leaving one set out at a time, as questions of an unseen
    # archive come.
    sets = np.array([r["set"] for r in tuning])
    scores = {}
    for c in STRENGTHS:
        total = 0.0
        for s in np.unique(sets):
            out = sets == s
            g = fit(x[~out], y[~out], c)
            t = best_threshold(_probs(g, x[~out]), y[~out], hand[~out])
            total += gain(hand[out] | (_probs(g, x[out]) >= t), y[out])
        scores[c] = total
    strength = max(STRENGTHS, key=lambda c: scores[c])
    g = fit(x, y, strength)
    p = _probs(g, x)
    g = replace(g, threshold=best_threshold(p, y, hand))
    alone = best_threshold(p, y)
    report = [f"styrka {c}: vinst lämna-en-ute {v:.0f}" for c, v in scores.items()]
    figures: dict[str, Any] = {}
    for name, part in (("tuning", tuning), ("test_halves", check)):
        if not part:
            continue
        xs, ys, hs = matrix(part)
        ps = _probs(g, xs)
        figures[name] = {
            "gate": outcome(hs | (ps >= g.threshold), ys),
            "hand": outcome(hs, ys),
            "gate_alone": outcome(ps >= alone, ys),
        }
        report.append(f"{name}: " + "  ".join(f"{k} {v}" for k, v in figures[name].items()))
    model = {
        "features": list(FEATURES),
        **{k: list(v) if isinstance(v, tuple) else v for k, v in asdict(g).items()},
        "trained": {
            "date": date.today().isoformat(),
            "rows": len(tuning),
            "sources": sorted({r["set"] for r in tuning}),
            "digests": {p.name: source_digest(p) for p in paths},
            "strength": strength,
            "cost_of_wrong": COST,
            "threshold_alone": alone,
        },
        "figures": figures,
    }
    return model, report


def _probs(g: Gate, x: np.ndarray) -> np.ndarray:
    return np.array([g.probability_of(row) for row in x])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m protokoll.eval.passage_gate", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("collect", help="fråga dataseten med grinden öppen")
    c.add_argument("datasets", nargs="+", type=Path)
    c.add_argument("--data", type=Path, required=True, help="indexet (datamappen) att fråga")
    c.add_argument("--out", type=Path, required=True)
    t = sub.add_parser("train", help="träna grinden på insamlade rader")
    t.add_argument("rows", nargs="+", type=Path)
    default = Path(gate.__file__).parent / "data" / "passage_gate.json"
    t.add_argument("--out", type=Path, default=default)
    args = ap.parse_args(argv)
    if args.command == "collect":
        rows = collect(args.data, args.datasets)
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        args.out.write_text(text, encoding="utf-8")
        sys.stdout.write(f"{len(rows)} rader till {args.out}\n")
        return 0
    model, report = train(args.rows)
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sys.stdout.write("\n".join(report) + f"\ntröskel {model['threshold']}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
