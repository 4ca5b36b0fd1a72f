"""Which words of a passage match the query, as offsets for marking."""

from __future__ import annotations

from protokoll.index.analysis import Analyzer


class QueryMarks:
    """The query's analysed terms, found once for all the passages of an answer."""

    def __init__(self, analyzer: Analyzer, query: str) -> None:
        self.analyzer = analyzer
        self.wanted = frozenset(analyzer.terms(query))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Offsets (relative to `text`) of words sharing an analysed term with the query."""
        return self.analyzer.spans_sharing(self.wanted, text) if self.wanted else []


def mark(text: str, spans: list[tuple[int, int]], before: str, after: str) -> str:
    out, pos = [], 0
    for s, e in spans:
        out.append(text[pos:s])
        out.append(f"{before}{text[s:e]}{after}")
        pos = e
    out.append(text[pos:])
    return "".join(out)


def snippet(
    text: str, spans: list[tuple[int, int]], width: int = 480
) -> tuple[str, list[tuple[int, int]]]:
    """A window of about `width` characters around the densest run of matches."""
    if len(text) <= width:
        return text, spans
    best_start, best_count = 0, -1
    for s, _ in spans or [(0, 0)]:
        lo = max(0, s - width // 4)
        count = sum(1 for a, b in spans if a >= lo and b <= lo + width)
        if count > best_count:
            best_start, best_count = lo, count
    lo = text.rfind(" ", 0, best_start) + 1 if best_start else 0
    hi = min(len(text), lo + width)
    cut = text.rfind(" ", lo, hi) if hi < len(text) else hi
    hi = cut if cut > lo else hi
    inner = [(a - lo, b - lo) for a, b in spans if a >= lo and b <= hi]
    prefix, suffix = ("…" if lo else ""), ("…" if hi < len(text) else "")
    shift = len(prefix)
    return prefix + text[lo:hi] + suffix, [(a + shift, b + shift) for a, b in inner]
