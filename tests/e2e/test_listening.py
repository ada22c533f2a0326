"""Listening, in a browser: a community manager sends a pulse survey to one segment, a member of
that segment answers it from the prompt at the top of the site, and the manager sees the answer
counted. The prompt and the results page pass the accessibility gate.
"""

from playwright.sync_api import expect

from community.listening.models import Survey
from community.members.models import Country, Industry
from tests.e2e.shots import shot
from tests.e2e.test_a11y import assert_accessible
from tests.factories import CommunityManagerFactory, CustomerFactory


def test_a_manager_hears_from_the_segment_it_asked(signed_in):
    non_profit = Industry.objects.get(slug="non-profit")
    peru = Country.objects.get(code="PE")
    member = CustomerFactory(
        display_name="Lucía Quispe", profile__industry=non_profit, profile__country=peru
    )
    manager = CommunityManagerFactory(profile__industry=None)

    # Tall enough for the results page to fit one screenshot (the admin scrolls inside).
    admin = signed_in(manager, viewport={"width": 1280, "height": 2600})
    admin.goto("/admin/pulse-surveys/new/")
    admin.get_by_label("Title").fill("Non-profits in Latin America: spring check-in")
    admin.get_by_label("Product").fill("Northwind Journeys")
    admin.get_by_label("Closes").fill("2099-06-30 18:00")
    admin.locator('input[name="industries"]').and_(
        admin.locator(f'[value="{non_profit.pk}"]')
    ).check()
    admin.locator('input[name="regions"]').and_(
        admin.locator(f'[value="{peru.region_id}"]')
    ).check()
    admin.get_by_role("button", name="Save and review").click()
    expect(admin.get_by_text("This reaches")).to_contain_text("member")
    admin.get_by_role("button", name="Launch to").click()
    expect(admin.get_by_text("each gets a notification")).to_be_visible()
    survey = Survey.objects.get(title="Non-profits in Latin America: spring check-in")

    # The member meets the question at the top of the page and answers with the keyboard.
    page = signed_in(member)
    page.goto("/notifications/")
    prompt = page.get_by_role("complementary", name="A quick question from the community team")
    expect(prompt).to_be_visible()
    scale = prompt.get_by_role("group", name="How likely are you to recommend Northwind Journeys")
    expect(prompt.get_by_role("button", name="Send my answer")).to_be_hidden()
    assert_accessible(page)
    shot(page, "listening-prompt")
    scale.get_by_role("radio", name="6").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(scale.get_by_role("radio", name="5")).to_be_checked()
    shot(page, "listening-prompt-chosen")
    prompt.get_by_label("What is the main reason for your score?").fill(
        "Donation receipts in Spanish still need a manual step; otherwise it saves us hours."
    )
    prompt.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Thank you: your answer reached the community team.")).to_be_visible()
    expect(page.locator("[data-survey-prompt]")).to_have_count(0)

    # The manager sees it counted, with its reason.
    admin.goto(f"/admin/pulse-surveys/results/{survey.pk}/")
    expect(admin.locator("[data-answers]")).to_have_text("1")
    expect(admin.locator("[data-nps]")).to_have_text("-100 · 1 answer")
    expect(admin.get_by_text("Donation receipts in Spanish")).to_be_visible()
    assert_accessible(admin)
    shot(admin, "listening-results")
