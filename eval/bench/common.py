"""What every benchmark records beside its figures: machine, versions, commit, load; and helpers
for percentiles, peak RSS and Markdown tables."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
BENCH_DATA = ROOT / "data" / "bench"
RESULTS = ROOT / "eval" / "results" / "bench"
PACKAGES = ("torch", "chromadb", "sentence-transformers", "bm25s", "numpy", "onnxruntime")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def ram_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return 0.0


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        commit = out.stdout.strip() or "unknown"
        return commit + ("+dirty" if dirty.stdout.strip() else "")
    except OSError:
        return "unknown"


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "-"
    return out


def loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def environment() -> dict[str, Any]:
    return {
        "machine": {"cores": os.cpu_count(), "cpu": cpu_model(), "ram_gb": ram_gb()},
        "versions": versions(),
        "commit": git_commit(),
        "load_start": loadavg(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def finish(result: dict[str, Any]) -> dict[str, Any]:
    result["load_end"] = loadavg()
    return result


def _proc_status_mb(field: str, pid: int | str) -> float:
    """A kB field of /proc/PID/status in MB; 0 where /proc has no such field."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def vm_hwm_mb(pid: int | str = "self") -> float:
    """Peak resident set size (VmHWM) of a process in MB."""
    return _proc_status_mb("VmHWM", pid)


def vm_rss_mb(pid: int | str = "self") -> float:
    return _proc_status_mb("VmRSS", pid)


def reset_peak_rss() -> bool:
    """Reset VmHWM of this process (Linux: write 5 to clear_refs), so a phase's peak is its own."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def percentiles(ms: Sequence[float]) -> dict[str, float]:
    if not ms:
        return {"n": 0}
    a = np.asarray(ms, dtype=np.float64)
    return {
        "n": int(a.size),
        "p50": round(float(np.percentile(a, 50)), 2),
        "p95": round(float(np.percentile(a, 95)), 2),
        "p99": round(float(np.percentile(a, 99)), 2),
        "mean": round(float(a.mean()), 2),
    }


@contextmanager
def timer() -> Iterator[list[float]]:
    """Yields a list that holds the elapsed milliseconds after the block."""
    box: list[float] = []
    t0 = time.perf_counter()
    yield box
    box.append((time.perf_counter() - t0) * 1000)


def dir_size_mb(path: Path) -> float:
    total = 0
    for f in path.rglob("*"):
        if f.is_file():
            # Allocated blocks, not apparent size: HNSW files may be sparse.
            total += f.stat().st_blocks * 512
    return round(total / 1024 / 1024, 1)


def markdown(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    def cell(v: Any) -> str:
        if isinstance(v, float):
            return f"{v:.3f}" if abs(v) < 10 else f"{v:.1f}"
        return str(v)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return "\n".join(lines)


def env_line(result: dict[str, Any]) -> str:
    m, v = result["machine"], result["versions"]
    return (
        f"{m['cores']} cores, {m['cpu']}, {m['ram_gb']} GB RAM; python {v['python']}, "
        f"torch {v['torch']}, chromadb {v['chromadb']}, sentence-transformers "
        f"{v['sentence-transformers']}, bm25s {v['bm25s']}; commit {result['commit']}; "
        f"load {result['load_start']} → {result.get('load_end')}"
    )


def emit(name: str, result: dict[str, Any], table: str, out_dir: Path | None = None) -> Path:
    """Print the JSON and the Markdown table, and keep both under eval/results/bench/."""
    result["table"] = table
    out = out_dir or RESULTS
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / f"{name}.md").write_text(f"{table}\n\n{env_line(result)}\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False))  # noqa: T201
    print()  # noqa: T201
    print(table)  # noqa: T201
    print(f"\n{env_line(result)}", file=sys.stdout)  # noqa: T201
    return path
