"""The confidence counts: a route's share comes from the archive tuning sets, and a fallback
set helps only a route the tuning sets seldom saw."""

from __future__ import annotations

from protokoll.eval.confidence import MIN_ANSWERS, pooled


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
