"""Learning paths and partner courses, in a browser, at desktop and phone widths: a member finds
a path in the catalogue, enrols in all of it at once, completes its first course and sees the
path's progress and next step there and in My learning; a partner's course stays out of sight
until a community manager approves it. Each page passes the accessibility gate.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.shots import shot
from tests.e2e.test_a11y import assert_accessible
from tests.factories import CommunityManagerFactory, CustomerFactory, PartnerFactory
from tests.factories.learning import CourseFactory, LessonFactory, learning_index, learning_path
from tests.factories.stories import decide, onboard, submit_for_review


@pytest.fixture
def made():
    """Pages and paths a test makes, removed after it: the browser tests share one database, and
    each runs at two widths."""
    rows: list = []
    yield rows
    for row in reversed(rows):
        row.delete()


def test_a_member_follows_a_learning_path(new_context, sign_in, viewport, made):
    courses = []
    for title in ("Campaign Studio essentials", "Journeys: from trigger to goal"):
        course = CourseFactory(title=title)
        LessonFactory(course=course, title=f"{title}: first steps")
        courses.append(course)
        made.append(course)
    path = learning_path(
        courses,
        title="Journey Architect",
        slug="journey-architect",
        summary="Two courses from your first campaign to journeys that customers finish.",
        certification="Northwind Certified Journey Architect",
    )
    made.append(path)
    member = CustomerFactory(display_name="Ngozi Adébáyọ̀")
    context = new_context(viewport=viewport)
    sign_in(context, member)
    page = context.new_page()

    page.goto(learning_index().url)
    page.get_by_role("link", name="Journey Architect").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Journey Architect")
    assert_accessible(page)
    shot(page, "path-before", width=True)

    page.get_by_role("button", name="Enrol in the path").click()
    expect(page.get_by_role("link", name="Start: Campaign Studio essentials")).to_be_visible()
    page.get_by_role("link", name="Start: Campaign Studio essentials").click()
    page.get_by_role("link", name="Continue: Campaign Studio essentials: first steps").click()
    page.get_by_role("button", name="Mark complete").click()

    page.goto(path.get_absolute_url())
    expect(page.get_by_text("1 of 2 courses completed")).to_be_visible()
    expect(page.get_by_role("link", name="Start: Journeys: from trigger to goal")).to_be_visible()
    assert_accessible(page)
    shot(page, "path-half-way", width=True)

    page.goto("/learning/mine/")
    expect(page.get_by_role("heading", name="Your learning paths")).to_be_visible()
    expect(page.get_by_role("link", name="Journey Architect")).to_be_visible()
    assert_accessible(page)
    shot(page, "my-learning", width=True)


def test_a_partner_course_appears_only_once_approved(new_context, page_watch, viewport, made):
    partner = PartnerFactory(display_name="Lars Eriksen")
    onboard("Fjord Consulting", partner)
    course = CourseFactory(
        title="Consent-first journeys for the Nordics",
        slug="consent-first-nordics",
        owner=partner,
        live=False,
    )
    made.append(course)
    submit_for_review(course, partner)
    visitor = new_context(viewport=viewport).new_page()

    visitor.goto(learning_index().url)
    expect(visitor.get_by_text("Consent-first journeys for the Nordics")).to_have_count(0)
    page_watch.allow(status=404, path="/learning/consent-first-nordics/")
    visitor.goto("/learning/consent-first-nordics/")
    expect(visitor.get_by_role("link", name="Consent-first journeys")).to_have_count(0)

    decide(course, CommunityManagerFactory(), "approve")

    visitor.goto(learning_index().url)
    visitor.get_by_role("link", name="Consent-first journeys for the Nordics").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Consent-first journeys for the Nordics"
    )
    assert_accessible(visitor)
    shot(visitor, "partner-course", width=True)
