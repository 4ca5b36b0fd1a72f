"""`protokoll`: a thin command-line shell over the facade.

Exit status: 0 ok, 1 some input failed (named in the output), 2 wrong usage, 3 the data folder is
busy or the index does not match the settings.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import Any

from protokoll.ingest.errors import ProtokollError

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


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ogiltigt datum '{value}' (skriv ÅÅÅÅ-MM-DD)") from None


def _k(value: str) -> int:
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' är inget heltal") from None
    if not 1 <= k <= 50:
        raise argparse.ArgumentTypeError("k måste vara mellan 1 och 50")
    return k


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

    s = sub.add_parser(
        "search",
        help="sök i protokollen",
        description="Hybridsökning (semantisk + lexikal) med källhänvisningar.",
    )
    s.add_argument("query", nargs="?", metavar="FRÅGA")
    s.add_argument("--k", type=_k, default=5, help="antal träffar (1–50, standard 5)")
    s.add_argument("--from", dest="date_from", type=_date, metavar="ÅÅÅÅ-MM-DD", help="från datum")
    s.add_argument("--to", dest="date_to", type=_date, metavar="ÅÅÅÅ-MM-DD", help="till datum")
    s.add_argument("--body", metavar="ORGAN", help="bara protokoll från detta organ (delsträng)")
    s.add_argument("--mode", choices=["hybrid", "dense", "lexical"], help="sökläge")
    s.add_argument("--queries", type=Path, metavar="FIL.jsonl",
                   help='batch: en rad {"id": ..., "query": ...} per fråga')  # fmt: skip
    s.add_argument("--json", action="store_true", help="skriv JSON")

    s = sub.add_parser(
        "ask",
        help="ställ en fråga och få ett kort svar med källor",
        description="Svarar ur protokollen (utdrag, aldrig påhittat) med verifierade citat, "
        "eller säger ärligt att svaret inte finns.",
    )
    s.add_argument("query", nargs="?", metavar="FRÅGA")
    s.add_argument(
        "--queries", type=Path, metavar="FIL.jsonl", help='batch: {"id", "query"} per rad'
    )
    s.add_argument("--json", action="store_true", help="skriv JSON")

    sub.add_parser("list", help="lista inlästa protokoll").add_argument(
        "--json", action="store_true"
    )
    s = sub.add_parser("show", help="visa ett protokoll (metadata, punkter, närvaro)")
    s.add_argument("id", metavar="ID")
    s.add_argument("--text", action="store_true", help="visa hela texten")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("delete", help="ta bort ett protokoll överallt i indexet")
    s.add_argument("id", metavar="ID")
    sub.add_parser("stats", help="antal protokoll, chunkar, vektorer").add_argument(
        "--json", action="store_true"
    )
    sub.add_parser("settings", help="visa alla inställningar och deras värden")
    sub.add_parser("prepare", help="förbered embeddingmodellen (konverteras en gång, offline)")
    s = sub.add_parser("serve", help="starta HTTP-tjänsten (API, källvy, sökwidget)")
    s.add_argument("--host", default="127.0.0.1", help="adress att lyssna på (standard 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (standard 8000)")

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

    from protokoll.eval.bench.args import add_arguments as bench_arguments

    s = sub.add_parser(
        "bench",
        help="prestandamätningar (svarstid, recall, inläsning, minne, kallstart)",
        description="Prestandamätningar mot sina golv i samma körning; se docs/benchmarks.md.",
    )
    bench_arguments(s)

    s = sub.add_parser(
        "decisions",
        help="beslut efter tema, med filter och fasetter",
        description="Beslut ur de inlästa protokollen. Med --theme rangordnas besluten efter "
        "temat (i betydelse, inte bara ord); utan --theme listas de nyaste först.",
    )
    s.add_argument("--theme", metavar="TEMA", help='fritt tema, t.ex. "elevhälsa", "reporänta"')
    s.add_argument("--from", dest="date_from", type=_date, metavar="ÅÅÅÅ-MM-DD", help="från datum")
    s.add_argument("--to", dest="date_to", type=_date, metavar="ÅÅÅÅ-MM-DD", help="till datum")
    s.add_argument("--body", metavar="ORGAN", help="bara beslut från detta organ (delsträng)")
    s.add_argument("--outcome", metavar="UTFALL",
                   help="bifall, avslag, återremiss, bordläggning, information noterad, "
                   "lagt till handlingarna")  # fmt: skip
    s.add_argument("--label", metavar="ETIKETT", help="bara beslut med denna temaetikett")
    s.add_argument("--k", type=_decision_k, default=10, help="antal beslut (1–500, standard 10)")
    s.add_argument("--facets", action="store_true", help="visa antal per tema, organ och år")
    s.add_argument("--json", action="store_true", help="skriv JSON")
    return p


def _decision_k(value: str) -> int:
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' är inget heltal") from None
    if not 1 <= k <= 500:
        raise argparse.ArgumentTypeError("k måste vara mellan 1 och 500")
    return k


def _out(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _progress(i: int, n: int, path: str) -> None:
    if n >= 2:
        width = 24
        done = int(width * i / n)
        name = Path(path).name[:40]
        sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {i}/{n} {name:<40}")
        if i == n:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _print_hits(result: dict[str, Any]) -> None:
    from protokoll.service.highlight import mark, snippet

    tty = sys.stdout.isatty()
    before, after = ("\033[1;4m", "\033[0m") if tty else ("**", "**")
    results = result["results"]
    if "understood" in result:
        from protokoll.service.understanding import Understood

        u = result["understood"]
        line = Understood(
            query=result["query"], search_text=u["search_text"], question_type=u["question_type"],
            date_from=_maybe_date(u["date_from"]), date_to=_maybe_date(u["date_to"]),
            date_expression=u["date_expression"], body=u["body"], corrections=u["corrections"],
            month=u.get("month"), day=u.get("day"),
        ).describe()  # fmt: skip
        print(f"Tolkat: {line}\n")  # noqa: T201
    if not results:
        print("Inga träffar.")  # noqa: T201
        return
    for r in results:
        print(f"{r['rank']}. {r['citation']}  (poäng {r['score']:.2f})")  # noqa: T201
        text, spans = snippet(r["text"], [tuple(h) for h in r["highlights"]])
        for line in mark(text, spans, before, after).strip().splitlines():
            if line.strip():
                print(f"   {line.strip()}")  # noqa: T201
        print(f"   källa: {r['protocol']['source']} (tecken {r['start']}–{r['end']})\n")  # noqa: T201


def _maybe_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _cmd_ingest(app: Any, args: argparse.Namespace) -> int:
    report = app.ingest(args.paths, progress=None if args.json else _progress)
    if args.json:
        _out(report.as_json())
    else:
        print(  # noqa: T201
            f"Tillagda: {len(report.added)}, ersatta: {len(report.replaced)}, "
            f"flyttade: {len(report.moved)}, oförändrade: {len(report.unchanged)}, "
            f"misslyckade: {len(report.failed)}"
        )
        for path in report.added:
            print(f"  + {path}")  # noqa: T201
        for path in report.replaced:
            print(f"  ~ {path}")  # noqa: T201
        for path in report.moved:
            print(f"  > {path} (flyttad; den gamla sökvägen är borttagen ur indexet)")  # noqa: T201
        for _, msg in report.failed:
            print(f"  ! {msg}", file=sys.stderr)  # noqa: T201
    return 1 if report.failed else 0


def _cmd_ask(app: Any, args: argparse.Namespace) -> int:
    if args.queries:
        return _batch(args.queries, app.ask)
    if not args.query:
        raise SystemExit("protokoll ask: ange en FRÅGA eller --queries FIL")
    result = app.ask(args.query)
    if args.json:
        _out(result)
        return 0
    print(result["answer"])  # noqa: T201
    for c in result["citations"]:
        quote = " ".join(c["quote"].split())
        quote = quote if len(quote) <= 300 else quote[:297] + "…"
        print(f"\n[{c['n']}] {c['citation']}\n    ”{quote}”")  # noqa: T201
    if not result["answerable"] and result.get("nearest"):
        print("\nNärmast:")  # noqa: T201
        for r in result["nearest"]:
            print(f"  – {r['citation']}")  # noqa: T201
    return 0


def _cmd_search(app: Any, args: argparse.Namespace) -> int:
    kw = dict(
        k=args.k, date_from=args.date_from, date_to=args.date_to, body=args.body, mode=args.mode
    )
    if args.queries:
        return _batch(args.queries, lambda q: app.search(q, **kw))
    if not args.query:
        raise SystemExit("protokoll search: ange en FRÅGA eller --queries FIL")
    result = app.search(args.query, **kw)
    _out(result) if args.json else _print_hits(result)
    return 0


def _batch(path: Path, run: Any) -> int:
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
            _out({"id": qid, **run(str(query))})
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
            message = f"{path}:{n}: rad utan giltigt 'query'"
            _out({"id": None, "error": {"code": "invalid_input", "message": message}})
            status = 1
        except ProtokollError as exc:
            _out({"id": qid, "error": {"code": exc.code, "message": str(exc)}})
            status = 1
    return status


def _cmd_eval(app: Any, args: argparse.Namespace) -> int:
    from protokoll.eval.datasets import is_beir, load_span_dataset
    from protokoll.eval.retrieval import evaluate_spans, markdown_table

    if args.what == "retrieval" and is_beir(args.dataset):
        return _cmd_eval_beir(app, args)
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

        result = evaluate_spans(app, dataset, _eval_modes(args))
        table = markdown_table(result) + "\n\n" + category_table(result)
        if args.plot:
            from protokoll.eval.plot import plot_modes

            plot_modes([result], args.plot)
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.json:
        _out({k: v for k, v in result.items() if k != "per_question"})
    else:
        print(table)  # noqa: T201
    return 0


def _eval_in_temporary_folder(settings: Any, args: argparse.Namespace) -> int:
    import tempfile

    from protokoll.service.facade import Protokollsok

    with tempfile.TemporaryDirectory(prefix="protokoll-eval-") as tmp:
        print(  # noqa: T201
            f"Utvärderingen läser in sin korpus i en tillfällig mapp ({tmp}); "
            "ange --data för att behålla den.",
            file=sys.stderr,
        )
        try:
            with Protokollsok(settings.model_copy(update={"data": Path(tmp)})) as app:
                return _cmd_eval(app, args)
        except ProtokollError as exc:
            print(f"protokoll: {exc}", file=sys.stderr)  # noqa: T201
            return 1


def _eval_modes(args: argparse.Namespace) -> list[str]:
    from protokoll.eval.retrieval import modes_for

    try:
        weights = [float(w) for w in args.weights.split(",")] if args.weights else None
    except ValueError as exc:
        raise ProtokollError(f"--weights: ogiltig vikt ({exc})") from exc
    return modes_for(args.mode, weights)


def _cmd_eval_beir(app: Any, args: argparse.Namespace) -> int:
    from protokoll.eval.retrieval import markdown_table
    from protokoll.eval.runner import evaluate_beir, without_per_question

    splits = [s.strip() for s in args.split.split(",") if s.strip()]
    result = evaluate_beir(app, args.dataset, splits, _eval_modes(args))
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.plot:
        from protokoll.eval.plot import plot_modes

        plot_modes([result], args.plot)
    if args.json:
        _out(without_per_question(result))
    else:
        print("\n\n".join(markdown_table(r) for r in result["splits"].values()))  # noqa: T201
    return 0


def _cmd_show(app: Any, args: argparse.Namespace) -> int:
    p = app.protocol(args.id, with_text=args.text or args.json)
    if args.json:
        _out(p)
        return 0
    print(f"{p['title']}\n  id: {p['id']}\n  datum: {p['date']}\n  organ: {p['body']}")  # noqa: T201
    print(f"  typ: {p['kind']}\n  plats: {p['place']}\n  källa: {p['source']}")  # noqa: T201
    print(f"  chunkar: {p['chunks']}\n  punkter:")  # noqa: T201
    for s in p["sections"]:
        num = f"{s['number']}. " if s["number"] else ""
        print(f"    {num}{s['title']} [{s['kind']}]")  # noqa: T201
    if p["attendance"]:
        print(f"  personer i närvarolistor: {len(p['attendance'])}")  # noqa: T201
    if args.text:
        print("\n" + p["text"])  # noqa: T201
    return 0


def _cmd_decisions(app: Any, args: argparse.Namespace) -> int:
    result = app.decisions(
        theme=args.theme, date_from=args.date_from, date_to=args.date_to, body=args.body,
        outcome=args.outcome, k=args.k, facets=args.facets or args.json, label=args.label,
    )  # fmt: skip
    if args.json:
        _out(result)
        return 0
    items = result["decisions"]
    if result["theme"]:
        named = ", ".join(result["matched_themes"]) or "inget tema i taxonomin"
        print(f'Beslut om "{result["theme"]}" (tema: {named}): {result["total"]} st.\n')  # noqa: T201
    else:
        print(f"Beslut, nyaste först: {result['total']} st.\n")  # noqa: T201
    if not items:
        print("Inga beslut.")  # noqa: T201
    for n, d in enumerate(items, 1):
        score = f"  (poäng {d['score']:.2f})" if d["score"] is not None else ""
        print(f"{n}. {d['protocol']['date'] or 'okänt datum'} {d['protocol']['body'] or ''}{score}")  # noqa: T201
        # PDF bullets come through as private-use glyphs; show them as bullets.
        text = " ".join(d["text"].split()).translate({0xF0B7: "•", 0xF0A7: "•", 0xF0D8: "•"})
        print(f"   {text[:400]}{'…' if len(text) > 400 else ''}")  # noqa: T201
        extra = [f"utfall: {d['outcome']}"] if d["outcome"] else []
        if d["themes"]:
            extra.append("teman: " + ", ".join(t["label"] for t in d["themes"]))
        if extra:
            print(f"   {'; '.join(extra)}")  # noqa: T201
        print(f"   källa: {d['citation']} (tecken {d['start']}–{d['end']})\n")  # noqa: T201
    if args.facets and result["facets"]:
        for key, name in (("themes", "Teman"), ("bodies", "Organ"), ("years", "År")):
            counts = result["facets"][key]
            print(f"{name}: " + (", ".join(f"{k} {v}" for k, v in counts.items()) or "—"))  # noqa: T201
    return 0


def _cmd_list(app: Any, args: argparse.Namespace) -> int:
    items = app.protocols()
    if args.json:
        _out({"protocols": items})
    elif not items:
        print("Inga protokoll inlästa.")  # noqa: T201
    for p in [] if args.json else items:
        print(f"{p['id']}  {p['date'] or '—':10}  {p['body'] or '—'}  ({p['title']})")  # noqa: T201
    return 0


def _cmd_serve(settings: Any, args: argparse.Namespace) -> int:
    import uvicorn
    from protokoll.service.app import create_app

    # The app's lifespan opens the index and loads the model; uvicorn exits if that fails.
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("bm25s", "chromadb", "httpx", "sentence_transformers", "transformers"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from protokoll.service.settings import Settings, documented_settings

    overrides = {"data": args.data} if args.data else {}
    settings = Settings(**overrides)  # type: ignore[arg-type]
    if args.command == "settings":
        for env, default, desc in documented_settings():
            current = getattr(settings, env.removeprefix("PROTOKOLL_").lower())
            print(f"{env}={current}\n    {desc} (standard: {default})")  # noqa: T201
        return 0

    if args.command == "serve":
        return _cmd_serve(settings, args)
    if args.command == "bench":
        # Builds its own data folders (data/bench); never opens the user's data folder.
        from protokoll.eval.bench.run import run as run_bench

        return run_bench(args)

    from protokoll.service.facade import Protokollsok

    if args.command == "eval" and not args.existing and not args.data:
        # The evaluation reads its own corpus in; it must never land in the user's index.
        return _eval_in_temporary_folder(settings, args)
    try:
        with Protokollsok(settings) as app:
            if args.command == "ingest":
                return _cmd_ingest(app, args)
            if args.command == "search":
                return _cmd_search(app, args)
            if args.command == "ask":
                return _cmd_ask(app, args)
            if args.command == "list":
                return _cmd_list(app, args)
            if args.command == "show":
                return _cmd_show(app, args)
            if args.command == "delete":
                app.delete(args.id)
                print(f"Borttaget: {args.id}")  # noqa: T201
                return 0
            if args.command == "prepare":
                emb = app.index.embedder
                emb.prepare()  # queries may not need the model; ingest will
                print(f"Modellen är klar: {emb.name} ({emb.dim} dimensioner)")  # noqa: T201
                return 0
            if args.command == "decisions":
                return _cmd_decisions(app, args)
            if args.command == "eval":
                return _cmd_eval(app, args)
            if args.command == "stats":
                st = app.stats()
                if args.json:
                    _out(st)
                else:
                    for key, val in st.items():
                        print(f"{key}: {val}")  # noqa: T201
                return 0
    except ProtokollError as exc:
        print(f"protokoll: {exc}", file=sys.stderr)  # noqa: T201
        return 3 if exc.code in {"data_folder_busy", "index_model_mismatch"} else 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
