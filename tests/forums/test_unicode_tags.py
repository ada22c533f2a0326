"""Tags, categories and topic addresses in any script: "café", "データ", "маркетинг" or "हिंदी" are
linked and listed like "webhooks"; a tag with no letters at all is refused with a reason."""

import importlib
from urllib.parse import quote

import pytest
from django.apps import apps
from django.urls import reverse

from community.search import indexing
from forums.models import ForumTag, TaggedTopic, Topic
from tests import hostile_input
from tests.factories.forums import ForumCategoryFactory, TopicFactory

pytestmark = pytest.mark.django_db

client, member = hostile_input.client, hostile_input.member

repair = importlib.import_module("forums.migrations.0006_unicode_tag_slugs")

UNICODE_TAGS = {
    "latin": ("café", "café"),
    "japanese": ("データ", "データ"),
    "cyrillic": ("маркетинг", "маркетинг"),
    "hindi": ("हिंदी", "हिंदी"),  # vowel signs are kept, not dropped
    "thai": ("ภาษาไทย", "ภาษาไทย"),
    "arabic": ("التسويق", "التسويق"),
    "greek": ("Μάρκετινγκ", "μάρκετινγκ"),
    "two words": ("lead scoring", "lead-scoring"),
    "decomposed accent": ("e\u0301cole", "école"),
}
WORDLESS_TAGS = ["!!!", "🚀", "---", "…", "\u200b!!", "%%", "+++"]


def topic_form(**overrides) -> dict:
    return {
        "kind": "question",
        "title": "How do you warm up a new sending domain?",
        "body": "We're moving to a dedicated IP next month. How long did your warm-up take?",
        "tags": "deliverability",
        **overrides,
    }


def new_topic_url(category) -> str:
    return reverse("forums:new_topic_in", kwargs={"category": category.slug})


@pytest.mark.parametrize(("name", "slug"), UNICODE_TAGS.values(), ids=UNICODE_TAGS)
def test_a_tag_in_any_script_keeps_its_letters_in_its_slug(category, name, slug):
    topic = TopicFactory(category=category, tags=[name])

    assert [tag.slug for tag in topic.tags.all()] == [slug]


@pytest.mark.parametrize(("name", "slug"), UNICODE_TAGS.values(), ids=UNICODE_TAGS)
def test_every_page_linking_a_tag_in_any_script_opens(client, category, name, slug):
    tagged = TopicFactory(category=category, title="Warm-up schedules that worked", tags=[name])
    other = TopicFactory(category=category, title="Scoring leads from webinars", tags=["api"])
    tag_url = reverse("forums:tag", kwargs={"slug": slug})

    assert tag_url == f"/forums/tags/{quote(slug)}/"
    for url in ["/forums/", category.url, tagged.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert tag_url in response.content.decode(), url
    tag_page = client.get(tag_url)
    assert tag_page.status_code == 200
    assert tagged.title in tag_page.content.decode()
    assert other.title not in tag_page.content.decode()
    assert client.get("/forums/", {"tag": slug}).context["topic_page"].topics == [tagged]


def test_a_unicode_tag_is_suggested_and_found_in_search(client, category, settings):
    settings.COMMUNITY_SEARCH_BACKEND = "database"
    TopicFactory(category=category, title="Exporting segments to the warehouse", tags=["データ"])
    indexing.rebuild()

    suggestions = client.get(reverse("forums:suggest_tags"), {"q": "デ"})
    search = client.get("/search/", {"q": "warehouse", "tag": "データ"})
    search_suggestions = client.get(reverse("search:suggest"), {"q": "デー"})

    assert suggestions.json() == {"tags": ["データ"]}
    assert search.status_code == 200
    assert search.context["results"].total == 1
    assert search.context["notes"] == []
    assert search_suggestions.status_code == 200


def test_a_member_can_tag_a_new_topic_in_any_script(client, member, category):
    response = client.post(new_topic_url(category), topic_form(tags="café, データ, маркетинг"))

    topic = Topic.objects.get()
    assert response.status_code == 302
    assert sorted(tag.slug for tag in topic.tags.all()) == sorted(["café", "データ", "маркетинг"])
    assert client.get(topic.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("wordless", WORDLESS_TAGS)
def test_a_tag_with_no_letters_is_refused_and_the_topic_is_kept_in_the_form(
    client, member, category, wordless
):
    response = client.post(new_topic_url(category), topic_form(tags=f"deliverability, {wordless}"))

    assert response.status_code == 422
    assert "at least one letter or digit" in str(response.context["form"].errors["tags"])
    assert "How long did your warm-up take?" in response.content.decode()
    assert not Topic.objects.exists()
    assert not ForumTag.objects.filter(slug="").exists()


def test_tags_that_look_the_same_are_one_tag(category):
    first = TopicFactory(category=category, tags=["école"])
    second = TopicFactory(category=category, tags=["e\u0301cole"])

    assert ForumTag.objects.count() == 1
    assert list(first.tags.all()) == list(second.tags.all())


def test_a_topic_title_in_any_script_gives_a_readable_address(client, category):
    topic = TopicFactory(category=category, title="データのエクスポートについて")

    assert topic.slug == "データのエクスポートについて"
    assert client.get(topic.get_absolute_url()).status_code == 200


def test_a_category_with_a_unicode_slug_links_its_topics(client, forums):
    category = ForumCategoryFactory(title="マーケティング", slug="マーケティング")
    topic = TopicFactory(category=category, title="Webinar follow-up timing")

    assert client.get(topic.get_absolute_url()).status_code == 200
    assert client.get("/forums/").status_code == 200


# --- Tags stored before: the data migration repairs them ----------------------------------


def stored_tag(name: str, slug: str, *topics: Topic) -> ForumTag:
    """A tag as an older version stored it, bypassing today's slug rule."""
    [tag] = ForumTag.objects.bulk_create([ForumTag(name=name, slug=slug)])
    for topic in topics:
        TaggedTopic.objects.create(content_object=topic, tag=tag)
    return tag


def test_repair_gives_a_wordless_stored_tag_a_slug_and_keeps_its_topic(client, category):
    topic = TopicFactory(category=category, title="Warm-up schedules that worked")
    tag = stored_tag("!!!", "", topic)

    repair.repair_tags(apps, None)

    tag.refresh_from_db()
    assert tag.slug == f"tag-{tag.pk}"
    assert list(topic.tags.all()) == [tag]
    assert client.get("/forums/").status_code == 200
    assert client.get(topic.get_absolute_url()).status_code == 200
    assert (
        topic.title in client.get(reverse("forums:tag", kwargs={"slug": tag.slug})).content.decode()
    )


def test_repair_restores_the_letters_a_stored_slug_lost(category):
    topic = TopicFactory(category=category)
    tag = stored_tag("हिंदी", "हद", topic)

    repair.repair_tags(apps, None)

    tag.refresh_from_db()
    assert tag.slug == "हिंदी"


def test_repair_merges_look_alike_tags_without_losing_a_topic(category):
    both = TopicFactory(category=category, title="Tagged with both spellings")
    composed_only = TopicFactory(category=category, title="Tagged with the composed one")
    decomposed_only = TopicFactory(category=category, title="Tagged with the decomposed one")
    keeper = stored_tag("école", "école", both, composed_only)
    stored_tag("e\u0301cole", "école_1", both, decomposed_only)

    repair.repair_tags(apps, None)

    assert list(ForumTag.objects.all()) == [keeper]
    for topic in (both, composed_only, decomposed_only):
        assert [tag.pk for tag in topic.tags.all()] == [keeper.pk]


def test_repair_leaves_good_tags_as_they_are(category):
    topic = TopicFactory(category=category, tags=["webhooks", "café"])
    before = sorted(ForumTag.objects.values_list("pk", "name", "slug"))

    repair.repair_tags(apps, None)

    assert sorted(ForumTag.objects.values_list("pk", "name", "slug")) == before
    assert topic.tags.count() == 2


def test_repair_gives_old_topics_an_address_in_their_own_script(client, category):
    topic = TopicFactory(category=category, title="データのエクスポートについて")
    Topic.objects.filter(pk=topic.pk).update(slug="topic")

    repair.reslug_topics(apps, None)

    topic.refresh_from_db()
    assert topic.slug == "データのエクスポートについて"
