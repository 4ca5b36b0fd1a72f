"""Hostile .docx files written with zipfile alone: decompression bombs of the two shapes an
attacker tried (issue 16), and a small valid document for comparison."""

from __future__ import annotations

import struct
import zipfile
import zlib
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


def whitespace_bomb(path: Path, megabytes: int = 1500) -> Path:
    """1.5 GB of spaces inside one paragraph, packed to about 1.5 MB.

    Deflating 1.5 GB would take the test a minute, so the stream is built from one compressed
    megabyte: after a full flush the compressor's window is empty, and the same input gives the
    same bytes again, so repeating them is a valid deflate stream of the repeated input."""
    block = b" " * (1 << 20)
    head, tail = HEAD + b"<w:p><w:r><w:t>", b"</w:t></w:r></w:p>" + TAIL
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    once = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    end = c.compress(tail) + c.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(megabytes):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + megabytes * len(block) + len(tail)
    packed = len(start) + megabytes * len(once) + len(end)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
    # Append the main document as a raw entry: local header, data, then a new directory.
    with zipfile.ZipFile(path) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    name = b"word/document.xml"
    out = bytearray()
    directory = bytearray()
    for info, data in entries:
        raw = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed_data = raw.compress(data) + raw.flush()
        offset = len(out)
        fname = info.filename.encode()
        out += (
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                8,
                0,
                0,
                zlib.crc32(data),
                len(packed_data),
                len(data),
                len(fname),
                0,
            )
            + fname
            + packed_data
        )
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0,
                                 zlib.crc32(data), len(packed_data), len(data), len(fname),
                                 0, 0, 0, 0, 0, offset) + fname  # fmt: skip
    offset = len(out)
    header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, packed, size,
                         len(name), 0) + name  # fmt: skip
    directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, packed,
                             size, len(name), 0, 0, 0, 0, 0, offset) + name  # fmt: skip
    with path.open("wb") as f:
        f.write(out)
        f.write(header)
        f.write(start)
        for _ in range(megabytes):
            f.write(once)
        f.write(end)
        at = f.tell()
        f.write(directory)
        f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries) + 1, len(entries) + 1,
                            len(directory), at, 0))  # fmt: skip
    return path


def small_docx(path: Path, paragraphs: list[str]) -> Path:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return _docx(path, [(body.encode(), 1)])
