"""Move a span dataset's stale spans onto the text an index holds.

A span must occur verbatim in the indexed text (docs/evaluation.md, "Relevans som textställen").
When a reader changes (OCR of garbled PDF pages, say), spans copied from the old text stop
matching and retrieval is undercounted. For each span not in the indexed text of its source, this
finds the closest passage of that text (rapidfuzz alignment, widened to whole words), and reports
old → new with its similarity; `--write` replaces the spans whose new text scores at least
`--min-score` and lies inside one indexed chunk. Read every pair before committing: a close
string may still say something else.

    python -m protokoll.eval.respan --data DIR --dataset eval/datasets/corpus [--write]

The text is read from DIR/catalog.sqlite (read only), so ingest the corpus with the current
readers first.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

MIN_SCORE = 80.0


@dataclass(frozen=True, slots=True)
class Remap:
    id: str
    source: str
    old: str
    new: str | None  # None: no passage found
    score: float
    in_one_chunk: bool


def indexed_texts(data: Path) -> dict[str, tuple[str, list[str]]]:
    """File name → (indexed text, texts of its active chunks), from the data folder's catalog."""
    db = sqlite3.connect(f"file:{data / 'catalog.sqlite'}?mode=ro", uri=True)
    try:
        out: dict[str, tuple[str, list[str]]] = {}
        rows = db.execute("SELECT id, version, source, text FROM protocols WHERE status='active'")
        for pid, version, source, text in rows.fetchall():
            chunks = db.execute(
                "SELECT text FROM chunks WHERE protocol_id=? AND version=? AND status='active'"
                " ORDER BY idx",
                (pid, version),
            ).fetchall()
            out[Path(source).name] = (text, [c[0] for c in chunks])
        return out
    finally:
        db.close()


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_passage(span: str, text: str) -> tuple[str, float]:
    """The passage of `text` closest to `span`, whole words, and its similarity (0–100)."""
    hit = fuzz.partial_ratio_alignment(span, text)
    if hit is None:
        return "", 0.0
    start, end = _word_bounds(text, hit.dest_start, hit.dest_end)
    # The span's closing punctuation, when the text has it right after (". " ends a sentence).
    if span[-1:] in ".:;,!?)”" and text[end : end + 1] == span[-1]:
        end += 1
    new = text[start:end]
    return new, fuzz.ratio(span, new)


def respan(folder: Path, texts: dict[str, tuple[str, list[str]]]) -> list[Remap]:
    """A remapping for every span of the dataset in `folder` not inside one indexed chunk."""
    meta = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    out = []
    for line in (folder / meta.get("file", "questions.jsonl")).read_text("utf-8").splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        for r in q.get("relevant", []):
            if r["source"] not in texts:
                out.append(Remap(q["id"], r["source"], r["span"], None, 0.0, False))
                continue
            text, chunks = texts[r["source"]]
            if any(r["span"] in c for c in chunks):
                continue
            if r["span"] in text:  # across a chunk boundary: for a person to shorten
                out.append(Remap(q["id"], r["source"], r["span"], r["span"], 100.0, False))
                continue
            new, score = find_passage(r["span"], text)
            inside = bool(new) and any(new in c for c in chunks)
            out.append(Remap(q["id"], r["source"], r["span"], new or None, score, inside))
    return out


def rewrite(folder: Path, remaps: list[Remap], min_score: float) -> int:
    """Replace the accepted spans in the dataset's questions file; the other lines stay as is."""
    accepted = {(m.id, m.source, m.old): m.new for m in remaps if not _refusal(m, min_score)}
    meta = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    path = folder / meta.get("file", "questions.jsonl")
    lines, changed = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        q = json.loads(line) if line.strip() else {}
        hits = [r for r in q.get("relevant", []) if (q["id"], r["source"], r["span"]) in accepted]
        for r in hits:
            r["span"] = accepted[(q["id"], r["source"], r["span"])]
        changed += len(hits)
        lines.append(json.dumps(q, ensure_ascii=False) if hits else line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return changed


def _refusal(m: Remap, min_score: float) -> str:
    """Why a remapping is not written ("" when it is)."""
    if m.new is None:
        return " (finns inte)"
    if not m.in_one_chunk:
        return " (ryms inte i en chunk)"
    return " (för olik)" if m.score < min_score else ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m protokoll.eval.respan", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    ap.add_argument("--data", type=Path, required=True, help="datamapp med ett indexerat korpus")
    ap.add_argument("--dataset", type=Path, action="append", required=True, help="datasetmapp")
    ap.add_argument("--write", action="store_true", help="skriv de godtagna textställena")
    ap.add_argument("--min-score", type=float, default=MIN_SCORE, help="minsta likhet (0–100)")
    args = ap.parse_args(argv)
    texts = indexed_texts(args.data)
    left = 0
    for folder in args.dataset:
        remaps = respan(folder, texts)
        out = [f"{folder}: {len(remaps)} textställen ryms inte i en chunk av den indexerade texten"]
        for m in remaps:
            why = _refusal(m, args.min_score)
            left += bool(why)
            out.append(f"  {m.id} {m.source} [{m.score:.0f}]{why}")
            out.append(f"    före: {m.old!r}\n    nu:   {m.new!r}")
        if args.write and remaps:
            out.append(f"  {rewrite(folder, remaps, args.min_score)} textställen ändrade")
        print("\n".join(out))  # noqa: T201
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
