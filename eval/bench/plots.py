"""The PNG plots of `protokoll bench` (docs/benchmarks.md): latency against index size, and
recall against exact search. They need matplotlib (`pip install -e '.[bench]'`); without it
the benches run and write no PNG."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def plot_latency(result: dict[str, Any], out: Path) -> Path | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log.warning("matplotlib saknas (pip install -e '.[bench]'): ingen PNG")
        return None
    sizes = result["sizes"]
    xs = [e["chunks"] for e in sizes.values()]
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)

    def series(label: str, get: Any, style: str) -> None:
        ys = [get(e) for e in sizes.values()]
        pts = [(x, y) for x, y in zip(xs, ys, strict=True) if isinstance(y, int | float)]
        if pts:
            ax.plot(*zip(*pts, strict=True), style, label=label)

    series(
        "floor: encode + 1 Chroma query (p50)", lambda e: e["inprocess"]["floor_ms"]["p50"], "k--o"
    )
    series("hybrid search in-process p50", lambda e: e["inprocess"]["hybrid_ms"]["p50"], "b-o")
    series("hybrid search in-process p95", lambda e: e["inprocess"]["hybrid_ms"]["p95"], "b:o")
    series(
        "HTTP, 1 client p50",
        lambda e: e.get("http", {}).get("c1", {}).get("latency_ms", {}).get("p50"),
        "r-s",
    )
    series(
        "HTTP, 8 clients p50",
        lambda e: e.get("http", {}).get("c8", {}).get("latency_ms", {}).get("p50"),
        "m-^",
    )
    series("date+body filter in-process p50",
           lambda e: e["inprocess"]["filtered"].get("date+body", {}).get("ms", {}).get("p50"),
           "g-d")  # fmt: skip
    ax.set_xscale("log")
    ax.set_yscale("log")  # 8 clients queue ~8x longer than one; keep the rest readable
    ax.set_xlabel("chunks in the index")
    ax.set_ylabel("ms")
    ax.set_title(f"Search latency vs corpus size (load {result['load_start'][0]})")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "latency_vs_size.png"
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def plot_recall(result: dict[str, Any], out: Path) -> Path | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    fig, ax = plt.subplots(figsize=(7, 4), dpi=110)
    labels, chroma, dense = [], [], []
    for n, e in result["sizes"].items():
        for name in ("none", "date", "body", "date+body"):
            if name in e:
                labels.append(f"{int(n) // 1000}k {name}")
                chroma.append(e[name]["chroma_recall@10"])
                dense.append(e[name]["dense_recall@10"])
    x = range(len(labels))
    ax.bar([i - 0.2 for i in x], chroma, 0.4, label="Chroma HNSW alone")
    ax.bar([i + 0.2 for i in x], dense, 0.4, label="product dense search")
    ax.axhline(0.995, color="k", ls="--", lw=0.8, label="target 0.995")
    ax.set_xticks(list(x), labels, rotation=30, ha="right", fontsize=8)
    ax.set_ylim(min([*chroma, *dense, 0.98]) - 0.01, 1.001)
    ax.set_ylabel("recall@10 vs exact")
    ax.legend(fontsize=7)
    fig.tight_layout()
    out.mkdir(parents=True, exist_ok=True)
    path = out / "recall_vs_exact.png"
    fig.savefig(path)
    plt.close(fig)
    return path
