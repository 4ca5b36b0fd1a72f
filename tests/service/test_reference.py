"""docs/cli.md and docs/settings.md are generated (service/reference.py) and must match the code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from protokoll.service import reference
from protokoll.service.cli import build_parser
from protokoll.service.settings import documented_settings

STALE = "{name} stämmer inte med koden. Generera om: python -m protokoll.service.reference"


@pytest.mark.parametrize(
    ("name", "make"),
    [("cli.md", reference.cli_reference), ("settings.md", reference.settings_reference)],
)
def test_generated_page_is_current(name: str, make: Callable[[], str]) -> None:
    path = reference.DOCS / name
    assert path.exists(), STALE.format(name=f"docs/{name} saknas och")
    assert path.read_text(encoding="utf-8") == make(), STALE.format(name=f"docs/{name}")


def test_every_command_is_in_the_cli_reference_with_its_help() -> None:
    text = reference.cli_reference()
    names = reference._subcommands(build_parser())
    # The evaluation's commands come from the entry point; the page must show them too.
    assert {"ingest", "search", "ask", "decisions", "serve", "eval", "bench"} <= set(names)
    for name in names:
        assert f"## `protokoll {name}`" in text
        assert f"usage: protokoll {name}" in text
    assert "(tillägg: `protokoll.commands`)" in text


def test_every_setting_is_in_the_settings_reference() -> None:
    text = reference.settings_reference()
    missing = [env for env, _, _ in documented_settings() if f"| `{env}` |" not in text]
    assert missing == []


def test_the_help_does_not_depend_on_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    narrow = reference.cli_reference()
    monkeypatch.setenv("COLUMNS", "200")
    assert reference.cli_reference() == narrow


def test_check_names_a_stale_file_and_writing_makes_it_current(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "settings.md").write_text("gammal\n", encoding="utf-8")
    assert reference.main(["--check", "--docs", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "settings.md" in err and "cli.md" in err
    assert "python -m protokoll.service.reference" in err
    assert reference.main(["--docs", str(tmp_path)]) == 0
    assert reference.main(["--check", "--docs", str(tmp_path)]) == 0
