"""Admin upload: receive one file under a size limit, store it in DATA/uploads/, ingest it as a
background job (service/jobs.py), never on the request path.

The body is read with a cap before it is parsed, so an oversized upload is refused without
being buffered whole; the file is then read within the same document limits as the CLI's
(PROTOKOLL_MAX_*), so a decompression bomb is refused before it is unpacked. Uploaded files are
kept (the catalog cites them as the source); uploading a file with the same name again replaces
its earlier version, exactly like `protokoll ingest`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import Request
from protokoll.ingest.errors import ProtokollError, UnsupportedFormat
from protokoll.ingest.readers import supported_suffixes
from protokoll.service import schemas
from protokoll.service.errors import ApiError
from protokoll.service.facade import Protokollsok
from protokoll.service.runtime import Runtime
from protokoll.service.settings import Settings
from starlette.datastructures import UploadFile

MULTIPART_SLACK = 64 * 1024  # boundaries and part headers around the file itself


class UnreadableUpload(ProtokollError):
    code = "unreadable_file"
    http_status = 422


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "too_large", f"Filen är för stor (högst {limit} byte).")


def safe_filename(filename: str | None) -> str:
    """The uploaded file's own name, reduced to one harmless path component."""
    name = Path((filename or "").replace("\\", "/")).name
    name = unicodedata.normalize("NFC", name)
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" .")[:120]
    if not name:
        raise ApiError(400, "invalid_input", "file: filen saknar namn.")
    return name


async def receive_upload(request: Request, settings: Settings) -> tuple[str, bytes]:
    limit = settings.upload_max_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + MULTIPART_SLACK:
        raise _too_large(limit)
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise ApiError(
            415,
            "unsupported_media_type",
            "Skicka filen som multipart/form-data i fältet 'file'.",
        )
    chunks, total = [], 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit + MULTIPART_SLACK:  # a client may lie about or omit Content-Length
            raise _too_large(limit)
        chunks.append(chunk)
    raw = b"".join(chunks)
    sent = False

    async def replay() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": raw, "more_body": False}

    form = await Request(request.scope, replay).form(max_files=1, max_fields=10)
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ApiError(400, "invalid_input", "file: fältet med filen saknas.")
        content = await upload.read()
        name = safe_filename(upload.filename)
    finally:
        await form.close()
    if len(content) > limit:
        raise _too_large(limit)
    suffix = Path(name).suffix.lower()
    if suffix not in supported_suffixes():
        known = ", ".join(supported_suffixes())
        reason = f"filtypen '{suffix or '(ingen)'}' stöds inte (stöds: {known})"
        raise UnsupportedFormat(name, reason)
    return name, content


def upload_dir(settings: Settings) -> Path:
    return settings.data / "uploads"


def ingest_job(runtime: Runtime, name: str, content: bytes) -> Callable[[], dict[str, Any]]:
    """The job that stores the upload and ingests it, as the one writer. Reading, parsing and
    embedding run beside the readers; only the commit holds the index (service/runtime.py)."""
    folder = upload_dir(runtime.settings)
    path = folder / name

    def work(f: Protokollsok) -> dict[str, Any]:
        folder.mkdir(parents=True, exist_ok=True)
        previous = path.read_bytes() if path.exists() else None
        path.write_bytes(content)
        report = f.ingest([path])
        if report.failed:
            if previous is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(previous)
            message = report.failed[0][1]
            for long in (str(path.resolve()), str(path)):  # do not reveal server paths
                message = message.replace(long, name)
            raise UnreadableUpload(message)
        status = next(s for s in ("added", "replaced", "moved", "unchanged") if getattr(report, s))
        source = str(path.resolve())
        pid = next(p["id"] for p in f.protocols() if p["source"] == source)
        result = {"status": status, "protocol": f.protocol(pid, with_text=False)}
        return schemas.UploadResult.model_validate(result).as_json()

    return lambda: runtime.write(work, wait=None)


def delete_upload(settings: Settings, source: str | None) -> None:
    """Remove the stored file of a deleted protocol if it came in through the upload endpoint."""
    if not source:
        return
    path = Path(source)
    if path.parent == upload_dir(settings).resolve():
        path.unlink(missing_ok=True)
