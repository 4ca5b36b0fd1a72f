"""Training the answer verifier: from tuning halves' answer logs and first looks, never from a
test half, which is its check."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from protokoll.eval.verifier import main, rows_of
from protokoll.service.ask.verifier import FEATURES, Verifier, evidence

QUESTION = "Hur finansieras den nya förskolan i Hamnängen?"
SAYS = "Förskolan i Hamnängen finansieras med lån på 40 miljoner kronor."
LACKS = "Målet är fler platser i kommunen."


def _rows(name: str, n: int, rng: random.Random) -> list[dict]:
    # Right answers mostly say the question's words, wrong ones mostly do not.
    rows = []
    for i in range(n):
        right = i % 3 != 0
        says = rng.random() < (0.8 if right else 0.25)
        rows.append({"set": name, "id": f"{name}-{i}", "query": QUESTION,
                     "answer": SAYS if says else LACKS, "answerable": True, "answered": True,
                     "correct": right, "route": "passage@1"})  # fmt: skip
    return rows


def _log(path: Path, names: list[str], seed: int = 7) -> Path:
    rng = random.Random(seed)
    rows = [r for n in names for r in _rows(n, 60, rng)]
    path.write_text(json.dumps({"rows": rows}), encoding="utf-8")
    return path


def test_the_verifier_learns_from_tuning_halves_and_first_looks_and_checks_on_test_halves(
    tmp_path: Path,
) -> None:
    logs = [
        _log(tmp_path / "archive.json", ["a-tuning", "b-tuning", "a-test"]),
        _log(tmp_path / "c-tuning-first-look.json", ["c-tuning"], seed=8),
        _log(tmp_path / "d-tuning-first-look.json", ["d-tuning"], seed=9),
    ]
    out = tmp_path / "verifier.json"
    assert main([*map(str, logs), "--out", str(out)]) == 0
    model = json.loads(out.read_text(encoding="utf-8"))
    assert model["trained_on"]["sets"] == ["a-tuning", "b-tuning", "c-tuning", "d-tuning"]
    assert (
        model["trained_on"]["answers"] == 240 and model["trained_on"]["first_look_answers"] == 120
    )
    assert model["checked"]["sets"] == ["a-test"] and model["checked"]["verifier"]["answers"] == 60
    assert model["first_looks_crossed"]["verifier"]["answers"] == 120
    # it learned that saying the question's words makes an answer likelier right, and it holds
    # on the test half it never saw
    assert model["checked"]["verifier"]["auc"] > 0.6
    v = Verifier.from_json(model)
    assert v.probability(evidence(QUESTION, SAYS, "passage@1")) > v.probability(
        evidence(QUESTION, LACKS, "passage@1")
    )


def test_without_first_looks_there_is_nothing_to_weigh_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    log = _log(tmp_path / "archive.json", ["a-tuning", "a-test"])
    assert main([str(log), "--out", str(tmp_path / "v.json")]) == 2
    assert not (tmp_path / "v.json").exists()


def test_a_first_look_at_a_test_half_is_refused(tmp_path: Path) -> None:
    log = _log(tmp_path / "x-test-first-look.json", ["x-test"])
    with pytest.raises(ValueError, match="testhalva"):
        rows_of([log])


def test_the_shipped_verifier_reads_the_features_the_code_computes() -> None:
    shipped = Verifier.load()
    assert shipped is not None and shipped.names == FEATURES
