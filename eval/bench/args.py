"""The options of `protokoll bench`, importable without numpy, Chroma or the model (the CLI
builds its parser on every start)."""

from __future__ import annotations

import argparse
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]

WHAT = ["latency", "recall", "ingest", "runtimes", "coldstart", "memory", "ask", "all", "build",
        "chroma-server"]  # fmt: skip


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("what", choices=WHAT, metavar="|".join(WHAT))
    p.add_argument("--source", type=Path, help="datamapp med hela korpusen (annars byggs en)")
    p.add_argument("--corpus", type=Path, default=_ROOT.parent / "shared" / "corpus",
                   help="den delade korpusen (standard ../shared/corpus)")  # fmt: skip
    p.add_argument("--sizes", default=None, help="chunkar per bänkindex, t.ex. 1000,10000,100000")
    p.add_argument("--queries", type=int, default=200, help="antal frågor (in-process, recall)")
    p.add_argument("--requests", type=int, default=200, help="HTTP-anrop per klientnivå")
    p.add_argument("--root", type=Path, default=_ROOT / "data" / "bench",
                   help="var bänkindexen sparas (standard data/bench)")  # fmt: skip
    p.add_argument("--out", type=Path, default=_ROOT / "eval" / "results" / "bench",
                   help="var JSON, Markdown och PNG hamnar")  # fmt: skip
    p.add_argument("--no-http", action="store_true", help="hoppa över HTTP-mätningarna")
