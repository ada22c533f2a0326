"""Story and article forms posted to the Wagtail admin without the block data the editor always
sends (a forged or truncated POST) answer 400 with a reason, never a server error, and change
nothing."""

import json

import pytest
from django.urls import reverse

from community.stories.pages import ArticlePage, StoryPage
from tests.factories.stories import StoryFactory
from tests.stories.support import add_story_url, edit_url, story_form

pytestmark = pytest.mark.django_db


def without(*prefixes: str):
    def forge(data: dict) -> dict:
        return {key: value for key, value in data.items() if not key.startswith(prefixes)}

    return forge


def replacing(**values: str):
    def forge(data: dict) -> dict:
        return {**data, **{key.replace("__", "-"): value for key, value in values.items()}}

    return forge


FORGERIES = {
    "no-block-count": without("body-count"),
    "no-blocks-at-all": without("body"),
    "no-nested-list-count": without("body-1-value-count"),
    "no-block-type": without("body-0-type"),
    "no-deleted-marker": without("body-0-deleted"),
    "count-in-words": replacing(body__count="two"),
    "count-in-superscript-digits": replacing(body__count="²"),
    "count-beyond-the-blocks": replacing(body__count="7"),
}


@pytest.fixture
def fjord_story(partner_section, partner):
    return StoryFactory(parent=partner_section.page, owner=partner, status="draft")


def assert_bad_request(response) -> None:
    assert response.status_code == 400
    assert "incomplete" in response.content.decode()


@pytest.mark.parametrize("forge", FORGERIES.values(), ids=list(FORGERIES))
@pytest.mark.parametrize("model", ["storypage", "articlepage"])
def test_a_new_story_posted_without_its_block_data_is_refused(
    client, partner, partner_section, model, forge
):
    client.force_login(partner)

    response = client.post(add_story_url(partner_section.page, model), forge(story_form()))

    assert_bad_request(response)
    assert not StoryPage.objects.filter(slug="kestrel-logistics-on-time").exists()
    assert not ArticlePage.objects.exists()


@pytest.mark.parametrize("forge", FORGERIES.values(), ids=list(FORGERIES))
def test_an_edit_posted_without_its_block_data_is_refused(client, partner, fjord_story, forge):
    client.force_login(partner)
    revisions = fjord_story.revisions.count()

    response = client.post(
        edit_url(fjord_story),
        forge(story_form(title="Forged title", slug=fjord_story.slug)),
    )

    assert_bad_request(response)
    assert fjord_story.revisions.count() == revisions


def test_a_manager_publishing_a_forged_edit_is_refused(client, manager, fjord_story):
    client.force_login(manager)

    response = client.post(
        edit_url(fjord_story),
        without("body-count")(story_form(slug=fjord_story.slug, action="publish")),
    )

    assert_bad_request(response)
    fjord_story.refresh_from_db()
    assert not fjord_story.live


def test_an_autosave_without_its_block_data_gets_a_json_reason(client, partner, fjord_story):
    client.force_login(partner)

    response = client.post(
        edit_url(fjord_story),
        without("body-count")(story_form(slug=fjord_story.slug)),
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 400
    assert json.loads(response.content)["error_code"] == "incomplete_form"


@pytest.mark.parametrize("forge", FORGERIES.values(), ids=list(FORGERIES))
def test_a_preview_posted_without_its_block_data_is_refused(
    client, partner, partner_section, fjord_story, forge
):
    client.force_login(partner)
    data = forge(story_form(slug=fjord_story.slug))

    for url in (
        reverse("wagtailadmin_pages:preview_on_edit", args=[fjord_story.pk]),
        add_story_url(partner_section.page) + "preview/",
    ):
        assert_bad_request(client.post(url, data))


def test_a_complete_preview_still_renders(client, partner, fjord_story):
    client.force_login(partner)

    response = client.post(
        reverse("wagtailadmin_pages:preview_on_edit", args=[fjord_story.pk]),
        story_form(slug=fjord_story.slug),
    )

    assert response.status_code == 200
    assert json.loads(response.content)["is_valid"] is True


def test_a_complete_story_form_still_saves(client, partner, partner_section):
    client.force_login(partner)

    response = client.post(add_story_url(partner_section.page), story_form())

    assert response.status_code == 302
    assert StoryPage.objects.filter(slug="kestrel-logistics-on-time").exists()
