"""Small text-only PDF CVs, written with pypdf: the demo's applicants send them.

One A4 page per 50 lines of text, in Helvetica; characters Helvetica's Latin encoding lacks are
spelled in ASCII (anyascii), since a demo CV only has to read well, not carry every script.
"""

from collections.abc import Sequence
from io import BytesIO

from anyascii import anyascii
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

A4 = (595, 842)
MARGIN = 56
LEADING = 15
LINES_PER_PAGE = 50


def pdf_cv(
    lines: Sequence[str], *, title: str = "Curriculum vitae", compress: bool = True
) -> bytes:
    """A PDF whose pages show ``lines`` (the first one larger, as a heading)."""
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    chunks = [
        lines[start : start + LINES_PER_PAGE] for start in range(0, len(lines), LINES_PER_PAGE)
    ]
    for number, chunk in enumerate(chunks or [[]]):
        page = writer.add_blank_page(*A4)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        stream = DecodedStreamObject()
        stream.set_data(_text_operators(chunk, heading=number == 0))
        page[NameObject("/Contents")] = writer._add_object(
            stream.flate_encode() if compress else stream
        )
    writer.add_metadata({"/Title": title})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _text_operators(lines: Sequence[str], *, heading: bool) -> bytes:
    top = A4[1] - MARGIN
    operators = [f"BT /F1 11 Tf {LEADING} TL {MARGIN} {top} Td".encode()]
    for index, line in enumerate(lines):
        size = 16 if heading and index == 0 else 11
        operators.append(b"/F1 %d Tf (%s) Tj T*" % (size, _pdf_string(line)))
    operators.append(b"ET")
    return b"\n".join(operators)


def _pdf_string(text: str) -> bytes:
    encoded = bytearray()
    for char in text:
        try:
            encoded += char.encode("cp1252")
        except UnicodeEncodeError:
            encoded += anyascii(char).encode("ascii")
    return bytes(encoded).replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
