"""Chroma as the dense vector store, always with our own embeddings; local or in a server.

The collection is created with `embedding_function=None`, so Chroma's default (an English model
it would download) can never load, and with a cosine HNSW index whose search/construction
parameters are set at creation (Chroma ignores later changes in a running client). See
`../shared/notes/chromadb.md` for the measurements behind these choices.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from protokoll.ingest.errors import Unavailable

log = logging.getLogger(__name__)

COLLECTION = "chunks"
# HNSW search breadth of a new collection. e5's similarities are crowded (the 10th and 11th
# neighbours differ by 0.0004 at the median), so a narrow search misses true neighbours; 500
# keeps recall@10 at 0.996 at 100k (docs/quality.md).
EF_SEARCH = 500


def client_settings():  # type: ignore[no-untyped-def]
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False, allow_reset=False)


TOKEN_HEADERS = ("X-Chroma-Token", "Authorization")


@dataclass(frozen=True)
class ServerAccess:
    """How to reach a Chroma server: its URL, and the token, tenant and database it wants.

    The token is sent the way chromadb's own clients send it (its token auth provider): in
    `X-Chroma-Token`, or as `Authorization: Bearer …`. `chroma run` does not check tokens itself,
    so a server that must be closed sits behind a proxy that does (docs/operations.md).
    """

    url: str
    token: str | None = None
    header: str = "X-Chroma-Token"
    tenant: str = "default_tenant"
    database: str = "default_database"


def _http_client(access: ServerAccess):  # type: ignore[no-untyped-def]
    """`http://host:port`, `https://host:port` or plain `host:port` (port 8000 if left out)."""
    import chromadb
    from chromadb.config import Settings

    url = access.url
    ssl = url.startswith("https://")
    rest = url.removeprefix("https://").removeprefix("http://").rstrip("/")
    host, _, port = rest.partition(":")
    settings = Settings(anonymized_telemetry=False, allow_reset=False)
    if access.token:
        settings = Settings(
            anonymized_telemetry=False, allow_reset=False,
            chroma_client_auth_provider="chromadb.auth.token_authn.TokenAuthClientProvider",
            chroma_client_auth_credentials=access.token,
            chroma_auth_token_transport_header=access.header,
        )  # fmt: skip
    try:
        return chromadb.HttpClient(
            host=host, port=int(port or 8000), ssl=ssl, tenant=access.tenant,
            database=access.database, settings=settings,
        )  # fmt: skip
    except Exception as exc:
        raise server_error(access, exc) from exc


def server_error(access: ServerAccess, exc: BaseException) -> Unavailable:
    """A Swedish message naming the server: refused token, unknown tenant, or no answer."""
    text = f"{type(exc).__name__} {exc}".lower()
    status = getattr(getattr(exc, "response", None), "status_code", None)
    if status in (401, 403) or any(
        w in text for w in ("401", "403", "unauthorized", "forbidden", "authentication", "auth")
    ):
        given = "fel token" if access.token else "ingen token"
        return Unavailable(
            f"Chroma-servern {access.url} nekade åtkomst ({given}; ange rätt token i "
            f"PROTOKOLL_CHROMA_TOKEN, skickad som {access.header}). Inget skrevs."
        )
    if "tenant" in text or "database" in text:
        return Unavailable(
            f"Chroma-servern {access.url} känner inte till tenant '{access.tenant}' eller "
            f"databas '{access.database}' (PROTOKOLL_CHROMA_TENANT, PROTOKOLL_CHROMA_DATABASE)."
        )
    return Unavailable(f"Chroma-servern {access.url} svarar inte som väntat ({exc}).")


def pages(collection, include: list[str], page: int) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """A collection's records page by page: Chroma's `get` without a limit fails above ~32k rows
    (too many SQL variables)."""
    offset = 0
    while True:
        res = collection.get(include=include, limit=page, offset=offset)
        if not res["ids"]:
            return
        yield res
        offset += len(res["ids"])


class VectorStore:
    """One Chroma collection. A local store opens its client on first use: a process that only
    reads can answer from the vector matrix in `DATA/derived/` and never import chromadb (about
    2 s) or load the HNSW index (about 1 s at 100k chunks, docs/quality.md)."""

    def __init__(
        self,
        path: Path | None = None,
        server: ServerAccess | None = None,
        collection: str = COLLECTION,
        ef_search: int = EF_SEARCH,
        ef_construction: int = 200,
        max_neighbors: int = 32,
    ) -> None:
        self.path, self.server, self.collection_name = path, server, collection
        self._hnsw = {
            "space": "cosine",
            "ef_search": ef_search,
            "ef_construction": ef_construction,
            "max_neighbors": max_neighbors,
        }
        self._client: Any = None
        self._collection: Any = None
        self._max_batch = 0
        self._queried = False
        self._ef: int | None = None
        self._lock = threading.Lock()
        if server:
            self._open()  # a server that does not answer is reported at once, not mid-request

    def _open(self) -> None:
        with self._lock:
            if self._collection is not None:
                return
            import chromadb

            if self.server:
                client = _http_client(self.server)
            else:
                assert self.path is not None
                self.path.mkdir(parents=True, exist_ok=True)
                client = chromadb.PersistentClient(path=str(self.path), settings=client_settings())
            collection = client.get_or_create_collection(
                name=self.collection_name,
                embedding_function=None,
                configuration={"hnsw": self._hnsw},  # type: ignore[typeddict-item]
            )
            self._max_batch = int(client.get_max_batch_size())
            self._client, self._collection = client, collection

    @property
    def client(self) -> Any:
        self._open()
        return self._client

    @property
    def collection(self) -> Any:
        self._open()
        return self._collection

    @property
    def ef_search(self) -> int:
        """The collection's HNSW search breadth, as it was created (Chroma keeps a later change
        from a running client until it is reopened, so it is only ever set at creation)."""
        if self._ef is None:
            hnsw = (self.collection.configuration or {}).get("hnsw") or {}
            self._ef = int(hnsw.get("ef_search") or 100)
        return self._ef

    @property
    def ready(self) -> bool:
        """Whether a query has loaded the HNSW index in this process: until then a reader
        answers exactly from the vector matrix, which costs less than loading it."""
        return self._queried

    def warm(self) -> None:
        """Open the collection and load its HNSW index now (the service does it in the
        background after starting, so that its first requests need not wait for it)."""
        res = self.collection.get(limit=1, include=["embeddings"])
        embs = res.get("embeddings")
        if embs is not None and len(embs):
            self.query(np.asarray(embs[0], dtype=np.float32), 1)

    def _batch(self) -> int:
        self._open()
        return self._max_batch

    def count(self) -> int:
        return int(self.collection.count())

    def upsert(
        self, ids: list[str], vectors: np.ndarray, metadatas: list[dict[str, str | int]]
    ) -> None:
        batch = self._batch()
        for i in range(0, len(ids), batch):
            j = i + batch
            self.collection.upsert(
                ids=ids[i:j],
                embeddings=vectors[i:j].tolist(),
                metadatas=metadatas[i:j],  # type: ignore[arg-type]
            )

    def delete(self, ids: list[str]) -> None:
        batch = self._batch()
        for i in range(0, len(ids), batch):
            self.collection.delete(ids=ids[i : i + batch])

    def query(
        self, vector: np.ndarray, n: int, protocol_ids: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first."""
        if n <= 0:
            return []
        where = None
        if protocol_ids is not None:
            if not protocol_ids:
                return []
            where = {"protocol_id": {"$in": sorted(protocol_ids)}}
        res = self.collection.query(
            query_embeddings=[vector.tolist()],
            n_results=n,
            where=where,  # type: ignore[arg-type]
            include=["distances"],
        )
        self._queried = True
        ids = res["ids"][0]
        dists = (res.get("distances") or [[]])[0]
        return [(i, 1.0 - float(d)) for i, d in zip(ids, dists, strict=True)]

    def vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        return {i: v for i, (v, _) in self.vectors_with_meta(ids).items()}

    def vectors_with_meta(self, ids: list[str]) -> dict[str, tuple[np.ndarray, dict[str, Any]]]:
        """The stored vectors of these ids with the metadata written beside them."""
        if not ids:
            return {}
        res = self.collection.get(ids=ids, include=["embeddings", "metadatas"])
        embs = res.get("embeddings")
        if embs is None:
            return {}
        metas = res.get("metadatas") or [None] * len(res["ids"])
        return {
            i: (np.asarray(e, dtype=np.float32), dict(m or {}))
            for i, e, m in zip(res["ids"], embs, metas, strict=True)
        }

    def vectors_paged(self, wanted: set[str], page: int = 5000) -> dict[str, np.ndarray]:
        """Vectors of the wanted ids, read page by page (a `get` by 100k ids would exceed
        SQLite's variable limit)."""
        out: dict[str, np.ndarray] = {}
        for res in pages(self.collection, ["embeddings"], page):
            embs = res.get("embeddings")
            if embs is not None:
                block = np.asarray(embs, dtype=np.float32)
                for i, cid in enumerate(res["ids"]):
                    if cid in wanted:
                        out[cid] = block[i]
        return out

    def vector_pages(self, page: int = 2000) -> Iterator[tuple[list[str], np.ndarray]]:
        """(ids, float32 vectors) of every record, one page at a time. From a Chroma server a
        page of 5000 took the reader's peak 630 MB up, one of 2000 300 MB, in the same time
        (100k vectors in 8.6 s; docs/benchmarks.md)."""
        for res in pages(self.collection, ["embeddings"], page):
            embs = res.get("embeddings")
            if embs is not None and len(embs):
                yield list(res["ids"]), np.asarray(embs, dtype=np.float32)

    def all_ids(self, page: int = 5000) -> Iterator[str]:
        for res in pages(self.collection, [], page):
            yield from res["ids"]
