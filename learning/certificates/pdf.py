"""The certificate as a PDF (fpdf2): the holder's name, what was certified, the dates, the code,
and the verification address with its QR code.

Names come in every script. The text is shaped by HarfBuzz (Arabic letters join, right to left
runs read right to left) and drawn with the first font that has each character: DejaVu Sans for
Latin, Greek, Cyrillic, Arabic and Hebrew, then Noto Sans CJK for Chinese, Japanese and Korean,
wherever the system has them (Debian's fonts-dejavu-core and fonts-noto-cjk). The fonts are
embedded, subset to the characters used. A name no available font can draw is not printed as
empty boxes: the certificate prints the member's handle and says the verification page shows
the name in full.
"""

import io
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import segno
from anyascii import anyascii
from django.conf import settings
from django.utils import formats, timezone
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from community.core.links import absolute_url

from ..models import Certificate
from .issuing import verification_path


@dataclass(frozen=True)
class FontFile:
    family: str
    regular: str
    bold: str = ""
    collection_index: int = 0


# In order of preference; each is used if its file exists.
FONTS = (
    FontFile(
        "dejavu",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    FontFile(
        "notocjk",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        collection_index=0,  # the Japanese cut; the collection's others differ in a few glyphs
    ),
)

INK = (31, 41, 55)
MUTED = (96, 106, 120)
ACCENT = (37, 99, 235)


@cache
def _characters(path: str, index: int) -> frozenset[int]:
    """The code points a font file draws."""
    font = TTFont(path, fontNumber=index, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def available_fonts(fonts: tuple[FontFile, ...] = FONTS) -> list[FontFile]:
    return [font for font in fonts if Path(font.regular).is_file()]


def drawable(text: str, fonts: list[FontFile]) -> bool:
    """Whether every character of `text` (spaces and joiners aside) is in one of the fonts;
    with no font file at all, whether PDF's built-in Helvetica (Latin-1) has it."""
    if not fonts:
        return all(ord(char) < 256 for char in text)
    covered = [_characters(font.regular, font.collection_index) for font in fonts]
    return all(
        char.isspace() or ord(char) in (0x200C, 0x200D) or any(ord(char) in c for c in covered)
        for char in text
    )


def _date(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y")


def _qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return buffer


def render(certificate: Certificate, *, fonts: tuple[FontFile, ...] = FONTS) -> bytes:
    """The certificate's PDF. With no font file at all it still answers, in the PDF's built-in
    Helvetica, other scripts transliterated to Latin letters (anyascii)."""
    found = available_fonts(fonts)
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(False)
    site = settings.WAGTAIL_SITE_NAME
    url = absolute_url(verification_path(certificate))
    pdf.set_title(f"{certificate.title}: {certificate.holder_name}")
    pdf.set_author(site)
    pdf.set_subject(f"Certificate {certificate.code}, verify at {url}")
    pdf.set_creator(site)
    for font in found:
        pdf.add_font(font.family, "", font.regular, collection_font_number=font.collection_index)
        bold = font.bold if font.bold and Path(font.bold).is_file() else font.regular
        pdf.add_font(font.family, "B", bold, collection_font_number=font.collection_index)
    if found:
        main = found[0].family
        pdf.set_fallback_fonts([font.family for font in found[1:]], exact_match=False)
        pdf.set_text_shaping(True)
    else:
        main = "helvetica"
    pdf.add_page()

    # A frame in the accent colour.
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, pdf.w - 26, pdf.h - 26)

    def line(text: str, size: float, *, bold: bool = False, colour=INK, gap: float = 4):
        if not drawable(text, found):
            text = anyascii(text)
        pdf.set_font(main, "B" if bold else "", size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(
            pdf.w - 60, size * 0.5, text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.ln(gap)

    is_path = certificate.path_id is not None
    pdf.set_left_margin(30)
    pdf.set_y(30)
    line(site.upper(), 11, colour=MUTED, gap=6)
    line("Certification" if is_path else "Certificate of completion", 30, bold=True, gap=10)
    line("This certifies that", 13, colour=MUTED)
    if drawable(certificate.holder_name, found):
        line(certificate.holder_name, 28, bold=True, colour=ACCENT, gap=6)
    else:
        line(f"@{certificate.member.username}", 28, bold=True, colour=ACCENT, gap=2)
        line(
            "(the holder's name is written in a script this certificate cannot print; "
            "the verification page shows it in full)",
            9,
            colour=MUTED,
            gap=4,
        )
    line("earned the certification" if is_path else "completed the course", 13, colour=MUTED)
    line(certificate.title, 20, bold=True, gap=10)
    dates = f"Issued {_date(certificate.issued_at)}"
    dates += (
        f"  ·  Valid until {_date(certificate.expires_at)}"
        if certificate.expires_at
        else "  ·  Does not expire"
    )
    line(dates, 12)

    # The code and where to check it, with a QR code for phones.
    qr_size = 34
    bottom = pdf.h - 22 - qr_size
    pdf.image(_qr_png(url), x=pdf.w - 30 - qr_size, y=bottom, w=qr_size, h=qr_size)
    pdf.set_xy(30, bottom + 8)
    pdf.set_font(main, "", 10)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 6, "Certificate ID", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(main, "B", 14)
    pdf.set_text_color(*INK)
    pdf.cell(0, 8, certificate.code, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(main, "", 10)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 6, "Check that it is genuine at", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 6, url, link=url, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
