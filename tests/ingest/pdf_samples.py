"""Small real PDFs written byte by byte, so reader tests need no corpus and no PDF library.

Text uses the standard Helvetica font with WinAnsi encoding (å/ä/ö are single bytes there);
an "image-only" page carries a grey image and no text, like a scan.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path

Line = tuple[float, float, str]  # x, y (from the bottom, in points), text


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _content(lines: Sequence[Line], size: float = 11) -> bytes:
    ops = []
    for x, y, text in lines:
        ops.append(b"BT /F1 %g Tf %g %g Td " % (size, x, y) + _pdf_string(text) + b" Tj ET")
    return b"\n".join(ops)


def write_pdf(path: Path, pages: Sequence[Sequence[Line]], image_only: bool = False) -> Path:
    """A PDF with one A4 page per entry; each line drawn where it says."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for lines in pages:
        if image_only:
            pixels = zlib.compress(bytes([200]) * (100 * 100))
            image = add(
                b"<< /Type /XObject /Subtype /Image /Width 100 /Height 100 /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
                % len(pixels)
                + pixels
                + b"\nendstream"
            )
            stream = b"q 400 0 0 400 100 300 cm /Im1 Do Q"
            resources = b"<< /XObject << /Im1 %d 0 R >> >>" % image
        else:
            stream = _content(lines)
            resources = b"<< /Font << /F1 %d 0 R >> >>" % font
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %s "
                b"/Contents %d 0 R >>" % (pages_obj, resources, content)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n%\xe5\xe4\xf6\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def protocol_pages(n_pages: int = 4) -> list[list[Line]]:
    """A municipal protocol laid out over pages: a running header (title, date, "Sida N"), a
    footer with the signature box and page number, and one § per page."""
    pages = []
    for p in range(1, n_pages + 1):
        n = 44 + p
        lines: list[Line] = [
            (72, 800, "Protokoll Kultur- och fritidsnämnden 2024-02-01"),
            (480, 800, f"Sida {p}"),
            (72, 700, f"§ {n} Ärende nummer {p} om fritidsgårdar"),
            (72, 680, f"Nämnden behandlade frågan om öppettider för fritidsgård {p} i Åby."),
            (72, 665, "Förvaltningen har berett ärendet och föreslår att nämnden beslutar."),
            (72, 640, f"Beslut: Kultur- och fritidsnämnden godkänner förslaget för gård {p}."),
            (72, 60, "Justerandes signatur"),
            (300, 60, "Utdragsbestyrkande"),
            (290, 40, f"{p}"),
        ]
        pages.append(lines)
    return pages
