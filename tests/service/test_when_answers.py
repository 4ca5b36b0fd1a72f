"""A "när" question answered by a sentence that names only a year takes the sentence after it
when that one holds the day (issue 13: the answer shows its neighbour sentence when that
carries the asked-for part)."""

from __future__ import annotations

from pathlib import Path

from protokoll.service.facade import Protokollsok

from tests.conftest import index_beside_examples

REPORT = """Betänkande 2018/19:FiU99 Finansiell stabilitet och makrotillsyn

Finansutskottet

Datum: 2019-04-02

Utskottets överväganden

Makrotillsynens verktyg

Regeringen gav i regleringsbrevet för 2018 Finansinspektionen i uppdrag att utvärdera \
verktygen för makrotillsyn och att föreslå metoder för att identifiera risker. Uppdraget ska \
slutredovisas senast den 14 juni 2019. Utskottet välkomnar att verktygen utvärderas.
"""


def test_a_when_answer_with_only_a_year_takes_the_next_sentence_with_the_day(
    fresh_app: Protokollsok, tmp_path: Path
) -> None:
    index_beside_examples(fresh_app, tmp_path, "fiu99.txt", REPORT)
    r = fresh_app.ask("När ska uppdraget att utvärdera verktygen för makrotillsyn redovisas?")
    assert r["answerable"]
    assert "verktygen för makrotillsyn" in r["answer"] and "14 juni 2019" in r["answer"]
    quoted = r["citations"][0]["quote"]
    assert "14 juni 2019" in quoted and "välkomnar" not in quoted
