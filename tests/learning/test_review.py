"""A partner's course waits for a community manager's approval, and until then no one else sees
it: not in the catalogue, search, the sitemap or at its own address (nor its lessons)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Site

from community.search import services as search_services
from community.search.query import SearchRequest
from learning.pages import CoursePage, LessonPage
from tests.factories import CommunityManagerFactory, CustomerFactory, PartnerFactory
from tests.factories.learning import CourseFactory, LessonFactory, learning_index
from tests.factories.stories import decide, onboard, submit_for_review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def search_backend(settings):
    settings.COMMUNITY_SEARCH_BACKEND = "database"


@pytest.fixture
def partner():
    partner = PartnerFactory(display_name="Lars Eriksen")
    onboard("Fjord Consulting", partner)
    return partner


@pytest.fixture
def manager():
    return CommunityManagerFactory(display_name="Maya Chen")


@pytest.fixture
def submitted(partner, django_capture_on_commit_callbacks):
    """Fjord's course with one lesson, written by the partner and submitted for review."""
    with django_capture_on_commit_callbacks(execute=True):
        course = CourseFactory(
            title="Nordic consent journeys", slug="nordic-consent", owner=partner, live=False
        )
        course.add_child(
            instance=LessonPage(title="Consent under GDPR", slug="gdpr", owner=partner, live=False)
        )
        submit_for_review(course, partner)
    return CoursePage.objects.get(pk=course.pk)


def _found(text: str) -> list[str]:
    request = SearchRequest(text=text, filters={})
    results = search_services.search(
        request, viewer=AnonymousUser(), catalog=search_services.facet_catalog()
    )
    return [hit.heading for hit in results.hits]


def _in_sitemap(course: CoursePage) -> bool:
    request = RequestFactory().get("/sitemap.xml")
    request.site = Site.objects.get(is_default_site=True)
    sitemap = Sitemap(request)
    return any(page.pk == course.pk for page in sitemap.items())


def test_partners_may_write_courses_but_not_publish_them(partner, manager):
    index = learning_index()
    assert index.permissions_for_user(partner).can_add_subpage()
    course = CourseFactory(owner=partner, live=False)
    assert course.permissions_for_user(partner).can_edit()
    assert not course.permissions_for_user(partner).can_publish()
    assert course.get_workflow() is not None
    others = CourseFactory(title="Segments for beginners", owner=manager)
    assert not others.permissions_for_user(partner).can_edit()


def test_a_course_in_review_is_seen_by_no_one(client, submitted, partner):
    url = f"/learning/{submitted.slug}/"
    for viewer in (None, CustomerFactory(), partner):
        if viewer:
            client.force_login(viewer)
        assert submitted.title not in client.get(learning_index().url).text
        assert client.get(url).status_code == 404
        assert client.get(f"{url}gdpr/").status_code == 404
    assert _found("Nordic consent") == []
    assert not _in_sitemap(submitted)
    assert submitted.current_workflow_state.status == "in_progress"


def test_approval_publishes_the_course_everywhere(client, submitted, manager, partner):
    course = decide(submitted, manager, "approve")
    course = CoursePage.objects.get(pk=course.pk)
    assert course.live
    assert course.title in client.get(learning_index().url).text
    assert client.get(course.url).status_code == 200
    assert _in_sitemap(course)


def test_approval_puts_the_course_in_search(submitted, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decide(submitted, manager, "approve")
    assert "Nordic consent journeys" in _found("Nordic consent")


def test_a_rejected_course_stays_hidden(client, submitted, manager):
    decide(submitted, manager, "reject", comment="Add a quiz to the last lesson, please.")
    assert not CoursePage.objects.get(pk=submitted.pk).live
    assert client.get(f"/learning/{submitted.slug}/").status_code == 404
    assert submitted.title not in client.get(learning_index().url).text


def test_a_partner_adds_lessons_to_their_own_courses_only(client, partner, manager):
    own = CourseFactory(title="Fjord's onboarding", owner=partner, live=False)
    others = CourseFactory(title="Journeys basics", owner=manager)
    LessonFactory(course=others, title="Triggers")
    client.force_login(partner)

    def add_lesson(course):
        url = reverse("wagtailadmin_pages:add", args=["learning", "lessonpage", course.pk])
        return client.get(url)

    assert add_lesson(own).status_code == 200
    refused = add_lesson(others)
    # Wagtail's admin answers a refusal by going back to its dashboard with the reason.
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
