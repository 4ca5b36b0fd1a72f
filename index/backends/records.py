"""A protocol's catalog rows kept in the Chroma server beside its vectors, and the server
index's write lease: what lets processes on any machine, with data folders of their own, serve
and write one index."""

from __future__ import annotations

import base64
import json
import time
import zlib
from collections.abc import Iterator
from typing import Any

from protokoll.index.backends.chroma import pages
from protokoll.index.lock import IndexBusy


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
        for res in pages(self.collection, ["metadatas"], page):
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
