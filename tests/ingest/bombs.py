"""Hostile .docx files written with zipfile alone: decompression bombs of the two shapes an
attacker tried (issue 16), and a small valid document for comparison."""

from __future__ import annotations

import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
HEAD = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'.encode()
TAIL = b"</w:body></w:document>"


def _docx(path: Path, chunks: list[tuple[bytes, int]]) -> Path:
    """A .docx whose main document is HEAD, each (block, times) repeated, then TAIL; streamed,
    so a gigabyte document never sits in memory while it is written."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as out:
            out.write(HEAD)
            for block, times in chunks:
                for _ in range(times):
                    out.write(block)
            out.write(TAIL)
    return path


def paragraph_bomb(path: Path) -> Path:
    """30 MB of empty paragraphs (`<w:p/>`, five million of them) in some 46 KB."""
    return _docx(path, [(b"<w:p/>" * 100_000, 50)])


def whitespace_bomb(path: Path) -> Path:
    """1.5 GB of spaces inside one paragraph, packed to about 1.5 MB."""
    return _docx(path, [(b"<w:p><w:r><w:t>", 1), (b" " * (1 << 20), 1500), (b"</w:t></w:r></w:p>", 1)])


def small_docx(path: Path, paragraphs: list[str]) -> Path:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return _docx(path, [(body.encode(), 1)])
