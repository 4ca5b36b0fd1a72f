"""The installed `protokoll` command, run as a user runs it, with no network reachable."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs the installed command in subprocesses

CLI = Path(sys.executable).with_name("protokoll")
# Any attempt to reach the network through a proxy-aware client fails fast and loudly.
NO_NET = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
          "ALL_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}  # fmt: skip


def run(data: Path, *args: str, input_text: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    env.update(NO_NET)
    return subprocess.run(
        [str(CLI), "--data", str(data), *args],
        capture_output=True, text=True, env=env, timeout=600, input=input_text,
    )  # fmt: skip


@pytest.fixture(scope="module")
def cli_data(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> Path:
    if not CLI.exists():
        pytest.skip(f"{CLI} is not installed")
    data = tmp_path_factory.mktemp("cli")
    p = run(data, "ingest", str(seeds))
    assert p.returncode == 0, p.stderr
    assert "Tillagda: 2" in p.stdout
    return data


def test_help_lists_every_command() -> None:
    out = subprocess.run([str(CLI), "--help"], capture_output=True, text=True).stdout
    for cmd in ("ingest", "search", "list", "show", "delete", "stats", "eval", "prepare"):
        assert cmd in out


def test_search_json_offline_cites_item_7(cli_data: Path) -> None:
    p = run(cli_data, "search", "vem ersatte Karin Torstensson?", "--json")
    assert p.returncode == 0, p.stderr
    top = json.loads(p.stdout)["results"][0]
    assert "Karin Jilkén" in top["text"] and top["section"]["number"] == "7"


def test_batch_search_answers_each_line_with_its_id(cli_data: Path, tmp_path: Path) -> None:
    f = tmp_path / "q.jsonl"
    lines_in = [
        '{"id": "a", "query": "vem ersatte Karin Torstensson?"}',
        '{"id": 2, "query": "presidiekonferens deltagare"}',
        "not json",
    ]
    f.write_text("\n".join(lines_in) + "\n", encoding="utf-8")
    p = run(cli_data, "search", "--queries", str(f), "--json")
    lines = [json.loads(x) for x in p.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["a", 2, None]
    assert "Karin Jilkén" in lines[0]["results"][0]["text"]
    assert lines[2]["error"]["code"] == "invalid_input"
    assert p.returncode == 1


def test_reingest_reports_unchanged(cli_data: Path, seeds: Path) -> None:
    p = run(cli_data, "ingest", str(seeds), "--json")
    report = json.loads(p.stdout)
    assert report["added"] == [] and len(report["unchanged"]) == 2


def test_bad_input_exits_nonzero_naming_files(tmp_path: Path, seeds: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(next(seeds.glob("000_*")), src / "ok.txt")
    (src / "tom.txt").write_bytes(b"")
    (src / "konstig.xyz").write_text("hej")
    p = run(tmp_path / "d", "ingest", str(src))
    assert p.returncode == 1
    assert "tom.txt" in p.stderr and "konstig.xyz" in p.stderr


def test_invalid_date_is_a_usage_error(cli_data: Path) -> None:
    p = run(cli_data, "search", "x", "--from", "2023-13-45")
    assert p.returncode == 2 and "ogiltigt datum" in p.stderr


def test_show_and_list_and_delete(cli_data: Path, tmp_path: Path, seeds: Path) -> None:
    listed = json.loads(run(cli_data, "list", "--json").stdout)["protocols"]
    assert {p["date"] for p in listed} == {"2023-09-29", "2023-10-13"}
    shown = json.loads(run(cli_data, "show", listed[0]["id"], "--json").stdout)
    assert shown["sections"] and shown["text"]
    assert run(cli_data, "show", "finns-inte", "--json").returncode == 1
