"""`protokoll bench ingest`: the product's ingest against embedding alone, on a mix of the
corpus' formats; and the helpers other benchmarks share to ingest and to measure a child
process's peak memory."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from protokoll.eval.bench.common import environment, finish, markdown
from protokoll.eval.bench.source import cli_exe
from protokoll.index.embedding import Embedder

INGEST_RIKSDAGEN = ("h601au12.json", "h601au5.json", "h601fiu12.json")
INGEST_MUNICIPAL = "personalsektionen_protokoll_28_03_2023_15_00_159076.pdf"
INGEST_RIKSBANK = "penningpolitiskt-protokoll-21-september-2020.pdf"


def ingest_files(corpus: Path) -> list[Path]:
    """A mix of the corpus' formats (text, Riksdagen JSON, municipal and Riksbank PDF), about
    330 passages."""
    files = sorted((corpus / "seeds").glob("*.txt"))
    files += [corpus / "riksdagen-betankanden" / f for f in INGEST_RIKSDAGEN]
    files += [
        corpus / "municipal-pdf" / INGEST_MUNICIPAL,
        corpus / "riksbank-pdf" / INGEST_RIKSBANK,
    ]
    files = [f for f in files if f.exists()]
    if not files:
        raise SystemExit(f"ingen korpus i {corpus}")
    return files


def run_peak(
    cmd: list[str], env: dict[str, str] | None = None, stdout: Any = subprocess.DEVNULL
) -> tuple[int, float, float]:
    """(exit code, wall s, peak RSS MB) of a child process; `stdout` may be a file to keep what
    it printed. The peak comes from `/usr/bin/time`, whose child starts from a small process:
    Linux keeps a process's peak RSS across exec, so wait4's rusage of a child forked from this
    process reports at least this process's own peak. Without /usr/bin/time, from wait4."""
    timer = Path("/usr/bin/time")
    with tempfile.TemporaryDirectory(prefix="bench-peak-") as tmp:
        peak_file = Path(tmp) / "peak"
        if timer.exists():
            cmd = [str(timer), "-f", "%M", "-o", str(peak_file), *cmd]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        kb = usage.ru_maxrss
        lines = peak_file.read_text().split() if peak_file.exists() else []
        if lines and lines[-1].isdigit():
            kb = int(lines[-1])
    return proc.returncode, wall, round(kb / 1024, 1)


class _TimedEmbedder:
    """The embedder with the time spent in `encode_documents` counted."""

    def __init__(self, inner: Embedder) -> None:
        self._inner = inner
        self.seconds = 0.0
        self.calls = 0
        self.texts = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def encode_documents(self, texts: list[str], show_progress: bool = False) -> Any:
        t = time.perf_counter()
        try:
            return self._inner.encode_documents(texts)
        finally:
            self.seconds += time.perf_counter() - t
            self.calls += 1
            self.texts += len(texts)


def bench_ingest(args: argparse.Namespace, embedder: Embedder | None = None) -> dict[str, Any]:
    from protokoll.ingest.chunking import embedding_header
    from protokoll.service.facade import Protokollsok
    from protokoll.service.settings import Settings

    result = environment()
    files = ingest_files(args.corpus)
    result["files"] = [str(f.relative_to(args.corpus)) for f in files]
    tmp = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        # 1. The product's ingest as a user runs it: a fresh CLI process (imports, model load).
        code, wall, rss = run_peak(
            [cli_exe(), "--data", str(tmp / "cli"), "ingest", *map(str, files)]
        )
        result["cli"] = {"exit": code, "wall_s": round(wall, 1), "peak_rss_mb": rss}
        # 2. In-process with the model already loaded: our ingest against embedding alone.
        if embedder is None:
            from protokoll.index.embedding import load_embedder

            st = Settings()  # type: ignore[call-arg]
            embedder = load_embedder(
                st.model, st.model_cache, st.device, st.batch_size,
                precision=st.document_precision,
            )  # fmt: skip
        result["document_precision"] = getattr(embedder, "precision", "fp32")
        timed = _TimedEmbedder(embedder)
        app = Protokollsok(Settings(data=tmp / "warm"), embedder=timed)  # type: ignore[arg-type,call-arg]
        try:
            emb = embedder
            emb.encode_documents(["passage: uppvärmning"])
            t = time.perf_counter()
            report = app.ingest(files)
            ingest_s = time.perf_counter() - t
            texts: list[str] = []
            for pid in [p.id for p in app.index.protocols()]:
                p = app.index.protocol(pid)
                assert p is not None
                texts += [f"{embedding_header(p, c)}\n{c.text}" for c in app.index.chunks_of(pid)]
            t = time.perf_counter()
            emb.encode_documents(texts)
            embed_s = time.perf_counter() - t
            counter = getattr(emb, "max_tokens", None)
            tokens = sum(counter(x) for x in texts) if counter else 0
        finally:
            app.close()
        n = len(texts)
        result["passages"] = n
        result["tokens"] = tokens
        result["failed"] = len(report.failed)
        result["ingest"] = {"s": round(ingest_s, 2), "passages_per_s": round(n / ingest_s, 2),
                            "tokens_per_s": round(tokens / ingest_s, 1)}  # fmt: skip
        result["embedding_only"] = {"s": round(embed_s, 2), "passages_per_s": round(n / embed_s, 2),
                                    "tokens_per_s": round(tokens / embed_s, 1)}  # fmt: skip
        result["overhead_share"] = round(max(0.0, 1 - embed_s / ingest_s), 3)
        # Where ingest's time goes: inside the model (chunks and decisions, per protocol) or not.
        result["ingest_model_s"] = round(timed.seconds, 2)
        result["ingest_model_calls"] = timed.calls
        result["ingest_model_texts"] = timed.texts
        result["embedder"] = emb.name
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    table = markdown(
        ["precision", "passages", "tokens", "ingest passages/s", "ingest tokens/s",
         "embedding-only passages/s", "embedding-only tokens/s",
         "ingest time beyond embedding-only", "ingest's own model time s (texts)",
         "CLI ingest wall s", "CLI peak RSS MB"],
        [[result["document_precision"], result["passages"], tokens,
          result["ingest"]["passages_per_s"],
          result["ingest"]["tokens_per_s"], result["embedding_only"]["passages_per_s"],
          result["embedding_only"]["tokens_per_s"], f"{result['overhead_share']:.1%}",
          f"{result['ingest_model_s']} ({result['ingest_model_texts']})",
          result["cli"]["wall_s"], rss]],
    )  # fmt: skip
    result["_embedder"] = emb
    return finish(result) | {"table_md": table}
