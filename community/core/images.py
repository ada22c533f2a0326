"""Uploaded pictures are decoded in full and re-encoded before anything stores them.

A header check (Pillow's ``verify()``, Willow's format sniffing) passes files that later fail to
decode — a truncated JPEG, say — and it passes whatever is appended after the image data (a
GIF/JavaScript polyglot). Decoding every pixel refuses the first with a message instead of an
error later in a thumbnailer; writing the pixels out again drops the second, along with metadata
members rarely mean to publish (camera, location, comments).

The avatar form checks pictures with ``check_image`` (and writes its own WebP); the Wagtail
admin's image uploads are replaced by what ``clean_image`` returns.
"""

import io
import struct
import warnings
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import IO, TypeVar

from django.core.exceptions import ValidationError
from PIL import Image, ImageCms, ImageFile, ImageSequence, UnidentifiedImageError

# Pillow formats we accept, and the file extension each one is written with.
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
FORMAT_NAMES = "JPEG, PNG, GIF or WebP"

# An animation is decoded frame by frame; past this many frames it is a video, not a picture.
MAX_FRAMES = 500

# What Pillow raises for data it cannot decode. OSError covers truncated files; the others
# come from corrupt headers and chunk tables inside individual plugins.
DECODE_ERRORS = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    TypeError,
    IndexError,
    KeyError,
    EOFError,
    ZeroDivisionError,
    MemoryError,
    struct.error,
)

ORIENTATION_TAG = 0x0112

T = TypeVar("T")

UNREADABLE = f"That file is not an image we can read in full. Upload a {FORMAT_NAMES} picture."


@dataclass(frozen=True)
class CleanImage:
    """An image written out again from its decoded pixels: nothing else of the upload survives."""

    content: bytes
    format: str  # Pillow's name: "JPEG", "PNG", "GIF" or "WEBP"
    width: int
    height: int
    frames: int

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


def unreadable(reason: str = UNREADABLE) -> ValidationError:
    return ValidationError(reason, code="invalid_image")


def check_image(
    upload: IO[bytes],
    *,
    formats: Collection[str] = tuple(EXTENSIONS),
    max_pixels: int | None = None,
    max_side: int | None = None,
) -> tuple[int, int]:
    """Decode every frame of ``upload`` and return its width and height.

    For callers that write the picture out themselves (avatars are re-encoded as WebP).
    """
    return _decoded(
        upload, formats=formats, max_pixels=max_pixels, max_side=max_side, then=_size_of
    )


def clean_image(
    upload: IO[bytes],
    *,
    formats: Collection[str] = tuple(EXTENSIONS),
    max_pixels: int | None = None,
    max_side: int | None = None,
) -> CleanImage:
    """Decode every frame of ``upload`` and re-encode it in the same format.

    Only the pixels, the animation timing and the EXIF orientation survive: whatever was
    appended after the image data, comments and other metadata are gone.
    """
    return _decoded(
        upload, formats=formats, max_pixels=max_pixels, max_side=max_side, then=_reencode
    )


def _decoded(
    upload: IO[bytes],
    *,
    formats: Collection[str],
    max_pixels: int | None,
    max_side: int | None,
    then: Callable[[Image.Image, list[Image.Image]], T],
) -> T:
    """Open ``upload``, check its size on the header alone, decode all frames, call ``then``.

    Raises ``ValidationError`` (code ``invalid_image`` or ``too_many_pixels``) with a message
    a member can act on; never lets a decoder error through.
    """
    # A global LOAD_TRUNCATED_IMAGES would make Pillow pad a cut-off file with grey instead
    # of refusing it; nothing in this project should turn it on.
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES must stay False.")
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=list(formats)) as image:
                _check_size(image, max_pixels=max_pixels, max_side=max_side)
                # Frames are copied out fully decoded: a cut-off frame raises here.
                frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
                return then(image, frames)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "That picture has too many pixels for us to open.", code="too_many_pixels"
        ) from None
    except DECODE_ERRORS:
        raise unreadable() from None
    finally:
        upload.seek(position)


def _check_size(image: Image.Image, *, max_pixels: int | None, max_side: int | None) -> None:
    width, height = image.size
    frames = getattr(image, "n_frames", 1)
    if width < 1 or height < 1:
        raise unreadable()
    if frames > MAX_FRAMES:
        raise ValidationError(
            f"That animation has {frames} frames; the limit is {MAX_FRAMES}.",
            code="too_many_pixels",
        )
    if max_side is not None and (width > max_side or height > max_side):
        raise ValidationError(
            f"That picture is {width}×{height} pixels; the limit is {max_side}×{max_side}.",
            code="too_many_pixels",
        )
    if max_pixels is not None and width * height * frames > max_pixels:
        raise ValidationError(
            f"That picture has {width * height * frames:,} pixels; the limit is {max_pixels:,}.",
            code="too_many_pixels",
        )


def _size_of(image: Image.Image, frames: list[Image.Image]) -> tuple[int, int]:
    return image.size


def _reencode(image: Image.Image, frames: list[Image.Image]) -> CleanImage:
    image_format = image.format
    orientation = image.getexif().get(ORIENTATION_TAG)
    icc_profile = image.info.get("icc_profile")
    durations = [frame.info.get("duration", 100) for frame in frames]
    frames = [_to_srgb(frame, icc_profile) for frame in frames]
    first, rest = frames[0], frames[1:]
    options: dict = {"format": image_format}
    if rest:
        options.update(
            save_all=True, append_images=rest, duration=durations, loop=image.info.get("loop", 0)
        )
    if image_format == "JPEG":
        options.update(quality=90, optimize=True)
    elif image_format == "WEBP":
        # method 2 encodes a photo about twice as fast as the default 4, a few per cent larger.
        options.update(lossless=image.info.get("lossless", False), quality=90, method=2)
    elif image_format == "PNG":
        # zlib level 3 is several times faster than the default 6 on photos, and no larger.
        options.update(compress_level=3)
    if "transparency" in first.info and not rest:
        options["transparency"] = first.info["transparency"]
    if orientation and image_format in ("JPEG", "WEBP", "PNG"):
        # The one piece of metadata worth keeping: without it a phone photo shows sideways.
        exif = Image.Exif()
        exif[ORIENTATION_TAG] = orientation
        options["exif"] = exif
    for frame in frames:
        # Comments, XMP and the like would be written back from .info; the options above
        # say everything that should be.
        frame.info = {}
    buffer = io.BytesIO()
    first.save(buffer, **options)
    return CleanImage(
        content=buffer.getvalue(),
        format=image_format,
        width=first.width,
        height=first.height,
        frames=len(frames),
    )


def _to_srgb(frame: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Bring a colour-managed picture into sRGB, since its profile is not written back."""
    if not icc_profile or frame.mode not in ("RGB", "RGBA"):
        return frame
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        converted = ImageCms.profileToProfile(
            frame, source, ImageCms.createProfile("sRGB"), outputMode=frame.mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A broken profile is not worth refusing the picture for: keep the pixels as they are.
        return frame
    return converted or frame
