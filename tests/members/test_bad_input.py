"""Whatever a visitor or a bot posts, the answer is a page or an error message, never a crash."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

HUGE = "x" * 100_000

FORMS = {
    "signup": ("/accounts/signup/", False),
    "login": ("/accounts/login/", False),
    "password-reset": ("/accounts/password/reset/", False),
    "profile-edit": ("/members/me/edit/", True),
    "email-change": ("/accounts/email/", True),
}
FIELDS = [
    "email",
    "login",
    "password",
    "password1",
    "password2",
    "display_name",
    "industry",
    "country",
    "audience",
    "company",
    "job_title",
    "bio",
    "avatar",
    "clear_avatar",
    "remember",
]
GARBAGE = {
    "empty": {},
    "blank-values": dict.fromkeys(FIELDS, ""),
    "huge-strings": dict.fromkeys(FIELDS, HUGE),
    "null-bytes": dict.fromkeys(FIELDS, "a\x00b"),
    "wrong-types": {
        "email": ["a@example.com", "b@example.com"],
        "login": ["one", "two"],
        "password": "🔑" * 500,
        "display_name": "<script>alert(1)</script>",
        "industry": "abc",
        "country": "12",
        "audience": ["b2b", "b2c"],
        "avatar": "not-a-file",
        "clear_avatar": "maybe",
        "remember": "sometimes",
    },
    "unknown-choices": {
        "email": "ana@example.com",
        "industry": "-1",
        "country": "ZZ",
        "audience": "b2x",
        "display_name": "Ana",
        "password1": "a-long-enough-password-42",
        "password2": "a-long-enough-password-42",
    },
    "injection-lookalikes": dict.fromkeys(FIELDS, "' OR 1=1 --"),
}


@pytest.mark.parametrize("garbage", GARBAGE.values(), ids=GARBAGE.keys())
@pytest.mark.parametrize("form", FORMS.keys())
def test_garbage_posted_to_a_form_never_gives_server_error(client, form, garbage):
    url, needs_member = FORMS[form]
    if needs_member:
        client.force_login(CustomerFactory())
    data = dict(garbage)
    if form == "email-change":
        data["action_add"] = ""

    response = client.post(url, data)

    assert response.status_code < 500


def test_garbage_email_actions_never_give_server_error(client):
    client.force_login(CustomerFactory())

    for action in ("action_send", "action_remove", "action_primary"):
        for email in ("", "not-an-email", HUGE, "someone-else@example.com", "a\x00b@example.com"):
            response = client.post("/accounts/email/", {action: "", "email": email})
            assert response.status_code < 500, (action, email[:40])


def test_oversized_avatar_upload_is_refused_without_server_error(client, settings):
    settings.AVATAR_MAX_BYTES = 1024
    client.force_login(CustomerFactory())
    upload = SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50_000, "image/png")

    response = client.post("/members/me/edit/", {"display_name": "Ana", "avatar": upload})

    assert response.status_code == 422


def test_garbage_query_strings_never_give_server_error(client):
    for url in (
        "/accounts/login/?next=" + HUGE,
        "/accounts/login/?next=https://evil.example/",
        "/accounts/signup/?email=" + HUGE,
        "/members/" + "x" * 5000 + "/",
        "/healthz?format=" + HUGE,
    ):
        assert client.get(url).status_code < 500, url[:60]


def test_login_never_redirects_to_another_site(client):
    member = CustomerFactory()

    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        {"login": member.email, "password": "plum-orchard-42-lantern"},
    )

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("post", "/healthz", {405}),
        ("put", "/healthz", {405}),
        ("delete", "/accounts/login/", {405}),
        ("put", "/accounts/signup/", {200, 405}),
        ("get", "/accounts/confirm-email/not-a-real-key/", {200, 404}),
        ("post", "/accounts/confirm-email/not-a-real-key/", {200, 302, 404}),
        ("get", "/accounts/password/reset/key/0-not-a-token/", {200, 302, 404}),
        ("delete", "/members/me/edit/", {302, 405}),
    ],
)
def test_wrong_method_or_stale_link_never_gives_server_error(client, method, url, allowed):
    response = getattr(client, method)(url)

    assert response.status_code in allowed


def test_visiting_logout_by_link_does_not_sign_out(client):
    member = CustomerFactory()
    client.force_login(member)

    response = client.get("/accounts/logout/")

    assert response.status_code < 500
    assert client.session.get("_auth_user_id") == str(member.pk)


def test_logout_by_form_signs_out(client):
    client.force_login(CustomerFactory())

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
