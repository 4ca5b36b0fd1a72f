"""Derived indexes (`index/derived.py`): the lexical index and the vector matrix are kept in
`DATA/derived/` for the next process, and a missing, damaged or outdated cache only costs a
rebuild: results are the same every way."""

from __future__ import annotations

import shutil
from pathlib import Path

from protokoll.index.embedding import Embedder
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

QUERIES = ["vem ersatte Karin Torstensson?", "samordnare för elevhälsa", "Torstenson"]


def _results(app: Protokollsok) -> list[list[tuple[str, float]]]:
    """Unfiltered and filtered searches in every mode: a filtered search scores exactly from
    the vector matrix, a hybrid one fills in the dense score of lexical-only candidates."""
    out = []
    for q in QUERIES:
        for mode in ("dense", "lexical", "hybrid"):
            for body in (None, "Läns-gemensam ledning i samverkan"):
                hits = app.search(q, k=10, mode=mode, body=body)["results"]
                out.append([(h["chunk_id"], h["score"]) for h in hits])
    return out


def test_a_new_process_reads_the_cache_and_a_damaged_or_missing_one_is_rebuilt(
    tmp_path: Path, embedder: Embedder, seed_copy: Path
) -> None:
    settings = Settings(data=tmp_path / "d")
    derived = settings.data / "derived"
    with Protokollsok(settings, embedder=embedder) as app:
        app.ingest([seed_copy])
        built = _results(app)
    assert (derived / "lexical" / "key.json").is_file()
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
    assert (derived / "vectors.npy").is_file()


def test_a_write_outdates_the_cache(tmp_path: Path, embedder: Embedder, seed_copy: Path) -> None:
    settings = Settings(data=tmp_path / "d")
    first = seed_copy / "000_416a57efa1acaea5.txt"
    with Protokollsok(settings, embedder=embedder) as app:
        app.ingest([first])
        assert app.search("presidiekonferens", k=3)["results"]
        key = (settings.data / "derived" / "lexical" / "key.json").read_text()
        assert app.search("presidiekonferens", k=3, body="samverkan")["results"] == []
    with Protokollsok(settings, embedder=embedder) as app:
        app.ingest([seed_copy])
        hits = app.search("presidiekonferens", k=3, body="samverkan")["results"]
        assert hits and hits[0]["protocol"]["body"] == "Läns-gemensam ledning i samverkan"
    assert (settings.data / "derived" / "lexical" / "key.json").read_text() != key
