"""Stories in the community search: in the index while published and public, never before,
and gone once unpublished, deleted or made private."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import PageViewRestriction

from community.members.models import Industry
from community.search import indexing, services
from community.search.models import SearchEntry
from community.search.query import SearchRequest
from tests.factories.stories import ArticleFactory, StoryFactory, decide, submit_for_review
from tests.markup import urls

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


@pytest.fixture(autouse=True)
def search_backend(settings) -> str:
    settings.COMMUNITY_SEARCH_BACKEND = "database"
    return "database"


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Run what the block leaves for after commit (index tasks run at once in tests)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def search(text: str, viewer=ANONYMOUS, **filters):
    request = SearchRequest(text=text, filters={name: tuple(v) for name, v in filters.items()})
    return services.search(request, viewer=viewer, catalog=services.facet_catalog())


def found(text: str, **filters) -> list[str]:
    return [hit.heading for hit in search(text, **filters).hits]


def geofencing_story(**fields):
    return StoryFactory(
        title="Kestrel Logistics plans routes with geofencing",
        summary="Drivers get their routes from geofencing rules, not phone calls.",
        **fields,
    )


def test_a_published_story_is_found_with_its_type_and_partner(after_commit, partner_section):
    with after_commit():
        story = geofencing_story(parent=partner_section.page, tags=["Logistics"])

    results = search("geofencing")

    (hit,) = results.hits
    assert (hit.kind, hit.object_id) == ("story", story.pk)
    assert hit.url == story.url
    assert hit.kind_label == "Story"
    assert hit.context == "Customer story · Fjord Consulting"
    assert [tag.slug for tag in hit.tags] == ["logistics"]


def test_words_from_the_body_and_quotes_find_the_story(after_commit, stories):
    with after_commit():
        StoryFactory(title="Northwind Outfitters cut onboarding time in half")

    assert found("spreadsheets") == ["Northwind Outfitters cut onboarding time in half"]
    assert found("guessing") == ["Northwind Outfitters cut onboarding time in half"]


@pytest.mark.parametrize("status", ["draft", "in_review", "rejected"])
def test_an_unpublished_story_is_never_found(after_commit, partner_section, partner, status):
    with after_commit():
        geofencing_story(parent=partner_section.page, owner=partner, status=status)

    assert found("geofencing") == []
    assert not SearchEntry.objects.filter(kind="story").exists()


def test_a_rebuild_leaves_unpublished_stories_out(partner_section, partner):
    live = StoryFactory(title="Published geofencing story")
    geofencing_story(parent=partner_section.page, owner=partner, status="draft")
    StoryFactory(
        parent=partner_section.page, owner=partner, title="Geofencing in review", status="in_review"
    )

    indexing.rebuild(kinds=["story"])

    assert list(SearchEntry.objects.filter(kind="story").values_list("object_id", flat=True)) == [
        live.pk
    ]
    assert found("geofencing") == ["Published geofencing story"]


def test_approval_puts_the_story_in_the_index(after_commit, partner_section, partner, manager):
    with after_commit():
        draft = geofencing_story(parent=partner_section.page, owner=partner, status="draft")
        submitted = submit_for_review(draft, partner)
    assert found("geofencing") == []

    with after_commit():
        decide(submitted, manager, "approve")

    assert found("geofencing") == ["Kestrel Logistics plans routes with geofencing"]


def test_unpublishing_takes_the_story_out(after_commit, stories):
    with after_commit():
        story = geofencing_story()

    with after_commit():
        story.unpublish()

    assert found("geofencing") == []
    assert not SearchEntry.objects.filter(kind="story", object_id=story.pk).exists()


def test_deleting_takes_the_story_out(after_commit, stories):
    with after_commit():
        story = geofencing_story()
    pk = story.pk

    with after_commit():
        story.delete()

    assert found("geofencing") == []
    assert not SearchEntry.objects.filter(kind="story", object_id=pk).exists()


def test_making_a_story_private_takes_it_out(after_commit, stories):
    with after_commit():
        story = geofencing_story()

    with after_commit():
        PageViewRestriction.objects.create(page=story, restriction_type="login")

    assert found("geofencing") == []


def test_a_private_section_can_be_deleted_with_its_stories(after_commit, partner_section):
    with after_commit():
        story = geofencing_story(parent=partner_section.page)
        PageViewRestriction.objects.create(page=partner_section.page, restriction_type="login")

    with after_commit():
        partner_section.page.delete()

    assert found("geofencing") == []
    assert not SearchEntry.objects.filter(kind="story", object_id=story.pk).exists()


def test_lifting_a_restriction_puts_the_story_back(after_commit, stories):
    with after_commit():
        story = geofencing_story()
        restriction = PageViewRestriction.objects.create(page=story, restriction_type="login")
    assert found("geofencing") == []

    with after_commit():
        restriction.delete()

    assert found("geofencing") == [story.title]


def test_a_new_draft_of_a_published_story_does_not_change_what_is_found(after_commit, stories):
    with after_commit():
        story = geofencing_story()

    with after_commit():
        story.title = "Kestrel Logistics drops geofencing for something secret"
        story.save_revision()

    assert found("geofencing") == ["Kestrel Logistics plans routes with geofencing"]
    assert found("secret") == []


def test_stories_have_an_industry_facet_and_filter(after_commit, stories):
    retail = Industry.objects.get(slug="retail-e-commerce")
    education = Industry.objects.get(slug="education")
    with after_commit():
        StoryFactory(title="Journeys for a retail chain", industry=retail)
        StoryFactory(title="Journeys for an online shop", industry=retail)
        StoryFactory(title="Journeys for a university", industry=education)

    results = search("journeys")
    narrowed = search("journeys", industry=["retail-e-commerce"])

    (industry,) = [facet for facet in results.facets if facet.name == "industry"]
    assert {value.value: value.count for value in industry.values} == {
        "retail-e-commerce": 2,
        "education": 1,
    }
    assert sorted(hit.heading for hit in narrowed.hits) == [
        "Journeys for a retail chain",
        "Journeys for an online shop",
    ]


def test_the_story_type_filter_finds_stories_and_articles_only(after_commit, partner_section):
    with after_commit():
        StoryFactory(title="Journeys that convert")
        ArticleFactory(parent=partner_section.page, title="Journeys: a how-to")

    results = search("journeys", type=["story"])

    assert sorted(hit.heading for hit in results.hits) == [
        "Journeys that convert",
        "Journeys: a how-to",
    ]
    (kinds,) = [facet for facet in results.facets if facet.name == "type"]
    assert [(value.value, value.count) for value in kinds.values] == [("story", 2)]


def test_the_search_page_finds_a_published_story(client, after_commit, stories):
    with after_commit():
        story = geofencing_story()

    response = client.get("/search/", {"q": "geofencing"})

    assert response.status_code == 200
    html = response.content.decode()
    assert story.title in re.sub(r"<[^>]+>", "", html)
    assert story.url in urls(html)
