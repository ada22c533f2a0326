"""Avatar checks: the file must really be an image of a sensible size and shape."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from community.core import images

AVATAR_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "GIF", "WEBP": "WebP"}
UNREADABLE = "That file is not an image we can read. Upload a JPEG, PNG, GIF or WebP picture."


def validate_avatar(upload) -> None:
    """Reject anything that is not a JPEG, PNG, GIF or WebP within the size and pixel limits."""
    max_bytes = settings.AVATAR_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            f"Your picture is {filesizeformat(upload.size)}; the limit is {filesizeformat(max_bytes)}.",
            code="avatar_too_large",
        )
    largest, smallest = settings.AVATAR_MAX_PIXELS, settings.AVATAR_MIN_PIXELS
    # Every pixel is decoded, not just the header, so a cut-off file is refused here rather
    # than failing when the avatar is resized; the size limit is checked before decoding.
    try:
        width, height = images.check_image(upload, formats=AVATAR_FORMATS, max_side=largest)
    except ValidationError as error:
        if error.code == "invalid_image":
            raise ValidationError(UNREADABLE, code="avatar_not_image") from None
        raise ValidationError(error.messages, code="avatar_too_many_pixels") from None
    if width < smallest or height < smallest:
        raise ValidationError(
            f"Your picture is {width}×{height} pixels; it needs at least {smallest}×{smallest}.",
            code="avatar_too_small",
        )
