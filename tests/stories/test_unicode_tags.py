"""Story tags in any script have a listing filter and feeds like any other tag."""

from urllib.parse import quote

import pytest

from community.stories.models import StoryTag
from tests.factories.stories import StoryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["データ", "маркетинг", "café"])
def test_a_story_tag_in_any_script_has_its_feeds_and_filter(client, stories, name):
    StoryFactory(title="Northwind Outfitters cut onboarding time in half", tags=[name])
    other = StoryFactory(title="A story about something else", tags=["retail"])
    slug = StoryTag.objects.get(name=name).slug

    for feed in (f"/stories/tags/{quote(slug)}/feed/", f"/stories/tags/{quote(slug)}/feed/atom/"):
        response = client.get(feed)
        assert response.status_code == 200, feed
        assert "Northwind Outfitters" in response.content.decode()
        assert other.title not in response.content.decode()
    listing = client.get("/stories/", {"tag": slug})
    assert listing.status_code == 200
    assert [story.title for story in listing.context["stories_page"]] == [
        "Northwind Outfitters cut onboarding time in half"
    ]
