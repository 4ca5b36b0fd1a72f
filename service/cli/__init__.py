"""`protokoll`: a thin command-line shell over the facade.

Exit status: 0 ok, 1 some input failed (named in the output), 2 wrong usage, 3 the data folder is
busy or the index does not match the settings (each error's `exit_code`, ingest/errors.py).

Commands beyond the product's own (`eval`, `bench`) come from the `protokoll.commands` entry
point group (parser.py), so this package never imports them.
"""

from __future__ import annotations

import logging
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

    overrides = {"data": args.data} if args.data else {}
    settings = Settings(**overrides)  # type: ignore[arg-type]
    try:
        code: int = args.run(settings, args)
        return code
    except ProtokollError as exc:
        print(f"protokoll: {exc}", file=sys.stderr)  # noqa: T201
        return exc.exit_code
