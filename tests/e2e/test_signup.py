"""A visitor joins: chooses an industry, a country and an audience, and lands signed in."""

import uuid

from playwright.sync_api import expect

from community.members.models import Audience, User

PASSWORD = "quiet-harbour-58-ledger"


def test_visitor_signs_up_with_a_segment_and_lands_signed_in(new_context, viewport):
    page = new_context(viewport=viewport).new_page()
    email = f"ana.{uuid.uuid4().hex[:8]}@example.com"

    page.goto("/")
    # On a phone the header keeps "Sign up" in view; the menu toggle holds the rest.
    page.get_by_role("link", name="Sign up").first.click()
    expect(page).to_have_url("/accounts/signup/")

    page.get_by_label("Email").fill(email)
    page.get_by_label("Display name").fill("Ana Souza")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("Industry").select_option(label="Manufacturing")
    page.get_by_label("Country").select_option(label="Germany")
    page.get_by_label("B2B and B2C").check()
    page.get_by_role("button", name="Sign Up").click()

    expect(page.get_by_text("Account menu for Ana Souza")).to_be_attached()
    expect(page.get_by_role("link", name="Sign up")).to_have_count(0)
    profile = User.objects.select_related("profile__industry").get(email=email).profile
    assert profile.industry.name == "Manufacturing"
    assert profile.country_id == "DE"
    assert profile.audience == Audience.BOTH
