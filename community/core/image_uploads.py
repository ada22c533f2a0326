"""Images uploaded through the Wagtail admin (by partners and managers) are decoded in full and
re-encoded before Wagtail stores them.

``ImageForm`` is the base of every Wagtail image form (``WAGTAILIMAGES_IMAGE_FORM_BASE``), so the
single and multiple upload views, the chooser's upload tab in the page editor and the "replace
file" form all go through ``CheckedImageField`` (the multiple uploader re-encodes first, see
``MultipleAddView``). The full-page add and edit views answer 422 when the file is refused; the
multiple uploader and the chooser keep Wagtail's JSON replies (200 with the message), because
their scripts show any other status as a bare "server error" and drop the message.
"""

import io

import willow
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse, JsonResponse
from PIL import Image
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtail.images.views import images as image_views
from wagtail.images.views import multiple

from . import images

# What Willow and Pillow raise from inside Wagtail's own checks on a file they cannot decode.
DECODE_ERRORS = (*images.DECODE_ERRORS, Image.DecompressionBombWarning)

CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, refusing what Pillow cannot decode in full and storing only the
    re-encoded pixels (anything appended after the image data, comments and metadata go)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages["invalid_image"] = images.UNREADABLE

    def to_python(self, data):
        try:
            upload = super().to_python(data)
        except DECODE_ERRORS:
            # Wagtail reads the size through Willow, which decodes the image: a cut-off file
            # fails there with a decoder error rather than a validation error.
            raise images.unreadable() from None
        if upload is None or getattr(data, "reencoded", False):
            return upload
        return reencoded_upload(upload, max_pixels=self.max_image_pixels)


def reencoded_upload(upload, *, max_pixels: int | None) -> SimpleUploadedFile:
    """The upload's picture, decoded and written out again, under the same name."""
    cleaned = images.clean_image(upload, max_pixels=max_pixels)
    clean_upload = SimpleUploadedFile(
        upload.name, cleaned.content, content_type=CONTENT_TYPES[cleaned.format]
    )
    # Wagtail's form and views read `.image` from the cleaned value, as they do from theirs.
    clean_upload.image = willow.Image.open(io.BytesIO(cleaned.content))
    clean_upload.reencoded = True
    return clean_upload


class ImageForm(BaseImageForm):
    """The base form of Wagtail's image forms: the file goes through ``CheckedImageField``."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        # Wagtail builds the field per form class (its settings are read then), so it is
        # replaced here rather than declared, which would also add it to the forms that
        # leave the file out (the multiple uploader's edit form).
        if field is not None and not isinstance(field, CheckedImageField):
            self.fields["file"] = CheckedImageField(
                label=field.label, required=field.required, widget=field.widget
            )


def refused_file_status(form, response: HttpResponse) -> HttpResponse:
    """A full-page image form re-shown because its file was refused answers 422."""
    if form is not None and "file" in form.errors and response.status_code == 200:
        response.status_code = 422
    return response


class CreateView(image_views.CreateView):
    def form_invalid(self, form):
        return refused_file_status(form, super().form_invalid(form))


class EditView(image_views.EditView):
    def form_invalid(self, form):
        return refused_file_status(form, super().form_invalid(form))


class MultipleAddView(multiple.AddView):
    """The multiple uploader, re-encoding each file before Wagtail sees it.

    When another field fails (a collection the uploader may not use, a title too long),
    Wagtail parks the raw file as an ``UploadedFile`` and stores it later without the image
    form: re-encoding here first means only the checked picture can be parked.
    """

    def post(self, request):
        upload = request.FILES.get("files[]")
        if upload is not None:
            max_pixels = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128 * 1000000)
            try:
                request.FILES["files[]"] = reencoded_upload(upload, max_pixels=max_pixels)
            except ValidationError as error:
                return JsonResponse({"success": False, "error_message": " ".join(error.messages)})
        return super().post(request)
