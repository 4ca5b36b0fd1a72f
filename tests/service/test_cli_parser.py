"""The command line's parser: its limits, and the commands plugins add through entry points."""

from __future__ import annotations

import pytest
from protokoll.service import limits
from protokoll.service.cli import build_parser


def test_eval_and_bench_come_from_the_entry_point() -> None:
    args = build_parser().parse_args(["eval", "ask", "--dataset", "x"])
    assert args.run.__module__ == "protokoll.eval.commands"
    args = build_parser().parse_args(["bench", "latency"])
    assert args.run.__module__ == "protokoll.eval.commands"


@pytest.mark.parametrize(
    ("command", "largest"),
    [("search", limits.SEARCH_K_MAX), ("decisions", limits.DECISIONS_K_MAX)],
)
def test_k_has_the_same_bounds_as_over_http(command: str, largest: int) -> None:
    extra = ["x"] if command == "search" else []
    parser = build_parser()
    assert parser.parse_args([command, *extra, "--k", str(largest)]).k == largest
    with pytest.raises(SystemExit):
        parser.parse_args([command, *extra, "--k", str(largest + 1)])
