"""`/docs`: the HTTP API described from its own OpenAPI schema, as a plain page.

The page is rendered on the server from the same schema and needs no script: FastAPI's default
page loads Swagger UI from a CDN, which needs internet and inline script. This one works offline
and under the strict CSP of every other page.
"""

from __future__ import annotations

from html import escape
from typing import Any

_METHODS = ("get", "post", "put", "patch", "delete")


def _type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"])
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    kind = str(schema.get("type", ""))
    if kind == "array":
        return f"lista av {_type(schema.get('items', {}))}"
    return kind or "–"


def _operation(i: int, method: str, path: str, op: dict[str, Any]) -> str:
    parts = [f'<section id="op-{i}" aria-labelledby="op-{i}-h">',
             f'<h2 id="op-{i}-h"><code>{method.upper()} {escape(path)}</code></h2>']  # fmt: skip
    for text in (op.get("summary"), op.get("description")):
        if text:
            parts.append(f"<p>{escape(str(text))}</p>")
    params = op.get("parameters", [])
    if params:
        rows = "".join(
            f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p.get('in', ''))}</td>"
            f"<td>{'ja' if p.get('required') else 'nej'}</td>"
            f"<td>{escape(_type(p.get('schema', {})))}</td>"
            f"<td>{escape(str(p.get('description') or p.get('schema', {}).get('description', '')))}"
            "</td></tr>"
            for p in params
        )
        parts.append(
            '<h3>Parametrar</h3><table><thead><tr><th scope="col">namn</th>'
            '<th scope="col">var</th><th scope="col">krävs</th><th scope="col">typ</th>'
            f'<th scope="col">beskrivning</th></tr></thead><tbody>{rows}</tbody></table>'
        )
    body = op.get("requestBody", {}).get("content", {})
    if body:
        kinds = ", ".join(f"<code>{escape(k)}</code>" for k in body)
        parts.append(f"<h3>Kropp</h3><p>{kinds}</p>")
    responses = op.get("responses", {})
    if responses:
        items = "".join(
            f"<li><code>{escape(code)}</code> {escape(str(r.get('description', '')))}</li>"
            for code, r in responses.items()
        )
        parts.append(f"<h3>Svar</h3><ul>{items}</ul>")
    parts.append("</section>")
    return "".join(parts)


def render_api_docs(schema: dict[str, Any]) -> str:
    info = schema.get("info", {})
    ops = [
        (method, path, op)
        for path, item in schema.get("paths", {}).items()
        for method, op in item.items()
        if method in _METHODS
    ]
    toc = "".join(
        f'<li><a href="#op-{i}"><code>{m.upper()} {escape(p)}</code></a></li>'
        for i, (m, p, _) in enumerate(ops)
    )
    sections = "".join(_operation(i, m, p, op) for i, (m, p, op) in enumerate(ops))
    title = escape(f"{info.get('title', 'API')} – API")
    return (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{title}</title><link rel="stylesheet" href="/static/source.css"></head>'
        f"<body><main><h1>{title}</h1>"
        f"<p>{escape(str(info.get('description', '')))}</p>"
        f'<p>Maskinläsbar beskrivning: <a href="/openapi.json">/openapi.json</a> '
        f"(OpenAPI {escape(str(schema.get('openapi', '')))}, version "
        f"{escape(str(info.get('version', '')))}).</p>"
        f'<nav aria-label="Anrop"><ul>{toc}</ul></nav>{sections}</main></body></html>'
    )
