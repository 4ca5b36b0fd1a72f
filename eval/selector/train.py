"""Train the answer selector and write service/ask/data/selector.json.

    python -m protokoll.eval.selector.train --train swequad-training.npz \
        --tune archive-tuning.npz ask.npz [--check corpus.npz swequad-dev.npz] [--out PATH]

Training data: `--train` (e.g. SweQUAD-MC's training split) and `--tune` (our tuning halves)
together; never a test half (examples.py refuses to build one). The answer threshold is chosen
on the tuning questions' out-of-fold probabilities (5 folds by question, each fold's model
trained on everything else), as the lowest threshold whose answers are at most 10 % wrong, so
the threshold is never fitted to the same questions' own predictions. The certainty levels
("medel", "hög") are the thresholds where the answers given are 95 % and 98 % right. `--check`
sets are only reported. The data file records the features, the trees, the thresholds, the
training data's sha256 and the metrics.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from protokoll.service.ask.features import FEATURES

log = logging.getLogger(__name__)

MAX_FALSE = 0.10
# Our own questions (--tune) are what the product answers; general-domain and generated ones
# (--train) weigh half as much per candidate.
TRAIN_WEIGHT = 0.5
LEVELS = {"medel": 0.95, "hög": 0.98}
PARAMS = {
    "max_iter": 300,
    "learning_rate": 0.05,
    "max_leaf_nodes": 15,
    "min_samples_leaf": 40,
    "l2_regularization": 1.0,
    "random_state": 0,
}
OUT = Path(__file__).resolve().parents[2] / "service" / "ask" / "data" / "selector.json"


def load(paths: list[Path]) -> dict[str, np.ndarray]:
    """Several example files as one, question groups renumbered apart."""
    parts = [dict(np.load(p, allow_pickle=False)) for p in paths]
    out: dict[str, list[np.ndarray]] = {k: [] for k in ("x", "y", "group", "answerable", "kinds")}
    offset = 0
    for p, part in zip(paths, parts, strict=True):
        if tuple(part["features"]) != FEATURES:
            raise SystemExit(f"{p}: byggd med andra egenskaper; bygg om med examples.py")
        out["x"].append(part["x"])
        out["y"].append(part["y"])
        out["group"].append(part["group"] + offset)
        out["answerable"].append(part["answerable"])
        out["kinds"].append(part["kinds"])
        offset += len(part["answerable"])
    return {k: np.concatenate(v) for k, v in out.items()}


def fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None, **overrides: Any) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(**{**PARAMS, **overrides}).fit(x, y, sample_weight=weight)


def per_question(probs: np.ndarray, data: dict[str, np.ndarray]) -> list[tuple[float, bool, bool]]:
    """(best probability, the best candidate is right, the question is answerable) per
    question; a question without candidates has probability 0."""
    group = data["group"]
    order = np.lexsort((-probs, group))  # by question, most probable first
    first = order[np.r_[True, group[order][1:] != group[order][:-1]]] if len(order) else order
    best = {int(group[i]): (float(probs[i]), bool(data["y"][i])) for i in first}
    return [
        (*best.get(g, (0.0, False)), bool(answerable))
        for g, answerable in enumerate(data["answerable"])
    ]


def metrics(rows: list[tuple[float, bool, bool]], threshold: float) -> dict[str, float]:
    should = [r for r in rows if r[2]]
    should_not = [r for r in rows if not r[2]]
    answered = [r for r in rows if r[0] >= threshold]
    ratio = lambda n, d: round(n / d, 4) if d else 0.0  # noqa: E731
    return {
        "questions": len(rows),
        "accuracy": ratio(sum(r[0] >= threshold and r[1] for r in should), len(should)),
        "abstention": ratio(sum(r[0] < threshold for r in should_not), len(should_not)),
        "false_answer_rate": ratio(sum(not r[1] for r in answered), len(answered)),
        "top1_right": ratio(sum(r[1] for r in should), len(should)),
    }


def best_single_feature(data: dict[str, np.ndarray]) -> dict[str, Any]:
    """The one feature (either direction) whose top candidate is most often right: what the
    selector must beat to be worth its trees."""
    best = ("", 0.0)
    for j, name in enumerate(FEATURES):
        if name.startswith("prior"):
            continue  # the old hand-weighted score, reported on its own
        for sign in (1.0, -1.0):
            values = np.nan_to_num(sign * data["x"][:, j], nan=-np.inf)
            rows = per_question(values, data)
            right = metrics(rows, -np.inf)["top1_right"]
            if right > best[1]:
                best = (name if sign > 0 else f"-{name}", right)
    prior = np.nan_to_num(data["x"][:, FEATURES.index("prior")], nan=-np.inf)
    hand = metrics(per_question(prior, data), -np.inf)["top1_right"]
    return {"feature": best[0], "top1_right": best[1], "hand_weighted_prior": hand}


def threshold_for(rows: list[tuple[float, bool, bool]], max_false: float) -> float:
    """The lowest threshold whose answers are at most `max_false` wrong (the highest
    probability seen plus a little when none is)."""
    for t in sorted({r[0] for r in rows}):
        answered = [r for r in rows if r[0] >= t]
        if answered and sum(not r[1] for r in answered) / len(answered) <= max_false:
            return t
    return max((r[0] for r in rows), default=1.0) + 1e-6


def out_of_fold(
    data: dict[str, np.ndarray], tune_from: int, weight: np.ndarray, folds: int = 5
) -> np.ndarray:
    """Probabilities of the tuning questions' candidates (groups ≥ tune_from), each from a
    model trained without that question's fold."""
    probs = np.zeros(len(data["y"]))
    tune_groups = np.arange(tune_from, len(data["answerable"]))
    rng = np.random.default_rng(0)
    fold_of = dict(
        zip(rng.permutation(tune_groups), np.arange(len(tune_groups)) % folds, strict=True)
    )
    fold = np.array([fold_of.get(int(g), -1) for g in data["group"]])
    for f in range(folds):
        train = fold != f
        model = fit(data["x"][train], data["y"][train], weight[train])
        probs[fold == f] = model.predict_proba(data["x"][fold == f])[:, 1]
    return probs


def export(model: Any) -> dict[str, Any]:
    """The fitted trees as plain lists (service/ask/selector.py evaluates them)."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        trees.append(
            {
                "feature": nodes["feature_idx"].tolist(),
                "threshold": nodes["num_threshold"].tolist(),
                "left": nodes["left"].tolist(),
                "right": nodes["right"].tolist(),
                "missing_left": nodes["missing_go_to_left"].astype(bool).tolist(),
                "leaf": nodes["is_leaf"].astype(bool).tolist(),
                "value": nodes["value"].tolist(),
            }
        )
    return {"baseline": float(np.ravel(model._baseline_prediction)[0]), "trees": trees}


def provenance(paths: list[Path]) -> list[dict[str, str]]:
    out = []
    for p in paths:
        source = np.load(p, allow_pickle=False)["source"]
        out.append({"file": p.name, "source": str(source[0]), "sha256": str(source[1]),
                    "split": str(source[2])})  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m protokoll.eval.selector.train")
    ap.add_argument("--train", type=Path, nargs="+", required=True)
    ap.add_argument("--tune", type=Path, nargs="+", required=True)
    ap.add_argument("--check", type=Path, nargs="*", default=[])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument(
        "--train-weight", type=float, default=TRAIN_WEIGHT,
        help="vikten för --train-exemplen mot inställningsexemplens 1",
    )  # fmt: skip
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    started = time.monotonic()
    train, tune = load(args.train), load(args.tune)
    tune_from = len(train["answerable"])
    data = load(args.train + args.tune)
    weight = np.where(data["group"] >= tune_from, 1.0, args.train_weight)
    oof = out_of_fold(data, tune_from, weight)
    tune_rows = per_question(oof[data["group"] >= tune_from], {
        "answerable": tune["answerable"], "y": tune["y"], "group": tune["group"]})  # fmt: skip
    threshold = threshold_for(tune_rows, MAX_FALSE)
    levels = {name: max(threshold, threshold_for(tune_rows, 1 - p)) for name, p in LEVELS.items()}
    model = fit(data["x"], data["y"], weight)
    report: dict[str, Any] = {"tuning_out_of_fold": metrics(tune_rows, threshold)}
    start = 0
    for path in args.tune:  # each tuning set's own out-of-fold figures
        n = len(np.load(path, allow_pickle=False)["answerable"])
        report[f"{path.stem} (utanför vikningen)"] = metrics(
            tune_rows[start : start + n], threshold
        )
        start += n
    for path in args.check:
        check = load([path])
        rows = per_question(model.predict_proba(check["x"])[:, 1], check)
        report[path.stem] = {**metrics(rows, threshold), "best_single": best_single_feature(check)}
    out = {
        "features": list(FEATURES),
        **export(model),
        "threshold": round(threshold, 6),
        "levels": {k: round(v, 6) for k, v in levels.items()},
        "params": {**PARAMS, "train_weight": args.train_weight},
        "trained": date.today().isoformat(),
        "trained_on": provenance(args.train + args.tune),
        "checked_on": provenance(args.check),
        "metrics": report,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=None) + "\n", "utf-8")
    log.info("tröskel %.3f, nivåer %s (%.0f s)", threshold, levels, time.monotonic() - started)
    log.info(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
