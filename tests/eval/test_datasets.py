"""Integrity of the evaluation datasets, the BEIR loader, and where `protokoll eval` reads in."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from protokoll.eval.datasets import (
    Question,
    Span,
    SpanDataset,
    is_beir,
    load_beir_dataset,
    load_span_dataset,
    span_problems,
)
from protokoll.eval.runner import evaluate_beir
from protokoll.service.facade import Protokollsok

from ..conftest import CORPUS, ROOT, require_corpus

CORPUS_SET = ROOT / "eval" / "datasets" / "corpus"
REQUIRED = {"person", "date", "number", "decision", "theme", "reworded", "no_diacritics", "typo",
            "unanswerable"}  # fmt: skip
# The sets written after archive-tuning, tagged as it is. archive-test and the fresh test halves
# are frozen (their SHA-256 is in a commit message), so they are not checked here.
LATER = ["archive-validation", *(f"fresh{n}-tuning" for n in ("", *range(2, 26)))]


def test_corpus_dev_set_has_100_tagged_questions_covering_every_category() -> None:
    ds = load_span_dataset(CORPUS_SET, CORPUS)
    assert len(ds.questions) >= 100
    assert len({q.id for q in ds.questions}) == len(ds.questions)
    counts = {c: sum(c in q.categories for q in ds.questions) for c in REQUIRED}
    assert all(n >= 5 for n in counts.values()), counts
    for q in ds.questions:
        assert q.categories and q.categories[0] == q.kind, q.id
        assert bool(q.relevant) == ("unanswerable" not in q.categories), q.id
    # the whole shared corpus is the retrieval corpus, and each part has questions
    assert [p.name for p in ds.corpus] == [
        "seeds", "municipal-pdf", "riksbank-pdf", "riksdagen-betankanden"]  # fmt: skip
    sources = {s.source for q in ds.questions for s in q.relevant}
    for folder in ds.corpus:
        if folder.exists():
            assert sources & {p.name for p in folder.iterdir()}, folder.name


def test_no_diacritics_questions_really_lack_them() -> None:
    ds = load_span_dataset(CORPUS_SET, CORPUS)
    for q in ds.questions:
        if "no_diacritics" in q.categories:
            assert not set("åäöÅÄÖ") & set(q.query), q.id


@pytest.mark.slow
def test_corpus_dev_set_spans_lie_inside_one_chunk_of_the_readers_text(
    pytestconfig: pytest.Config,
) -> None:
    # The text ingest indexes: the garbled Nykarleby pages are OCR'd (88 pages, ~4 minutes
    # cold), so the OCR text is kept in pytest's cache (.pytest_cache/d/ocr).
    require_corpus(CORPUS / "riksbank-pdf")
    require_corpus(CORPUS / "riksdagen-betankanden")
    cache = pytestconfig.cache.mkdir("ocr") if pytestconfig.cache else None
    ds = load_span_dataset(CORPUS_SET, CORPUS)
    tuning = load_span_dataset(ROOT / "eval" / "datasets" / "archive-tuning", CORPUS)
    later = [load_span_dataset(ROOT / "eval" / "datasets" / name, CORPUS) for name in LATER]
    # A span copied from the garbled text layer, which ingest no longer indexes, is a problem.
    source = "stadsstyrelsen_foredragningslista_26_09_2022_16_30_140208.pdf"
    garbled = Question("x1", "q", (Span(source, "Mttitnen överförs till tekniska nämnden"),),
                       None, "decision")  # fmt: skip
    both = SpanDataset(
        "all", ds.corpus,
        ds.questions + tuning.questions + sum((x.questions for x in later), ()) + (garbled,),
    )  # fmt: skip
    assert span_problems(both, cache) == [
        f"x1: textstället finns inte i {source}: {garbled.relevant[0].span!r}"
    ]
    assert tuning.corpus == ds.corpus


@pytest.mark.parametrize("name", LATER)
def test_later_question_sets_are_tagged_as_the_archive_sets_are(name: str) -> None:
    ds = load_span_dataset(ROOT / "eval" / "datasets" / name, CORPUS)
    if name == "archive-validation":
        assert len(ds.questions) == 100
    else:  # five questions for each document of the half, and four it cannot answer
        unanswerable = sum(q.kind == "unanswerable" for q in ds.questions)
        assert unanswerable == 4 and (len(ds.questions) - unanswerable) % 5 == 0
    assert len({q.id for q in ds.questions}) == len(ds.questions)
    kinds = {q.kind for q in ds.questions}
    assert kinds == {"person", "place", "date", "number", "money", "decision", "next_step",
                     "said", "synonym", "unanswerable"}  # fmt: skip
    for q in ds.questions:
        assert q.categories and q.categories[0] == q.kind, q.id
        assert bool(q.relevant) == (q.kind != "unanswerable"), q.id
        if "no_diacritics" in q.categories:
            assert not set("åäöÅÄÖ") & set(q.query), q.id


def test_seed_set_spans_lie_inside_one_chunk_too() -> None:
    require_corpus()
    assert span_problems(load_span_dataset(ROOT / "eval" / "datasets" / "seeds", CORPUS)) == []


def _write_beir(folder: Path, qrels: dict[str, str], queries: list[dict[str, object]]) -> Path:
    folder.mkdir()
    passages = [
        {"_id": "p1", "title": "Visum", "text": "Visum\r\nEtt visum är ett tillstånd."},
        {"_id": "p2", "title": "", "text": "Bygglov krävs för större hus."},
        {"_id": "p3", "title": "Moms", "text": "Momsen på böcker är sex procent."},
    ]
    (folder / "corpus.jsonl").write_text(
        "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in passages), encoding="utf-8"
    )
    (folder / "queries.jsonl").write_text(
        "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in queries), encoding="utf-8"
    )
    for name, text in qrels.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_beir_loader_takes_the_split_from_the_query_or_from_the_qrels_file(
    tmp_path: Path,
) -> None:
    one = _write_beir(
        tmp_path / "one",
        {"qrels.tsv": "query-id\tcorpus-id\tscore\ntr-0\tp1\t1\ndev-0\tp3\t1\ndev-0\tp2\t0\n"},
        [
            {"_id": "tr-0", "text": "Vad är ett visum?", "split": "training"},
            {"_id": "dev-0", "text": "Vad kostar moms?", "split": "dev"},
            {"_id": "x", "text": "utan bedömning"},
        ],  # fmt: skip
    )
    ds = load_beir_dataset(one)
    assert is_beir(one) and ds.splits == ["dev", "training"]
    assert [p.id for p in ds.passages] == ["p1", "p2", "p3"]
    (dev,) = ds.split("dev")
    assert dev.relevant == {"p3": 1}  # grade 0 is not relevant; unjudged queries are dropped
    two = _write_beir(
        tmp_path / "two",
        {
            "qrels/test.tsv": "query-id\tcorpus-id\tscore\nq1\tp2\t2\n",
            "qrels/dev.tsv": "query-id\tcorpus-id\tscore\nq2\tp1\t1\nq2\tp3\t1\n",
        },  # fmt: skip
        [{"_id": "q1", "text": "bygglov?"}, {"_id": "q2", "text": "visum och moms"}],
    )
    ds = load_beir_dataset(two)
    assert ds.splits == ["dev", "test"]
    assert ds.split("dev")[0].relevant == {"p1": 1, "p3": 1}
    assert ds.split("test")[0].relevant == {"p2": 2}


def test_beir_loader_names_the_file_and_line_of_a_bad_row(tmp_path: Path) -> None:
    folder = _write_beir(tmp_path / "bad", {"qrels.tsv": "q1\tp1\tx\n"}, [{"_id": "q1"}])
    with pytest.raises(ValueError, match=r"qrels.tsv:1"):
        load_beir_dataset(folder)
    (folder / "qrels.tsv").write_text("q1\tp9\t1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"queries.jsonl:1: fältet 'text'"):
        load_beir_dataset(folder)
    (folder / "queries.jsonl").write_text('{"_id": "q1", "text": "t"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="okänt stycke p9"):
        load_beir_dataset(folder)


def test_swequad_mc_loads_with_its_dev_and_training_splits() -> None:
    folder = require_corpus(CORPUS / "qa" / "swequad_mc")
    ds = load_beir_dataset(folder)
    assert len(ds.passages) == 543
    assert (len(ds.split("dev")), len(ds.split("training"))) == (126, 962)


def test_eval_existing_refuses_a_data_folder_without_the_corpus(tmp_path: Path) -> None:
    require_corpus()
    cli = Path(sys.executable).parent / "protokoll"
    run = subprocess.run(
        [str(cli), "--data", str(tmp_path / "data"), "eval", "retrieval", "--existing",
         "--dataset", str(CORPUS_SET), "--corpus-root", str(CORPUS)],  # fmt: skip
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 1
    assert "saknar" in run.stderr and "--existing" in run.stderr


def test_beir_passages_are_ranked_through_our_own_index(
    fresh_app: Protokollsok, tmp_path: Path
) -> None:
    folder = _write_beir(
        tmp_path / "tiny",
        {"qrels/dev.tsv": "q1\tp3\t1\nq2\tp2\t1\n"},
        [
            {"_id": "q1", "text": "vad är momsen på böcker?"},
            {"_id": "q2", "text": "måste man ha lov för att bygga ett stort hus?"},
        ],  # fmt: skip
    )
    result = evaluate_beir(fresh_app, folder, ["dev"], ["dense", "lexical", "hybrid@0.5"])
    assert result["indexed"] == {"passages": 3, "chunks": 3}
    dev = result["splits"]["dev"]
    assert dev["modes"]["dense"]["R@1"] == 1.0
    assert dev["modes"]["hybrid@0.5"]["R@1"] == 1.0
    rows = [r for r in dev["per_question"] if r["mode"] == "dense"]
    assert [r["top"][0] for r in rows] == ["p3", "p2"]
    assert fresh_app.stats()["chunks"] == 0  # the passages never touch the user's data folder


def test_beir_passages_stay_in_the_data_folder_when_asked(
    fresh_app: Protokollsok, tmp_path: Path
) -> None:
    # `protokoll --data DIR eval retrieval --dataset BEIR` keeps its index, so that the
    # selector's examples can be gathered from it; a second run adds nothing.
    folder = _write_beir(
        tmp_path / "kept", {"qrels/dev.tsv": "q1\tp3\t1\n"},
        [{"_id": "q1", "text": "vad är momsen på böcker?"}],
    )  # fmt: skip
    first = evaluate_beir(fresh_app, folder, ["dev"], ["dense"], keep=True)
    assert fresh_app.stats()["chunks"] == 3
    again = evaluate_beir(fresh_app, folder, ["dev"], ["dense"], keep=True)
    assert fresh_app.stats()["chunks"] == 3
    assert again["splits"]["dev"]["modes"] == first["splits"]["dev"]["modes"]


@pytest.mark.slow
def test_eval_without_data_folder_leaves_the_users_index_alone(tmp_path: Path) -> None:
    """Without --data or --existing, the evaluation's corpus goes to a temporary folder."""
    ds = tmp_path / "ds"
    ds.mkdir()
    (ds / "dataset.json").write_text(
        json.dumps({"name": "liten", "corpus": ["repo:examples/protocols"]}), encoding="utf-8"
    )
    question = {"id": "q1", "query": "vem ersatte Göran Åberg?", "answer": "Sofie Lundh",
                "relevant": [{"source": "exempel_c.txt", "span": "Sofie Lundh"}]}  # fmt: skip
    (ds / "questions.jsonl").write_text(json.dumps(question, ensure_ascii=False), "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PROTOKOLL_DATA"}
    cli = Path(sys.executable).parent / "protokoll"
    run = subprocess.run(
        [str(cli), "eval", "retrieval", "--mode", "lexical", "--dataset", str(ds), "--json"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "tillfällig mapp" in run.stderr
    assert json.loads(run.stdout)["modes"]["lexical"]["R@5"] == 1.0
    assert not (tmp_path / "data").exists()  # the default data folder was never created
