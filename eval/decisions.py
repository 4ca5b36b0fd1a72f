"""Decision evaluation: extraction against hand-marked decisions, theme search against a dev set.

Both files are in `eval/datasets/decisions/`:

- `extraction.jsonl`: one protocol a line, {"source": "shared:…" | "repo:…", "kind", "decisions":
  [{"section", "key", "start", "end", "outcome"}]}. `key` is a verbatim fragment that identifies
  the decision within its item; `start`/`end` are how it should begin and end (null: not judged).
  A predicted decision matches a marked one when it is in the same item and contains the key.
- `queries.jsonl`: one theme query a line, {"id", "query", "relevant": [{"source", "span"}],
  "note"}. A returned decision is relevant when its protocol's file name is `source` and its text
  contains `span` (whitespace and case aside), so judgements survive changes of boundaries.

P@5 counts the relevant share of what theme search returns in its first five (it returns only
what it judges to be about the theme, so a query with two relevant decisions can reach 1.0);
R@10 the share of relevant decisions among the first ten (of at most ten: a theme with twenty
relevant decisions reaches 1.0 with ten of them). A relevant item may name its item number
("section") when the span alone is not unique, and a query may carry filters (from, to, body).

Run: `python -m protokoll.eval.decisions [--data DIR] [--corpus-root DIR] [--json]`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from protokoll.eval.datasets import REPO_ROOT, default_corpus_root, resolve_corpus
from protokoll.ingest.extract import extract_decisions
from protokoll.ingest.records import Decision, Protocol
from protokoll.service.shaping import decision_item

DATASET = REPO_ROOT / "eval" / "datasets" / "decisions"
CORPUS = ["shared:seeds", "repo:examples/protocols", "shared:municipal-pdf", "shared:riksbank-pdf"]


def norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split()).lower()


def _trim(text: str) -> str:
    return norm(text).rstrip(" ,.;:")


# -- extraction ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Marked:
    section: str | None
    key: str
    start: str | None
    end: str | None
    outcome: str | None


@dataclass(frozen=True, slots=True)
class MarkedProtocol:
    source: str
    kind: str
    decisions: tuple[Marked, ...]


def load_marked(path: Path = DATASET / "extraction.jsonl") -> list[MarkedProtocol]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            marked = tuple(
                Marked(d.get("section"), d["key"], d.get("start"), d.get("end"), d.get("outcome"))
                for d in row["decisions"]
            )
            out.append(MarkedProtocol(row["source"], row.get("kind", ""), marked))
        except (KeyError, TypeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}:{n}: ogiltig rad ({exc})") from exc
    return out


def match_marked(marked: tuple[Marked, ...], found: list[Decision]) -> list[int | None]:
    """For each marked decision, the index of the found decision that matches it (or None)."""
    used: set[int] = set()
    out: list[int | None] = []
    for m in marked:
        hit = next(
            (
                i
                for i, d in enumerate(found)
                if i not in used
                and (m.section is None or d.section_number == m.section)
                and norm(m.key) in norm(d.text)
            ),
            None,
        )
        if hit is not None:
            used.add(hit)
        out.append(hit)
    return out


def evaluate_extraction(
    read: Callable[[Path], Protocol],
    marked: list[MarkedProtocol],
    corpus_root: Path | None = None,
) -> dict[str, Any]:
    """Precision and recall of extraction against the marked decisions, per protocol and in
    all; plus how often the boundaries and the outcome are exactly right."""
    root = corpus_root or default_corpus_root()
    rows: list[dict[str, Any]] = []
    totals = {"marked": 0, "found": 0, "matched": 0, "bounds": 0, "bounds_judged": 0,
              "outcome": 0}  # fmt: skip
    for mp in marked:
        path = resolve_corpus([mp.source], root)[0]
        if not path.exists():
            rows.append({"source": mp.source, "skipped": f"{path} finns inte"})
            continue
        found = extract_decisions(read(path))
        hits = match_marked(mp.decisions, found)
        matched = [(m, found[i]) for m, i in zip(mp.decisions, hits, strict=True) if i is not None]
        bounds = [
            _trim(d.text).startswith(_trim(m.start)) and _trim(d.text).endswith(_trim(m.end))
            for m, d in matched
            if m.start is not None and m.end is not None
        ]
        outcome_ok = sum(1 for m, d in matched if m.outcome == d.outcome)
        rows.append({
            "source": mp.source, "kind": mp.kind, "marked": len(mp.decisions),
            "found": len(found), "matched": len(matched),
            "missed": [m.key for m, i in zip(mp.decisions, hits, strict=True) if i is None],
            "extra": [d.text[:80] for i, d in enumerate(found) if i not in set(hits)],
            "wrong_outcome": [(m.key, m.outcome, d.outcome) for m, d in matched
                              if m.outcome != d.outcome],
        })  # fmt: skip
        totals["marked"] += len(mp.decisions)
        totals["found"] += len(found)
        totals["matched"] += len(matched)
        totals["bounds"] += sum(bounds)
        totals["bounds_judged"] += len(bounds)
        totals["outcome"] += outcome_ok
    t = totals
    return {
        "protocols": sum(1 for r in rows if "skipped" not in r),
        **t,
        "precision": round(t["matched"] / t["found"], 4) if t["found"] else 1.0,
        "recall": round(t["matched"] / t["marked"], 4) if t["marked"] else 1.0,
        "exact_bounds": round(t["bounds"] / t["bounds_judged"], 4) if t["bounds_judged"] else None,
        "outcome_accuracy": round(t["outcome"] / t["matched"], 4) if t["matched"] else None,
        "per_protocol": rows,
    }


# -- theme search ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ThemeQuery:
    id: str
    query: str
    relevant: tuple[tuple[str, str, str | None], ...]  # (file name, verbatim span, item number)
    note: str
    filters: dict[str, str]


def load_theme_queries(path: Path = DATASET / "queries.jsonl") -> list[ThemeQuery]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
            rel = tuple((r["source"], r["span"], r.get("section")) for r in q["relevant"])
            filters = {str(k): str(v) for k, v in q.get("filters", {}).items()}
            out.append(ThemeQuery(str(q["id"]), q["query"], rel, q.get("note", ""), filters))
        except (KeyError, TypeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}:{n}: ogiltig rad ({exc})") from exc
    return out


def _relevant_to(result: dict[str, Any], q: ThemeQuery) -> int | None:
    """Index of the relevant decision a result is, if any."""
    name = Path(result["protocol"]["source"]).name
    text = norm(result["text"])
    section = result["section"]["number"]
    for i, (source, span, number) in enumerate(q.relevant):
        if source == name and norm(span) in text and (number is None or number == section):
            return i
    return None


def evaluate_themes(app: Any, queries: list[ThemeQuery], k: int = 10) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for q in queries:
        f = q.filters
        results = app.decisions(
            theme=q.query, k=k, body=f.get("body"),
            date_from=date.fromisoformat(f["from"]) if "from" in f else None,
            date_to=date.fromisoformat(f["to"]) if "to" in f else None,
        )["decisions"]  # fmt: skip
        marks = [_relevant_to(r, q) for r in results]
        top5 = marks[:5]
        p5 = sum(1 for m in top5 if m is not None) / len(top5) if top5 else 0.0
        found10 = {m for m in marks[:10] if m is not None}
        # Capped at ten: a theme with 20 relevant decisions can still reach 1.0 in ten results.
        r10 = len(found10) / min(len(q.relevant), k) if q.relevant else 0.0
        first = next((i + 1 for i, m in enumerate(marks) if m is not None), None)
        rows.append({
            "id": q.id, "query": q.query, "relevant": len(q.relevant), "returned": len(results),
            "P@5": round(p5, 4), "R@10": round(r10, 4), "RR": round(1 / first, 4) if first else 0.0,
            "top": [f"{r['protocol']['date']} {r['text'][:60]}" for r in results[:5]],
            "missed": [span for i, (_, span, _) in enumerate(q.relevant) if i not in found10],
        })  # fmt: skip
    n = len(rows)
    return {
        "queries": n,
        "P@5": round(sum(r["P@5"] for r in rows) / n, 4) if n else 0.0,
        "R@10": round(sum(r["R@10"] for r in rows) / n, 4) if n else 0.0,
        "MRR": round(sum(r["RR"] for r in rows) / n, 4) if n else 0.0,
        "per_query": rows,
    }


# -- theme labels ----------------------------------------------------------------------------
def evaluate_labels(app: Any, path: Path = DATASET / "labels.jsonl") -> dict[str, Any]:
    """Stored theme labels against hand-assigned ones (`labels.jsonl`: per decision the themes it
    must have and those it may have). Precision: labels given that are required or acceptable;
    recall: required labels given."""
    # Every decision, past the page size the facade hands out to users.
    found = app.index.decisions.search(k=app.index.decisions.count())
    listed = [
        decision_item(h, p).as_json()
        for h in found.hits
        if (p := app.index.protocol_summary(h.stored.decision.protocol_id)) is not None
    ]
    given = required = hit = ok = 0
    rows: list[dict[str, Any]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        g = json.loads(line)
        match = next(
            (d for d in listed if Path(d["protocol"]["source"]).name == g["source"]
             and d["section"]["number"] == g["section"] and norm(g["key"]) in norm(d["text"])),
            None,
        )  # fmt: skip
        if match is None:
            raise ValueError(f"{path}:{n}: inget beslut matchar {g['key']!r}")
        labels = {t["label"] for t in match["themes"]}
        must, may = set(g["themes"]), set(g["themes"]) | set(g.get("acceptable", []))
        given += len(labels)
        ok += len(labels & may)
        required += len(must)
        hit += len(labels & must)
        if labels - may or must - labels:
            rows.append({"key": g["key"], "given": sorted(labels), "required": sorted(must)})
    return {
        "decisions": sum(1 for x in path.read_text(encoding="utf-8").splitlines() if x.strip()),
        "precision": round(ok / given, 4) if given else 1.0,
        "recall": round(hit / required, 4) if required else 1.0,
        "disagreements": rows,
    }


def markdown(extraction: dict[str, Any] | None, themes: dict[str, Any] | None) -> str:
    lines = []
    if extraction:
        e = extraction
        lines += [
            f"Utdragning av beslut: {e['protocols']} protokoll, {e['marked']} markerade beslut",
            "| precision | recall | exakta gränser | rätt utfall |",
            "|---|---|---|---|",
            f"| {e['precision']:.3f} | {e['recall']:.3f} | {e['exact_bounds']} | "
            f"{e['outcome_accuracy']} |",
            "",
        ]
    if themes:
        t = themes
        lines += [
            f"Temasökning: {t['queries']} frågor",
            "| P@5 | R@10 | MRR |",
            "|---|---|---|",
            f"| {t['P@5']:.3f} | {t['R@10']:.3f} | {t['MRR']:.3f} |",
        ]
        if "labels" in t:
            lab = t["labels"]
            lines += [
                "",
                f"Temaetiketter mot handsatta: {lab['decisions']} beslut, precision "
                f"{lab['precision']:.3f}, recall {lab['recall']:.3f}",
            ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from protokoll.service.facade import Protokollsok
    from protokoll.service.settings import Settings

    ap = argparse.ArgumentParser(prog="python -m protokoll.eval.decisions", description=__doc__)
    ap.add_argument("--what", choices=["extraction", "themes", "all"], default="all")
    ap.add_argument(
        "--data", type=Path, help="datamapp att läsa in dev-korpusen i (annars tillfällig)"
    )
    ap.add_argument(
        "--corpus-root", type=Path, help="var korpusen ligger (standard ../shared/corpus)"
    )
    ap.add_argument("--out", type=Path, help="skriv resultat per protokoll och fråga (JSON) hit")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    root = args.corpus_root or default_corpus_root()
    extraction = themes = None
    if args.what in ("extraction", "all"):
        extraction = evaluate_extraction(Protokollsok.read_protocol, load_marked(), root)
    if args.what in ("themes", "all"):
        with tempfile.TemporaryDirectory(prefix="protokoll-eval-") as tmp:
            data = args.data or Path(tmp)
            # Marked against the text layers, as the dev sets (see eval/commands.py).
            with Protokollsok(Settings(data=data, ocr=False)) as app:
                folders = [p for p in resolve_corpus(CORPUS, root) if p.exists()]
                app.ingest(folders)
                themes = evaluate_themes(app, load_theme_queries())
                themes["labels"] = evaluate_labels(app)
    result = {"extraction": extraction, "themes": themes}
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.json:
        sys.stdout.write(json.dumps(
            {k: {x: y for x, y in v.items() if x not in ("per_protocol", "per_query")}
             for k, v in result.items() if v}, ensure_ascii=False) + "\n")  # fmt: skip
    else:
        sys.stdout.write(markdown(extraction, themes) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
