"""The command line's arguments: the product's commands, and those that plugins register.

Each command sets `run(settings, args) -> exit status` as its parser default. Plugins (the
evaluation's `eval` and `bench`) are found through the `protokoll.commands` entry point group:
each entry is a `register(subparsers)` that adds its commands the same way.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from datetime import date
from importlib.metadata import entry_points
from pathlib import Path

from protokoll.service import limits
from protokoll.service.cli import commands

log = logging.getLogger(__name__)

PLUGIN_GROUP = "protokoll.commands"

EPILOG = """\
exempel:
  protokoll ingest examples/protocols
  protokoll search "vem ersatte Karin Torstensson?"
  protokoll search "kompetensförsörjning" --from 2023-01-01 --to 2023-12-31 --json
  protokoll search --queries frågor.jsonl --json
  protokoll list
  protokoll show ID
  protokoll delete ID

Inställningar läses från miljövariabler PROTOKOLL_* (se 'protokoll settings').
"""


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ogiltigt datum '{value}' (skriv ÅÅÅÅ-MM-DD)") from None


def _count(largest: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            k = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{value}' är inget heltal") from None
        if not 1 <= k <= largest:
            raise argparse.ArgumentTypeError(f"k måste vara mellan 1 och {largest}")
        return k

    return parse


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="protokoll",
        description="Protokollsök: semantisk sökning i svenska mötesprotokoll "
        "med källhänvisningar.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--data", type=Path, help="datamapp (annars PROTOKOLL_DATA, standard ./data)")
    p.add_argument("-v", "--verbose", action="store_true", help="visa detaljerad logg")
    sub = p.add_subparsers(dest="command", metavar="KOMMANDO", required=True)

    s = sub.add_parser("ingest", help="läs in protokollfiler eller mappar",
                       description="Läser in filer och mappar (rekursivt). Oförändrade filer "
                       "hoppas över; ändrade ersätter sin tidigare version.")  # fmt: skip
    s.add_argument("paths", nargs="+", type=Path, metavar="SÖKVÄG")
    s.add_argument("--json", action="store_true", help="skriv sammanfattningen som JSON")
    s.add_argument("--follow-links", action="store_true",
                   help="följ symboliska länkar som pekar utanför mappen (annars hoppas de "
                   "över och nämns)")  # fmt: skip
    s.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="processer som läser och tolkar filerna medan de lästa bäddas in "
                   "(annars PROTOKOLL_INGEST_JOBS; 1 = i samma process)")  # fmt: skip
    s.set_defaults(run=commands.with_facade(commands.ingest, creates=True))

    s = sub.add_parser(
        "search",
        help="sök i protokollen",
        description="Hybridsökning (semantisk + lexikal) med källhänvisningar.",
    )
    s.add_argument("query", nargs="?", metavar="FRÅGA")
    k_max = limits.SEARCH_K_MAX
    s.add_argument(
        "--k", type=_count(k_max), default=5, help=f"antal träffar (1–{k_max}, standard 5)"
    )
    _add_filters(s, "protokoll")
    s.add_argument("--mode", choices=["hybrid", "dense", "lexical"], help="sökläge")
    _add_batch(s)
    s.set_defaults(run=commands.with_facade(commands.search))

    s = sub.add_parser(
        "ask",
        help="ställ en fråga och få ett kort svar med källor",
        description="Svarar ur protokollen (utdrag, aldrig påhittat) med verifierade citat, "
        "eller säger ärligt att svaret inte finns.",
    )
    s.add_argument("query", nargs="?", metavar="FRÅGA")
    _add_batch(s)
    s.set_defaults(run=commands.with_facade(commands.ask))

    s = sub.add_parser(
        "decisions",
        help="beslut efter tema, med filter och fasetter",
        description="Beslut ur de inlästa protokollen. Med --theme rangordnas besluten efter "
        "temat (i betydelse, inte bara ord); utan --theme listas de nyaste först.",
    )
    s.add_argument("--theme", metavar="TEMA", help='fritt tema, t.ex. "elevhälsa", "reporänta"')
    _add_filters(s, "beslut")
    s.add_argument("--outcome", metavar="UTFALL",
                   help="bifall, avslag, återremiss, bordläggning, information noterad, "
                   "lagt till handlingarna")  # fmt: skip
    s.add_argument("--label", metavar="ETIKETT", help="bara beslut med denna temaetikett")
    k_max = limits.DECISIONS_K_MAX
    s.add_argument(
        "--k", type=_count(k_max), default=10, help=f"antal beslut (1–{k_max}, standard 10)"
    )
    s.add_argument("--facets", action="store_true", help="visa antal per tema, organ och år")
    s.add_argument("--json", action="store_true", help="skriv JSON")
    s.set_defaults(run=commands.with_facade(commands.decisions))

    s = sub.add_parser("list", help="lista inlästa protokoll")
    s.add_argument("--json", action="store_true")
    s.set_defaults(run=commands.with_facade(commands.list_protocols))
    s = sub.add_parser("show", help="visa ett protokoll (metadata, punkter, närvaro)")
    s.add_argument("id", metavar="ID")
    s.add_argument("--text", action="store_true", help="visa hela texten")
    s.add_argument("--json", action="store_true")
    s.set_defaults(run=commands.with_facade(commands.show))
    s = sub.add_parser("delete", help="ta bort ett protokoll överallt i indexet")
    s.add_argument("id", metavar="ID")
    s.set_defaults(run=commands.with_facade(commands.delete))
    s = sub.add_parser("stats", help="antal protokoll, chunkar, vektorer")
    s.add_argument("--json", action="store_true")
    s.set_defaults(run=commands.with_facade(commands.stats))
    s = sub.add_parser("settings", help="visa alla inställningar och deras värden")
    s.set_defaults(run=commands.settings)
    s = sub.add_parser("prepare", help="förbered embeddingmodellen (konverteras en gång, offline)")
    s.set_defaults(run=commands.with_facade(commands.prepare, creates=True))
    s = sub.add_parser("serve", help="starta HTTP-tjänsten (API, källvy, sökwidget)")
    s.add_argument("--host", default="127.0.0.1", help="adress att lyssna på (standard 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (standard 8000)")
    s.set_defaults(run=commands.serve)

    _add_plugins(sub)
    return p


def _add_plugins(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for ep in sorted(entry_points(group=PLUGIN_GROUP), key=lambda e: e.name):
        try:
            register = ep.load()
        except Exception as exc:  # a plugin that cannot load must not take the CLI with it
            log.warning("kommandona i %s kunde inte laddas: %s", ep.value, exc)
            continue
        register(sub)


def _add_filters(s: argparse.ArgumentParser, what: str) -> None:
    """The date and organ filters that search and decisions share."""
    s.add_argument(
        "--from", dest="date_from", type=iso_date, metavar="ÅÅÅÅ-MM-DD", help="från datum"
    )
    s.add_argument("--to", dest="date_to", type=iso_date, metavar="ÅÅÅÅ-MM-DD", help="till datum")
    s.add_argument("--body", metavar="ORGAN", help=f"bara {what} från detta organ (delsträng)")


def _add_batch(s: argparse.ArgumentParser) -> None:
    """Batch mode and JSON output, the same for search and ask."""
    s.add_argument("--queries", type=Path, metavar="FIL.jsonl",
                   help='batch: en rad {"id": ..., "query": ...} per fråga')  # fmt: skip
    s.add_argument("--json", action="store_true", help="skriv JSON")
