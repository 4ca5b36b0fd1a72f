"""What the commands print for a person: progress, hits, answers, decisions, protocols.

`--json` output is the facade's JSON as it is, one object per line.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from protokoll.ingest.lexicon import Intent
from protokoll.service.ingesting import STAGES

if TYPE_CHECKING:
    from protokoll.service.ingesting import IngestReport, IngestTally

# PDF bullets come through as private-use glyphs; they are shown as bullets.
_BULLETS = {0xF0B7: "•", 0xF0A7: "•", 0xF0D8: "•"}
_QUOTE_CHARS = 300
_DECISION_CHARS = 400


def write_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


class ProgressLine:
    """The ingest's progress line on stderr: a bar, the file, files and passages per second,
    and the time left (from the bytes still to read)."""

    def __init__(self) -> None:
        self._rate = ""
        self._last: tuple[int, int, str] | None = None

    def __call__(self, i: int, n: int, path: str) -> None:
        # Called before each file is read (and for each OCR page of it): the bar shows the
        # files done, not the one begun.
        self._draw(i, n, path, i if path.startswith("OCR ") else i - 1)

    def _draw(self, i: int, n: int, path: str, done: int) -> None:
        if n < 2:
            return
        self._last = (i, n, path)
        width = 24
        full = int(width * done / n)
        name = Path(path).name[:32]
        sys.stderr.write(f"\r[{'#' * full}{'.' * (width - full)}] {i}/{n} {name:<32}{self._rate}")
        sys.stderr.flush()

    def tally(self, t: IngestTally) -> None:
        eta = t.eta()
        left = f", ca {duration(eta)} kvar" if eta is not None and t.done < t.total else ""
        self._rate = (
            f" {decimal(t.files_per_s())} filer/s, {decimal(t.passages_per_s())} stycken/s"
            f"{left}    "
        )
        if t.done == t.total and self._last is not None:
            self._draw(t.total, t.total, self._last[2], t.total)

    def end(self) -> None:
        if self._last is not None:
            sys.stderr.write("\n")
            sys.stderr.flush()


def progress(i: int, n: int, path: str) -> None:
    if n >= 2:
        width = 24
        done = int(width * i / n)
        name = Path(path).name[:40]
        sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {i}/{n} {name:<40}")
        if i == n:
            sys.stderr.write("\n")
        sys.stderr.flush()


def decimal(x: float) -> str:
    """A rate as Swedish writes it: 3,4 (0,25 below one)."""
    return (f"{x:.1f}" if x >= 1 or x == 0 else f"{x:.2f}").replace(".", ",")


def duration(seconds: float) -> str:
    s = int(round(seconds))
    if s >= 3600:
        return f"{s // 3600} h {s % 3600 // 60} min"
    if s >= 60:
        return f"{s // 60} min {s % 60} s"
    return f"{s} s"


def print_report(report: IngestReport) -> None:
    print(  # noqa: T201
        f"Tillagda: {len(report.added)}, ersatta: {len(report.replaced)}, "
        f"flyttade: {len(report.moved)}, oförändrade: {len(report.unchanged)}, "
        f"misslyckade: {len(report.failed)}, överhoppade länkar: {len(report.skipped)}"
    )
    for path in report.added:
        print(f"  + {path}")  # noqa: T201
    for path in report.replaced:
        print(f"  ~ {path}")  # noqa: T201
    for path in report.moved:
        print(f"  > {path} (flyttad; den gamla sökvägen är borttagen ur indexet)")  # noqa: T201
    for _, msg in report.failed:
        print(f"  ! {msg}", file=sys.stderr)  # noqa: T201
    for _, msg in report.skipped:
        print(f"  - {msg}", file=sys.stderr)  # noqa: T201
    stages = report.stages()
    summed = " (summerat över processerna)" if report.jobs > 1 else ""
    parts = ", ".join(
        f"{STAGES[k]} {decimal(v)} s{summed if k == 'read' else ''}" for k, v in stages.items()
    )
    rate = report.passages / report.seconds if report.seconds > 0 else 0.0
    print(  # noqa: T201
        f"Tid: {duration(report.seconds)}, {report.passages} textstycken "
        f"({decimal(rate)}/s), {report.jobs} läsande process{'er' if report.jobs > 1 else ''}"
    )
    print(f"Per steg: {parts}")  # noqa: T201
    if report.reused:
        print(  # noqa: T201
            f"{report.reused} av textstyckena hade samma text som förut och behöll sina vektorer"
        )


def _maybe_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def print_hits(result: dict[str, Any]) -> None:
    from protokoll.service.highlight import mark, snippet
    from protokoll.service.understanding import Understood

    tty = sys.stdout.isatty()
    before, after = ("\033[1;4m", "\033[0m") if tty else ("**", "**")
    results = result["results"]
    u = result["understood"]
    line = Understood(
        query=result["query"], search_text=u["search_text"], intent=Intent(u["question_type"]),
        date_from=_maybe_date(u["date_from"]), date_to=_maybe_date(u["date_to"]),
        date_expression=u["date_expression"], body=u["body"], corrections=u["corrections"],
        month=u["month"], day=u["day"], designation=u.get("designation"),
    ).describe()  # fmt: skip
    print(f"Tolkat: {line}\n")  # noqa: T201
    if not results:
        print("Inga träffar.")  # noqa: T201
        return
    for r in results:
        print(f"{r['rank']}. {r['citation']}  (poäng {r['score']:.2f})")  # noqa: T201
        text, spans = snippet(r["text"], [tuple(h) for h in r["highlights"]])
        for text_line in mark(text, spans, before, after).strip().splitlines():
            if text_line.strip():
                print(f"   {text_line.strip()}")  # noqa: T201
        print(f"   källa: {r['protocol']['source']} (tecken {r['start']}–{r['end']})\n")  # noqa: T201


def print_answer(result: dict[str, Any]) -> None:
    print(result["answer"])  # noqa: T201
    if result.get("certainty"):
        print(f"Säkerhet: {result['certainty']}")  # noqa: T201
    for c in result["citations"]:
        quote = " ".join(c["quote"].split())
        if len(quote) > _QUOTE_CHARS:
            quote = quote[: _QUOTE_CHARS - 3] + "…"
        print(f"\n[{c['n']}] {c['citation']}\n    ”{quote}”")  # noqa: T201
    if not result["answerable"] and result.get("nearest"):
        print("\nNärmast:")  # noqa: T201
        for r in result["nearest"]:
            print(f"  – {r['citation']}")  # noqa: T201


def print_decisions(result: dict[str, Any], facets: bool) -> None:
    items = result["decisions"]
    if result["theme"]:
        named = ", ".join(result["matched_themes"]) or "inget tema i taxonomin"
        print(f'Beslut om "{result["theme"]}" (tema: {named}): {result["total"]} st.\n')  # noqa: T201
    else:
        print(f"Beslut, nyaste först: {result['total']} st.\n")  # noqa: T201
    if not items:
        print("Inga beslut.")  # noqa: T201
    for n, d in enumerate(items, 1):
        score = f"  (poäng {d['score']:.2f})" if d["score"] is not None else ""
        print(f"{n}. {d['protocol']['date'] or 'okänt datum'} {d['protocol']['body'] or ''}{score}")  # noqa: T201
        text = " ".join(d["text"].split()).translate(_BULLETS)
        more = "…" if len(text) > _DECISION_CHARS else ""
        print(f"   {text[:_DECISION_CHARS]}{more}")  # noqa: T201
        extra = [f"utfall: {d['outcome']}"] if d["outcome"] else []
        if d["themes"]:
            extra.append("teman: " + ", ".join(t["label"] for t in d["themes"]))
        if extra:
            print(f"   {'; '.join(extra)}")  # noqa: T201
        print(f"   källa: {d['citation']} (tecken {d['start']}–{d['end']})\n")  # noqa: T201
    if facets and result["facets"]:
        for key, name in (("themes", "Teman"), ("bodies", "Organ"), ("years", "År")):
            counts = result["facets"][key]
            print(f"{name}: " + (", ".join(f"{k} {v}" for k, v in counts.items()) or "—"))  # noqa: T201


def print_protocols(items: list[dict[str, Any]]) -> None:
    if not items:
        print("Inga protokoll inlästa.")  # noqa: T201
    for p in items:
        print(f"{p['id']}  {p['date'] or '—':10}  {p['body'] or '—'}  ({p['title']})")  # noqa: T201


def print_protocol(p: dict[str, Any], with_text: bool) -> None:
    print(f"{p['title']}\n  id: {p['id']}\n  datum: {p['date']}\n  organ: {p['body']}")  # noqa: T201
    print(f"  typ: {p['kind']}\n  plats: {p['place']}\n  källa: {p['source']}")  # noqa: T201
    print(f"  chunkar: {p['chunks']}\n  punkter:")  # noqa: T201
    for s in p["sections"]:
        num = f"{s['number']}. " if s["number"] else ""
        print(f"    {num}{s['title']} [{s['kind']}]")  # noqa: T201
    if p["attendance"]:
        print(f"  personer i närvarolistor: {len(p['attendance'])}")  # noqa: T201
    if with_text:
        print("\n" + p["text"])  # noqa: T201
