"""How the index's records are listed to users."""

from __future__ import annotations

from protokoll.service.shaping import distinct_bodies


def test_an_organ_capitalised_two_ways_is_listed_once_with_its_capitals() -> None:
    bodies = ["Sveriges riksbank", "Välfärdsnämnden", "Sveriges Riksbank", "Finansutskottet"]
    assert distinct_bodies(bodies) == ["Finansutskottet", "Sveriges Riksbank", "Välfärdsnämnden"]
