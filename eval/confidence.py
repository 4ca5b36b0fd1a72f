"""Counts each answer route's right answers on the tuning sets, and writes them as the routes
answerer's confidence (`service/ask/data/confidence.json`, read by service/ask/confidence.py).

    python -m protokoll.eval.confidence \\
        --tune /tmp/ci:eval/datasets/archive-tuning /tmp/ci:eval/datasets/corpus \\
        --fallback /tmp/askset:eval/datasets/ask [--check DATA:DATASET ...] \\
        [--first-looks eval/answer_logs/fresh1*-tuning-first-look.json] [--out PATH]

Each `--tune`, `--fallback` and `--check` is an index (a data folder) and a dataset with answers,
asked through the product itself. An answer is right as eval/answers.py judges it.
- The tuning sets should be like the questions users will ask of archives the product was not
  tuned on: the archive sets. A route's share is counted on them.
- A fallback set counts only for a route with fewer than MIN_ANSWERS answers on the tuning sets
  (the ask set: its structured routes, attendance or who presented, are rare in the archives).
- Check sets are never counted. With two or more tuning sets, each is also checked against the
  shares counted without it ("crossed"). Both show how well the shares hold on other questions:
  the mean probability given against the share right, and the Brier score.
- First looks are answer logs (eval/answer_log.py) of a new round's tuning half, run before
  anything was changed for it: how each route does on questions nobody tuned it on. Their right
  and given answers are added to each route's tuning share, which weighs as PRIOR answers. Each
  first look is also checked against the shares counted without it, for a range of weights
  ("first_looks_crossed", the Brier score for each).
A test half is refused.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from protokoll.eval.answers import is_correct
from protokoll.eval.datasets import load_span_dataset
from protokoll.eval.selector.examples import source_digest
from protokoll.service.ask.confidence import Calibration

log = logging.getLogger(__name__)

# "medel" and "hög": the probabilities from which an answer is told as fairly or very sure (at
# most one answer in five, or in ten, wrong).
LEVELS = {"medel": 0.8, "hög": 0.9}
# Answers a route needs on the tuning sets before its share is its own, not helped by the
# fallback sets (ten answers put a share of 0.75 within about ±0.14 of the route's true one, at one
# standard error).
MIN_ANSWERS = 10
# How many first-look answers a route's tuning share weighs as. Leaving one first look out at a
# time (fresh10- to fresh15-tuning, shares counted on the twenty-fifth pass's code), 10 fitted
# best: Brier 0.2063, against 0.2066 for 20, 0.2069 for 5 and 0.2192 for the tuning shares alone.
PRIOR = 10
PRIORS_CHECKED = (2, 5, 10, 20, 40)


def answered(data: Path, dataset: Path) -> list[tuple[str, bool]]:
    """(route, right) for every question of `dataset` that the index at `data` answers."""
    from protokoll.service.facade import Protokollsok
    from protokoll.service.settings import Settings

    out: list[tuple[str, bool]] = []
    ds = load_span_dataset(dataset)
    with Protokollsok(Settings(data=data)) as app:
        for q in ds.questions:
            if q.answer is None and q.relevant:
                continue  # retrieval-only: no short answer to judge
            answer = app.answer_record(q.query, answerer="routes")
            if answer is None or not answer.answerable:
                continue
            right = q.answer is not None and is_correct(q, answer.answer)
            out.append((Calibration.key(answer.route, answer.first) or "?", right))
    log.info("%s: %d svar", dataset, len(out))
    return out


def counts(rows: list[tuple[str, bool]]) -> dict[str, dict[str, int]]:
    given, right = Counter(r for r, _ in rows), Counter(r for r, ok in rows if ok)
    return {r: {"right": right[r], "answered": n} for r, n in sorted(given.items())}


def check(calibration: Calibration, rows: list[tuple[str, bool]]) -> dict[str, Any]:
    """How the probabilities hold on answers they were not counted from."""
    probs = [(calibration.probability(r), ok) for r, ok in rows]
    known = [(p, ok) for p, ok in probs if p is not None]
    n = len(known)
    return {
        "answered": len(rows),
        "right": sum(ok for _, ok in rows),
        "mean_probability": round(sum(p for p, _ in known) / n, 3) if n else None,
        "share_right": round(sum(ok for _, ok in known) / n, 3) if n else None,
        "brier": round(sum((p - ok) ** 2 for p, ok in known) / n, 4) if n else None,
        "by_route": counts(rows),
    }


def pooled(tune: list[list[tuple[str, bool]]], fallback: list[tuple[str, bool]]) -> dict[str, Any]:
    """Each route's counts on the tuning sets; a route with fewer than MIN_ANSWERS there has the
    fallback sets' answers added (and says so)."""
    own, extra = counts([r for rows in tune for r in rows]), counts(fallback)
    out: dict[str, Any] = {}
    for route in sorted(own.keys() | extra.keys()):
        c = own.get(route, {"right": 0, "answered": 0})
        if c["answered"] < MIN_ANSWERS and route in extra:
            more = extra[route]
            c = {
                "right": c["right"] + more["right"],
                "answered": c["answered"] + more["answered"],
                "with_fallback": True,
            }
        out[route] = c
    return out


def first_looks(paths: list[Path]) -> list[list[tuple[str, bool]]]:
    """(route, right) for every answer of each first-look log; a log without routes (written
    before eval/answer_log.py kept them) is refused."""
    out = []
    for path in paths:
        rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
        if any(r["answered"] and not r.get("route") for r in rows):
            raise ValueError(f"{path}: svaren saknar väg (route)")
        if any(r["set"].endswith("-test") for r in rows):
            raise ValueError(f"{path}: en testhalva används aldrig här")
        out.append([(str(r["route"]), bool(r["correct"])) for r in rows if r["answered"]])
    return out


def crossed_first_looks(
    model: dict[str, Any], looks: list[list[tuple[str, bool]]]
) -> dict[str, float]:
    """The Brier score on each first look's answers of the probabilities counted without it,
    over all first looks, for each weight of the tuning share ("tuning only": no first looks)."""
    out: dict[str, float] = {}
    for prior in (None, *PRIORS_CHECKED):
        errors = []
        for i, rows in enumerate(looks):
            others = [r for j, x in enumerate(looks) if j != i for r in x]
            extra = {"first_looks": counts(others), "prior": prior} if prior else {}
            calibration = Calibration({**model, **extra})
            errors += [((calibration.probability(r) or 0.5) - ok) ** 2 for r, ok in rows]
        out[str(prior or "tuning only")] = round(sum(errors) / max(len(errors), 1), 4)
    return out


def _pair(text: str) -> tuple[Path, Path]:
    data, _, dataset = text.partition(":")
    if not dataset:
        raise argparse.ArgumentTypeError(f"{text}: skriv DATAMAPP:DATASET")
    return Path(data), Path(dataset)


def _digest(dataset: Path) -> str:
    return source_digest(dataset / "questions.jsonl")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m protokoll.eval.confidence")
    ap.add_argument("--tune", type=_pair, nargs="+", required=True, help="DATAMAPP:DATASET")
    ap.add_argument("--fallback", type=_pair, nargs="*", default=[], help="DATAMAPP:DATASET")
    ap.add_argument("--check", type=_pair, nargs="*", default=[], help="DATAMAPP:DATASET")
    ap.add_argument("--first-looks", type=Path, nargs="*", default=[], help="svarsloggar")
    default_out = Path(__file__).resolve().parents[1] / "service/ask/data/confidence.json"
    ap.add_argument("--out", type=Path, default=default_out)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if any(ds.name.endswith("-test") for _, ds in [*args.tune, *args.fallback, *args.check]):
        print("testhalvan används aldrig här: den körs en gång, i slutet", file=sys.stderr)  # noqa: T201
        return 2
    tune = [answered(data, dataset) for data, dataset in args.tune]
    fallback = [r for data, dataset in args.fallback for r in answered(data, dataset)]
    model: dict[str, Any] = {
        "routes": pooled(tune, fallback),
        "levels": LEVELS,
        "counted": str(date.today()),
        "counted_on": [{"dataset": str(ds), "sha256": _digest(ds)} for _, ds in args.tune],
        "fallback": [{"dataset": str(ds), "sha256": _digest(ds)} for _, ds in args.fallback],
        "min_answers": MIN_ANSWERS,
    }
    looks = first_looks(args.first_looks)
    if looks:
        model["first_looks_crossed"] = crossed_first_looks(model, looks)
        model["first_looks"] = counts([r for rows in looks for r in rows])
        model["prior"] = PRIOR
        model["first_looks_from"] = [
            {"log": str(p), "sha256": source_digest(p)} for p in args.first_looks
        ]
    calibration = Calibration(model)
    model["checked_on"] = {
        str(ds): {"sha256": _digest(ds), **check(calibration, answered(data, ds))}
        for data, ds in args.check
    }
    if len(tune) > 1:
        model["crossed"] = {
            str(ds): check(
                Calibration({**model, "routes": pooled(tune[:i] + tune[i + 1 :], fallback)}),
                tune[i],
            )
            for i, (_, ds) in enumerate(args.tune)
        }
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log.info("%s", json.dumps(model["routes"], ensure_ascii=False))
    log.info("→ %s", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
