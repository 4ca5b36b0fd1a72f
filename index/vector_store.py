"""Chroma as the dense vector store, always with our own embeddings.

The collection is created with `embedding_function=None`, so Chroma's default (an English model
it would download) can never load, and with a cosine HNSW index whose search/construction
parameters are set at creation (Chroma ignores later changes in a running client). See
`../shared/notes/chromadb.md` for the measurements behind these choices.
"""

from __future__ import annotations

import base64
import json
import logging
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from protokoll.index.lock import IndexBusy

log = logging.getLogger(__name__)

COLLECTION = "chunks"


def _client_settings():  # type: ignore[no-untyped-def]
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False, allow_reset=False)


def _http_client(url: str):  # type: ignore[no-untyped-def]
    """`http://host:port`, `https://host:port` or plain `host:port` (port 8000 if left out)."""
    import chromadb

    ssl = url.startswith("https://")
    rest = url.removeprefix("https://").removeprefix("http://").rstrip("/")
    host, _, port = rest.partition(":")
    return chromadb.HttpClient(
        host=host, port=int(port or 8000), ssl=ssl, settings=_client_settings()
    )


def _pages(collection, include: list[str], page: int) -> Iterator[Any]:  # type: ignore[no-untyped-def]
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
    def __init__(
        self,
        path: Path | None = None,
        server: str | None = None,
        collection: str = COLLECTION,
        ef_search: int = 200,
        ef_construction: int = 200,
        max_neighbors: int = 32,
    ) -> None:
        import chromadb

        if server:
            self.client = _http_client(server)
        else:
            assert path is not None
            path.mkdir(parents=True, exist_ok=True)
            self.client = chromadb.PersistentClient(path=str(path), settings=_client_settings())
        self.collection = self.client.get_or_create_collection(
            name=collection,
            embedding_function=None,
            configuration={
                "hnsw": {
                    "space": "cosine",
                    "ef_search": ef_search,
                    "ef_construction": ef_construction,
                    "max_neighbors": max_neighbors,
                }
            },
        )
        self._max_batch = int(self.client.get_max_batch_size())

    def count(self) -> int:
        return int(self.collection.count())

    def upsert(
        self, ids: list[str], vectors: np.ndarray, metadatas: list[dict[str, str | int]]
    ) -> None:
        for i in range(0, len(ids), self._max_batch):
            j = i + self._max_batch
            self.collection.upsert(
                ids=ids[i:j],
                embeddings=vectors[i:j].tolist(),
                metadatas=metadatas[i:j],  # type: ignore[arg-type]
            )

    def delete(self, ids: list[str]) -> None:
        for i in range(0, len(ids), self._max_batch):
            self.collection.delete(ids=ids[i : i + self._max_batch])

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
        ids = res["ids"][0]
        dists = (res.get("distances") or [[]])[0]
        return [(i, 1.0 - float(d)) for i, d in zip(ids, dists, strict=True)]

    def vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        res = self.collection.get(ids=ids, include=["embeddings"])
        embs = res.get("embeddings")
        if embs is None:
            return {}
        return {i: np.asarray(e, dtype=np.float32) for i, e in zip(res["ids"], embs, strict=True)}

    def vectors_paged(self, wanted: set[str], page: int = 5000) -> dict[str, np.ndarray]:
        """Vectors of the wanted ids, read page by page (a `get` by 100k ids would exceed
        SQLite's variable limit)."""
        out: dict[str, np.ndarray] = {}
        for res in _pages(self.collection, ["embeddings"], page):
            embs = res.get("embeddings")
            if embs is not None:
                block = np.asarray(embs, dtype=np.float32)
                for i, cid in enumerate(res["ids"]):
                    if cid in wanted:
                        out[cid] = block[i]
        return out

    def all_ids(self, page: int = 5000) -> Iterator[str]:
        for res in _pages(self.collection, [], page):
            yield from res["ids"]


class RecordStore:
    """A protocol's catalog rows kept in the Chroma server beside its vectors, one record per
    protocol: what lets a process with an empty data folder serve the same index.

    The document is the version's rows as zlib-compressed JSON (base64); the metadata holds
    the version, so a reader compares versions without fetching documents. Chroma wants a
    vector per record, so each gets a constant one-dimensional one.
    """

    INDEX_RECORD = "__index__"  # model name and dimension of the index's vectors
    WRITER_RECORD = "__writer__"  # the write lease: who writes, until when (epoch seconds)

    def __init__(self, client, name: str) -> None:  # type: ignore[no-untyped-def]
        self.name = name
        self.collection = client.get_or_create_collection(name=name, embedding_function=None)

    def versions(self, page: int = 1000) -> dict[str, str]:
        out: dict[str, str] = {}
        for res in _pages(self.collection, ["metadatas"], page):
            for rid, meta in zip(res["ids"], res["metadatas"] or [], strict=True):
                if not rid.startswith("__") and meta:
                    out[rid] = str(meta["version"])
        return out

    def put(self, record_id: str, version: str, record: dict[str, Any]) -> None:
        blob = zlib.compress(json.dumps(record, ensure_ascii=False).encode("utf-8"), 6)
        self.collection.upsert(
            ids=[record_id],
            embeddings=[[0.0]],
            documents=[base64.b64encode(blob).decode("ascii")],
            metadatas=[{"version": version}],
        )

    def get(self, record_ids: list[str]) -> Iterator[dict[str, Any]]:
        for i in range(0, len(record_ids), 50):
            res = self.collection.get(ids=record_ids[i : i + 50], include=["documents"])
            for doc in res["documents"] or []:
                yield json.loads(zlib.decompress(base64.b64decode(doc)).decode("utf-8"))

    def delete(self, record_id: str) -> None:
        self.collection.delete(ids=[record_id])

    def _meta(self, record_id: str) -> dict[str, str]:
        res = self.collection.get(ids=[record_id], include=["metadatas"])
        metas = res["metadatas"] or []
        return {k: str(v) for k, v in (metas[0] or {}).items()} if metas else {}

    def index_meta(self) -> dict[str, str]:
        return self._meta(self.INDEX_RECORD)

    def acquire_writer(self, holder: str, seconds: float) -> None:
        """Take or renew the write lease. Processes on other machines share no lock file, and
        two writers at once could have one's clean-up delete the other's new vectors.

        Chroma has no compare-and-set, so the lease is written and read back: two processes
        starting in the same instant can still both pass, which the read-back narrows but
        cannot close. An expired lease (a writer that died) is taken over.
        """
        now = time.time()
        current = self._meta(self.WRITER_RECORD)
        if current.get("holder", holder) != holder and float(current.get("until", 0)) > now:
            raise IndexBusy(
                f"Indexet '{self.name}' i Chroma-servern skrivs av en annan process "
                f"({current['holder']}) till kl. "
                f"{time.strftime('%H:%M:%S', time.localtime(float(current['until'])))} "
                "om den inte blir klar förr. Försök igen när den är klar."
            )
        self.collection.upsert(
            ids=[self.WRITER_RECORD], embeddings=[[0.0]],
            metadatas=[{"holder": holder, "until": now + seconds}],
        )  # fmt: skip
        taken = self._meta(self.WRITER_RECORD).get("holder")
        if taken != holder:
            raise IndexBusy(f"Indexet '{self.name}' i Chroma-servern skrivs av {taken}.")

    def writer(self) -> str | None:
        """Who holds the write lease now, if anyone (expired or not)."""
        return self._meta(self.WRITER_RECORD).get("holder")

    def release_writer(self, holder: str) -> None:
        if self._meta(self.WRITER_RECORD).get("holder") == holder:
            self.collection.delete(ids=[self.WRITER_RECORD])

    def set_index_meta(self, meta: dict[str, str]) -> None:
        self.collection.upsert(
            ids=[self.INDEX_RECORD],
            embeddings=[[0.0]],
            metadatas=[meta],  # type: ignore[list-item]
        )
