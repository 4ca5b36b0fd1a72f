"""Riksdagen open data: a `dokumentstatus` JSON document with its full text as HTML.

The text comes from `dokument.html`; title, date, organ and kind come from the JSON's own fields
(`RawDocument.metadata`), which the parser prefers over guessing them from the text. Any other
JSON is refused by name: it is not a protocol format this reader knows.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from protokoll.ingest.errors import ReadError
from protokoll.ingest.readers.base import (
    NO_LIMITS,
    RawDocument,
    ReadLimits,
    normalise_text,
    read_nonempty,
)
from protokoll.ingest.readers.html import html_to_text
from protokoll.ingest.readers.text import decode_bytes

# Riksdagen's organ codes (the committees and chamber bodies that issue documents).
ORGANS = {
    "AU": "Arbetsmarknadsutskottet", "CU": "Civilutskottet", "FiU": "Finansutskottet",
    "FöU": "Försvarsutskottet", "JuU": "Justitieutskottet", "KU": "Konstitutionsutskottet",
    "KrU": "Kulturutskottet", "MJU": "Miljö- och jordbruksutskottet", "NU": "Näringsutskottet",
    "SfU": "Socialförsäkringsutskottet", "SkU": "Skatteutskottet", "SoU": "Socialutskottet",
    "TU": "Trafikutskottet", "UbU": "Utbildningsutskottet", "UU": "Utrikesutskottet",
    "UFöU": "Sammansatta utrikes- och försvarsutskottet", "EUN": "EU-nämnden",
    "kammaren": "Riksdagens kammare",
}  # fmt: skip
KINDS = {"bet": "betänkande", "prot": "sammanträde", "yttr": "yttrande", "utl": "utlåtande"}


# Riksdagen's text is laid out from the printed report, and a word broken at a line's end keeps
# its hyphen ("sommarlovsakti-viteter", "den offentliga verk-samheten"). Such a word is joined
# when the document writes it whole elsewhere; a word with a hyphen of its own ("icke-statliga",
# "hbtq-personer") is not written so, and one after an acronym or before a capital ("EU-rätten",
# "Ann-Britt") is never taken for a break.
_BROKEN = re.compile(r"(?<![\w-])([A-ZÅÄÖa-zåäöéü][a-zåäöéü]+)-([a-zåäöéü]{2,})(?![\w-])")


def _rejoined(text: str) -> str:
    whole = set(re.findall(r"[a-zåäöéü]+", text.lower()))
    return _BROKEN.sub(lambda m: m[1] + m[2] if (m[1] + m[2]).lower() in whole else m[0], text)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def read_riksdagen_json(path: Path, limits: ReadLimits = NO_LIMITS) -> RawDocument:
    data = read_nonempty(path)
    raw, _ = decode_bytes(data, str(path))
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ReadError(str(path), f"ogiltig JSON (rad {exc.lineno}: {exc.msg})") from exc
    doc = obj.get("dokumentstatus", {}).get("dokument") if isinstance(obj, dict) else None
    if not isinstance(doc, dict):
        raise ReadError(
            str(path),
            "okänt JSON-format: bara Riksdagens öppna data ('dokumentstatus') stöds",
        )
    html = _text(doc.get("html"))
    if not html:
        raise ReadError(str(path), "Riksdagsdokumentet saknar text ('dokument.html' är tomt)")
    title = _text(doc.get("titel"))
    heading = _text(doc.get("typrubrik"))  # "Betänkande 2018/19:AU1"
    full_title = f"{heading} {title}".strip() if heading and title else heading or title
    organ = _text(doc.get("organ"))
    metadata = {
        "title": full_title,
        "date": _text(doc.get("datum"))[:10],
        "body": ORGANS.get(organ, organ),
        "kind": KINDS.get(_text(doc.get("doktyp")), _text(doc.get("doktyp"))),
        "id": _text(doc.get("dok_id")),
    }
    # The title goes first in the text too, so a chunk's citation header and the text agree.
    text = normalise_text(f"{full_title}\n\n{_rejoined(html_to_text(html))}")
    return RawDocument(
        text=text, format="riksdagen-json", metadata={k: v for k, v in metadata.items() if v}
    )
