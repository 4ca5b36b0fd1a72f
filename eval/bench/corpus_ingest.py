"""Benchmark: ingest the whole shared corpus with the real CLI, then again (must add 0).

    .venv/bin/python -m protokoll.eval.bench.corpus_ingest [--corpus ../shared/corpus] [--data DIR]

Prints protocols, chunks, vectors, failures, wall time and peak RSS of each run (peak RSS from
`/usr/bin/time -v` when it is installed). Not a test: it takes minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FOLDERS = ("seeds", "municipal-pdf", "riksbank-pdf", "riksdagen-betankanden")


def _cli() -> str:
    exe = Path(sys.executable).with_name("protokoll")
    return str(exe) if exe.exists() else "protokoll"


def _run(args: list[str], timed: bool) -> tuple[subprocess.CompletedProcess[str], float, int]:
    cmd = [_cli(), *args]
    use_time = timed and Path("/usr/bin/time").exists()
    if use_time:
        cmd = ["/usr/bin/time", "-v", *cmd]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    rss = 0
    if use_time and (m := re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)):
        rss = int(m[1])
    return proc, wall, rss


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    ap.add_argument("--data", type=Path, help="data folder (default: a fresh temporary one)")
    args = ap.parse_args()
    paths = [str(args.corpus / f) for f in FOLDERS if (args.corpus / f).exists()]
    if not paths:
        print(f"no corpus at {args.corpus}")  # noqa: T201
        return 1
    data = args.data or Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        for label in ("first ingest", "re-ingest"):
            proc, wall, rss = _run(["--data", str(data), "ingest", "--json", *paths], timed=True)
            report = json.loads(proc.stdout)
            stats = json.loads(
                _run(["--data", str(data), "stats", "--json"], timed=False)[0].stdout
            )
            print(  # noqa: T201
                f"{label}: added {len(report['added'])}, replaced {len(report['replaced'])}, "
                f"unchanged {len(report['unchanged'])}, failed {len(report['failed'])} | "
                f"protocols {stats['protocols']}, chunks {stats['chunks']}, "
                f"vectors {stats['vectors']}, pending {stats['pending']} | "
                f"wall {wall:.1f} s, peak RSS {rss / 1024:.0f} MB, exit {proc.returncode}"
            )
            for f in report["failed"]:
                print(f"  failed: {f['error']}")  # noqa: T201
    finally:
        if args.data is None:
            shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
