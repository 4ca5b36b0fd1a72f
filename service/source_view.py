"""The HTML source view of one protocol: its text with an anchor per item and the cited span marked.

Everything that comes from a protocol is escaped; the page carries no inline script or style, so
the CSP can forbid both.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

_HEADING_MARKUP = re.compile(r"^[#*\s]+")


def section_anchor(number: str | None, text: str) -> str | None:
    """`p-45` where the protocol numbers its items with §, else `punkt-7`."""
    if not number:
        return None
    safe = re.sub(r"[^0-9A-Za-z.-]", "-", number)
    paragraph = f"§ {number}" in text or f"§{number}" in text
    return f"p-{safe}" if paragraph else f"punkt-{safe}"


def section_label(number: str | None, title: str, text: str) -> str:
    if not number:
        return title
    anchor = section_anchor(number, text) or ""
    return f"{'§' if anchor.startswith('p-') else 'punkt'} {number} {title}".strip()


class _Marker:
    """Escapes ranges of the text and wraps the part inside [start, end) in <mark>."""

    def __init__(self, text: str, start: int | None, end: int | None) -> None:
        self.text = text
        self.start, self.end = start, end
        self.opened = False

    def render(self, a: int, b: int) -> str:
        t, s0, e0 = self.text, self.start, self.end
        if s0 is None or e0 is None or b <= s0 or a >= e0:
            return escape(t[a:b])
        s, e = max(a, s0), min(b, e0)
        if not self.opened:
            self.opened = True
            open_tag = '<span class="vh">Citatet börjar. </span><mark id="citat" tabindex="-1">'
        else:
            open_tag = "<mark>"
        close = "</mark>" + ('<span class="vh"> Citatet slutar.</span>' if e == e0 else "")
        return escape(t[a:s]) + open_tag + escape(t[s:e]) + close + escape(t[e:b])


def _sections(p: dict[str, Any]) -> list[dict[str, Any]]:
    """Sections in text order, with any text between them as untitled parts."""
    text = p["text"]
    out: list[dict[str, Any]] = []
    pos = 0
    for s in sorted(p.get("sections") or [], key=lambda s: (s["start"], s["end"])):
        start, end = max(s["start"], pos), min(s["end"], len(text))
        if start > pos:
            out.append({"number": None, "title": "", "kind": "gap", "start": pos, "end": start})
        if end > start:
            out.append({**s, "start": start, "end": end})
            pos = end
    if pos < len(text):
        out.append({"number": None, "title": "", "kind": "gap", "start": pos, "end": len(text)})
    return out


def _render_section(s: dict[str, Any], text: str, marker: _Marker, anchor: str) -> str:
    a, b = s["start"], s["end"]
    if s["kind"] in ("preamble", "gap") or not s["title"]:
        return f'<div class="text">{marker.render(a, b)}</div>'
    line_end = text.find("\n", a, b)
    line_end = b if line_end < 0 else line_end
    first_line = text[a:line_end]
    if s["title"].casefold() in first_line.casefold():
        # The item's own first line is its heading: show it as one, without Markdown markers,
        # and drop the blank lines after it (layout, not content).
        markup = _HEADING_MARKUP.match(first_line)
        h_start = a + (len(markup.group(0)) if markup else 0)
        heading = marker.render(h_start, line_end)
        body_start = line_end
        while body_start < b and text[body_start] == "\n":
            body_start += 1
        body = marker.render(body_start, b)
    else:
        heading = escape(section_label(s["number"], s["title"], text))
        body = marker.render(a, b)
    return (
        f'<section id="{escape(anchor)}" aria-labelledby="{escape(anchor)}-h">'
        f'<h2 id="{escape(anchor)}-h">{heading}</h2>'
        f'<div class="text">{body}</div></section>'
    )


def render_source(p: dict[str, Any], start: int | None = None, end: int | None = None) -> str:
    text: str = p["text"]
    marker = _Marker(text, start, end)
    parts: list[str] = []
    toc: list[str] = []
    used: set[str] = set()
    cited_label = None
    for i, s in enumerate(_sections(p)):
        anchor = section_anchor(s.get("number"), text) or f"del-{i}"
        while anchor in used:  # two items with the same number must not share an id
            anchor += "-b"
        used.add(anchor)
        if start is not None and s["start"] <= start < s["end"] and s["kind"] != "gap":
            cited_label = section_label(s.get("number"), s["title"], text)
        parts.append(_render_section(s, text, marker, anchor))
        if s["kind"] not in ("preamble", "gap") and s["title"]:
            label = section_label(s.get("number"), s["title"], text)
            label = escape(label[:1].upper() + label[1:])
            toc.append(f'<li><a href="#{escape(anchor)}">{label}</a></li>')
    meta = [("Datum", p.get("date")), ("Organ", p.get("body")), ("Mötestyp", p.get("kind")),
            ("Plats", p.get("place"))]  # fmt: skip
    meta_html = "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in meta if v)
    ocr = p.get("ocr") or []
    if ocr:
        pages = ", ".join(str(o["page"]) for o in ocr)
        meta_html += (
            f"<dt>Textkälla</dt><dd>OCR-läst (s. {escape(pages)}): texten kommer från en "
            "inskannad sida eller ett trasigt textlager och kan innehålla läsfel</dd>"
        )
    notice = ""
    skip = '<a class="skip" href="#text">Hoppa till texten</a>'
    if start is not None:
        where = f" ({escape(cited_label)})" if cited_label else ""
        from_ocr = any(o["start"] < (end or start) and start < o["end"] for o in ocr)
        ocr_note = (
            ' <span class="ocr">Stycket är OCR-läst och kan innehålla läsfel.</span>'
            if from_ocr
            else ""
        )
        notice = (
            f'<p class="notice">Det citerade stycket{where} är markerat i texten nedan.{ocr_note} '
            '<a href="#citat">Gå till citatet</a></p>'
        )
        skip = '<a class="skip" href="#citat">Hoppa till citatet</a>'
    title = escape(p.get("title") or p["id"])
    nav = (
        f'<nav aria-labelledby="toc-h"><h2 id="toc-h">Punkter</h2><ol>{"".join(toc)}</ol></nav>'
        if toc
        else ""
    )
    return f"""<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{title} – Protokollsök</title>
<link rel="stylesheet" href="/static/source.css">
<script src="/static/source.js" defer></script>
</head>
<body>
{skip}
<header class="site"><a href="/">Protokollsök</a></header>
<main>
<h1>{title}</h1>
<dl class="meta">{meta_html}</dl>
{notice}
{nav}
<article id="text" aria-labelledby="text-h" tabindex="-1">
<h2 id="text-h" class="vh">Protokollets text</h2>
{"".join(parts)}
</article>
</main>
</body>
</html>
"""
