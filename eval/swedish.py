"""Swedish matching on paired queries: the careless form against the form the text uses.

Three rankers over the same indexed chunks, in one run:
- hybrid and lexical as shipped (folding, lemmas, decompounding, fuzzy names, query understanding);
- lexical with plain Snowball Swedish and stop words: the baseline the Swedish analysis must beat.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import Stemmer
from protokoll.eval.datasets import Question, SpanDataset
from protokoll.eval.metrics import recall_at
from protokoll.eval.retrieval import relevant_ranks
from protokoll.index.analysis import Analyzer, load_stopwords
from protokoll.index.search.lexical import LexicalIndex
from protokoll.ingest.chunking import embedding_header


class PlainSnowball:
    """Lower-case, stop words, Snowball Swedish: what a generic BM25 setup does, over the words
    the product's analyzer splits a text into."""

    def __init__(self, words: Analyzer, language: str = "swedish") -> None:
        self._words = words
        self._stem = Stemmer.Stemmer(language)
        self._stop = load_stopwords("sv")

    def terms(self, text: str) -> list[str]:
        words = (w.lower() for w, _, _ in self._words.words(text))
        return [self._stem.stemWord(w) for w in words if w not in self._stop and len(w) > 1]


def _baseline_index(app: Any) -> tuple[LexicalIndex, dict[str, Any], PlainSnowball]:
    index = app.index
    analyzer = PlainSnowball(index.analyzer)
    ids, terms, rows = [], [], {}
    # In the order of the product's own lexical index: by protocol id, then chunk order.
    for summary in sorted(index.protocols(), key=lambda p: p.id):
        p = index.protocol_summary(summary.id)
        if p is None:
            continue
        for chunk in index.chunks_of(p.id):
            ids.append(chunk.id)
            terms.append(analyzer.terms(f"{embedding_header(p, chunk)}\n{chunk.text}"))
            rows[chunk.id] = (chunk, p)
    return LexicalIndex(ids, terms), rows, analyzer


def evaluate_pairs(app: Any, dataset: SpanDataset, k: int = 5) -> dict[str, Any]:
    pairs = [q for q in dataset.questions if q.relevant and q.clean]
    baseline, rows, plain = _baseline_index(app)

    def baseline_results(query: str) -> list[dict[str, Any]]:
        out = []
        for rank, (cid, _) in enumerate(baseline.top(plain.terms(query), k), 1):
            chunk, p = rows[cid]
            out.append({"rank": rank, "text": chunk.text, "protocol": {"source": p.source}})
        return out

    rankers = {
        "hybrid": lambda q: app.search(q, k=k, mode="hybrid")["results"],
        "lexical": lambda q: app.search(q, k=k, mode="lexical")["results"],
        "lexical_snowball": baseline_results,
    }
    found: dict[str, dict[str, list[float]]] = {m: {"hard": [], "clean": []} for m in rankers}
    by_kind: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    per_question = []
    for q in pairs:
        row: dict[str, Any] = {"id": q.id, "kind": q.kind, "query": q.query, "clean": q.clean}
        for name, rank in rankers.items():
            for form, text in (("hard", q.query), ("clean", q.clean or q.query)):
                hit = _found(q, rank(text), k)
                found[name][form].append(hit)
                row[f"{name}_{form}"] = hit
                if form == "hard":
                    by_kind[q.kind][name].append(hit)
        per_question.append(row)
    mean = lambda xs: round(sum(xs) / len(xs), 4) if xs else 0.0  # noqa: E731
    return {
        "dataset": dataset.name,
        "pairs": len(pairs),
        "k": k,
        "recall": {m: {f: mean(v) for f, v in forms.items()} for m, forms in found.items()},
        "hard_by_kind": {kind: {m: mean(v) for m, v in d.items()} for kind, d in by_kind.items()},
        "per_question": per_question,
    }


def _found(q: Question, results: list[dict[str, Any]], k: int) -> float:
    return recall_at(relevant_ranks(q, results), len(q.relevant), k, any_one=True)


def markdown_table(result: dict[str, Any]) -> str:
    k = result["k"]
    lines = [f"| {result['dataset']} ({result['pairs']} par) | R@{k} slarvig form | "
             f"R@{k} textens form | skillnad |", "|---|---|---|---|"]  # fmt: skip
    for method, r in result["recall"].items():
        lines.append(
            f"| {method} | {r['hard']:.3f} | {r['clean']:.3f} | {r['hard'] - r['clean']:+.3f} |"
        )
    lines += ["", f"| slarvig form, R@{k} per typ | " + " | ".join(result["recall"]) + " |",
              "|---|" + "---|" * len(result["recall"])]  # fmt: skip
    for kind, d in sorted(result["hard_by_kind"].items()):
        lines.append(f"| {kind} | " + " | ".join(f"{d[m]:.3f}" for m in result["recall"]) + " |")
    return "\n".join(lines)
