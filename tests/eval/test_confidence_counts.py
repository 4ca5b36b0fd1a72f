"""The confidence counts: a route's share comes from the archive tuning sets, a fallback set
helps only a route the tuning sets seldom saw, and first looks at new questions pull the share
toward how the route did on questions nobody tuned it on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from protokoll.eval.confidence import (
    LEVELS,
    MIN_ANSWERS,
    PRIORS_CHECKED,
    crossed_first_looks,
    first_looks,
    pooled,
)


def test_a_route_seen_often_on_the_tuning_sets_ignores_the_fallback_set() -> None:
    tune = [[("passage", True)] * 6 + [("passage", False)] * 4, [("passage", True)] * 2]
    fallback = [("passage", True)] * 30
    assert pooled(tune, fallback)["passage"] == {"right": 8, "answered": 12}


def test_a_route_seldom_seen_on_the_tuning_sets_borrows_the_fallback_sets_answers() -> None:
    tune = [[("presence", False)], []]
    fallback = [("presence", True)] * (MIN_ANSWERS + 1)
    counted = pooled(tune, fallback)["presence"]
    assert counted == {"right": MIN_ANSWERS + 1, "answered": MIN_ANSWERS + 2, "with_fallback": True}


def test_a_route_only_the_fallback_set_saw_is_counted_from_it() -> None:
    assert pooled([[]], [("votes", True)]) == {
        "votes": {"right": 1, "answered": 1, "with_fallback": True}
    }


def _log(path: Path, rows: list[tuple[str | None, bool]], name: str = "fresh9-tuning") -> Path:
    path.write_text(json.dumps({"rows": [
        {"set": name, "answered": route is not None, "route": route, "correct": ok}
        for route, ok in rows
    ]}))  # fmt: skip
    return path


def test_a_first_look_counts_each_answered_questions_route(tmp_path: Path) -> None:
    log = _log(tmp_path / "a.json", [("passage@2", False), ("passage@2", True), (None, False)])
    assert first_looks([log]) == [[("passage@2", False), ("passage@2", True)]]


def test_a_first_look_without_routes_or_from_a_test_half_is_refused(tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"rows": [{"set": "x", "answered": True, "correct": True}]}))
    with pytest.raises(ValueError, match="old.json"):
        first_looks([old])
    with pytest.raises(ValueError, match="testhalva"):
        first_looks([_log(tmp_path / "t.json", [("role", True)], name="fresh9-test")])


def test_first_looks_left_out_one_at_a_time_score_each_weight_of_the_tuning_share() -> None:
    # The tuning share says 0.9; the first looks say one in two. Any weight that lets the
    # first looks in fits the one left out better than the tuning share alone.
    model = {"routes": {"passage@2": {"right": 98, "answered": 108}}, "levels": LEVELS}
    looks = [[("passage@2", True), ("passage@2", False)]] * 4
    scores = crossed_first_looks(model, looks)
    assert set(scores) == {"tuning only", *map(str, PRIORS_CHECKED)}
    assert all(scores[str(k)] < scores["tuning only"] for k in PRIORS_CHECKED)
    assert scores["2"] < scores["40"]
