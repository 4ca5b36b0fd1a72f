"""Answer evaluation for `ask`: accuracy, abstention, false answers and citation validity.

An answer is correct when it contains the expected string (any of the alternatives), compared
without case, diacritics or repeated spaces. Questions with relevant passages but no expected
answer (retrieval-only questions in a span dataset) are skipped. Citations are valid when the
quote is the cited protocol's text at `start`–`end`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Protocol

from protokoll.eval.datasets import Question, SpanDataset
from protokoll.index.analysis import fold


class Answerer(Protocol):
    def ask(self, question: str) -> dict[str, Any]: ...
    def protocol(self, protocol_id: str, with_text: bool = ...) -> dict[str, Any]: ...


_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-"})  # en dash, em dash, minus sign


def _norm(text: str) -> str:
    return " ".join(fold(text).translate(_DASHES).split())


def is_correct(q: Question, answer: str) -> bool:
    expected = q.answer if isinstance(q.answer, list) else [q.answer] if q.answer else []
    return any(_norm(e) in _norm(answer) for e in expected)


def evaluate_answers(app: Answerer, dataset: SpanDataset) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    texts: dict[str, str] = {}
    citations = valid = 0
    skipped = 0
    for q in dataset.questions:
        if q.answer is None and q.relevant:
            # A retrieval-only question (a theme, a passage): it has a place but no short answer
            # to check, so it counts neither for accuracy nor as one to abstain on.
            skipped += 1
            continue
        r = app.ask(q.query)
        for c in r["citations"]:
            pid = c["protocol"]["id"]
            if pid not in texts:
                texts[pid] = app.protocol(pid)["text"]
            citations += 1
            valid += texts[pid][c["start"] : c["end"]] == c["quote"]
        answerable = q.answer is not None
        rows.append(
            {
                "id": q.id,
                "kind": q.kind,
                "query": q.query,
                "expected": q.answer,
                "answerable_expected": answerable,
                "answerable": r["answerable"],
                "answer": r["answer"],
                "answer_kind": r["kind"],
                "correct": answerable and r["answerable"] and is_correct(q, r["answer"]),
            }
        )
    should = [x for x in rows if x["answerable_expected"]]
    should_not = [x for x in rows if not x["answerable_expected"]]
    answered = [x for x in rows if x["answerable"]]
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for x in should:
        by_kind[x["kind"]].append(x["correct"])
    ratio = lambda n, d: round(n / d, 4) if d else 0.0  # noqa: E731
    return {
        "dataset": dataset.name,
        "questions": len(rows),
        "accuracy": ratio(sum(x["correct"] for x in should), len(should)),
        "abstention": ratio(sum(not x["answerable"] for x in should_not), len(should_not)),
        # answers given that are wrong: unanswerable ones answered, or answerable ones wrongly
        "false_answer_rate": ratio(sum(not x["correct"] for x in answered), len(answered)),
        "citation_validity": ratio(valid, citations),
        "citations": citations,
        "answerable_questions": len(should),
        "unanswerable_questions": len(should_not),
        "retrieval_only_skipped": skipped,
        "accuracy_by_kind": {k: ratio(sum(v), len(v)) for k, v in sorted(by_kind.items())},
        "per_question": rows,
    }


def markdown_table(result: dict[str, Any]) -> str:
    lines = [
        f"| {result['dataset']} ({result['questions']} frågor) | värde |",
        "|---|---|",
        f"| rätt svar, besvarbara ({result['answerable_questions']}) | {result['accuracy']:.3f} |",
        f"| avstår, obesvarbara ({result['unanswerable_questions']}) "
        f"| {result['abstention']:.3f} |",
        f"| andel felaktiga bland givna svar | {result['false_answer_rate']:.3f} |",
        f"| giltiga citat ({result['citations']}) | {result['citation_validity']:.3f} |",
    ]
    lines += [f"| – {kind} | {acc:.3f} |" for kind, acc in result["accuracy_by_kind"].items()]
    return "\n".join(lines)
