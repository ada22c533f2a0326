"""A member's own profile form and the public profile page others see."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from community.members.models import Audience, Country, Industry
from tests.factories import CommunityManagerFactory, CustomerFactory, PartnerFactory
from tests.factories.images import stored_files
from tests.markup import event_handler_attributes, inline_script_text, page_headings, urls

EDIT_URL = "/members/me/edit/"

pytestmark = pytest.mark.django_db


def png(width: int = 64, height: int = 64, *, noisy: bool = False) -> bytes:
    image = Image.new("RGB", (width, height), (32, 96, 160))
    if noisy:
        image = Image.effect_noise((width, height), 64).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def profile_data(**overrides) -> dict:
    data = {
        "display_name": "Ana Souza",
        "industry": Industry.objects.get(name="Retail & e-commerce").pk,
        "country": "BR",
        "audience": "b2c",
        "company": "Loja Azul",
        "job_title": "Head of E-commerce",
        "bio": "I run **online sales** at Loja Azul.",
    }
    data.update(overrides)
    return data


def test_profile_edit_requires_sign_in(client):
    response = client.get(EDIT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "next=/members/me/edit/" in response["Location"]


def test_profile_edit_form_shows_current_values(client, member):
    response = client.get(EDIT_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Ana Lima"' in content
    assert 'value="Old Company"' in content


def test_saving_profile_updates_segment_and_bio(client, member):
    response = client.post(EDIT_URL, profile_data())

    assert response.status_code == 302
    member.refresh_from_db()
    profile = member.profile
    profile.refresh_from_db()
    assert response["Location"] == member.get_absolute_url()
    assert member.display_name == "Ana Souza"
    assert profile.industry.name == "Retail & e-commerce"
    assert profile.country == Country.objects.get(code="BR")
    assert profile.region.code == "LATAM"
    assert profile.audience == Audience.B2C
    assert profile.company == "Loja Azul"
    assert profile.job_title == "Head of E-commerce"
    assert "<strong>online sales</strong>" in profile.bio_html


def test_script_in_bio_never_reaches_the_profile_page(client, member):
    bio = (
        "Hello <script>alert('owned')</script>\n\n"
        '<img src="x" onerror="alert(1)">\n\n'
        "[click me](javascript:alert(1))"
    )
    client.post(EDIT_URL, profile_data(bio=bio))

    page = client.get(member.get_absolute_url()).content.decode()

    assert "owned" not in inline_script_text(page)
    assert "<script>alert('owned')" not in page
    assert not event_handler_attributes(page)
    assert not [url for url in urls(page) if url.startswith("javascript:")]
    assert "Hello" in page


def test_display_name_is_shown_as_text_not_markup(client, member):
    client.post(EDIT_URL, profile_data(display_name='<img src=x onerror="alert(1)">Ana'))

    page = client.get(member.get_absolute_url()).content.decode()

    assert not event_handler_attributes(page)
    assert "&lt;img src=x" in page


def test_markdown_bio_is_rendered_on_the_profile_page(client, member):
    client.post(EDIT_URL, profile_data(bio="I run **online sales**.\n\n- B2C\n- Marketplaces"))

    page = client.get(member.get_absolute_url()).content.decode()

    assert "<strong>online sales</strong>" in page
    assert "<li>Marketplaces</li>" in page


def test_invalid_segment_on_profile_is_refused_with_422(client, member):
    response = client.post(EDIT_URL, profile_data(industry="999999", country="XX"))

    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "industry" in errors and "country" in errors
    member.refresh_from_db()
    assert member.display_name == "Ana Lima"


def test_valid_avatar_is_saved(client, member, settings):
    avatar = SimpleUploadedFile("me.png", png(), content_type="image/png")

    response = client.post(EDIT_URL, {**profile_data(), "avatar": avatar})

    assert response.status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.avatar.name.startswith(f"avatars/{member.pk}/")
    saved = settings.MEDIA_ROOT / member.profile.avatar.name
    with Image.open(saved) as image:
        image.verify()
        width, height = image.size
    assert width == height, "avatars are stored square"


def test_avatar_is_published_without_camera_metadata(client, member, settings):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x0132] = "2026:05:01 10:00:00"  # date taken
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 80, 40)).save(buffer, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("holiday.jpg", buffer.getvalue(), content_type="image/jpeg")

    response = client.post(EDIT_URL, {**profile_data(), "avatar": upload})

    assert response.status_code == 302
    member.profile.refresh_from_db()
    stored = (settings.MEDIA_ROOT / member.profile.avatar.name).read_bytes()
    assert b"PhoneMaker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()


def test_replacing_avatar_leaves_no_old_picture_behind(
    client, member, settings, django_capture_on_commit_callbacks
):
    for width in (41, 42):
        upload = SimpleUploadedFile("me.png", png(width, 40), content_type="image/png")
        # Files may be removed once the new profile is committed.
        with django_capture_on_commit_callbacks(execute=True):
            client.post(EDIT_URL, {**profile_data(), "avatar": upload})

    member.profile.refresh_from_db()
    stored = stored_files(settings.MEDIA_ROOT)
    assert [path.relative_to(settings.MEDIA_ROOT).as_posix() for path in stored] == [
        member.profile.avatar.name
    ]


def test_member_can_remove_their_avatar(
    client, member, settings, django_capture_on_commit_callbacks
):
    client.post(
        EDIT_URL,
        {**profile_data(), "avatar": SimpleUploadedFile("me.png", png(), content_type="image/png")},
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EDIT_URL, {**profile_data(), "clear_avatar": "on"})

    assert response.status_code == 302
    member.profile.refresh_from_db()
    assert not member.profile.avatar
    assert stored_files(settings.MEDIA_ROOT) == []


@pytest.mark.parametrize(
    ("limits", "content", "message"),
    [
        (
            {},
            b"this is plain text, not a picture",
            "not an image",
        ),
        (
            {"AVATAR_MAX_BYTES": 500},
            png(200, 200, noisy=True),
            "the limit is",
        ),
        (
            {"AVATAR_MAX_PIXELS": 100},
            png(101, 60),
            "the limit is 100×100",
        ),
        (
            {},
            png(8, 8),
            "at least",
        ),
    ],
    ids=["not-an-image", "too-many-bytes", "too-many-pixels", "too-small"],
)
def test_unacceptable_avatar_is_refused_and_nothing_saved(
    client, member, settings, limits, content, message
):
    for name, value in limits.items():
        setattr(settings, name, value)
    upload = SimpleUploadedFile("me.png", content, content_type="image/png")

    response = client.post(EDIT_URL, {**profile_data(), "avatar": upload})

    assert response.status_code == 422
    avatar_errors = " ".join(response.context["form"].errors.get("avatar", []))
    assert message in avatar_errors
    assert message in response.content.decode()
    member.refresh_from_db()
    member.profile.refresh_from_db()
    assert member.display_name == "Ana Lima"
    assert member.profile.company == "Old Company"
    assert not member.profile.avatar
    assert stored_files(settings.MEDIA_ROOT) == []


# --- The public profile -----------------------------------------------------------------


def test_public_profile_shows_name_company_and_segment(client):
    member = CustomerFactory(
        display_name="Kenji Watanabe",
        profile__company="Sakura Logistics",
        profile__job_title="Operations Director",
        profile__industry=Industry.objects.get(name="Manufacturing"),
        profile__country=Country.objects.get(code="JP"),
    )

    response = client.get(f"/members/{member.username}/")

    assert response.status_code == 200
    content = response.content.decode()
    assert page_headings(content) == ["Kenji Watanabe"]
    assert "Sakura Logistics" in content
    assert "Manufacturing" in content
    assert "Japan" in content


@pytest.mark.parametrize(
    ("factory", "badge"),
    [(PartnerFactory, "Partner"), (CommunityManagerFactory, "Community manager")],
    ids=["partner", "community-manager"],
)
def test_public_profile_shows_role_badge(client, factory, badge):
    member = factory()

    response = client.get(member.get_absolute_url())

    assert response.status_code == 200
    assert badge in response.content.decode()


def test_profile_address_ignores_handle_case(client):
    member = CustomerFactory(username="kenji-w")

    assert client.get("/members/Kenji-W/").status_code == 200
    assert member.display_name in client.get("/members/Kenji-W/").content.decode()


def test_unknown_handle_is_not_found(client):
    assert client.get("/members/nobody-by-that-name/").status_code == 404


def test_deactivated_member_profile_is_not_found(client):
    member = CustomerFactory(is_active=False)

    assert client.get(member.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_public_profile_stays_within_query_budget(client, django_assert_max_num_queries, signed_in):
    member = PartnerFactory()
    if signed_in:
        client.force_login(CustomerFactory())

    # Sections apps declare: the events attended (1); learning's certificates, the courses'
    # visibility and the completed courses (3). Signed in, the pending survey invitation (1).
    with django_assert_max_num_queries(16):
        response = client.get(member.get_absolute_url())

    assert response.status_code == 200
