"""`python -m protokoll.eval.respan`: stale spans are moved onto the indexed text, whole words."""

import json
import sqlite3
from pathlib import Path

from protokoll.eval.respan import find_passage, main

TEXT = (
    "§ 3 Val\n\nFöreslås för stadsstyrelsen att Evelina Sundvik väljs till vice ordförande "
    "i ungdomsfullmäktige.\n\n§ 4 Övrigt\n\nInga övriga ärenden."
)


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    db = sqlite3.connect(data / "catalog.sqlite")
    db.execute("CREATE TABLE protocols (id, version, status, source, text)")
    db.execute("CREATE TABLE chunks (protocol_id, version, status, idx, text)")
    db.execute("INSERT INTO protocols VALUES ('p', 'v', 'active', '/x/a.pdf', ?)", (TEXT,))
    db.executemany("INSERT INTO chunks VALUES ('p', 'v', 'active', ?, ?)",
                   list(enumerate(TEXT.split("§ 4"))))  # fmt: skip
    db.commit()
    db.close()
    return data


def test_a_garbled_span_is_found_as_whole_words_of_the_indexed_text() -> None:
    new, score = find_passage("att E elina Sund ik äljs tll ice ordförande", TEXT)
    assert new == "att Evelina Sundvik väljs till vice ordförande"
    assert score > 85


def test_write_replaces_only_the_stale_spans(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "dataset.json").write_text('{"name": "set", "corpus": []}', encoding="utf-8")
    good = '{"id": "a", "relevant": [{"source": "a.pdf", "span": "Inga övriga ärenden."}]}'
    stale = {"id": "b", "relevant": [{"source": "a.pdf", "span": "Sund ik äljs tll ice"}]}
    (folder / "questions.jsonl").write_text(f"{good}\n{json.dumps(stale)}\n", encoding="utf-8")
    assert main(["--data", str(_data(tmp_path)), "--dataset", str(folder)]) == 0
    assert "Sund ik" in (folder / "questions.jsonl").read_text(encoding="utf-8")  # report only
    assert main(["--data", str(tmp_path / "data"), "--dataset", str(folder), "--write"]) == 0
    lines = (folder / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines[0] == good
    assert json.loads(lines[1])["relevant"][0]["span"] == "Sundvik väljs till vice"


def test_a_span_with_no_close_passage_is_left_and_fails(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "dataset.json").write_text('{"name": "set", "corpus": []}', encoding="utf-8")
    line = '{"id": "c", "relevant": [{"source": "a.pdf", "span": "Budgeten för 2024 antogs."}]}'
    (folder / "questions.jsonl").write_text(line + "\n", encoding="utf-8")
    assert main(["--data", str(_data(tmp_path)), "--dataset", str(folder), "--write"]) == 1
    assert (folder / "questions.jsonl").read_text(encoding="utf-8") == line + "\n"
