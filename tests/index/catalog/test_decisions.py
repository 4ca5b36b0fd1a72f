"""Decisions in the catalog (`index/catalog/decisions.py`): stored with their version, found
stale by extractor, swapped, relabelled, listed newest first."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
from protokoll.index.catalog import Catalog, DecisionRow
from protokoll.ingest.records import EXAMPLE_DECISION, EXAMPLE_PROTOCOL, Decision

P, D = EXAMPLE_PROTOCOL, EXAMPLE_DECISION


def _row(decision: Decision = D, value: float = 1.0) -> DecisionRow:
    vector = np.full(4, value, dtype=np.float32)
    return DecisionRow(decision, vector.tobytes(), json.dumps([["skola och elevhälsa", 0.8]]))


def test_decisions_follow_their_version_and_extractor(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "c.sqlite")
    older = replace(D, id="d-äldre", start=10, end=20, date=date(2023, 1, 1))
    catalog.begin_version(P, [], [], decisions=[_row(), _row(older, 2.0)], decision_run="1")
    assert catalog.active_decisions() == [] and len(catalog.stored_decisions()) == 2
    catalog.activate_version(P.id, P.version)
    assert [r.decision.id for r in catalog.active_decisions()] == [D.id, "d-äldre"]
    assert catalog.active_decisions()[0].decision == D
    embeddings = catalog.decision_embeddings(P.id, P.version)
    assert [np.frombuffer(e, dtype=np.float32)[0] for e in embeddings] == [1.0, 2.0]

    assert catalog.stale_decision_runs("1") == []
    assert catalog.stale_decision_runs("2") == [(P.id, P.version)]
    catalog.replace_decisions(P, [_row()], "2")
    assert catalog.stale_decision_runs("2") == []
    assert [r.decision.id for r in catalog.stored_decisions()] == [D.id]


def test_relabelling_sets_themes_and_their_taxonomy_together(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "c.sqlite")
    catalog.begin_version(P, [], [], decisions=[_row()], decision_run="1")
    catalog.set_decision_themes([("[]", D.id)], {"decision_taxonomy": "abc"})
    assert catalog.stored_decisions()[0].themes == "[]"
    assert catalog.get_meta("decision_taxonomy") == "abc"
