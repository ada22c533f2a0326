"""Joining the community: sign-up with a segment, the verification e-mail, then signing in."""

import re

import pytest
from allauth.account.models import EmailAddress

from community.members.models import Audience, User
from community.members.roles import Role
from tests.factories import UserFactory
from tests.signup import CONFIRMATION_LINK, PASSWORD, SIGNUP_URL, signup_data

LOGIN_URL = "/accounts/login/"

pytestmark = pytest.mark.django_db


def confirmation_path(message) -> str:
    match = CONFIRMATION_LINK.search(message.body)
    assert match, f"no confirmation link in the e-mail:\n{message.body}"
    return match.group(1)


def signed_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def test_signup_saves_segment_role_and_handle(client, mailoutbox):
    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 302
    member = User.objects.select_related("profile__industry", "profile__country__region").get(
        email="ana.souza@example.com"
    )
    assert member.display_name == "Ana Souza"
    assert member.username == "ana-souza"
    profile = member.profile
    assert profile.industry.name == "Manufacturing"
    assert profile.country.code == "DE"
    assert profile.region.code == "EMEA"
    assert profile.audience == Audience.B2B
    assert profile.company == "Acme Tools GmbH"
    assert profile.job_title == "Head of Customer Support"
    assert member.role_names == {Role.CUSTOMER.value}
    assert member.check_password(PASSWORD)


def test_signup_sends_confirmation_link_that_verifies_the_address(client, settings, mailoutbox):
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    client.post(SIGNUP_URL, signup_data())

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ana.souza@example.com"]
    link = confirmation_path(message)
    address = EmailAddress.objects.get(email="ana.souza@example.com")
    assert not address.verified

    client.logout()
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    address.refresh_from_db()
    assert not address.verified, "opening the link must not confirm by itself (GET is safe)"

    confirmed = client.post(link)
    assert confirmed.status_code == 302
    address.refresh_from_db()
    assert address.verified


def test_member_signs_in_with_email_and_password_after_confirming(client, settings, mailoutbox):
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    client.post(SIGNUP_URL, signup_data())
    client.post(confirmation_path(mailoutbox[0]))
    client.logout()

    response = client.post(LOGIN_URL, {"login": "ana.souza@example.com", "password": PASSWORD})

    assert response.status_code == 302
    member = User.objects.get(email="ana.souza@example.com")
    assert signed_in_user_id(client) == str(member.pk)


def test_login_with_wrong_password_does_not_sign_in(client):
    member = UserFactory()

    response = client.post(LOGIN_URL, {"login": member.email, "password": "not-my-password"})

    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    assert response.context["form"].non_field_errors()


def test_unconfirmed_member_cannot_sign_in_when_verification_is_mandatory(
    client, settings, mailoutbox
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"

    response = client.post(SIGNUP_URL, signup_data())
    assert response.status_code == 302
    assert signed_in_user_id(client) is None
    assert len(mailoutbox) == 1

    client.post(LOGIN_URL, {"login": "ana.souza@example.com", "password": PASSWORD})
    assert signed_in_user_id(client) is None

    client.post(confirmation_path(mailoutbox[0]))
    client.logout()
    client.post(LOGIN_URL, {"login": "ana.souza@example.com", "password": PASSWORD})
    assert signed_in_user_id(client) == str(User.objects.get(email="ana.souza@example.com").pk)


def test_second_member_with_the_same_name_gets_a_numbered_handle(client):
    UserFactory(display_name="Ana Souza", username="ana-souza")

    client.post(SIGNUP_URL, signup_data())

    assert User.objects.get(email="ana.souza@example.com").username == "ana-souza-2"


def test_signup_with_an_address_already_in_use_is_refused(client):
    UserFactory(email="ana.souza@example.com")

    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert User.objects.filter(email__iexact="ana.souza@example.com").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("industry", None, "Tell us your industry"),
        ("industry", "", "Tell us your industry"),
        ("industry", "999999", "We don't know that industry"),
        ("industry", "manufacturing", "We don't know that industry"),
        ("country", None, "Tell us your country"),
        ("country", "XX", "We don't know that country"),
        ("country", "Germany", "We don't know that country"),
        ("audience", "b2x", "Choose B2B, B2C, or both."),
        ("display_name", "   ", "This field is required."),
    ],
    ids=[
        "missing-industry",
        "blank-industry",
        "unknown-industry-pk",
        "industry-slug-instead-of-pk",
        "missing-country",
        "unknown-country-code",
        "country-name-instead-of-code",
        "unknown-audience",
        "blank-display-name",
    ],
)
def test_signup_with_invalid_segment_shows_field_error_and_keeps_input(
    client, field, value, message
):
    response = client.post(SIGNUP_URL, signup_data(**{field: value}))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    content = response.content.decode().replace("&#x27;", "'")
    assert message in content
    assert 'value="ana.souza@example.com"' in content
    if field != "display_name":
        assert 'value="Ana Souza"' in content
    assert not User.objects.filter(email="ana.souza@example.com").exists()


def test_address_case_does_not_matter_for_signing_in(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    client.post(SIGNUP_URL, signup_data(email="Ana.Souza@Example.com"))
    client.logout()

    client.post(LOGIN_URL, {"login": "ana.souza@example.com", "password": PASSWORD})

    assert signed_in_user_id(client) is not None


def test_same_address_in_other_case_cannot_open_a_second_account(client):
    UserFactory(email="ana.souza@example.com")

    response = client.post(SIGNUP_URL, signup_data(email="ANA.SOUZA@example.com"))

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert User.objects.filter(email__iexact="ana.souza@example.com").count() == 1


def test_password_reset_mails_a_link_that_sets_a_new_password(client, mailoutbox):
    member = UserFactory()

    response = client.post("/accounts/password/reset/", {"email": member.email})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[0].body)
    assert link, mailoutbox[0].body
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    new_password = "fresh-meadow-77-compass"
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": new_password, "password2": new_password},
    )
    member.refresh_from_db()
    assert member.check_password(new_password)
