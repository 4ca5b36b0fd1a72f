"""Quality per search mode as a PNG, drawn by the evaluation itself (matplotlib, extra `[plot]`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from protokoll.ingest.errors import ProtokollError

MODE_COLOURS = {"dense": "#4c72b0", "lexical": "#dd8452", "hybrid": "#55a868"}


def flatten(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One result per dataset or BEIR split, each with "dataset", "questions" and "modes"."""
    out = []
    for r in results:
        out += list(r["splits"].values()) if "splits" in r else [r]
    return out


def plot_modes(
    results: list[dict[str, Any]], path: Path, metrics: tuple[str, ...] = ("R@5", "nDCG@10")
) -> Path:
    """Grouped bars: one panel per metric, one group per dataset, one bar per mode."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display: the figure only goes to a file
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ProtokollError(
            "matplotlib saknas; installera extrat: pip install -e '.[plot]'"
        ) from exc
    flat = flatten(results)
    modes = [m for m in MODE_COLOURS if any(m in r["modes"] for r in flat)]
    panel = max(4.0, 1.5 * len(flat) + 1)
    fig, axes = plt.subplots(1, len(metrics), figsize=(panel * len(metrics), 4.4), squeeze=False)
    width = 0.8 / max(len(modes), 1)
    for ax, metric in zip(axes[0], metrics, strict=True):
        for i, mode in enumerate(modes):
            xs = [j + (i - (len(modes) - 1) / 2) * width for j in range(len(flat))]
            ys = [r["modes"].get(mode, {}).get(metric, 0.0) for r in flat]
            bars = ax.bar(xs, ys, width, label=mode, color=MODE_COLOURS[mode])
            ax.bar_label(bars, fmt="%.2f", fontsize=7, padding=1)
        ax.set_xticks(range(len(flat)))
        labels = [r["dataset"].replace(" (", "\n(") + f"\n{r['questions']} frågor" for r in flat]
        ax.set_xticklabels(labels, fontsize=8)
        ax.set_ylim(0, 1.05)
        ax.set_title(metric)
        ax.grid(axis="y", alpha=0.3)
    axes[0][0].legend(loc="lower left", fontsize=8)
    fig.suptitle("Sökkvalitet per läge (multilingual-e5-small, BM25, hybrid)", fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
