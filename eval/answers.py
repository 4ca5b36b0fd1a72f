"""Answer evaluation for `ask`: accuracy, abstention, false answers and citation validity.

An answer is correct when it contains the expected string (any of the alternatives), compared
without case, diacritics or repeated spaces, or when it states the same amount written another
way ("8 000 000 kronor" for "8 miljoner kronor": `_same_amount`). Questions with relevant passages
but no expected answer (retrieval-only questions in a span dataset) are skipped. Citations are
valid when the quote is the cited protocol's text at `start`–`end`.
"""

from __future__ import annotations

import re
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


# A number as Swedish texts write it ("8 000 000", "1,5", "-0,50"), an optional scale word and an
# optional unit: the parts the judge compares by value.
_AMOUNT = re.compile(
    r"(?<![\w,.-])(-?\d{1,3}(?: \d{3})+|-?\d+(?:,\d+)?)"
    r"(?: (tusen|miljon|miljoner|miljard|miljarder))?"
    r"(?: (kronor|kr|procent|%|euro|dollar))?(?!\w)"
)
_SCALE = {"tusen": 1e3, "miljon": 1e6, "miljoner": 1e6, "miljard": 1e9, "miljarder": 1e9}
_UNIT = {"kr": "kronor", "%": "procent"}


def _amounts(text: str) -> set[tuple[float, str]]:
    """The amounts a text states, by value and unit ("" when none is written)."""
    found = set()
    for number, scale, unit in _AMOUNT.findall(_norm(text)):
        value = float(number.replace(" ", "").replace(",", ".")) * _SCALE.get(scale, 1.0)
        found.add((round(value, 6), _UNIT.get(unit, unit)))
    return found


def _same_amount(expected: str, answer: str) -> bool:
    """An expected answer that is one amount with a scale word or grouped digits, and the answer
    states its value (with its unit when the expected answer has one): "8 miljoner kronor" and
    "8 000 000 kr", either way round."""
    wanted = _amounts(expected)
    whole = _AMOUNT.fullmatch(_norm(expected))
    if len(wanted) != 1 or whole is None or not (whole.group(2) or " " in whole.group(1)):
        return False
    value, unit = next(iter(wanted))
    return any(v == value and (not unit or u == unit) for v, u in _amounts(answer))


def is_correct(q: Question, answer: str) -> bool:
    expected = q.answer if isinstance(q.answer, list) else [q.answer] if q.answer else []
    return any(_norm(e) in _norm(answer) or _same_amount(e, answer) for e in expected)


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
