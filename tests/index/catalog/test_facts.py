"""Facts in the catalog (`index/catalog/facts.py`): those of a few protocols are read for them
alone, all of a kind are kept until the active set or the extractor changes, and every way of
asking gives the same facts in the same order."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from protokoll.index.catalog import Catalog
from protokoll.index.catalog import facts as facts_module
from protokoll.ingest.records import EXAMPLE_CHUNK, EXAMPLE_FACT, EXAMPLE_PROTOCOL, Fact

P, C = EXAMPLE_PROTOCOL, EXAMPLE_CHUNK
NUMBER = Fact("number", "deltagare", "85", 10, 40)


def _add(catalog: Catalog, pid: str, facts: list[Fact]) -> None:
    p = replace(P, id=pid, source=f"/data/{pid}.txt")
    catalog.begin_version(p, [replace(C, id=f"{C.id}-{pid}")], ["ersätt"], facts=facts)
    catalog.activate_version(p.id, p.version)


def test_facts_of_named_protocols_are_those_of_all_filtered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = Catalog(tmp_path / "c.sqlite")
    for pid in ("a", "b", "c"):
        _add(catalog, pid, [EXAMPLE_FACT, NUMBER])
    every = catalog.facts(["number"])
    assert [pid for pid, _ in every] == ["a", "b", "c"]
    wanted = [(pid, f) for pid, f in every if pid in {"a", "c"}]
    assert catalog.facts(["number"], ["c", "a"]) == wanted  # read for them alone
    monkeypatch.setattr(facts_module, "_FEW", 1)
    assert catalog.facts(["number"], ["c", "a"]) == wanted  # filtered from the kept ones
    assert catalog.facts(["number"], []) == []


def test_kept_facts_follow_a_new_protocol_and_a_new_extractor(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "c.sqlite")
    _add(catalog, "a", [NUMBER])
    assert catalog.facts(["number"]) == [("a", NUMBER)]
    _add(catalog, "b", [NUMBER])
    assert catalog.facts(["number"]) == [("a", NUMBER), ("b", NUMBER)]
    version = catalog.protocol("a")
    assert version is not None
    fewer = replace(NUMBER, value="90")
    catalog.replace_facts({("a", version.version): [fewer]}, "a newer extractor")
    assert catalog.facts(["number"]) == [("a", fewer), ("b", NUMBER)]
