"""Questions generated from the corpus' own structure, as training data for the selector.

Riksdagen's open data states, for every committee report, each decision point: its heading
("Ytterligare åtgärder mot barnäktenskap") and the committee's proposal ("Riksdagen avslår motion
2018/19:52 …"). That is a question a user asks ("Vad beslutade riksdagen om ytterligare åtgärder
mot barnäktenskap i betänkande 2018/19:CU4?") with an answer the report's text must contain,
written by the Riksdag, not by us. Phrasings vary by a seeded choice of templates.

Documents of the frozen test halves (eval/datasets/*-test) are left out: only their file names
are read, so that no test document is trained on.

    python -m protokoll.eval.selector.generate ../shared/corpus/riksdagen-betankanden OUT_DIR
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
from pathlib import Path
from typing import Any

TEMPLATES = (
    "Vad beslutade riksdagen om {topic} i betänkande {report}?",
    "Vad föreslog utskottet om {topic} i {report}?",
    "Hur beslutade riksdagen i frågan om {topic} ({report})?",
    "Vad blev beslutet om {topic} i betänkande {report}?",
    "Vilket förslag lämnade utskottet om {topic} i betänkandet {report}?",
)
# The start of a proposal that a right answer must contain: long enough to be specific, short
# enough to stand in one sentence of the report.
ANSWER_WORDS = 6
MAX_PER_REPORT = 6


def test_documents(test_half: Path) -> set[str]:
    """The file names the test half's questions are about (nothing else of it is read)."""
    if not test_half.exists():
        return set()
    names = set()
    for line in test_half.read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            names |= {row.get("doc") or ""} | {s["source"] for s in row.get("relevant") or []}
    return names - {""}


def _clean(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _lower_first(title: str) -> str:
    return title[:1].lower() + title[1:] if title[:2] != title[:2].upper() else title


def questions_for(path: Path, rng: random.Random) -> list[dict[str, Any]]:
    status = json.loads(path.read_text("utf-8"))["dokumentstatus"]
    doc = status["dokument"]
    report = f"{doc['rm']}:{doc['beteckning']}"
    points = (status.get("dokutskottsforslag") or {}).get("utskottsforslag") or []
    if isinstance(points, dict):
        points = [points]
    out = []
    for point in points[:MAX_PER_REPORT]:
        title = (point.get("rubrik") or "").strip()
        proposal = _clean(point.get("forslag") or "")
        # From the proposal's first "Riksdagen …" on, up to a list number or a sentence end.
        at = proposal.find("Riksdagen ")
        words = []
        for w in proposal[max(at, 0) :].split():
            if re.fullmatch(r"\d+\.|[a-z]\)", w):
                break
            words.append(w.rstrip(".,;:"))
            if w.endswith((".", ";", ":")) or len(words) == ANSWER_WORDS:
                break
        if not title or at < 0 or len(words) < 3:
            continue
        template = rng.choice(TEMPLATES)
        out.append(
            {
                "id": f"gen-{path.stem}-{point.get('punkt')}",
                "query": template.format(topic=_lower_first(title), report=report),
                "answer": " ".join(words[:ANSWER_WORDS]),
                "kind": "decision",
                "doc": path.name,
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m protokoll.eval.selector.generate")
    ap.add_argument("reports", type=Path, help="riksdagen-betankanden (JSON)")
    ap.add_argument("out", type=Path, help="mapp för det genererade datasetet")
    ap.add_argument(
        "--test-half",
        type=Path,
        nargs="+",
        # Every frozen test half: no document any of them asks about is generated from.
        default=sorted((Path(__file__).resolve().parents[1] / "datasets").glob("*-test/*.jsonl")),
    )
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    excluded = set().union(*(test_documents(t) for t in args.test_half))
    rows = []
    for path in sorted(args.reports.glob("*.json")):
        if path.name not in excluded:
            rows += questions_for(path, rng)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "questions.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8"
    )
    meta = {"name": "generated", "corpus": ["shared:riksdagen-betankanden"],
            "description": "Genererade beslutsfrågor (eval/selector/generate.py)."}  # fmt: skip
    (args.out / "dataset.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    print(f"{len(rows)} frågor ur {args.reports}, {len(excluded)} testdokument uteslutna")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
