"""Decisions (`index/decisions.py`): stored with their protocol version, searched by theme,
filtered, counted, re-extracted when the extractor changes."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import pytest
from protokoll.ingest.chunking import chunk_protocol
from protokoll.ingest.extract import DECISIONS_VERSION, extract_decisions
from protokoll.service.cli.commands import decisions as _cmd_decisions
from protokoll.service.facade import InvalidInput, Protokollsok

from tests.conftest import EXAMPLES


def texts(result: dict) -> list[str]:
    return [d["text"] for d in result["decisions"]]


# -- acceptance over the seeds ----------------------------------------------------------------
def test_elevhalsa_finds_the_pilot_with_a_samordnare_first(seed_app: Protokollsok) -> None:
    r = seed_app.decisions(theme="elevhälsa")
    first = r["decisions"][0]
    assert "samordnare för elevhälsa" in first["text"]
    assert first["protocol"]["date"] == "2023-09-29"
    assert first["section"] == {"number": "9", "title": "Tillägg i protokoll"}
    assert "skola och elevhälsa" in [t["label"] for t in first["themes"]]
    assert "skola och elevhälsa" in r["matched_themes"]
    text = seed_app.protocol(first["protocol"]["id"])["text"]
    assert text[first["start"] : first["end"]] == first["text"]
    assert first["citation"].startswith("Protokoll Läns-gemensam ledning 2023-09-29, punkt 9")


def test_meeting_planning_finds_the_arshjul_decision(seed_app: Protokollsok) -> None:
    top3 = texts(seed_app.decisions(theme="mötesplanering", k=3))
    assert any("årshjul" in t for t in top3)


@pytest.mark.parametrize("theme", ["ledamöter", "personalförändring"])
def test_member_change_themes_find_the_jilken_decision(seed_app: Protokollsok, theme: str) -> None:
    assert "Karin Jilkén" in texts(seed_app.decisions(theme=theme, k=3))[0]


def test_listing_without_a_theme_is_newest_first_and_skips_the_presidiekonferens(
    app: Protokollsok,
) -> None:
    r = app.decisions(k=100)
    dates = [d["protocol"]["date"] for d in r["decisions"]]
    assert dates == sorted(dates, reverse=True)
    assert "2023-10-13" not in dates and "2024-10-04" not in dates  # the two presidiekonferenser
    assert r["total"] == len(r["decisions"]) == 33
    assert all(d["score"] is None for d in r["decisions"])


def test_a_theme_with_no_decision_about_it_returns_nothing(seed_app: Protokollsok) -> None:
    assert seed_app.decisions(theme="reporänta")["decisions"] == []


# -- filters and facets -----------------------------------------------------------------------
def test_outcome_filter(app: Protokollsok) -> None:
    r = app.decisions(outcome="avslag", k=50)
    assert {(d["protocol"]["date"], d["section"]["number"]) for d in r["decisions"]} == {
        ("2024-05-02", "116"),
        ("2024-06-06", "60"),
    }
    assert {d["outcome"] for d in app.decisions(outcome="handlingarna", k=50)["decisions"]} == {
        "lagt till handlingarna"
    }
    with pytest.raises(InvalidInput):
        app.decisions(outcome="kanske")


def test_body_and_date_filters(app: Protokollsok) -> None:
    bygg = app.decisions(body="MILJO- OCH BYGG", k=50)["decisions"]
    assert bygg and {d["protocol"]["body"] for d in bygg} == {
        "Miljö- och byggnämnden, Granlunda kommun"
    }
    march = app.decisions(date_from=date(2024, 3, 1), date_to=date(2024, 3, 31), k=50)
    assert {d["protocol"]["date"] for d in march["decisions"]} == {"2024-03-14"}
    assert app.decisions(theme="bygglov", body="barn- och utbildning")["decisions"] == []
    with pytest.raises(InvalidInput):
        app.decisions(date_from=date(2024, 5, 1), date_to=date(2024, 1, 1))


def test_theme_label_filter_and_facets_count_the_result_set(app: Protokollsok) -> None:
    r = app.decisions(label="bygg och planering", k=50, facets=True)
    assert r["decisions"]
    assert all("bygg och planering" in [t["label"] for t in d["themes"]] for d in r["decisions"])
    assert any("bygglov" in d["text"] for d in r["decisions"])
    facets = r["facets"]
    assert facets["themes"]["bygg och planering"] == r["total"]
    assert sum(facets["bodies"].values()) == r["total"] == sum(facets["years"].values())
    everything = app.decisions(k=100, facets=True)["facets"]
    assert everything["years"] == {"2024": 29, "2023": 4}
    assert app.decisions()["facets"] is None


def test_theme_search_ranks_by_meaning_within_filters(app: Protokollsok) -> None:
    r = app.decisions(theme="trafiksäkerhet", date_from=date(2024, 6, 1))
    assert r["decisions"] and "30 km/h" in r["decisions"][0]["text"]
    assert all(d["protocol"]["date"] >= "2024-06-01" for d in r["decisions"])
    scores = [d["score"] for d in r["decisions"]]
    assert scores == sorted(scores, reverse=True)


def test_every_listed_decision_cites_its_protocol_text(app: Protokollsok) -> None:
    for d in app.decisions(k=100)["decisions"]:
        text = app.protocol(d["protocol"]["id"])["text"]
        assert text[d["start"] : d["end"]] == d["text"]
        assert d["url"] == f"/protokoll/{d['protocol']['id']}?start={d['start']}&end={d['end']}"


def test_cli_prints_decisions_in_swedish_with_citations(
    app: Protokollsok, capsys: pytest.CaptureFixture[str]
) -> None:
    args = argparse.Namespace(
        theme="elevhälsa", date_from=None, date_to=None, body=None, outcome=None, label=None,
        k=3, facets=True, json=False,
    )  # fmt: skip
    assert _cmd_decisions(app, args) == 0
    out = capsys.readouterr().out
    assert out.startswith('Beslut om "elevhälsa"')
    assert "källa: Protokoll Läns-gemensam ledning 2023-09-29, punkt 9 Tillägg i protokoll" in out
    assert "Teman:" in out and "År:" in out


# -- decisions follow their protocol ----------------------------------------------------------
def test_decisions_follow_corrections_and_deletion(
    fresh_app: Protokollsok, seed_copy: Path
) -> None:
    fresh_app.ingest([seed_copy])
    assert any("Karin Jilkén" in t for t in texts(fresh_app.decisions(k=50)))
    f = next(seed_copy.glob("000_*"))
    f.write_text(
        f.read_text(encoding="utf-8").replace("Karin Jilkén", "Birgitta Exempelsson"),
        encoding="utf-8",
    )
    fresh_app.ingest([seed_copy])
    listed = texts(fresh_app.decisions(k=50))
    assert len(listed) == 4
    assert not any("Karin Jilkén" in t for t in listed)
    assert any("Birgitta Exempelsson" in t for t in listed)
    catalog = fresh_app.index.catalog
    assert catalog.row_counts()["decisions"] == 4
    pid = fresh_app.decisions(k=1)["decisions"][0]["protocol"]["id"]
    fresh_app.delete(pid)
    assert fresh_app.decisions(k=50)["decisions"] == []
    assert catalog.row_counts()["decisions"] == 0
    assert catalog.row_counts()["decision_runs"] == 1  # the presidium


def test_a_pending_version_shows_no_decisions_and_reconcile_drops_them(
    fresh_app: Protokollsok, seed_copy: Path
) -> None:
    f = next(seed_copy.glob("000_*"))
    p = fresh_app.read_protocol(f)
    index = fresh_app.index
    chunks = chunk_protocol(p)
    rows = index.decisions.prepare(p)
    index.catalog.begin_version(p, chunks, ["x"] * len(chunks), rows, DECISIONS_VERSION)
    assert fresh_app.decisions(k=50)["decisions"] == []
    index.reconcile()
    assert index.catalog.row_counts()["decisions"] == 0


def test_an_index_from_an_older_extractor_is_re_extracted_on_use(
    fresh_app: Protokollsok, seed_copy: Path
) -> None:
    fresh_app.ingest([seed_copy])
    catalog = fresh_app.index.catalog
    # What an index written by an older extractor looks like: no decisions found, an older mark.
    for summary in fresh_app.index.protocols():
        p = fresh_app.index.protocol(summary.id)
        assert p is not None
        catalog.replace_decisions(p, [], extractor="0")
    assert len(catalog.stale_decision_runs(DECISIONS_VERSION)) == 2
    assert len(fresh_app.decisions(k=50)["decisions"]) == 4
    assert catalog.stale_decision_runs(DECISIONS_VERSION) == []


def test_extraction_at_ingest_matches_the_extractor(app: Protokollsok) -> None:
    for name in ("exempel_a.txt", "exempel_d.txt"):
        p = app.read_protocol(EXAMPLES / name)
        stored = [d for d in app.decisions(k=100)["decisions"] if d["protocol"]["id"] == p.id]
        assert sorted(d["id"] for d in stored) == sorted(d.id for d in extract_decisions(p))


def test_warming_reads_the_decisions_before_the_first_search(
    app: Protokollsok, monkeypatch: pytest.MonkeyPatch
) -> None:
    decisions = app.index.decisions
    monkeypatch.setattr(decisions, "_cache", None)
    warmed = decisions.warm()

    def unread(*_: object) -> None:
        raise AssertionError("the decisions were read again after warming")

    monkeypatch.setattr(app.index.catalog, "active_decisions", unread)
    assert app.decisions(theme="elevhälsa")["decisions"]
    assert app.decisions(k=1)["total"] == warmed > 0
