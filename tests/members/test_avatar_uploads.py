"""A member's profile picture: whatever file arrives, the profile form answers with a message,
never a server error, and stores nothing but the re-encoded picture."""

import pytest
from PIL import Image

from tests.factories.images import (
    PAYLOAD,
    bad_samples,
    good_samples,
    polyglot_samples,
    stored_files,
)

EDIT_URL = "/members/me/edit/"

pytestmark = pytest.mark.django_db


def profile_data(member, **overrides) -> dict:
    profile = member.profile
    return {
        "display_name": "Ana Souza",
        "industry": profile.industry_id,
        "country": profile.country_id,
        "audience": profile.audience,
        "company": "Loja Azul",
        "bio": "Profile text the member typed: **keep me**.",
        **overrides,
    }


@pytest.mark.parametrize("sample", bad_samples().values(), ids=list(bad_samples()))
def test_unreadable_picture_is_refused_with_a_message_and_nothing_saved(
    client, member, settings, sample
):
    response = client.post(EDIT_URL, profile_data(member, avatar=sample.upload()))

    assert response.status_code == 422
    errors = " ".join(response.context["form"].errors.get("avatar", []))
    assert any(reason in errors for reason in ("not an image we can read", "pixels", "empty"))
    assert errors in response.content.decode().replace("&#x27;", "'")
    # What the member typed is still in the form.
    assert "Profile text the member typed" in response.content.decode()
    member.profile.refresh_from_db()
    assert member.profile.company == "Old Company"
    assert not member.profile.avatar
    assert stored_files(settings.MEDIA_ROOT) == []


@pytest.mark.parametrize("sample", good_samples().values(), ids=list(good_samples()))
def test_every_kind_of_picture_still_becomes_an_avatar(client, member, settings, sample):
    response = client.post(EDIT_URL, profile_data(member, avatar=sample.upload()))

    assert response.status_code == 302
    member.profile.refresh_from_db()
    with Image.open(settings.MEDIA_ROOT / member.profile.avatar.name) as stored:
        assert stored.format == "WEBP"


@pytest.mark.parametrize("sample", polyglot_samples().values(), ids=list(polyglot_samples()))
def test_a_script_hidden_in_a_picture_never_reaches_the_stored_avatar(
    client, member, settings, sample
):
    response = client.post(EDIT_URL, profile_data(member, avatar=sample.upload()))

    assert response.status_code in (302, 422)
    for path in stored_files(settings.MEDIA_ROOT):
        content = path.read_bytes()
        assert PAYLOAD not in content
        assert b"document.cookie" not in content
