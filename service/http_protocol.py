"""uvicorn's httptools protocol, with requests refused for their size answered in the API's one
error shape.

httptools (a C parser) serves a search ~3 ms faster than h11, uvicorn's pure-Python parser, at
100k chunks (docs/benchmarks.md). But uvicorn refuses an address it cannot parse, such as one of
100 kB, with a plain-text 400 before the app sees it. Shorter oversized requests reach
`guards.RequestSize`; this answers the longer ones with the same 414 or 431 and JSON body.
"""

from __future__ import annotations

import json

from protokoll.service.guards import oversized
from protokoll.service.limits import MAX_HEADER_BYTES, MAX_URL_BYTES
from protokoll.service.schemas import ErrorBody, ErrorDetail
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol


class GuardedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol; a request it cannot parse that is over our size limits is
    refused as `guards.RequestSize` refuses it, any other as uvicorn does."""

    def send_400_response(self, msg: str) -> None:
        url = len(getattr(self, "url", b"") or b"")
        headers = getattr(self, "headers", None) or ()
        refused = oversized(url, headers, MAX_URL_BYTES, MAX_HEADER_BYTES)
        if refused is None:
            super().send_400_response(msg)
            return
        status, code, message = refused
        error = ErrorBody(error=ErrorDetail(code=code, message=message)).as_json()
        body = json.dumps(error, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        content = [STATUS_LINE[status]]
        for name, value in self.server_state.default_headers:
            content.extend([name, b": ", value, b"\r\n"])
        content.extend([
            b"content-type: application/json\r\n",
            b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
            b"x-content-type-options: nosniff\r\n",
            b"connection: close\r\n",
            b"\r\n",
            body,
        ])  # fmt: skip
        self.transport.write(b"".join(content))
        self.transport.close()
