"""Avatars are stored small: one square, resized, metadata-free WebP per member."""

import io
import uuid

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

AVATAR_SIZE = 256


def normalise_avatar(upload) -> ContentFile:
    """Crop the picture to a centred square, scale it to 256 px and re-encode it as WebP.

    Re-encoding also drops EXIF data (camera, location) that members rarely mean to publish.
    """
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
        square = ImageOps.fit(image, (AVATAR_SIZE, AVATAR_SIZE), method=Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        square.save(buffer, format="WEBP", quality=85, method=4)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.webp")
