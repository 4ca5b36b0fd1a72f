"""The answer log: every answer of a run, and what changed against an earlier run."""

from __future__ import annotations

import json
from pathlib import Path

from protokoll.eval.answer_log import changes, figures, log_answers, state
from protokoll.service.facade import Protokollsok


def _row(qid: str, answered: bool, correct: bool, answer: str, answerable: bool = True) -> dict:
    return {"set": "s", "id": qid, "kind": "person", "query": f"fråga {qid}",
            "answerable": answerable, "answered": answered, "correct": correct,
            "answer": answer, "confidence": None}  # fmt: skip


def test_a_changed_answer_is_listed_with_both_answers_and_an_unchanged_one_is_not() -> None:
    old = [_row("q1", True, True, "Karin Jilkén"), _row("q2", False, False, "inget svar"),
           _row("q3", True, False, "Fel namn")]  # fmt: skip
    new = [_row("q1", True, True, "Karin Jilkén"), _row("q2", True, False, "Fel namn"),
           _row("q3", True, True, "Rätt namn")]  # fmt: skip
    lines = changes(old, new)
    assert [line.split()[:4] for line in lines] == [["s", "q2", "-", "→"], ["s", "q3", "F", "→"]]
    assert "Rätt namn" in lines[1] and [state(r) for r in new] == ["R", "F", "R"]


def test_the_figures_are_counted_as_the_answer_evaluation_counts_them() -> None:
    rows = [_row("q1", True, True, "a"), _row("q2", True, False, "b"),
            _row("q3", False, False, "inget svar"),
            _row("q4", False, False, "inget svar", answerable=False)]  # fmt: skip
    assert figures(rows) == {"accuracy": 0.333, "abstention": 1.0, "false_answer_rate": 0.5}


def test_a_run_logs_each_question_as_the_product_answers_it(
    app: Protokollsok, tmp_path: Path
) -> None:
    folder = tmp_path / "liten"
    folder.mkdir()
    (folder / "dataset.json").write_text(
        json.dumps({"name": "liten", "corpus": ["shared:seeds", "repo:examples/protocols"]})
    )
    questions = [
        {"id": "a1", "query": "vem ersatte Karin Torstensson?", "relevant": [],
         "answer": "Karin Jilkén", "kind": "person"},
        {"id": "a2", "query": "Vem ersatte Karin Torstensson på mötet den 14 mars 2019?",
         "relevant": [], "answer": None, "kind": "unanswerable"},
    ]  # fmt: skip
    (folder / "questions.jsonl").write_text("\n".join(json.dumps(q) for q in questions) + "\n")
    rows = log_answers(app, [folder])
    assert [(r["id"], state(r)) for r in rows] == [("a1", "R"), ("a2", "-")]
    assert "Karin Jilkén" in rows[0]["answer"] and rows[0]["confidence"] is not None
    # the route is logged, so that first looks can count how often each route is right
    assert (rows[0]["route"], rows[1]["route"]) == ("substitution", None)
