"""Tables for docs/evaluation.md from saved `protokoll eval retrieval --out` results.

    python -m protokoll.eval.summary RESULT.json... [--plot FIL.png] [--sweep-skip "(dev)"]

prints each result's table (modes side by side; per category where the questions are tagged), a
fusion-weight table over every result that swept `hybrid@w`, and draws the modes as a PNG.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from protokoll.eval.plot import flatten, plot_modes
from protokoll.eval.retrieval import category_table, markdown_table


def sweep_table(
    results: list[dict[str, Any]], metric: str = "nDCG@10", skip: list[str] | None = None
) -> str:
    """Rows: fusion weights (and the plain modes); columns: datasets; cells: `metric`. Datasets
    whose name contains a `skip` text (e.g. "(dev)", kept for reporting) are left out."""
    flat = [
        r
        for r in flatten(results)
        if any("@" in m for m in r["modes"]) and not any(s in r["dataset"] for s in skip or [])
    ]
    if not flat:
        return ""
    weights = sorted({m for r in flat for m in r["modes"] if "@" in m}, key=lambda m: m)
    rows = ["dense", "lexical", *weights]
    lines = [f"| {metric} | " + " | ".join(r["dataset"] for r in flat) + " | medel |",
             "|---|" + "---|" * (len(flat) + 1)]  # fmt: skip
    for mode in rows:
        vals = [r["modes"].get(mode, {}).get(metric) for r in flat]
        known = [v for v in vals if v is not None]
        mean = sum(known) / len(known) if len(known) == len(vals) else None
        cells = [f"{v:.3f}" if v is not None else "–" for v in [*vals, mean]]
        lines.append(f"| {mode} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m protokoll.eval.summary")
    p.add_argument("results", nargs="+", type=Path, help="JSON från eval retrieval --out")
    p.add_argument("--plot", type=Path, help="rita kvaliteten per läge som PNG hit")
    p.add_argument(
        "--sweep-skip",
        action="append",
        default=[],
        help="lämna dataset vars namn innehåller texten utanför vikttabellen, t.ex. '(dev)'",
    )
    args = p.parse_args(argv)
    results = [json.loads(f.read_text(encoding="utf-8")) for f in args.results]
    out = []
    for r in flatten(results):
        out.append(markdown_table(r))
        if r.get("by_category"):
            out.append(category_table(r))
    for metric in ("nDCG@10", "R@5"):
        table = sweep_table(results, metric, args.sweep_skip)
        if table:
            out.append(table)
    print("\n\n".join(out))  # noqa: T201
    if args.plot:
        print(f"\nBild: {plot_modes(results, args.plot)}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
