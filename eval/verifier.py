"""Trains the answer verifier (service/ask/verifier.py) on answer logs, and checks it.

    python -m protokoll.eval.verifier eval/answer_logs/*.json [--out PATH]

Each log (eval/answer_log.py) holds every question's answer, whether it was right and the route
that gave it: all the verifier reads. Rows of tuning halves and dev sets train. Rows of test
halves (sets named "*-test") never do: they are the check, beside the routes' shares
(confidence.py) that the verifier replaces; a question logged more than once is checked by its
latest answer (by the log's date).

A tuning half's answers flatter the routes that were tuned on it; a first look (a log named
"*first-look*", a new tuning half run before anything was changed for it) is what the product
does on questions it has never seen. Both train, the first looks weighing more. The weight and
the regularisation are chosen by leaving one first look out at a time: the model fitted on
everything else should tell the left-out look's answers as sure as they turned out.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from protokoll.eval.selector.examples import source_digest
from protokoll.service.ask.confidence import Calibration
from protokoll.service.ask.verifier import FEATURES, Verifier, evidence

log = logging.getLogger(__name__)

# Told "medel" and "hög" from where at most one answer in five, or in ten, is wrong: as the
# routes' shares were (eval/confidence.py).
LEVELS = {"medel": 0.8, "hög": 0.9}
STRENGTHS = (0.03, 0.1, 0.3, 1.0)
FIRST_LOOK_WEIGHTS = (1.0, 2.0, 3.0, 5.0, 8.0, 13.0)


def rows_of(paths: list[Path]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The answered rows to train on (each with the log it came from and whether that is a
    first look) and those to check on. Rows without a route (logs older than the routes) are
    left out; a first look of a test half is refused."""
    train, check = [], {}
    logs = [(path, json.loads(path.read_text(encoding="utf-8"))) for path in paths]
    # a question logged twice (a test half rerun) is checked by its latest answer
    for path, logged in sorted(logs, key=lambda x: str(x[1].get("date", ""))):
        first_look = "first-look" in path.name
        for r in logged["rows"]:
            if not r["answered"] or not r.get("route"):
                continue
            row = {**r, "log": path.name, "first_look": first_look}
            if r["set"].endswith("-test"):
                if first_look:
                    raise ValueError(f"{path}: en testhalva används aldrig för att träna")
                check[(r["set"], r["id"])] = row
            else:
                train.append(row)
    return train, list(check.values())


def matrix(rows: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    features = (evidence(r["query"], r["answer"], r["route"]) for r in rows)
    x = [[f[n] for n in FEATURES] for f in features]
    return np.array(x, dtype=float), np.array([bool(r["correct"]) for r in rows])


def fit(x: np.ndarray, y: np.ndarray, weights: np.ndarray, strength: float) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=strength, max_iter=5000)
    model.fit((x - mean) / scale, y, sample_weight=weights)
    return {
        "features": list(FEATURES),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "coef": [round(float(v), 6) for v in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "levels": LEVELS,
    }


def predict(model: dict[str, Any], x: np.ndarray) -> np.ndarray:
    v = Verifier.from_json(model)
    return np.array([v.probability(dict(zip(FEATURES, row, strict=True))) for row in x])


def auc(p: np.ndarray, y: np.ndarray) -> float | None:
    """The chance that a right answer is told surer than a wrong one (ties count half)."""
    pos, neg = p[y], p[~y]
    if not len(pos) or not len(neg):
        return None
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return round(float(wins / (len(pos) * len(neg))), 3)


def figures(p: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    """Brier score, AUC, and the answers told at each level with how many were right."""
    bounds = [("låg", 0.0, LEVELS["medel"]), ("medel", LEVELS["medel"], LEVELS["hög"]),
              ("hög", LEVELS["hög"], 1.01)]  # fmt: skip
    levels = {}
    for name, lo, hi in bounds:
        told = (p >= lo) & (p < hi)
        levels[name] = {"given": int(told.sum()), "right": int(y[told].sum())}
    return {
        "answers": len(y),
        "right": int(y.sum()),
        "mean_probability": round(float(p.mean()), 3) if len(p) else None,
        "brier": round(float(((p - y) ** 2).mean()), 4) if len(p) else None,
        "auc": auc(p, y),
        "levels": levels,
    }


def shares(rows: list[dict[str, Any]]) -> np.ndarray:
    """Each answer's route share, as the routes answerer tells it without a verifier."""
    calibration = Calibration.load()
    return np.array([calibration.probability(r["route"]) or 0.5 for r in rows])


def crossed(
    rows: list[dict[str, Any]], x: np.ndarray, y: np.ndarray, weight: float, strength: float
) -> tuple[np.ndarray, np.ndarray]:
    """Each first-look answer's probability from a model fitted without its look, and which
    rows those are."""
    looks = sorted({r["log"] for r in rows if r["first_look"]})
    logs = np.array([r["log"] for r in rows])
    w = np.array([weight if r["first_look"] else 1.0 for r in rows])
    out, held = np.zeros(len(rows)), np.zeros(len(rows), dtype=bool)
    for name in looks:
        inside = logs == name
        model = fit(x[~inside], y[~inside], w[~inside], strength)
        out[inside], held[inside] = predict(model, x[inside]), True
    return out, held


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m protokoll.eval.verifier", description=__doc__)
    ap.add_argument("logs", nargs="+", type=Path, help="svarsloggar (eval/answer_log.py)")
    default_out = Path(__file__).resolve().parents[1] / "service/ask/data/verifier.json"
    ap.add_argument("--out", type=Path, default=default_out)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    train, check = rows_of(args.logs)
    if not any(r["first_look"] for r in train) or not any(not r["first_look"] for r in train):
        sys.stderr.write("träningen behöver både inställningshalvor och första körningar\n")
        return 2
    x, y = matrix(train)
    tried: dict[str, float] = {}
    runs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for weight in FIRST_LOOK_WEIGHTS:
        for strength in STRENGTHS:
            key = f"{weight}/{strength}"
            p, held = runs[key] = crossed(train, x, y, weight, strength)
            tried[key] = round(float(((p[held] - y[held]) ** 2).mean()), 4)
    best = min(tried, key=lambda k: tried[k])
    weight, strength = (float(v) for v in best.split("/"))
    log.info("vikt/C utanför sin första körning (Brier): %s → %s", tried, best)
    w = np.array([weight if r["first_look"] else 1.0 for r in train])
    model = fit(x, y, w, strength)
    p, held = runs[best]
    model.update(
        {
            "first_look_weight": weight,
            "strength": strength,
            "chosen_by": "Brier utanför sin första körning, vikt/C",
            "tried": tried,
            "trained": str(date.today()),
            "trained_on": {
                "logs": [{"log": str(q), "sha256": source_digest(q)} for q in args.logs],
                "sets": sorted({r["set"] for r in train}),
                "answers": len(train),
                "first_look_answers": int(sum(r["first_look"] for r in train)),
            },
            "first_looks_crossed": {
                "verifier": figures(p[held], y[held]),
                "route_share": figures(
                    shares([r for r, h in zip(train, held, strict=True) if h]), y[held]
                ),
            },
        }
    )
    if check:
        xc, yc = matrix(check)
        model["checked"] = {
            "sets": sorted({r["set"] for r in check}),
            "verifier": figures(predict(model, xc), yc),
            "route_share": figures(shares(check), yc),
        }
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for key in ("first_looks_crossed", "checked"):
        if key in model:
            log.info("%s: %s", key, json.dumps(model[key], ensure_ascii=False))
    log.info("→ %s", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
