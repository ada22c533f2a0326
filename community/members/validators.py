"""Avatar checks: the file must really be an image of a sensible size and shape."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

AVATAR_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "GIF", "WEBP": "WebP"}


def validate_avatar(upload) -> None:
    """Reject anything that is not a JPEG, PNG, GIF or WebP within the size and pixel limits."""
    max_bytes = settings.AVATAR_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            f"Your picture is {filesizeformat(upload.size)}; the limit is {filesizeformat(max_bytes)}.",
            code="avatar_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        # Image.open reads only the header, so the pixel limits are checked before any
        # decompression happens; verify() then walks the data without decoding it.
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            "That file is not an image we can read. Upload a JPEG, PNG, GIF or WebP picture.",
            code="avatar_not_image",
        ) from None
    finally:
        upload.seek(position)
    if image_format not in AVATAR_FORMATS:
        raise ValidationError("Upload a JPEG, PNG, GIF or WebP picture.", code="avatar_format")
    largest, smallest = settings.AVATAR_MAX_PIXELS, settings.AVATAR_MIN_PIXELS
    if width > largest or height > largest:
        raise ValidationError(
            f"Your picture is {width}×{height} pixels; the limit is {largest}×{largest}.",
            code="avatar_too_many_pixels",
        )
    if width < smallest or height < smallest:
        raise ValidationError(
            f"Your picture is {width}×{height} pixels; it needs at least {smallest}×{smallest}.",
            code="avatar_too_small",
        )
