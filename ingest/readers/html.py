"""HTML with the standard library's parser: headings and paragraphs become lines.

Scripts, styles, navigation and page chrome (nav, header, footer, aside, form) are dropped; block
elements end a line, table cells are separated by tabs (as attendance lists often are), and
`<br>` is a line break. The file's encoding comes from its BOM or `<meta charset>`, else from
the same evidence-based decoding as plain text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from protokoll.ingest.errors import ReadError
from protokoll.ingest.readers.base import (
    NO_LIMITS,
    RawDocument,
    ReadLimits,
    normalise_text,
    read_nonempty,
)
from protokoll.ingest.readers.text import decode_bytes

_SKIP = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template",
         "svg", "head", "button", "select", "iframe", "object"}  # fmt: skip
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source",
         "track", "wbr", "param"}  # fmt: skip
_BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
          "ul", "ol", "dl", "dt", "dd", "tr", "table", "tbody", "thead", "tfoot", "caption",
          "blockquote", "pre", "address", "figure", "figcaption", "body", "html",
          "center"}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")
        elif tag in _HEADINGS:
            self.parts.append("\n\n")
        elif tag in _BLOCK:
            self.parts.append("\n")
        if tag == "pre":
            self.pre_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.skip_depth:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag in _HEADINGS or tag in ("p", "table"):
            self.parts.append("\n\n")
        elif tag in _BLOCK:
            self.parts.append("\n")
        if tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if not self.pre_depth:
            data = re.sub(r"[ \t\r\n\f\u00a0]+", " ", data)
        self.parts.append(data)


# A page's breadcrumb trail, as meeting systems publish protocols: "Förbundet › Politik och
# beslut › Direktionen › Protokoll" (short parts between three or more of "›", "»" or ">").
_BREADCRUMB = re.compile(r"^[^.!?\n›»>]{1,60}(?:\s[›»>]\s[^.!?\n›»>]{1,60}){2,}$")


def html_to_text(html: str) -> str:
    """Readable text of an HTML document or fragment (not yet normalised); a breadcrumb trail
    is navigation, not the document's title or text."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = []
    for raw in text.split("\n"):
        if _BREADCRUMB.match(raw.strip()):
            continue
        lines.append(_row(raw))
    return "\n".join(lines)


def _row(raw: str) -> str:
    """A line whose cells ("\t" starts each) are apart by one tab. An empty cell inside the row
    stays an empty column, as the Word reader keeps it, so that a roll call's "X" stays under
    "Ja", "Nej" or "Avstår" ("Anna Berg (S)<tab><tab>X"); empty cells at its end go."""
    before, *cells = [c.strip(" ") for c in raw.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return "\t".join([before, *cells] if before else cells)


def _decode_html(data: bytes, path: str) -> tuple[str, str]:
    if not data.startswith(b"\xef\xbb\xbf") and (m := _CHARSET_RE.search(data[:4096])):
        charset = m[1].decode("ascii").lower()
        try:
            return data.decode(charset), charset
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: fall back to the evidence
    return decode_bytes(data, path)


def read_html(path: Path, limits: ReadLimits = NO_LIMITS) -> RawDocument:
    data = read_nonempty(path)
    html, encoding = _decode_html(data, str(path))
    text = normalise_text(html_to_text(html))
    if len(text.strip()) < 20:
        raise ReadError(str(path), "HTML-filen innehåller ingen text att läsa in")
    return RawDocument(text=text, format="html", encoding=encoding)
