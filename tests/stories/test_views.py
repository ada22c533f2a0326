"""What readers see of the stories: the listing and its filters, a story page, a partner's
section, the home page, and the queries each costs."""

import json
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import PageViewRestriction

from community.members.models import Audience, Industry, Region
from community.stories.models import StoryRecommendation
from community.stories.pages import ArticlePage, StoryKind
from community.stories.selectors import PAGE_SIZE
from tests.factories import CustomerFactory
from tests.factories.members import member_fixture, segment_fixture
from tests.factories.stories import (
    ArticleFactory,
    HighlightFactory,
    ProductFactory,
    StoryFactory,
    make_image,
)
from tests.markup import elements, page_headings, urls

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    """Titles of the stories the listing shows, in order."""
    return [story.title for story in response.context["stories_page"].object_list]


def meta_content(html: str, prop: str) -> str | None:
    for tag, attrs in elements(html):
        if tag == "meta" and (attrs.get("property") == prop or attrs.get("name") == prop):
            return attrs.get("content")
    return None


def structured_data(html: str) -> list[dict]:
    blocks = re.findall(
        r'<script[^>]*type="application/ld\+json"[^>]*>(.*?)</script>', html, flags=re.S
    )
    return [json.loads(block) for block in blocks]


retail = segment_fixture(Industry, slug="retail-e-commerce")
emea = segment_fixture(Region, code="EMEA")


quoted_member = member_fixture(CustomerFactory, display_name="Maren Olsen")


advocate = member_fixture(CustomerFactory, display_name="Tomás Rivera")


@pytest.fixture
def story(stories, partner_section, quoted_member, advocate):
    """A published story from Fjord Consulting, with a logo, a picture, tags and products."""
    return StoryFactory(
        parent=partner_section.page,
        title="Northwind Outfitters cut onboarding time in half",
        customer_name="Northwind Outfitters",
        summary="One journey per segment took onboarding from six weeks to two.",
        customer_logo=make_image("Northwind logo"),
        hero_image=make_image("Northwind warehouse", size=(1200, 700)),
        tags=["Onboarding", "Retail"],
        products=[ProductFactory(name="Journeys", slug="journeys")],
        quoted=quoted_member,
        advocates=[advocate],
    )


# --- The listing ---------------------------------------------------------------------------


def test_listing_shows_only_published_public_stories(client, stories, partner_section):
    StoryFactory(title="Published and public")
    StoryFactory(title="Still a draft", status="draft")
    StoryFactory(parent=partner_section.page, title="Waiting for review", status="in_review")
    StoryFactory(parent=partner_section.page, title="Sent back for changes", status="rejected")

    response = client.get(stories.url)

    assert response.status_code == 200
    assert listed(response) == ["Published and public"]
    content = response.content.decode()
    assert "Published and public" in content
    for hidden in ("Still a draft", "Waiting for review", "Sent back for changes"):
        assert hidden not in content


def test_listing_links_to_each_story(client, stories):
    first = StoryFactory(title="Bluefin Health answers patients in minutes")
    second = StoryFactory(title="Kestrel Logistics ships every order on time")

    content = client.get(stories.url).content.decode()

    assert first.url in urls(content)
    assert second.url in urls(content)
    assert "Bluefin Health answers patients in minutes" in content


def test_a_story_behind_a_view_restriction_is_not_listed(client, stories):
    private = StoryFactory(title="Only for logged-in members")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    assert listed(client.get(stories.url)) == []


def test_stories_of_a_private_partner_section_are_not_listed(client, stories, partner_section):
    StoryFactory(parent=partner_section.page, title="Inside a private section")
    PageViewRestriction.objects.create(page=partner_section.page, restriction_type="login")

    assert listed(client.get(stories.url)) == []
    assert "Inside a private section" not in client.get("/stories/feed/").content.decode()


@pytest.mark.parametrize("slug", ["feed", "tags", "recommend"])
def test_a_story_cannot_take_an_address_the_section_uses(stories, slug):
    with pytest.raises(ValidationError, match="used by the stories section"):
        StoryFactory(slug=slug)


def test_featured_stories_come_first_then_newest(client, stories):
    StoryFactory(title="Oldest but featured", featured=True)
    StoryFactory(title="Older")
    StoryFactory(title="Newest")

    assert listed(client.get(stories.url)) == ["Oldest but featured", "Newest", "Older"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("industry", "retail-e-commerce"),
        ("region", "EMEA"),
        ("audience", "b2c"),
        ("product", "journeys"),
        ("tag", "loyalty"),
        ("kind", "how_to"),
    ],
)
def test_each_filter_narrows_the_listing(
    client, stories, partner_section, retail, emea, name, value
):
    others = Industry.objects.exclude(pk=retail.pk).first()
    elsewhere = Region.objects.exclude(pk=emea.pk).first()
    matching = {
        "industry": {"industry": retail},
        "region": {"region": emea},
        "audience": {"audience": Audience.B2C},
        "product": {"products": [ProductFactory(name="Journeys", slug="journeys")]},
        "tag": {"tags": ["Loyalty"]},
    }.get(name, {})
    plain = {"industry": others, "region": elsewhere, "audience": Audience.B2B}
    if name == "kind":
        ArticleFactory(parent=partner_section.page, title="The match", **plain)
    else:
        StoryFactory(title="The match", **{**plain, **matching})
    StoryFactory(title="Another story", tags=["Onboarding"], **plain)

    response = client.get(stories.url, {name: value})

    assert response.status_code == 200
    assert listed(response) == ["The match"]
    assert not response.context["filter_notes"]


def test_members_get_shortcuts_to_stories_of_their_own_industry_and_region(
    client, stories, retail, emea
):
    member = CustomerFactory(profile__industry=retail, profile__country_id="DE")
    StoryFactory(title="A retailer's story", industry=retail)
    StoryFactory(title="Someone else's story", industry=Industry.objects.exclude(pk=retail.pk)[0])
    client.force_login(member)

    response = client.get(stories.url)

    shortcuts = [shortcut["query"] for shortcut in response.context["segment_shortcuts"]]
    assert shortcuts == [f"industry={retail.slug}", "region=EMEA"]
    assert f'href="{stories.url}?industry={retail.slug}"' in response.content.decode()
    aimed = {story.title: story.aimed_at_viewer for story in response.context["stories_page"]}
    assert aimed == {"A retailer's story": True, "Someone else's story": False}


def test_visitors_get_no_segment_shortcuts(client, stories):
    StoryFactory()

    response = client.get(stories.url)

    assert response.context["segment_shortcuts"] == []
    assert "For you" not in response.content.decode()


def test_filters_combine(client, stories, retail, emea):
    StoryFactory(title="Retail in EMEA", industry=retail, region=emea)
    StoryFactory(
        title="Retail elsewhere", industry=retail, region=Region.objects.exclude(pk=emea.pk).first()
    )
    StoryFactory(
        title="EMEA, another industry",
        industry=Industry.objects.exclude(pk=retail.pk).first(),
        region=emea,
    )

    response = client.get(stories.url, {"industry": retail.slug, "region": emea.code})

    assert listed(response) == ["Retail in EMEA"]


def test_kind_filter_keeps_customer_stories_apart_from_articles(client, stories, partner_section):
    StoryFactory(title="A customer story")
    ArticleFactory(parent=partner_section.page, title="A how-to")

    response = client.get(stories.url, {"kind": StoryKind.STORY.value})

    assert listed(response) == ["A customer story"]


@pytest.mark.parametrize(
    ("name", "value", "note"),
    [
        ("industry", "underwater-basket-weaving", "There is no industry called"),
        ("region", "MARS", "There is no region"),
        ("audience", "aliens", "is not an audience"),
        ("product", "time-machine", "There is no product called"),
        ("tag", "no-such-tag", "No story is tagged"),
        ("kind", "poem", "is not a kind of story"),
    ],
)
def test_an_unknown_filter_value_is_ignored_with_a_notice(client, stories, name, value, note):
    StoryFactory(title="First story")
    StoryFactory(title="Second story")

    response = client.get(stories.url, {name: value})

    assert response.status_code == 200
    assert sorted(listed(response)) == ["First story", "Second story"]
    (notice,) = response.context["filter_notes"]
    assert note in notice and value in notice
    assert escape(notice) in response.content.decode()


def test_tags_only_unpublished_stories_carry_are_not_offered_as_filters(client, stories):
    StoryFactory(title="Public", tags=["Retail"])
    StoryFactory(title="Hidden", status="draft", tags=["Secret launch"])

    response = client.get(stories.url)

    assert [tag.name for tag in response.context["choices"]["tags"]] == ["Retail"]
    assert "Secret launch" not in response.content.decode()


def test_the_listing_pages_through_many_stories(client, stories):
    for number in range(PAGE_SIZE + 2):
        StoryFactory(title=f"Story number {number:02d}")

    first = client.get(stories.url)
    second = client.get(stories.url, {"page": 2})

    assert first.status_code == second.status_code == 200
    assert len(listed(first)) == PAGE_SIZE
    assert listed(second) == ["Story number 01", "Story number 00"]
    assert "page=2" in first.content.decode()


@pytest.mark.parametrize("junk", ["banana", "-1", "0", "999", "2.5", "9" * 30])
def test_a_junk_page_number_still_answers(client, stories, junk):
    StoryFactory(title="The only story")

    response = client.get(stories.url, {"page": junk})

    assert response.status_code == 200
    assert listed(response) == ["The only story"]


def test_the_listing_page_keeps_its_heading(client, stories):
    StoryFactory()

    assert page_headings(client.get(stories.url).content.decode()) == ["Stories"]


def test_the_listing_points_feed_readers_to_the_feed(client, stories):
    content = client.get(stories.url).content.decode()

    assert any(
        tag == "link" and attrs.get("type") == "application/rss+xml"
        and attrs.get("href", "").endswith("/stories/feed/")
        for tag, attrs in elements(content)
    )  # fmt: skip


# --- A story page ----------------------------------------------------------------------------


def test_story_page_shows_the_story(client, story):
    response = client.get(story.url)

    assert response.status_code == 200
    content = response.content.decode()
    assert page_headings(content) == ["Northwind Outfitters cut onboarding time in half"]
    assert "Northwind Outfitters" in content
    assert "+35%" in content and "repeat orders" in content
    assert "Onboarding took six weeks and three spreadsheets." in content
    assert "Fjord Consulting" in content


def test_a_quote_links_to_the_quoted_members_profile(client, story, quoted_member):
    content = client.get(story.url).content.decode()

    assert "We stopped guessing which accounts needed us" in content
    assert quoted_member.get_absolute_url() in urls(content)


def test_story_page_names_its_advocates(client, story, advocate):
    response = client.get(story.url)

    assert [member.pk for member in response.context["advocates"]] == [advocate.pk]
    content = response.content.decode()
    assert "Tomás Rivera" in content
    assert advocate.get_absolute_url() in urls(content)


def test_story_page_offers_to_recommend_and_share_it(client, story, reader):
    client.force_login(reader)

    content = client.get(story.url).content.decode()

    assert f"{story.url}recommend/" in urls(content)
    assert any(url.startswith("https://www.linkedin.com/sharing/") for url in urls(content))


def test_story_page_has_open_graph_tags_for_link_previews(client, story):
    content = client.get(story.url).content.decode()

    assert meta_content(content, "og:title") == story.title
    assert meta_content(content, "og:type") == "article"
    assert meta_content(content, "og:url") == f"http://testserver{story.url}"
    image = meta_content(content, "og:image")
    assert image and image.startswith("http://testserver/") and "/media/" in image


def test_story_page_describes_itself_as_a_schema_org_article(client, story):
    content = client.get(story.url).content.decode()

    (article,) = [data for data in structured_data(content) if data.get("@type") == "Article"]
    assert article["@context"] == "https://schema.org"
    assert article["headline"] == story.title
    assert article["author"] == {"@type": "Organization", "name": "Fjord Consulting"}
    assert article["about"]["name"] == "Northwind Outfitters"
    assert sorted(article["keywords"]) == ["Onboarding", "Retail"]
    assert article["image"][0].startswith("http")


def test_structured_data_cannot_be_broken_out_of_by_a_title(client, stories):
    hostile = StoryFactory(title="</script><script>alert(1)</script>")

    content = client.get(hostile.url).content.decode()

    assert "<script>alert(1)</script>" not in content
    (article,) = [data for data in structured_data(content) if data.get("@type") == "Article"]
    assert article["headline"] == "</script><script>alert(1)</script>"


def test_a_draft_story_page_is_not_found(client, stories):
    draft = StoryFactory(title="Not yet", status="draft")

    assert client.get(draft.url).status_code == 404


def test_a_story_in_review_is_not_found(client, partner_section):
    waiting = StoryFactory(parent=partner_section.page, status="in_review")

    assert client.get(waiting.url).status_code == 404


def test_an_article_page_shows_without_a_customer(client, partner_section):
    article = ArticleFactory(parent=partner_section.page, title="Five journeys to start with")

    response = client.get(article.url)

    assert response.status_code == 200
    assert isinstance(response.context["page"], ArticlePage)
    assert page_headings(response.content.decode()) == ["Five journeys to start with"]


# --- A partner's section -------------------------------------------------------------------


def test_partner_page_lists_its_published_stories_only(client, partner_section, other_section):
    StoryFactory(parent=partner_section.page, title="Fjord's published story")
    ArticleFactory(parent=partner_section.page, title="Fjord's how-to")
    StoryFactory(parent=partner_section.page, title="Fjord's draft", status="draft")
    StoryFactory(parent=other_section.page, title="Savanna's story")

    response = client.get(partner_section.page.url)

    assert response.status_code == 200
    assert sorted(listed(response)) == ["Fjord's how-to", "Fjord's published story"]
    content = response.content.decode()
    assert escape("Fjord's published story") in content
    assert escape("Fjord's draft") not in content
    assert escape("Savanna's story") not in content


def test_stories_listing_names_the_partner_of_each_story(client, story):
    response = client.get("/stories/")

    (listed_story,) = response.context["stories_page"].object_list
    assert listed_story.partner.title == "Fjord Consulting"
    assert "Fjord Consulting" in response.content.decode()


# --- The home page -------------------------------------------------------------------------


def test_home_page_shows_a_featured_story(client, stories):
    featured = StoryFactory(title="Orbit Learning keeps students enrolled", featured=True)
    StoryFactory(title="An ordinary story")

    response = client.get("/")

    assert response.status_code == 200
    assert [story.pk for story in response.context["featured_stories"]][0] == featured.pk
    content = response.content.decode()
    assert "Orbit Learning keeps students enrolled" in content
    assert featured.url in urls(content)


def test_home_page_shows_the_newest_stories_beside_the_featured_ones(client, stories):
    featured = StoryFactory(title="The featured one", featured=True)
    StoryFactory(title="Oldest")
    StoryFactory(title="Older")
    StoryFactory(title="Newer")
    newest = StoryFactory(title="Newest")

    response = client.get("/")

    assert [story.pk for story in response.context["featured_stories"]] == [featured.pk]
    assert [story.title for story in response.context["latest_stories"]] == [
        "Newest",
        "Newer",
        "Older",
    ]
    content = response.content.decode()
    assert featured.url in urls(content) and newest.url in urls(content)
    assert "Oldest" not in content


def test_home_page_shows_current_highlights_and_not_expired_ones(client, stories):
    today = timezone.localdate()
    current = HighlightFactory(headline="Named Marketer of the Year 2026")
    HighlightFactory(
        headline="Spoke at last year's summit",
        starts_on=today - timedelta(days=400),
        ends_on=today - timedelta(days=30),
    )
    HighlightFactory(headline="Announced for next month", starts_on=today + timedelta(days=30))

    response = client.get("/")

    assert [highlight.pk for highlight in response.context["highlights"]] == [current.pk]
    content = response.content.decode()
    assert "Named Marketer of the Year 2026" in content
    assert current.member.get_absolute_url() in urls(content)
    assert escape("Spoke at last year's summit") not in content
    assert "Announced for next month" not in content


def test_home_page_never_features_a_draft(client, stories):
    StoryFactory(title="Featured but a draft", featured=True, status="draft")

    response = client.get("/")

    assert response.context["featured_stories"] == []
    assert response.context["latest_stories"] == []
    assert "Featured but a draft" not in response.content.decode()


def test_an_advocates_profile_shows_the_advocate_badge_and_the_story(client, story, advocate):
    content = client.get(advocate.get_absolute_url()).content.decode()

    assert "Advocate" in content
    assert story.title in content
    assert story.url in urls(content)


def test_a_profile_never_shows_unpublished_stories_naming_the_member(
    client, stories, partner_section, advocate
):
    StoryFactory(title="A draft naming them", advocates=[advocate], status="draft")
    StoryFactory(
        parent=partner_section.page,
        title="In review, naming them",
        advocates=[advocate],
        status="in_review",
    )

    content = client.get(advocate.get_absolute_url()).content.decode()

    assert "A draft naming them" not in content
    assert "In review, naming them" not in content
    assert "role-badge--advocate" not in content


def test_a_members_highlight_shows_on_their_profile(client, stories, advocate):
    HighlightFactory(member=advocate, headline="Spoke at the spring summit")

    content = client.get(advocate.get_absolute_url()).content.decode()

    assert "Spoke at the spring summit" in content


# --- Query budgets ---------------------------------------------------------------------------

# Queries per page, signed in; measured with the stories below and a little headroom.
BUDGETS = {
    "listing": 19,
    "story": 24,
    "partner": 14,
    "feed": 12,
    "home": 23,
}


def _add_stories(count: int, *, parent, readers, advocates) -> list:
    made = []
    for number in range(count):
        story = StoryFactory(
            parent=parent if number % 2 else None,
            industry=Industry.objects.order_by("sort_order").first(),
            customer_logo=make_image(f"Logo {number}"),
            hero_image=make_image(f"Picture {number}", size=(320, 180)),
            tags=[f"Topic {number}", "Retail"],
            products=[ProductFactory()],
            advocates=advocates,
            featured=number % 3 == 0,
        )
        StoryRecommendation.objects.bulk_create(
            [StoryRecommendation(story=story, member=reader) for reader in readers]
        )
        made.append(story)
    return made


def _queries(client, path: str) -> int:
    client.get(path)  # renditions and per-process caches are made once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def readers(db):
    return [CustomerFactory(), CustomerFactory()]


@pytest.mark.parametrize("page", BUDGETS)
def test_page_queries_do_not_grow_with_the_number_of_stories(
    client, stories, partner_section, readers, advocate, page, django_assert_max_num_queries
):
    client.force_login(readers[0])
    made = _add_stories(3, parent=partner_section.page, readers=readers, advocates=[advocate])
    HighlightFactory()
    path = {
        "listing": "/stories/",
        "story": made[0].url,
        "partner": partner_section.page.url,
        "feed": "/stories/feed/",
        "home": "/",
    }[page]
    with_few = _queries(client, path)

    _add_stories(12, parent=partner_section.page, readers=readers, advocates=[advocate])
    HighlightFactory()
    HighlightFactory()
    with_many = _queries(client, path)

    assert with_many <= with_few, f"{page}: {with_few} queries with 3 stories, {with_many} with 15"
    with django_assert_max_num_queries(BUDGETS[page]):
        client.get(path)
