"""`protokoll eval …` and `protokoll bench …`: the evaluation's commands for the product's CLI.

The CLI finds `register` through the `protokoll.commands` entry point (pyproject.toml) and never
imports this package; registering imports nothing heavy, each command loads what it runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from protokoll.eval.bench.args import add_arguments as bench_arguments
from protokoll.ingest.errors import ProtokollError

if TYPE_CHECKING:
    from protokoll.service.facade import Protokollsok
    from protokoll.service.settings import Settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("eval", help="mät sökkvaliteten på ett utvärderingsset")
    s.add_argument(
        "what",
        choices=["retrieval", "swedish", "ask"],
        metavar="retrieval|swedish|ask",
        help="retrieval: frågor med textställen; swedish: par slarvig/textens form; "
        "ask: frågor med förväntade svar",
    )
    s.add_argument(
        "--dataset",
        type=Path,
        required=True,
        help="mapp med dataset.json och questions.jsonl, eller i BEIR-format (corpus.jsonl, "
        "queries.jsonl, qrels)",
    )
    s.add_argument(
        "--corpus-root", type=Path, help="var korpusen ligger (standard ../shared/corpus)"
    )
    s.add_argument("--mode", choices=["dense", "lexical", "hybrid", "all"], default="all")
    s.add_argument("--out", type=Path, help="skriv resultat per fråga (JSON) hit")
    s.add_argument("--json", action="store_true")
    s.add_argument(
        "--existing",
        action="store_true",
        help="sök i datamappen (--data) som den är, utan inläsning; den måste redan innehålla "
        "datasetets korpus",
    )
    s.add_argument(
        "--split", default="dev", help="BEIR-dataset: delmängder, kommaseparerade (standard dev)"
    )
    s.add_argument(
        "--weights",
        help="retrieval: pröva även hybrid med dessa dense-vikter, t.ex. 0.5,0.6,0.7,0.8,0.9",
    )
    s.add_argument("--plot", type=Path, help="retrieval: rita kvaliteten per läge som PNG hit")
    s.set_defaults(run=run_eval)

    s = sub.add_parser(
        "bench",
        help="prestandamätningar (svarstid, recall, inläsning, minne, kallstart)",
        description="Prestandamätningar mot sina golv i samma körning; se docs/benchmarks.md.",
    )
    bench_arguments(s)
    s.set_defaults(run=run_bench)


def run_bench(settings: Settings, args: argparse.Namespace) -> int:
    # Builds its own data folders (data/bench); never opens the user's data folder.
    from protokoll.eval.bench.run import run

    return run(args)


def run_eval(settings: Settings, args: argparse.Namespace) -> int:
    from protokoll.service.facade import Protokollsok

    # The dev sets' spans were copied from the readers' text layers, garbled or not; OCR would
    # replace that text. What OCR changes is measured by eval/ocr.py (docs/quality.md, "OCR").
    settings = settings.model_copy(update={"ocr": False})
    if not args.existing and not args.data:
        # The evaluation reads its own corpus in; it must never land in the user's index.
        with tempfile.TemporaryDirectory(prefix="protokoll-eval-") as tmp:
            print(  # noqa: T201
                f"Utvärderingen läser in sin korpus i en tillfällig mapp ({tmp}); "
                "ange --data för att behålla den.",
                file=sys.stderr,
            )
            with Protokollsok(settings.model_copy(update={"data": Path(tmp)})) as app:
                return evaluate(app, args)
    with Protokollsok(settings) as app:
        return evaluate(app, args)


def _write_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def evaluate(app: Protokollsok, args: argparse.Namespace) -> int:
    from protokoll.eval.datasets import is_beir, load_span_dataset
    from protokoll.eval.retrieval import evaluate_spans, markdown_table

    if args.what == "retrieval" and is_beir(args.dataset):
        return _evaluate_beir(app, args)
    dataset = load_span_dataset(args.dataset, args.corpus_root)
    for folder in dataset.corpus:
        if not folder.exists():
            raise ProtokollError(f"korpusen {folder} finns inte (ange --corpus-root)")
    if args.existing:
        from protokoll.eval.runner import check_corpus_indexed

        check_corpus_indexed(app, dataset)
    else:
        report = app.ingest(list(dataset.corpus))
        if report.failed:
            raise ProtokollError(f"korpusen kunde inte läsas in helt: {report.failed[0][1]}")
    if args.what == "ask":
        from protokoll.eval import answers

        result = answers.evaluate_answers(app, dataset)
        table = answers.markdown_table(result)
    elif args.what == "swedish":
        from protokoll.eval import swedish

        result = swedish.evaluate_pairs(app, dataset)
        table = swedish.markdown_table(result)
    else:
        from protokoll.eval.retrieval import category_table

        result = evaluate_spans(app, dataset, _modes(args))
        table = markdown_table(result) + "\n\n" + category_table(result)
        if args.plot:
            from protokoll.eval.plot import plot_modes

            plot_modes([result], args.plot)
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.json:
        _write_json({k: v for k, v in result.items() if k != "per_question"})
    else:
        print(table)  # noqa: T201
    return 0


def _modes(args: argparse.Namespace) -> list[str]:
    from protokoll.eval.retrieval import modes_for

    try:
        weights = [float(w) for w in args.weights.split(",")] if args.weights else None
    except ValueError as exc:
        raise ProtokollError(f"--weights: ogiltig vikt ({exc})") from exc
    return modes_for(args.mode, weights)


def _evaluate_beir(app: Protokollsok, args: argparse.Namespace) -> int:
    from protokoll.eval.retrieval import markdown_table
    from protokoll.eval.runner import evaluate_beir, without_per_question

    splits = [s.strip() for s in args.split.split(",") if s.strip()]
    # With --data the passages stay in that data folder for the next run; never in the user's
    # own index (PROTOKOLL_DATA or ./data) unasked.
    keep = bool(args.data)
    result = evaluate_beir(app, args.dataset, splits, _modes(args), keep=keep)
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.plot:
        from protokoll.eval.plot import plot_modes

        plot_modes([result], args.plot)
    if args.json:
        _write_json(without_per_question(result))
    else:
        print("\n\n".join(markdown_table(r) for r in result["splits"].values()))  # noqa: T201
    return 0
