"""Word (.docx) with python-docx: body paragraphs and tables in document order.

Page headers and footers of a Word file live apart from the body, so they never reach the text.
Headings stay lines of their own with a blank line around them, so the parser sees them as such.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from protokoll.ingest.errors import ReadError
from protokoll.ingest.readers.base import RawDocument, normalise_text


def read_docx(path: Path) -> RawDocument:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        if path.stat().st_size == 0:
            raise ReadError(str(path), "filen är tom")
        if not zipfile.is_zipfile(path):  # python-docx would only say "Package not found"
            raise ReadError(str(path), "Word-filen är skadad eller ingen .docx (inget zip-arkiv)")
        document = docx.Document(str(path))
    except ReadError:
        raise
    except OSError as exc:
        raise ReadError(str(path), f"kan inte läsas ({exc.strerror or exc})") from exc
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(str(path), f"Word-filen är skadad eller ingen .docx ({exc})") from exc
    except Exception as exc:  # python-docx raises lxml and package errors of many kinds
        raise ReadError(str(path), f"Word-filen kan inte läsas ({exc})") from exc

    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            style = (item.style.name if item.style is not None else "") or ""
            if style.lower().startswith(("heading", "rubrik", "title")) and text:
                blocks.append(f"\n{text}\n")
            else:
                blocks.append(text)
        elif isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:
                    t = " ".join(cell.text.split())
                    if t and (not cells or cells[-1] != t):  # merged cells repeat their text
                        cells.append(t)
                blocks.append("\t".join(cells))
            blocks.append("")
    text = normalise_text("\n".join(blocks))
    if len(text.strip()) < 20:
        raise ReadError(str(path), "Word-filen innehåller nästan ingen text")
    return RawDocument(text=text, format="docx")
