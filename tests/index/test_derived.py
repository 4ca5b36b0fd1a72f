"""Derived indexes (`index/derived.py`): the lexical index and the vector matrix are kept in
`DATA/derived/` for the next process, and a missing, damaged or outdated cache only costs a
rebuild: results are the same every way."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from protokoll.index.embedding import Embedder
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

QUERIES = ["vem ersatte Karin Torstensson?", "samordnare för elevhälsa"]
SAMVERKAN = "Läns-gemensam ledning i samverkan"


def _results(app: Protokollsok) -> list[list[tuple[str, float]]]:
    """Unfiltered and filtered searches in every mode: a filtered search scores exactly from
    the vector matrix, a hybrid one fills in the dense score of lexical-only candidates."""
    out = []
    for q in QUERIES:
        for mode in ("dense", "lexical", "hybrid"):
            for body in (None, "Läns-gemensam ledning"):
                hits = app.search(q, k=10, mode=mode, body=body)["results"]
                out.append([(h["chunk_id"], h["score"]) for h in hits])
    return out


def test_the_cache_serves_the_next_process_and_a_damaged_missing_or_outdated_one_is_rebuilt(
    tmp_path: Path, embedder: Embedder, seed_copy: Path
) -> None:
    settings = Settings(data=tmp_path / "d")
    derived = settings.data / "derived"
    with Protokollsok(settings, embedder=embedder) as app:
        app.ingest([seed_copy / "000_416a57efa1acaea5.txt"])
        built = _results(app)
    key = (derived / "lexical" / "key.json").read_text(encoding="utf-8")
    assert (derived / "vectors.npy").is_file() and (derived / "vectors.json").is_file()

    with Protokollsok(settings, embedder=embedder) as app:  # from the cache
        assert _results(app) == built

    (derived / "lexical" / "key.json").write_text("{ej json", encoding="utf-8")
    (derived / "vectors.npy").write_bytes(b"trasig")
    with Protokollsok(settings, embedder=embedder) as app:
        assert _results(app) == built

    shutil.rmtree(derived)
    with Protokollsok(settings, embedder=embedder) as app:
        assert _results(app) == built
        october = date(2023, 10, 1)
        assert app.search("presidiekonferens", k=3, date_from=october)["results"] == []
        app.ingest([seed_copy])  # a write outdates the cache of this process and the next
        hits = app.search("presidiekonferens", k=3, date_from=october)["results"]
        assert hits and hits[0]["protocol"]["body"] == SAMVERKAN
    assert (derived / "lexical" / "key.json").read_text(encoding="utf-8") != key
    with Protokollsok(settings, embedder=embedder) as app:
        assert app.search("presidiekonferens", k=3, date_from=october)["results"] == hits
