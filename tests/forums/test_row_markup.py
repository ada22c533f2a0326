"""A listing row draws its links and icons without a lookup per row, and says the same as before."""

import zoneinfo
from datetime import timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timesince

from community.core.row_links import fast_reverse
from forums.templatetags.forum_tags import ago, row_helpers
from tests.factories import CustomerFactory
from tests.factories.forums import ReplyFactory, TopicFactory
from tests.markup import elements

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("forums:topic", {"category": "café-データ", "pk": 42, "slug": "हिंदी-तमिल"}),
        ("forums:tag", {"slug": "маркетинг"}),
        ("forums:reply", {"pk": 7}),
        ("members:profile", {"handle": "ana.lima+news@x"}),
    ],
)
def test_row_links_are_the_urls_reverse_gives(name, kwargs):
    assert fast_reverse(name, **kwargs) == reverse(name, kwargs=kwargs)


def test_row_links_follow_the_script_prefix():
    set_script_prefix("/community/")
    try:
        assert fast_reverse("forums:reply", pk=3) == reverse("forums:reply", kwargs={"pk": 3})
    finally:
        set_script_prefix("/")


def test_a_rows_topic_tag_and_member_links_are_their_absolute_urls(category):
    topic = TopicFactory(category=category, tags=["webhooks"])
    tag = topic.tags.get()
    links = row_helpers(Context())

    assert links["topic_url"](topic) == topic.get_absolute_url()
    assert links["tag_url"](tag) == reverse("forums:tag", args=[tag.slug])
    assert links["profile_url"](topic.author) == topic.author.get_absolute_url()
    assert links["handle_url"](topic.author.username) == topic.author.get_absolute_url()


def test_a_listing_row_keeps_its_accessible_names_and_decorative_icons(client, category):
    question = TopicFactory(category=category, kind="question", title="Retries", tags=["api"])
    ReplyFactory(topic=question, author=CustomerFactory())

    html = client.get(category.url).content.decode()

    icons = [attrs for tag, attrs in elements(html) if tag == "svg" and "icon" in attrs["class"]]
    assert icons and all(
        svg["aria-hidden"] == "true" and svg["focusable"] == "false" for svg in icons
    )
    assert all(
        attrs["href"].split("#")[1].startswith("icon-")
        for tag, attrs in elements(html)
        if tag == "use"
    )
    for name in ("Question: ", "Replies", "Views", "Kudos", "Last activity "):
        assert f'<span class="visually-hidden">{name}</span>' in html
    hrefs = {attrs.get("href") for _, attrs in elements(html)}
    question.refresh_from_db()
    assert question.get_absolute_url() in hrefs
    assert reverse("forums:tag", args=["api"]) in hrefs
    assert question.last_reply.author.get_absolute_url() in hrefs


def test_the_hover_date_of_a_relative_time_is_written_in_the_current_time_zone():
    moment = timezone.now() - timedelta(days=3)

    for zone in ("UTC", "Asia/Tokyo", "UTC"):
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            expected = date_format(timezone.localtime(moment), "DATETIME_FORMAT")
            assert f'title="{expected}"' in ago(moment, "asked")
            assert ">asked 3\xa0days ago</time>" in ago(moment, "asked")


@pytest.mark.parametrize(
    "delta",
    [
        timedelta(minutes=1),
        timedelta(minutes=59, seconds=59),
        timedelta(hours=1),
        timedelta(hours=23, minutes=59),
        timedelta(days=1),
        timedelta(days=6, hours=23),
        timedelta(days=7),
        timedelta(days=27, hours=23),
        timedelta(days=28),
        timedelta(days=31),
        timedelta(days=400),
        timedelta(days=3000),
    ],
)
def test_a_relative_time_says_what_timesince_says(delta):
    now = timezone.now()

    assert f">{timesince(now - delta, now, depth=1)} ago</time>" in ago(now - delta, now=now)


def test_a_page_counts_every_relative_time_from_the_same_moment():
    moment = timezone.now() - timedelta(minutes=30)
    template = Template('{% load forum_tags %}{% ago moment %}|{% ago moment "asked" %}')

    first, second = template.render(Context({"moment": moment})).split("|")

    assert first.removeprefix("<time") == second.replace("asked ", "").removeprefix("<time")
    assert "30\xa0minutes ago" in first


def test_a_category_chip_links_to_the_category_page(category):
    template = Template(
        "{% load forum_tags %}{% category_url category %}|{% category_url category %}"
    )

    assert template.render(Context({"category": category})) == f"{category.url}|{category.url}"
