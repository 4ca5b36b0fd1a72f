"""`Index`: the catalog, a backend for the vectors, the derived lexical index and the decisions of
one data folder, kept in step, with the read and write API the service layer uses.

The work is done by the parts it composes: writes by `write.Writer`, searches by
`search.searcher.Searcher`, the derived indexes by `derived.DerivedIndexes`, the vectors (and,
with a Chroma server, replication and the write lease) by a backend from `backends.open_backend`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from pathlib import Path

import numpy as np
from protokoll.index.analysis import ANALYZER_VERSION, Analyzer
from protokoll.index.backends import Backend, ServerAccess, VectorStore, open_backend
from protokoll.index.backends.local import LocalBackend
from protokoll.index.catalog import Catalog
from protokoll.index.decisions import DecisionIndex
from protokoll.index.derived import DerivedIndexes
from protokoll.index.embedding import Embedder
from protokoll.index.records import Hit, IndexSettings, Status
from protokoll.index.search.lexical import LexicalIndex
from protokoll.index.search.request import SearchRequest
from protokoll.index.search.searcher import Scored, Searcher
from protokoll.index.search.spelling import archive_restorations, restorations, suggestions
from protokoll.index.upkeep import current_facts, migrate_ids
from protokoll.index.wordmemo import WordMemo
from protokoll.index.write import Writer, WriteTally
from protokoll.ingest.errors import Unavailable
from protokoll.ingest.records import Chunk, Fact, Protocol


class IndexMismatch(Unavailable):
    code = "index_model_mismatch"


class Index:
    def __init__(
        self,
        data_dir: Path,
        embedder: Callable[[], Embedder],
        settings: IndexSettings | None = None,
        chroma_server: str | ServerAccess | None = None,
        server_collection: str = "protokoll",
    ) -> None:
        """The index in `data_dir`, or in the Chroma server at `chroma_server` (collection
        `server_collection`) with `data_dir` as its local cache. `embedder` is called once, on
        first use, so listing or deleting never loads the model."""
        self.data_dir = data_dir
        # Read at every search and write: changing it (e.g. the fusion weight) takes effect at once.
        self.settings = settings or IndexSettings()
        self.catalog = Catalog(data_dir / "catalog.sqlite")
        self.backend: Backend = open_backend(data_dir, chroma_server, server_collection)
        self.analyzer = Analyzer(self.settings.language)
        self._embedder_factory = embedder
        self._embedder: Embedder | None = None
        # Taken around every commit of a write (the HTTP service sets its reader–writer lock
        # here, so that readers run beside the slow part of an ingest but never see a commit
        # half done); nothing to take for a process that only writes.
        self.write_guard: Callable[[], AbstractContextManager[object]] = nullcontext
        # Whether reads sync first (`refresh`); the HTTP service syncs around its reads instead.
        self.refresh_on_read = True
        # Decision records with their theme labels, kept beside each protocol version.
        self.decisions = DecisionIndex(self.catalog, lambda: self.embedder, self.analyzer)
        self._derived = DerivedIndexes(data_dir, self.catalog, self.vectors, self.analyzer)
        self._words = WordMemo(self._derived.folder, self.analyzer)
        self._searcher = Searcher(
            self.catalog, self._derived, self.vectors, lambda: self.embedder, self.analyzer
        )
        self._writer = Writer(
            self.catalog, self.backend, self.analyzer, self.decisions, lambda: self.embedder,
            self._derived.forget, lambda: self.write_guard(),
        )  # fmt: skip
        if self.catalog.active_chunk_count() == 0:
            self.catalog.set_meta("analyzer", ANALYZER_VERSION)
        self.sync()
        if isinstance(self.backend, LocalBackend):
            # A server index is renamed by its next writer (`reconcile`), which holds its lease.
            migrate_ids(self.catalog, self._writer)

    # -- model -----------------------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        """Loaded on first use, once: listing or deleting never pays for the model."""
        if self._embedder is None:
            self._embedder = self._embedder_factory()
            self._check_model(self._embedder)
        return self._embedder

    def _check_model(self, emb: Embedder) -> None:
        stored, empty = self.backend.stored_model(self.catalog)
        if stored is None or empty:
            self.catalog.set_meta("model", emb.name)
            self.catalog.set_meta("dim", str(emb.dim))
            self.backend.record_model(emb.name, emb.dim)
        elif stored != emb.name:
            raise IndexMismatch(
                f"Indexet i {self.data_dir} byggdes med modellen '{stored}', men inställningen "
                f"är '{emb.name}'. Använd en annan datamapp (--data) eller samma modell."
            )

    # -- writes ----------------------------------------------------------------------------
    def writing(self) -> AbstractContextManager[None]:
        """With a Chroma server: hold the index's write lease for the duration; a local folder
        is guarded by its lock file instead."""
        return self.backend.writing()

    def add(self, protocol: Protocol) -> Status:
        """Index the protocol's version (two-phase, see `write.py`); an entry of the same
        content whose file is gone (moved or renamed) is removed."""
        return self._writer.add(protocol, self.settings)

    def delete(self, protocol_id: str) -> bool:
        return self._writer.delete(protocol_id)

    @property
    def tally(self) -> WriteTally:
        """Seconds per stage and passages of this index's writes so far."""
        return self._writer.tally

    def reconcile(self) -> dict[str, int]:
        """Remove what an interrupted write left behind (pending rows, orphan vectors)."""
        return self._writer.reconcile()

    def sync(self) -> int:
        """Take in other processes' writes now (with a Chroma server; a local folder has one
        owner); returns how many protocols changed."""
        return self._writer.sync()

    def refresh(self) -> None:
        """Before a read: pick up other processes' writes (with a server, at most once per
        `SYNC_INTERVAL`). Nothing when `refresh_on_read` is off: the HTTP service syncs
        before each read itself, under its write lock, and a sync from inside a read would wait
        for that lock while its own thread holds the read side."""
        if self.refresh_on_read and self.backend.sync_due():
            self.sync()

    # -- reads -----------------------------------------------------------------------------
    # The read API the service layer uses; nothing outside `index/` reaches into the catalog,
    # the lexical index or the vector store.
    def protocol(self, protocol_id: str) -> Protocol | None:
        """The protocol with its text, sections and attendance, or None."""
        return self.catalog.protocol(protocol_id)

    def protocols(self) -> list[Protocol]:
        """Every active protocol as a listing (its text empty, no sections or attendance), in
        catalog order; `protocol` and `protocol_summary` give one in full."""
        return self.catalog.protocols()

    def protocol_summary(self, protocol_id: str) -> Protocol | None:
        """The protocol in full, as hits and answers cite it (the most recent kept)."""
        return self._derived.summary(protocol_id)

    def chunks_of(self, protocol_id: str) -> list[Chunk]:
        return self.catalog.chunks_of(protocol_id)

    def bodies(self) -> list[str]:
        """The organs of the active protocols, as the protocols name them."""
        return self.catalog.bodies()

    def headings(self) -> list[tuple[str, str, date | None, str | None]]:
        """(id, title, date, body) of every active protocol, kept until the index changes."""
        return self.catalog.headings()

    def resolve_bodies(self, text: str) -> list[str]:
        """Known bodies matching a user's text, ignoring case and diacritics."""
        return self._searcher.resolve_bodies(text)

    def newest_date(self) -> date | None:
        return self.catalog.newest_date()

    def stats(self) -> dict[str, int | str | None]:
        """Counts of protocols, chunks, sections, people and vectors, and the model's name."""
        return {
            **self.catalog.counts(),
            "vectors": self.vectors.count(),
            "model": self.catalog.get_meta("model"),
        }

    def facts(
        self, kinds: list[str] | None = None, protocol_ids: Collection[str] | None = None
    ) -> list[tuple[str, Fact]]:
        """Facts of the active protocols (of these, when given), in protocol and text order;
        re-extracted first if a newer extractor ships."""
        return current_facts(self.catalog, kinds, protocol_ids)

    @property
    def vectors(self) -> VectorStore:
        """The vector store of the backend."""
        return self.backend.vectors

    @property
    def lexical(self) -> LexicalIndex:
        """The lexical index of the active chunks, current with the catalog."""
        return self._derived.lexical

    @property
    def vocabulary(self) -> LexicalIndex:
        """The lexical statistics of the active chunks: `idf(term)`, `vocabulary`,
        `close_terms(term)`."""
        return self._derived.lexical

    def protocol_ids(
        self,
        date_from: date | None = None,
        date_to: date | None = None,
        bodies: list[str] | None = None,
        month: int | None = None,
        day: int | None = None,
    ) -> set[str]:
        """Ids of the active protocols in a date range (or on a month/day of any year) and of
        the given bodies (names as `bodies()` gives them): the filter `search` applies."""
        return self.catalog.filter_protocol_ids(date_from, date_to, bodies, month, day)

    def nearest_chunks(
        self, vector: np.ndarray, n: int, protocol_ids: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine) of the vector store's own n nearest chunks, best first, without
        the search around it (the benchmarks measure search against this)."""
        return self.vectors.query(vector, n, protocol_ids)

    def warm(self) -> None:
        """Load the model and build the lexical index now, so the first request pays nothing."""
        self.embedder.encode_queries(["uppvärmning"])
        self._derived.lexical  # noqa: B018

    def settle(self) -> None:
        """Bring the derived indexes up to date with the catalog now (after a write), so that
        concurrent readers find them built instead of each rebuilding them."""
        if len(self._derived.lexical):
            self._derived.dense_matrix  # noqa: B018
        self._words.save()

    def remember_words(self) -> None:
        """Take in the analysis of every word the index holds (`wordmemo`), so that
        highlighting never analyses a word afresh; an index written before the memo existed
        gets it made here once, from its chunks."""
        if self._words.load():
            return
        for text in self.catalog.active_texts():
            self.analyzer.terms(text)
        self._words.save()

    def spelling(self, text: str) -> dict[str, str]:
        """Words of `text` the corpus does not know, each mapped to its closest corpus word as the
        protocols write it ("torstenson" → "Torstensson")."""
        return suggestions(text, self.analyzer, self._derived.lexical, self.catalog)

    def restorations(self, text: str) -> dict[str, str]:
        """Words of a text typed without å, ä and ö, each mapped to the word written with them
        when that is far more common in the language ("motet" → "mötet") or, for longer words,
        in the archive ("galla" → "gälla")."""
        known = restorations(text, self.settings.language)
        language, lexical = self.settings.language, self._derived.lexical
        return known | archive_restorations(text, language, self.analyzer, lexical, known)

    def search(self, request: SearchRequest) -> list[Hit]:
        """Ranked passages for a query and its filters (see `SearchRequest`)."""
        return self._searcher.hits(self._pool(request)[1][: request.k])

    def search_pool(
        self, request: SearchRequest
    ) -> tuple[np.ndarray | None, list[Hit], np.ndarray]:
        """The question's own vector, every candidate `search` fuses as a hit, best first, and
        their stored vectors (eval/search_adapter.py learns from these)."""
        qvec, scored = self._pool(request)
        hits = self._searcher.hits(scored)
        return qvec, hits, self._searcher.stored_vectors(hits)

    def _pool(self, request: SearchRequest) -> tuple[np.ndarray | None, list[Scored]]:
        s = self.settings
        feedback = (s.prf_terms, s.prf_docs, s.prf_weight)
        exact = self.dense_path() == "exact"
        return self._searcher.pool(
            request, s.candidates, s.dense_weight, feedback, exact, s.search_adapter
        )

    def dense_path(self) -> str:
        """How a search finds its dense candidates now: "hnsw" (the vector store's index) or
        "exact" (every vector of the matrix scored, until this process has loaded HNSW)."""
        way = self.settings.dense_search
        if way == "auto":
            return "hnsw" if self.vectors.ready else "exact"
        return "exact" if way == "exact" else "hnsw"

    def warm_vectors(self) -> None:
        """Load the vector store's HNSW index now; searches use it from then on (with the
        setting `auto`), exact scoring of the vector matrix until then."""
        if self.settings.dense_search != "exact":
            self.vectors.warm()
