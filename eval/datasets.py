"""Evaluation datasets.

Our own protocol questions identify relevant passages by a verbatim span that must lie inside the
retrieved chunk, so the judgements survive any change of chunking. A dataset folder holds
`dataset.json` ({"name", "corpus": ["shared:seeds", "repo:examples/protocols"], "file"}: folders
of protocols in the shared corpus or in this repository) and a JSONL file of questions, one
{"id", "query", "relevant": [{"source", "span"}], "answer", "kind", "categories"} a line; pair
sets add "clean", the same query written as the text writes it. "categories" tags a question
for per-category breakdowns (a question may be both "number" and "no_diacritics"); without it,
"kind" is the one category.

External benchmarks come in BEIR layout instead (`corpus.jsonl`, `queries.jsonl`, and `qrels.tsv`
or `qrels/<split>.tsv`): the passages are the corpus and relevance is by passage id.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]


# A hyphen between two lower-case letters: where a printed report broke a word at a line's end
# ("sommarlovsakti-viteter"). Readers that join such breaks index the word whole; a span
# written from the broken text still marks the same place.
_BROKEN = re.compile(r"(?<=[a-zåäöéü])-(?=[a-zåäöéü])")


@dataclass(frozen=True, slots=True)
class Span:
    source: str  # file name of the protocol
    span: str

    def found_in(self, text: str) -> bool:
        """Whether `text` holds the span, a word broken at a line's end counted as whole."""
        return self.span in text or _BROKEN.sub("", self.span) in _BROKEN.sub("", text)


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    query: str
    relevant: tuple[Span, ...]
    answer: str | list[str] | None  # a string (or alternatives) a correct answer contains
    kind: str
    clean: str | None = None
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SpanDataset:
    name: str
    corpus: tuple[Path, ...]
    questions: tuple[Question, ...]


def default_corpus_root() -> Path:
    """`../shared/corpus` beside the checkout, as the team's machines and CI have it."""
    return REPO_ROOT.parent / "shared" / "corpus"


def resolve_corpus(entries: list[str], corpus_root: Path) -> tuple[Path, ...]:
    out = []
    for entry in entries:
        where, _, path = entry.partition(":")
        out.append(REPO_ROOT / path if where == "repo" else corpus_root / path)
    return tuple(out)


def load_span_dataset(folder: Path, corpus_root: Path | None = None) -> SpanDataset:
    meta = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    corpus = resolve_corpus(meta["corpus"], corpus_root or default_corpus_root())
    path = folder / meta.get("file", "questions.jsonl")
    questions = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
            questions.append(
                Question(
                    id=str(q["id"]),
                    query=q["query"],
                    relevant=tuple(Span(r["source"], r["span"]) for r in q.get("relevant", [])),
                    answer=q.get("answer"),
                    kind=q.get("kind", ""),
                    clean=q.get("clean"),
                    categories=tuple(q.get("categories") or ([q["kind"]] if q.get("kind") else [])),
                )
            )
        except (KeyError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}:{n}: ogiltig rad ({exc})") from exc
    return SpanDataset(meta.get("name", folder.name), corpus, tuple(questions))


def corpus_files(dataset: SpanDataset) -> dict[str, Path]:
    """Every file of the dataset's corpus by file name (the name a span's "source" gives)."""
    out: dict[str, Path] = {}
    for folder in dataset.corpus:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else [folder]:
            if path.is_file() and not path.name.startswith("."):
                out.setdefault(path.name, path)
    return out


def span_problems(dataset: SpanDataset, ocr_cache: Path | None = None) -> list[str]:
    """Spans that the indexed text does not hold verbatim inside one chunk, one message each.

    Reads only the files the questions cite, as ingest reads them by default (the product's
    readers, OCR of the PDF pages whose text layer is not Swedish, the default chunking; no
    model), so a change in a reader that moves or alters a span shows up here, not as lost
    recall. OCR takes seconds a page: `ocr_cache` keeps its text between runs, as the data
    folder's `ocr/` does for ingest. Without Tesseract a cited PDF counts as a problem, since its
    text would not be what ingest indexes.
    """
    from protokoll.ingest.chunking import chunk_protocol
    from protokoll.ingest.ocr import OcrOptions, ocr_available
    from protokoll.service.reading import read_protocol

    files = corpus_files(dataset)
    texts: dict[str, tuple[str, list[str]]] = {}
    problems = []
    ocr = OcrOptions(cache_dir=ocr_cache)  # the defaults are the settings' (PROTOKOLL_OCR etc.)
    for q in dataset.questions:
        for s in q.relevant:
            path = files.get(s.source)
            if path is None:
                problems.append(f"{q.id}: källan {s.source} finns inte i korpusen")
                continue
            if s.source not in texts:
                if path.suffix.lower() == ".pdf" and not ocr_available():
                    problems.append(f"{q.id}: OCR saknas, {s.source} läses inte som vid ingest")
                protocol = read_protocol(path, ocr=ocr)
                texts[s.source] = (protocol.text, [c.text for c in chunk_protocol(protocol)])
            text, chunks = texts[s.source]
            if not s.found_in(text):
                problems.append(f"{q.id}: textstället finns inte i {s.source}: {s.span[:60]!r}")
            elif not any(s.found_in(c) for c in chunks):
                problems.append(f"{q.id}: textstället ryms inte i en chunk av {s.source}")
    return problems


# -- BEIR layout -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Passage:
    id: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class BeirQuery:
    id: str
    text: str
    relevant: dict[str, int]  # passage id → relevance grade (> 0)
    split: str


@dataclass(frozen=True, slots=True)
class BeirDataset:
    name: str
    passages: tuple[Passage, ...]
    queries: tuple[BeirQuery, ...]

    def split(self, name: str) -> tuple[BeirQuery, ...]:
        return tuple(q for q in self.queries if q.split == name)

    @property
    def splits(self) -> list[str]:
        return sorted({q.split for q in self.queries})


def is_beir(folder: Path) -> bool:
    return (folder / "corpus.jsonl").is_file()


def _jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: ogiltig JSON ({exc})") from exc
    return rows


def _qrels(folder: Path) -> dict[str, tuple[str, dict[str, int]]]:
    """query id → (split, {passage id: grade}); the split is the file's stem in `qrels/`."""
    files = [folder / "qrels.tsv"] if (folder / "qrels.tsv").is_file() else []
    files += sorted((folder / "qrels").glob("*.tsv")) if (folder / "qrels").is_dir() else []
    if not files:
        raise ValueError(f"{folder}: qrels.tsv eller qrels/*.tsv saknas")
    out: dict[str, tuple[str, dict[str, int]]] = {}
    for path in files:
        split = "" if path.name == "qrels.tsv" else path.stem
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            cols = line.rstrip("\n").split("\t")
            if not line.strip() or cols[0] == "query-id":
                continue
            try:
                qid, pid, grade = cols[0], cols[1], int(cols[2]) if len(cols) > 2 else 1
            except (IndexError, ValueError) as exc:
                raise ValueError(f"{path}:{n}: väntade query-id, corpus-id, score") from exc
            if grade > 0:
                out.setdefault(qid, (split, {}))[1][pid] = grade
    return out


def load_beir_dataset(folder: Path) -> BeirDataset:
    """A BEIR-layout folder. A query's split is its own "split" field, else its qrels file's."""
    passages = []
    for n, row in enumerate(_jsonl(folder / "corpus.jsonl"), 1):
        try:
            passages.append(Passage(str(row["_id"]), row.get("title") or "", row["text"]))
        except KeyError as exc:
            raise ValueError(f"{folder / 'corpus.jsonl'}:{n}: fältet {exc} saknas") from exc
    known = {p.id for p in passages}
    qrels = _qrels(folder)
    queries = []
    for n, row in enumerate(_jsonl(folder / "queries.jsonl"), 1):
        try:
            qid, text = str(row["_id"]), row["text"]
        except KeyError as exc:
            raise ValueError(f"{folder / 'queries.jsonl'}:{n}: fältet {exc} saknas") from exc
        if qid not in qrels:
            continue  # BEIR ships queries without judgements for other splits
        split, relevant = qrels[qid]
        unknown = set(relevant) - known
        if unknown:
            raise ValueError(f"{folder}: fråga {qid} pekar på okänt stycke {sorted(unknown)[0]}")
        queries.append(BeirQuery(qid, text, relevant, str(row.get("split") or split or "test")))
    return BeirDataset(folder.name, tuple(passages), tuple(queries))
