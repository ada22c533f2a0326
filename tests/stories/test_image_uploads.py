"""Images partners and managers upload in the Wagtail admin: every upload path refuses a file
Pillow cannot decode in full with a message (never a server error, never a stored file), and
stores only re-encoded pixels, so nothing appended to a picture reaches the media folder.

The full-page forms answer 422. The multiple uploader and the page editor's chooser keep
Wagtail's JSON replies (200 with the message), which their scripts show next to the file."""

import html
import io
import json

import pytest
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile

from tests.factories.images import PAYLOAD, Sample, bad_samples, good_samples, polyglot_samples
from tests.factories.stories import make_image

pytestmark = pytest.mark.django_db

BAD = bad_samples()
GOOD = good_samples()
POLYGLOTS = polyglot_samples()
REFUSAL_WORDS = (
    "not an image we can read",
    "pixels",
    "empty",
    "Not a supported image format",
    "does not match the file format",
)


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


@pytest.fixture
def uploader(client, partner, partner_section) -> Collection:
    """A partner, signed in; returns the collection their uploads land in."""
    client.force_login(partner)
    return partner_section.collection


@pytest.fixture(params=["partner", "manager"])
def any_uploader(request, client, partner, partner_section, manager) -> Collection:
    """A partner (in their own collection) or a community manager (in the root collection)."""
    if request.param == "partner":
        client.force_login(partner)
        return partner_section.collection
    client.force_login(manager)
    return Collection.get_first_root_node()


# --- Every path, as a function of the file -----------------------------------------------------


def upload_single(client, sample, collection):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": "Upload", "file": sample.upload(), "collection": collection.pk},
    )


def upload_multiple(client, sample, collection):
    return client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": sample.upload(), "collection": collection.pk},
    )


def upload_in_chooser(client, sample, collection):
    return client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Upload",
            "image-chooser-upload-file": sample.upload(),
            "image-chooser-upload-collection": collection.pk,
        },
    )


def refusal_message(path: str, response) -> str:
    """The message the uploader sees, per path; asserts the status each path answers."""
    if path == "single":
        assert response.status_code == 422
        return " ".join(response.context["form"].errors["file"])
    assert response.status_code == 200
    data = json.loads(response.content)
    if path == "multiple":
        assert data["success"] is False
        return data["error_message"]
    assert data["step"] == "reshow_creation_form"
    return html.unescape(data["htmlFragment"])


UPLOAD = {"single": upload_single, "multiple": upload_multiple, "chooser": upload_in_chooser}


def assert_refused(path, response, media_root) -> None:
    message = refusal_message(path, response)
    assert any(words in message for words in REFUSAL_WORDS), message
    assert not get_image_model().objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize("path", list(UPLOAD))
@pytest.mark.parametrize("sample", BAD.values(), ids=list(BAD))
def test_an_image_that_cannot_be_decoded_is_refused_with_a_message(
    client, uploader, settings, path, sample
):
    response = UPLOAD[path](client, sample, uploader)

    assert_refused(path, response, settings.MEDIA_ROOT)


@pytest.mark.parametrize("path", list(UPLOAD))
@pytest.mark.parametrize("name", ["truncated-jpeg-90pc", "truncated-gif-50pc", "bomb-header-png"])
def test_managers_and_partners_alike_are_refused_a_broken_image(
    client, any_uploader, settings, path, name
):
    response = UPLOAD[path](client, BAD[name], any_uploader)

    assert_refused(path, response, settings.MEDIA_ROOT)


@pytest.mark.parametrize("path", list(UPLOAD))
@pytest.mark.parametrize("sample", GOOD.values(), ids=list(GOOD))
def test_real_pictures_still_upload_in_their_own_format(client, any_uploader, path, sample):
    response = UPLOAD[path](client, sample, any_uploader)

    assert response.status_code in (200, 302)
    image = get_image_model().objects.get()
    assert image.collection == any_uploader
    with image.file.open("rb") as stored, Image.open(stored) as picture:
        picture.load()
        assert picture.format.lower() in sample.name.replace("jpg", "jpeg")
        assert (image.width, image.height) == picture.size


def test_an_animated_gif_keeps_its_frames(client, uploader):
    upload_single(client, GOOD["animated-gif"], uploader)

    image = get_image_model().objects.get()
    with image.file.open("rb") as stored, Image.open(stored) as picture:
        assert picture.n_frames == 3


@pytest.mark.parametrize("path", list(UPLOAD))
@pytest.mark.parametrize("sample", POLYGLOTS.values(), ids=list(POLYGLOTS))
def test_a_script_hidden_in_a_picture_never_reaches_storage(
    client, uploader, settings, path, sample
):
    response = UPLOAD[path](client, sample, uploader)

    assert response.status_code < 500
    for file in stored_files(settings.MEDIA_ROOT):
        content = file.read_bytes()
        assert PAYLOAD not in content
        assert b"document.cookie" not in content


def test_a_bulk_upload_parked_for_its_details_is_stored_without_the_script(
    client, uploader, other_section, settings
):
    # A collection the partner may not use fails the form, so Wagtail parks the file as an
    # upload to complete later: what it parks must already be the re-encoded picture.
    response = upload_multiple(client, POLYGLOTS["gif-then-javascript"], other_section.collection)

    assert response.status_code == 200
    assert UploadedFile.objects.exists() or get_image_model().objects.exists()
    files = stored_files(settings.MEDIA_ROOT)
    assert files
    assert all(PAYLOAD not in file.read_bytes() for file in files)


def test_camera_metadata_is_dropped_but_orientation_kept(client, uploader):
    exif = Image.Exif()
    exif[0x0112] = 6  # shot with the phone on its side
    exif[0x010F] = "Kestrel Phone"  # camera maker
    buffer = io.BytesIO()
    Image.effect_noise((80, 60), 40).convert("RGB").save(buffer, "JPEG", exif=exif)
    upload_single(client, Sample("phone.jpg", buffer.getvalue()), uploader)

    image = get_image_model().objects.get()
    content = image.file.open("rb").read()
    assert b"Kestrel Phone" not in content
    with Image.open(io.BytesIO(content)) as picture:
        assert dict(picture.getexif()) == {0x0112: 6}


# --- Replacing the file of an existing image ----------------------------------------------------


@pytest.mark.parametrize(
    "sample",
    [BAD["truncated-jpeg-50pc"], BAD["html-renamed-gif"], BAD["bomb-header-png"]],
    ids=["truncated-jpeg", "html-renamed-gif", "bomb-header-png"],
)
def test_replacing_an_image_with_a_broken_file_keeps_the_old_one(client, stories, manager, sample):
    client.force_login(manager)
    image = make_image("Kestrel logo")
    original = image.file.name

    response = client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {"title": "Kestrel logo", "file": sample.upload(), "collection": image.collection_id},
    )

    assert response.status_code == 422
    assert response.context["form"].errors["file"]
    image.refresh_from_db()
    assert image.file.name == original


def test_replacing_an_image_with_a_polyglot_stores_only_the_picture(client, stories, manager):
    client.force_login(manager)
    image = make_image("Kestrel logo")

    response = client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": "Kestrel logo",
            "file": POLYGLOTS["gif-then-javascript"].upload(),
            "collection": image.collection_id,
        },
    )

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.file.name.endswith(".gif")
    assert PAYLOAD not in image.file.open("rb").read()
