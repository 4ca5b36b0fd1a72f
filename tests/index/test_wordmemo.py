"""The analyzer's word memo (`index/wordmemo.py`): what an ingest analysed is there for the next
process, an index without it gets it from its chunks, and a memo of another analyzer version is
never used."""

from __future__ import annotations

import json
from pathlib import Path

from protokoll.index.analysis import Analyzer
from protokoll.index.embedding import Embedder
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

from tests.conftest import EXAMPLES

FIRST = sorted(EXAMPLES.glob("*"))[0]


def _memo(data: Path) -> dict[str, list[str]]:
    words: dict[str, list[str]] = json.loads((data / "derived" / "words.json").read_text())["words"]
    return words


def test_an_ingest_leaves_the_analysis_of_its_words_to_the_next_process(
    tmp_path: Path, embedder: Embedder
) -> None:
    settings = Settings(data=tmp_path / "d")
    with Protokollsok(settings, embedder=embedder) as app:
        app.ingest([FIRST])
        text = app.index.chunks_of(app.index.protocols()[0].id)[0].text
    words = _memo(settings.data)
    fresh = Analyzer()
    sample = [w for w, _, _ in fresh.words(text)]
    assert sample and all(list(fresh.word_terms(w)) == words[w] for w in sample)

    with Protokollsok(settings, embedder=embedder) as app:
        app.index.remember_words()
        assert all(w in app.index.analyzer.memo() for w in sample)


def test_an_index_without_a_memo_gets_it_from_its_chunks_and_another_version_is_ignored(
    tmp_path: Path, embedder: Embedder
) -> None:
    settings = Settings(data=tmp_path / "d")
    memo = settings.data / "derived" / "words.json"
    with Protokollsok(settings, embedder=embedder) as app:
        app.ingest([FIRST])
    made = _memo(settings.data)
    memo.unlink()
    with Protokollsok(settings, embedder=embedder) as app:
        app.index.remember_words()
    remade = _memo(settings.data)
    # The ingest also analysed headers and facts; the chunks' own words are all there again.
    assert len(remade) > 0.9 * len(made) and all(made[w] == t for w, t in remade.items())

    memo.write_text(json.dumps({"key": "sv-0:sv", "words": {"beslut": ["fel"]}}))
    with Protokollsok(settings, embedder=embedder) as app:
        app.index.remember_words()  # not this version's: made again from the chunks
        assert app.index.analyzer.memo()["beslut"] != ("fel",)
    assert _memo(settings.data)["beslut"] == made["beslut"]
