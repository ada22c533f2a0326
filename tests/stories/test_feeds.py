"""The RSS and Atom feeds of stories, for the whole section and per tag, as a feed reader
reads them."""

import feedparser
import pytest

from tests.factories.stories import ArticleFactory, StoryFactory

pytestmark = pytest.mark.django_db

FEEDS = ["/stories/feed/", "/stories/feed/atom/"]


def read_feed(client, path: str):
    response = client.get(path)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return response, parsed


@pytest.fixture
def published(stories, partner_section):
    return [
        StoryFactory(
            title="Northwind Outfitters cut onboarding time in half",
            summary="One journey per segment took onboarding from six weeks to two.",
            tags=["Onboarding", "Retail"],
        ),
        ArticleFactory(
            parent=partner_section.page,
            title="Five journeys every retailer should start with",
            summary="Welcome, browse abandonment, replenishment, win-back and VIP.",
            tags=["Retail"],
        ),
    ]


@pytest.fixture
def unpublished(stories, partner_section):
    return [
        StoryFactory(title="A draft nobody should read yet", status="draft", tags=["Retail"]),
        StoryFactory(
            parent=partner_section.page,
            title="A story waiting for review",
            status="in_review",
            tags=["Retail"],
        ),
        StoryFactory(
            parent=partner_section.page,
            title="A story sent back for changes",
            status="rejected",
            tags=["Retail"],
        ),
    ]


@pytest.mark.parametrize("path", FEEDS)
def test_feed_parses_cleanly_and_lists_published_stories(client, published, path):
    response, feed = read_feed(client, path)

    assert response["Content-Type"].startswith(
        "application/rss+xml" if path.endswith("/feed/") else "application/atom+xml"
    )
    assert "stories" in feed.feed.title
    assert feed.feed.link == "http://testserver/stories/"
    assert {entry.title for entry in feed.entries} == {story.title for story in published}


@pytest.mark.parametrize("path", FEEDS)
def test_feed_entries_have_absolute_links_dates_summaries_and_categories(client, published, path):
    _, feed = read_feed(client, path)

    entries = {entry.title: entry for entry in feed.entries}
    for story in published:
        entry = entries[story.title]
        assert entry.link == f"http://testserver{story.url}"
        assert entry.published_parsed is not None
        assert entry.summary == story.summary
    story_entry = entries["Northwind Outfitters cut onboarding time in half"]
    assert sorted(tag.term for tag in story_entry.tags) == ["Onboarding", "Retail"]


def test_feed_names_the_partner_who_wrote_an_article(client, published):
    _, feed = read_feed(client, "/stories/feed/atom/")

    entry = next(e for e in feed.entries if e.title.startswith("Five journeys"))
    assert entry.author == "Fjord Consulting"


def test_feed_lists_newest_first(client, stories):
    StoryFactory(title="Older story")
    StoryFactory(title="Newer story")

    _, feed = read_feed(client, "/stories/feed/")

    assert [entry.title for entry in feed.entries] == ["Newer story", "Older story"]


@pytest.mark.parametrize("path", [*FEEDS, "/stories/tags/retail/feed/"])
def test_unpublished_stories_never_reach_a_feed(client, published, unpublished, path):
    response, feed = read_feed(client, path)

    titles = {entry.title for entry in feed.entries}
    for story in unpublished:
        assert story.title not in titles
        assert story.title not in response.content.decode()


def test_an_unpublished_story_leaves_the_feed(client, published):
    published[0].unpublish()

    _, feed = read_feed(client, "/stories/feed/")

    assert [entry.title for entry in feed.entries] == [published[1].title]


@pytest.mark.parametrize(
    "path", ["/stories/tags/onboarding/feed/", "/stories/tags/onboarding/feed/atom/"]
)
def test_tag_feed_lists_only_stories_with_that_tag(client, published, path):
    _, feed = read_feed(client, path)

    assert [entry.title for entry in feed.entries] == [
        "Northwind Outfitters cut onboarding time in half"
    ]
    assert "Onboarding" in feed.feed.title
    assert feed.feed.link == "http://testserver/stories/?tag=onboarding"


def test_a_tag_only_unpublished_stories_carry_is_not_revealed_by_a_feed(client, stories):
    StoryFactory(title="Hidden", status="draft", tags=["Secret launch"])

    response = client.get("/stories/tags/secret-launch/feed/")

    assert response.status_code in (200, 404)
    assert "Secret launch" not in response.content.decode()
    assert "Hidden" not in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/stories/tags/no-such-tag/feed/", "/stories/tags/no-such-tag/feed/atom/"]
)
def test_unknown_tag_feed_is_not_found(client, stories, path):
    assert client.get(path).status_code == 404


def test_an_empty_section_still_has_a_valid_feed(client, stories):
    _, feed = read_feed(client, "/stories/feed/")

    assert feed.entries == []


def test_a_title_with_markup_stays_text_in_the_feed(client, stories):
    StoryFactory(title="Bold <b>claims</b> & “quotes”", summary="Less <script>than</script> ideal")

    _, feed = read_feed(client, "/stories/feed/")

    (entry,) = feed.entries
    assert entry.title == "Bold <b>claims</b> & “quotes”"
