"""`protokoll`: a thin command-line shell over the facade.

Exit status: 0 ok, 1 some input failed (named in the output), 2 wrong usage, 3 the data folder is
busy or the index does not match the settings (each error's `exit_code`, ingest/errors.py).

Commands beyond the product's own (`eval`, `bench`) come from the `protokoll.commands` entry
point group (parser.py), so this package never imports them.
"""

from __future__ import annotations

import logging
import os
import sys

from protokoll.ingest.errors import ProtokollError
from protokoll.service.cli.parser import build_parser

__all__ = ["build_parser", "main"]

_NOISY = ("bm25s", "chromadb", "httpx", "sentence_transformers", "transformers")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in _NOISY:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from protokoll.service.settings import Settings
    from pydantic import ValidationError

    overrides = {"data": args.data} if args.data else {}
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        for err in exc.errors():
            field = "PROTOKOLL_" + ".".join(str(x) for x in err["loc"]).upper()
            print(f"protokoll: {field}: {err['msg']}", file=sys.stderr)  # noqa: T201
        return 2
    try:
        code: int = args.run(settings, args)
        sys.stdout.flush()  # inside the try: a closed pipe must fail here, not at exit
        return code
    except ProtokollError as exc:
        print(f"protokoll: {exc}", file=sys.stderr)  # noqa: T201
        return exc.exit_code
    except BrokenPipeError:
        # The reader went away (`protokoll search … | head -1`): stop quietly, as Unix tools
        # do. Python would otherwise fail again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
