"""The one place uploaded pictures are decoded and re-encoded (avatars and admin images)."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageCms, ImageFile

from community.core.images import check_image, clean_image
from tests.factories.images import PAYLOAD, animated_gif, bad_samples, photo, polyglot_samples


def test_nothing_in_the_project_lets_pillow_pad_out_cut_off_pictures():
    # With this on, a truncated upload would be stored padded with grey instead of refused.
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


@pytest.mark.parametrize("name", ["truncated-jpeg-90pc", "truncated-webp-50pc", "empty-jpg"])
def test_a_cut_off_picture_is_refused_with_a_message(name):
    with pytest.raises(ValidationError) as refused:
        check_image(io.BytesIO(bad_samples()[name].content))

    assert "not an image we can read" in refused.value.messages[0]


def test_the_size_limit_is_checked_before_decoding():
    with pytest.raises(ValidationError) as refused:
        clean_image(io.BytesIO(photo("PNG", size=(300, 200))), max_side=100)

    assert refused.value.messages == ["That picture is 300×200 pixels; the limit is 100×100."]


@pytest.mark.parametrize("name", list(polyglot_samples()))
def test_what_follows_or_hides_in_a_picture_is_not_written_back(name):
    cleaned = clean_image(io.BytesIO(polyglot_samples()[name].content))

    assert PAYLOAD not in cleaned.content
    assert b"document.cookie" not in cleaned.content


def test_an_animation_keeps_its_frames_and_timing():
    cleaned = clean_image(io.BytesIO(animated_gif(frames=4)))

    with Image.open(io.BytesIO(cleaned.content)) as picture:
        assert (cleaned.format, picture.n_frames, picture.info["duration"]) == ("GIF", 4, 120)


def test_a_colour_managed_photo_is_stored_without_its_profile():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 40, 40)).save(buffer, "JPEG", icc_profile=profile)

    cleaned = clean_image(buffer)

    with Image.open(io.BytesIO(cleaned.content)) as picture:
        assert "icc_profile" not in picture.info
