"""Labelled candidates: every candidate of a question, its features, and whether it is right.

A candidate is right when the answer it would give contains the expected answer (as
eval/answers.py judges an answer: without case, diacritics or repeated spaces). Questions the
archive cannot answer contribute candidates that are all wrong, which is what teaches the
selector to decline.

    python -m protokoll.eval.selector.examples --data DIR --dataset eval/datasets/ask OUT.npz
    python -m protokoll.eval.selector.examples --data DIR --swequad ../shared/corpus/qa/swequad_mc \
        --split training OUT.npz
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from protokoll.eval.answers import _norm
from protokoll.eval.datasets import load_span_dataset
from protokoll.service.ask.compose import compose
from protokoll.service.ask.features import FEATURES
from protokoll.service.ask.kinds import asked

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Labelled:
    id: str
    query: str
    answers: tuple[str, ...]  # empty: the archive cannot answer it
    kind: str


def span_questions(folder: Path) -> list[Labelled]:
    ds = load_span_dataset(folder)
    out = []
    for q in ds.questions:
        if q.answer is None and q.relevant:
            continue  # retrieval-only: no short answer to learn from
        answers = tuple(q.answer if isinstance(q.answer, list) else [q.answer] if q.answer else [])
        out.append(Labelled(q.id, q.query, answers, q.kind))
    return out


def swequad_questions(folder: Path, split: str) -> list[Labelled]:
    out = []
    for line in (folder / "queries.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        if row.get("split") == split and row.get("answers"):
            out.append(Labelled(row["_id"], row["text"], tuple(row["answers"]), "swequad"))
    return out


def right(answer: str, expected: tuple[str, ...]) -> bool:
    have = _norm(answer)
    return any(_norm(e) in have for e in expected if e)


def collect(app: Any, questions: list[Labelled]) -> dict[str, np.ndarray]:
    """Features, labels and groups for every candidate of every question, through the
    facade's own understanding, search and candidate gathering."""
    xs, ys, groups, origins, answerable = [], [], [], [], []
    started = time.monotonic()
    for n, lq in enumerate(questions):
        q, found, x = app.answer_candidates(lq.query)
        what = asked(q.understood, q.asked)
        for c in found:
            ys.append(right(compose(c, what, q.understood.intent).answer, lq.answers))
            origins.append(c.origin)
        xs.append(x)
        groups += [n] * len(found)
        answerable.append(bool(lq.answers))
        if (n + 1) % 50 == 0:
            log.info("%d/%d frågor (%.0f s)", n + 1, len(questions), time.monotonic() - started)
    return {
        "x": np.concatenate(xs) if xs else np.zeros((0, len(FEATURES)), np.float32),
        "y": np.asarray(ys, dtype=np.int8),
        "group": np.asarray(groups, dtype=np.int32),
        "origin": np.asarray(origins),
        "answerable": np.asarray(answerable, dtype=bool),
        "ids": np.asarray([q.id for q in questions]),
        "kinds": np.asarray([q.kind for q in questions]),
        "features": np.asarray(FEATURES),
    }


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    from protokoll.service.facade import Protokollsok
    from protokoll.service.settings import Settings

    ap = argparse.ArgumentParser(prog="python -m protokoll.eval.selector.examples")
    ap.add_argument("--data", type=Path, required=True, help="ett färdigt index (datamapp)")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--dataset", type=Path, help="ett dataset med svar (eval/datasets/…)")
    src.add_argument("--swequad", type=Path, help="SweQUAD-MC i BEIR-format")
    ap.add_argument("--split", default="training", help="SweQUAD-delen (training, dev)")
    ap.add_argument("--limit", type=int, help="högst så många frågor, ett seedat urval")
    ap.add_argument("out", type=Path)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.dataset and args.dataset.name.endswith("-test"):
        print("testhalvan används aldrig för träning", file=sys.stderr)  # noqa: T201
        return 2
    questions = (
        span_questions(args.dataset)
        if args.dataset
        else swequad_questions(args.swequad, args.split)
    )
    if args.limit and len(questions) > args.limit:
        questions = random.Random(13).sample(questions, args.limit)
    with Protokollsok(Settings(data=args.data)) as app:
        arrays = collect(app, questions)
    source = args.dataset / "questions.jsonl" if args.dataset else args.swequad / "queries.jsonl"
    arrays["source"] = np.asarray([str(source), source_digest(source), args.split])
    np.savez_compressed(args.out, **arrays)  # type: ignore[arg-type]
    log.info("%d frågor, %d kandidater → %s", len(questions), len(arrays["y"]), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
