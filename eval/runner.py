"""What `protokoll eval retrieval` needs around the metrics: an existing index, or a BEIR corpus.

An existing data folder (the whole shared corpus takes 25–40 minutes to ingest) is used as it is,
after checking that it holds every file of the dataset's corpus. A BEIR dataset's passages are
ingested once per run into a temporary folder with the product's reader and chunking, and every
split and mode is then searched in that one index.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from protokoll.eval.datasets import BeirDataset, SpanDataset, corpus_files, load_beir_dataset
from protokoll.eval.retrieval import CachedQueries, evaluate_beir_split
from protokoll.ingest.errors import ProtokollError
from protokoll.service.facade import Protokollsok

log = logging.getLogger(__name__)


def check_corpus_indexed(app: Protokollsok, dataset: SpanDataset) -> dict[str, int]:
    """Refuse a data folder that lacks a file of the dataset's corpus: its questions would count
    as misses. Files indexed from elsewhere (the same name) are accepted."""
    ids = {Path(p["source"]).name: p["id"] for p in app.protocols()}
    files = corpus_files(dataset)
    missing = sorted(name for name in files if name not in ids)
    if missing:
        raise ProtokollError(
            f"datamappen {app.settings.data} saknar {len(missing)} av korpusens "
            f"{len(files)} filer (t.ex. {missing[0]}); läs in korpusen eller utelämna --existing"
        )
    # An index built with older readers may hold other text than the spans were copied from.
    texts: dict[str, str] = {}
    stale = []
    for q in dataset.questions:
        for s in q.relevant:
            if s.source not in texts:
                texts[s.source] = app.protocol(ids[s.source])["text"]
            if not s.found_in(texts[s.source]):
                stale.append(q.id)
    if stale:
        log.warning(
            "%d textställen finns inte i den indexerade texten (läsarna har ändrats sedan "
            "indexet byggdes?): %s",
            len(stale),
            ", ".join(sorted(set(stale))),
        )
    return {"files": len(files), "indexed_protocols": len(ids), "stale_spans": len(stale)}


def evaluate_beir(
    app: Protokollsok, folder: Path, splits: list[str], modes: list[str], keep: bool = False
) -> dict[str, Any]:
    """All `splits` × `modes` of a BEIR dataset, its passages embedded once with the model `app`
    uses: into a temporary folder, or with `keep` into `app`'s own data folder (the passages as
    files under `beir/NAME/` there), where a later run or `eval.selector.examples` finds them."""
    dataset = load_beir_dataset(folder)
    unknown = [s for s in splits if not dataset.split(s)]
    if unknown:
        have = ", ".join(dataset.splits)
        raise ProtokollError(f"{folder}: delmängden {unknown[0]} har inga frågor (finns: {have})")

    def run(beir: Protokollsok, passages: Path) -> dict[str, Any]:
        indexed = _ingest_passages(beir, dataset, passages)
        results = {
            split: evaluate_beir_split(beir.index, dataset, dataset.split(split), split, modes)
            for split in splits
        }
        return {"dataset": dataset.name, "passages": len(dataset.passages), "indexed": indexed,
                "splits": results}  # fmt: skip

    if keep:
        return run(app, app.settings.data / "beir" / dataset.name)
    with tempfile.TemporaryDirectory(prefix="protokoll-beir-") as tmp:
        settings = app.settings.model_copy(update={"data": Path(tmp) / "data", "chroma_url": None})
        with Protokollsok(settings, embedder=CachedQueries(app.index.embedder)) as beir:
            return run(beir, Path(tmp) / "passages")


def _ingest_passages(app: Protokollsok, dataset: BeirDataset, folder: Path) -> dict[str, int]:
    from protokoll.eval.retrieval import write_passages

    paths = write_passages(dataset, folder)
    log.info("läser in %d stycken ur %s", len(paths), dataset.name)
    report = app.ingest(paths)
    if report.failed:
        raise ProtokollError(f"stycken kunde inte läsas in: {report.failed[0][1]}")
    stats = app.stats()
    return {"passages": len(paths), "chunks": int(stats.get("chunks", 0))}


def without_per_question(result: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in result.items() if k != "per_question"}
    if "splits" in out:
        out["splits"] = {s: without_per_question(r) for s, r in out["splits"].items()}
    return out
