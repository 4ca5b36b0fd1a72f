"""Every answer of a run over many question sets, kept to compare the next run with.

    python -m protokoll.eval.answer_log --data /tmp/ci eval/datasets/corpus \\
        eval/datasets/fresh9-tuning --out /tmp/answers.json \\
        [--against eval/answer_logs/archive.json]

asks each set's questions through the product (one process, one model load), writes one row per
question (the set, id, kind, whether it was answered and right, the answer, its confidence and
the route that gave it, as service/ask/confidence.py counts routes), and with `--against` prints
each set's figures beside the earlier log's and every answer that changed: right (R), declined
(-) or false (F). The answers of a change are read this way, question by question; the totals
alone hide a right answer lost for another won.

The answers depend on the machine a little: the passage model's int8 kernels differ between CPUs
(AMX on a recent Intel Xeon, VNNI on an AMD EPYC), and a near-tie between two sentences can fall
either way. Each log records the commit and the CPU it ran on. The logs of the last pass's final
code are kept in eval/answer_logs/ (docs/evaluation.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from protokoll.eval.answers import Answerer, is_correct
from protokoll.eval.bench.common import cpu_model, git_commit
from protokoll.eval.datasets import load_span_dataset
from protokoll.service.ask.confidence import Calibration
from protokoll.service.ask.records import Answer


class Recorder(Answerer, Protocol):
    def ask_recorded(self, question: str) -> tuple[dict[str, Any], Answer | None]: ...


def state(row: dict[str, Any]) -> str:
    """R: answered right; -: declined; F: answered wrongly (or an unanswerable one answered)."""
    return "R" if row["correct"] else "-" if not row["answered"] else "F"


def figures(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Accuracy on answerable questions, abstention on unanswerable ones and the share of false
    answers among those given, as eval/answers.py counts them."""
    should = [r for r in rows if r["answerable"]]
    should_not = [r for r in rows if not r["answerable"]]
    given = [r for r in rows if r["answered"]]

    def ratio(n: int, d: int) -> float:
        return round(n / d, 3) if d else 0.0

    return {
        "accuracy": ratio(sum(r["correct"] for r in should), len(should)),
        "abstention": ratio(sum(not r["answered"] for r in should_not), len(should_not)),
        "false_answer_rate": ratio(sum(not r["correct"] for r in given), len(given)),
    }


def changes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    """One line per question whose state or answer changed, with both answers."""
    before = {(r["set"], r["id"]): r for r in old}
    out = []
    for r in new:
        o = before.get((r["set"], r["id"]))
        if o is None or (state(o) == state(r) and o["answer"] == r["answer"]):
            continue
        out.append(
            f"{r['set']} {r['id']} {state(o)} → {state(r)}  {r['query'][:80]}\n"
            f"    förut: {o['answer'][:120]}\n    nu:    {r['answer'][:120]}"
        )
    return out


def log_answers(app: Recorder, datasets: list[Path]) -> list[dict[str, Any]]:
    """One row per question of each dataset, as `app` answers it. The route is kept so that a
    first look at new questions can count how often each route is right on questions it was not
    tuned on (eval/confidence.py `--first-looks`)."""
    rows = []
    for folder in datasets:
        ds = load_span_dataset(folder)
        for q in ds.questions:
            if q.answer is None and q.relevant:
                continue  # retrieval-only: no short answer to judge
            r, record = app.ask_recorded(q.query)
            given = record is not None and record.answerable
            route = Calibration.key(record.route, record.first) if record and given else None
            rows.append(
                {
                    "set": ds.name, "id": q.id, "kind": q.kind, "query": q.query,
                    "answerable": q.answer is not None, "answered": r["answerable"],
                    "correct": q.answer is not None and r["answerable"]
                    and is_correct(q, r["answer"]),
                    "answer": r["answer"], "confidence": r.get("confidence"), "route": route,
                }
            )  # fmt: skip
    return rows


def by_set(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        out[r["set"]].append(r)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m protokoll.eval.answer_log", description=__doc__)
    ap.add_argument("datasets", nargs="+", type=Path, help="mappar med dataset.json")
    ap.add_argument("--data", type=Path, required=True, help="indexet (datamappen) att fråga")
    ap.add_argument("--out", type=Path, help="skriv loggen (JSON) hit")
    ap.add_argument("--against", type=Path, help="en tidigare logg att jämföra med")
    args = ap.parse_args(argv)
    from protokoll.service.facade import Protokollsok
    from protokoll.service.settings import Settings

    # The spans were copied from the readers' text layers; the index is used as it is.
    with Protokollsok(Settings(data=args.data).model_copy(update={"ocr": False})) as app:
        rows = log_answers(app, args.datasets)
    log = {
        "date": date.today().isoformat(), "commit": git_commit(), "cpu": cpu_model(), "rows": rows,
    }  # fmt: skip
    if args.out:
        args.out.write_text(json.dumps(log, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    old = json.loads(args.against.read_text(encoding="utf-8"))["rows"] if args.against else []
    earlier = by_set(old)
    for name, set_rows in by_set(rows).items():
        now = figures(set_rows)
        was = f"  (förut {figures(earlier[name])})" if name in earlier else ""
        sys.stdout.write(f"{name}: {now}{was}\n")
    if args.against:
        sys.stdout.write("\n".join(changes(old, rows)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
