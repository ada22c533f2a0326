"""The community health dashboard, in a browser: a community manager narrows it to one
segment, reads its numbers, and follows the unanswered-questions list to a question that waits.
The dashboard passes the accessibility gate."""

import re
import uuid
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from community.insight import rollup
from community.members.models import Country, Industry
from tests.e2e.shots import shot
from tests.e2e.test_a11y import assert_accessible
from tests.factories import (
    CommunityManagerFactory,
    CustomerFactory,
    ForumCategoryFactory,
    ReplyFactory,
    TopicFactory,
)


def test_a_manager_narrows_the_dashboard_to_a_segment_and_opens_a_waiting_question(
    signed_in, page_watch
):
    run = uuid.uuid4().hex[:6]
    retail = Industry.objects.get(slug="retail-e-commerce")
    brazil = Country.objects.get(code="BR")
    asker = CustomerFactory(
        display_name="Beatriz Lima", profile__industry=retail, profile__country=brazil
    )
    helper = CustomerFactory(display_name="Tom Becker")
    category = ForumCategoryFactory(title=f"Storefronts {run}")
    asked = timezone.now() - timedelta(days=3)
    waiting = TopicFactory(
        category=category,
        author=asker,
        title=f"Pix refunds stuck in pending ({run})",
        created_at=asked,
    )
    answered = TopicFactory(
        category=category, author=asker, title=f"Boleto reminder timing ({run})", created_at=asked
    )
    ReplyFactory(topic=answered, author=helper, created_at=asked + timedelta(hours=40))
    rollup.recompute(since=timezone.localdate() - timedelta(days=10))

    manager = CommunityManagerFactory(display_name="Maya Chen")
    page = signed_in(manager, viewport={"width": 1280, "height": 2200})
    page.goto("/admin/insight/")
    expect(page.get_by_role("heading", name="Community insight")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Period", exact=True).select_option("7")
    page.get_by_role("checkbox", name="Retail & e-commerce").check()
    page.get_by_role("checkbox", name="Latin America").check()
    page.get_by_role("button", name="Show the numbers").click()

    expect(page.get_by_text("Only the chosen segments.")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Latin America")).to_be_checked()
    # Each number is a link to the list behind it, named by its label and value.
    expect(page.get_by_role("link", name=re.compile(r"^Questions asked [1-9]"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Time to first reply \d+ h"))).to_be_visible()
    shot(page, "insight-dashboard")
    assert_accessible(page)

    worklist = page.locator(".insight-worklist", has_text="Unanswered questions older than a day")
    worklist.get_by_role("link", name=waiting.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(waiting.title)
