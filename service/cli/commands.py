"""The product's commands: each parses nothing, calls the facade, and prints through output.py.

A command is `run(settings, args) -> exit status`; those that read or write the index get the
facade (`with_facade`), which holds the data folder for the command's lifetime.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from protokoll.ingest.errors import InvalidInput, ProtokollError
from protokoll.service import schemas
from protokoll.service.cli import output
from protokoll.service.settings import Settings, documented_settings

if TYPE_CHECKING:  # the facade (index, model runtime) loads only for commands that use it
    from protokoll.service.facade import Protokollsok

Command = Callable[[Settings, argparse.Namespace], int]
FacadeCommand = Callable[["Protokollsok", argparse.Namespace], int]


class DataFolderMissing(InvalidInput):
    code = "data_folder_missing"


def require_data_folder(settings: Settings) -> None:
    """Only `ingest` (and `prepare`) make a data folder: a mistyped --data must not answer
    "no hits" from a new, empty index. With a Chroma server the server holds the index and a
    data folder is only this process's cache of it, so a new one is fine."""
    data = settings.data
    if settings.chroma_url:
        return
    if not data.is_dir():
        what = "finns inte" if not data.exists() else "är ingen mapp"
        raise DataFolderMissing(
            f"Datamappen {data} {what}. Ange rätt --data (eller PROTOKOLL_DATA), eller läs in "
            f"protokoll först: protokoll --data {data} ingest MAPP"
        )


def with_facade(command: FacadeCommand, creates: bool = False) -> Command:
    """The command run with a facade over the settings' data folder; unless it `creates` the
    folder, the folder must exist."""

    def run(settings: Settings, args: argparse.Namespace) -> int:
        from protokoll.service.facade import Protokollsok

        if not creates:
            require_data_folder(settings)
        with Protokollsok(settings) as app:
            return command(app, args)

    return run


def ingest(app: Protokollsok, args: argparse.Namespace) -> int:
    jobs = getattr(args, "jobs", None)
    if jobs is not None and not 1 <= jobs <= 32:
        raise InvalidInput("--jobs: ange ett antal processer mellan 1 och 32")
    line = None if args.json else output.ProgressLine()
    report = app.ingest(
        args.paths,
        progress=line,
        follow_links=getattr(args, "follow_links", False),
        jobs=jobs,
        tally=line.tally if line else None,
        last=True,
    )
    if line:
        line.end()
    if args.json:
        output.write_json(report.as_json())
    else:
        output.print_report(report)
    return 1 if report.failed else 0


def search(app: Protokollsok, args: argparse.Namespace) -> int:
    kw = dict(
        k=args.k, date_from=args.date_from, date_to=args.date_to, body=args.body, mode=args.mode
    )
    if args.queries:
        return batch(args.queries, lambda q: app.search(q, **kw))
    if not args.query:
        raise InvalidInput("search: ange en FRÅGA eller --queries FIL")
    result = app.search(args.query, **kw)
    output.write_json(result) if args.json else output.print_hits(result)
    return 0


def ask(app: Protokollsok, args: argparse.Namespace) -> int:
    if args.queries:
        return batch(args.queries, app.ask)
    if not args.query:
        raise InvalidInput("ask: ange en FRÅGA eller --queries FIL")
    result = app.ask(args.query)
    output.write_json(result) if args.json else output.print_answer(result)
    return 0


def batch(path: Path, run: Callable[[str], dict[str, Any]]) -> int:
    """JSONL in, JSONL out; a bad line gets an error line with its id, the rest still run."""
    status = 0
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ProtokollError(f"{path}: kan inte läsas ({exc.strerror})") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            qid, query = item.get("id", n), item["query"]
            output.write_json({"id": qid, **run(str(query))})
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
            message = f"{path}:{n}: rad utan giltigt 'query'"
            output.write_json({"id": None, **_error("invalid_input", message)})
            status = 1
        except ProtokollError as exc:
            output.write_json({"id": qid, **_error(exc.code, str(exc))})
            status = 1
    return status


def _error(code: str, message: str) -> dict[str, Any]:
    return schemas.ErrorBody(error=schemas.ErrorDetail(code=code, message=message)).as_json()


def decisions(app: Protokollsok, args: argparse.Namespace) -> int:
    result = app.decisions(
        theme=args.theme, date_from=args.date_from, date_to=args.date_to, body=args.body,
        outcome=args.outcome, k=args.k, facets=args.facets or args.json, label=args.label,
    )  # fmt: skip
    output.write_json(result) if args.json else output.print_decisions(result, args.facets)
    return 0


def list_protocols(app: Protokollsok, args: argparse.Namespace) -> int:
    items = app.protocols()
    if args.json:
        output.write_json({"protocols": items})
    else:
        output.print_protocols(items)
    return 0


def show(app: Protokollsok, args: argparse.Namespace) -> int:
    p = app.protocol(args.id, with_text=args.text or args.json)
    output.write_json(p) if args.json else output.print_protocol(p, args.text)
    return 0


def delete(app: Protokollsok, args: argparse.Namespace) -> int:
    app.delete(args.id)
    print(f"Borttaget: {args.id}")  # noqa: T201
    return 0


def stats(app: Protokollsok, args: argparse.Namespace) -> int:
    st = app.stats()
    if args.json:
        output.write_json(st)
    else:
        for key, val in st.items():
            print(f"{key}: {val}")  # noqa: T201
    return 0


def prepare(app: Protokollsok, args: argparse.Namespace) -> int:
    name, dim = app.prepare()  # queries may not need the model; ingest will
    print(f"Modellen är klar: {name} ({dim} dimensioner)")  # noqa: T201
    return 0


def settings(current: Settings, args: argparse.Namespace) -> int:
    for env, default, desc in documented_settings():
        value = getattr(current, env.removeprefix("PROTOKOLL_").lower())
        print(f"{env}={value}\n    {desc} (standard: {default})")  # noqa: T201
    return 0


def serve(current: Settings, args: argparse.Namespace) -> int:
    import uvicorn
    from protokoll.service.app import create_app, open_facade, uvicorn_options

    require_data_folder(current)
    # Opened before the server starts: a busy folder or a short admin token is one line of
    # message and its exit status (main), not a traceback from inside uvicorn's lifespan.
    facade = open_facade(current)
    uvicorn.run(
        create_app(current, facade=facade), host=args.host, port=args.port, log_level="info",
        **uvicorn_options(current),
    )  # fmt: skip
    return 0
