"""The generated reference pages: `docs/cli.md` from the real parser, `docs/settings.md` from the
settings model.

    python -m protokoll.service.reference            writes both files
    python -m protokoll.service.reference --check    exits 1 naming each file that is stale

The CLI page is every command's `--help`, taken from `service.cli.build_parser()` with the
commands plugins register through the `protokoll.commands` entry point (`eval`, `bench`), so it
lists exactly what an installed `protokoll` accepts. The settings page is one row per field of
`Settings` (`documented_settings()`). A test (tests/service/test_reference.py) fails when either
file differs from what this module writes.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path
from typing import cast

from protokoll.service.cli import build_parser
from protokoll.service.settings import Settings, documented_settings

# The repository's docs folder (an editable install runs from the repository).
DOCS = Path(__file__).resolve().parents[1] / "docs"
REGENERATE = "python -m protokoll.service.reference"
# Help is wrapped at a fixed width, so the page does not depend on the terminal it is made in.
WIDTH = 100

_GENERATED = (
    f"<!-- Genererad av `{REGENERATE}` ur {{source}}. Ändra inte för hand: "
    "ändra koden och generera om. -->"
)


def _help(parser: argparse.ArgumentParser) -> str:
    """The parser's `--help`, wrapped at `WIDTH` columns whatever the terminal."""
    kind = parser.formatter_class
    parser.formatter_class = functools.partial(
        cast(type[argparse.HelpFormatter], kind), width=WIDTH
    )
    try:
        return parser.format_help().rstrip()
    finally:
        parser.formatter_class = kind


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _is_plugin(sub: argparse.ArgumentParser) -> bool:
    """Whether a command comes from the `protokoll.commands` entry point, not from the product."""
    run = sub.get_default("run")
    return not getattr(run, "__module__", "").startswith("protokoll.service.")


def cli_reference() -> str:
    parser = build_parser()
    commands = _subcommands(parser)
    lines = [
        _GENERATED.format(source="kommandoradens parser (service/cli/parser.py)"),
        "",
        "# Kommandoraden: `protokoll`",
        "",
        "Varje kommandos `--help`, ordagrant. Kommandon märkta *(tillägg)* kommer från "
        "utvärderingspaketet genom entry point-gruppen `protokoll.commands`. Inställningarna "
        "står i [settings.md](settings.md), exit-status och felens form i "
        "[operations.md](operations.md#exit-status-och-fel).",
        "",
        "| kommando | vad |",
        "|---|---|",
    ]
    helps = {
        a.dest: a.help or ""
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for a in action._choices_actions
    }
    for name, sub in commands.items():
        mark = " *(tillägg)*" if _is_plugin(sub) else ""
        lines.append(f"| [`{name}`](#protokoll-{name}){mark} | {helps.get(name, '')} |")
    lines += ["", "## `protokoll`", "", "```", _help(parser), "```"]
    for name, sub in commands.items():
        lines += ["", f"## `protokoll {name}`", ""]
        if _is_plugin(sub):
            lines += ["*(tillägg: `protokoll.commands`)*", ""]
        lines += ["```", _help(sub), "```"]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _aliases(name: str) -> list[str]:
    """Other environment variables a setting is read from (its validation aliases)."""
    field = Settings.model_fields[name]
    alias = field.validation_alias
    choices = getattr(alias, "choices", None) or ([alias] if isinstance(alias, str) else [])
    own = f"PROTOKOLL_{name.upper()}"
    return [c for c in choices if isinstance(c, str) and c.isupper() and c != own]


def settings_reference() -> str:
    lines = [
        _GENERATED.format(source="inställningsmodellen (service/settings.py)"),
        "",
        "# Inställningar",
        "",
        "Alla inställningar läses från miljövariabler `PROTOKOLL_*` eller från en `.env`-fil i "
        "katalogen där kommandot körs. `protokoll settings` visar de värden som gäller just nu. "
        "`--data DIR` på kommandoraden går före `PROTOKOLL_DATA`.",
        "",
        "| variabel | standard | betydelse |",
        "|---|---|---|",
    ]
    for (env, default, description), name in zip(
        documented_settings(), Settings.model_fields, strict=True
    ):
        shown = f"`{default}`" if default not in ("", "None") else "(tom)"
        if default.startswith("("):
            shown = default
        text = description
        aliases = _aliases(name)
        if aliases:
            text += " Läses också från " + ", ".join(f"`{a}`" for a in aliases) + "."
        lines.append(f"| `{env}` | {_cell(shown)} | {_cell(text)} |")
    lines += [
        "",
        "Användarens cachemapp är `$XDG_CACHE_HOME/protokoll`, eller `~/.cache/protokoll` när "
        "`XDG_CACHE_HOME` inte är satt. Byter du `PROTOKOLL_MODEL` behöver du en ny datamapp: ett "
        "index som byggts med en annan modell vägras (exit-status 3).",
    ]
    return "\n".join(lines) + "\n"


def pages(docs: Path = DOCS) -> dict[Path, str]:
    """Each generated file and the text it should hold."""
    return {docs / "cli.md": cli_reference(), docs / "settings.md": settings_reference()}


def stale(docs: Path = DOCS) -> list[Path]:
    """The generated files that are missing or differ from what this module writes."""
    return [
        path
        for path, text in pages(docs).items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m protokoll.service.reference",
        description="Skriver docs/cli.md och docs/settings.md ur parsern och inställningarna.",
    )
    ap.add_argument(
        "--check", action="store_true", help="skriv inget; exit 1 om någon fil är inaktuell"
    )
    ap.add_argument("--docs", type=Path, default=DOCS, help="mappen med sidorna (standard docs/)")
    args = ap.parse_args(argv)
    if args.check:
        old = stale(args.docs)
        for path in old:
            sys.stderr.write(f"{path} är inaktuell: kör '{REGENERATE}'\n")
        return 1 if old else 0
    for path, text in pages(args.docs).items():
        path.write_text(text, encoding="utf-8")
        sys.stdout.write(f"skrev {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
