"""Topic addresses: the slug follows the title, and every old address leads to the current one."""

import pytest
from django.urls import reverse

from forums.models import Topic
from tests.factories import CustomerFactory
from tests.factories.forums import ForumCategoryFactory, TopicFactory, seed_replies
from tests.forums.editing import edit_as_author

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(category):
    return TopicFactory(category=category, title="Why are my emails landing in Promotions?")


def test_topic_address_is_made_from_the_category_and_title(topic):
    assert topic.slug == "why-are-my-emails-landing-in-promotions"
    assert topic.get_absolute_url() == (
        f"/forums/campaigns-email/t/{topic.pk}-why-are-my-emails-landing-in-promotions/"
    )


def test_renaming_a_topic_changes_its_slug(topic):
    edit_as_author(topic, title="Emails land in the Promotions tab since March")

    topic.refresh_from_db()
    assert topic.slug == "emails-land-in-the-promotions-tab-since-march"


def test_old_address_of_a_renamed_topic_redirects_permanently(client, topic):
    old_url = topic.get_absolute_url()
    edit_as_author(topic, title="Emails land in Promotions", body="Since March.")
    topic.refresh_from_db()

    response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == topic.get_absolute_url()


def test_short_address_redirects_to_the_full_one(client, topic):
    response = client.get(f"/forums/campaigns-email/t/{topic.pk}/")

    assert response.status_code == 301
    assert response["Location"] == topic.get_absolute_url()


def test_wrong_slug_redirects_and_keeps_the_page(client, topic):
    response = client.get(f"/forums/campaigns-email/t/{topic.pk}-some-old-title/?page=2")

    assert response.status_code == 301
    assert response["Location"] == f"{topic.get_absolute_url()}?page=2"


def test_moved_topic_redirects_from_its_old_category(client, topic, forums):
    old_url = topic.get_absolute_url()
    deliverability = ForumCategoryFactory(title="Deliverability", slug="deliverability")
    Topic.objects.filter(pk=topic.pk).update(category=deliverability)
    topic.refresh_from_db()

    response = client.get(old_url, follow=True)

    assert response.redirect_chain == [(topic.get_absolute_url(), 301)]
    assert topic.get_absolute_url().startswith("/forums/deliverability/")
    assert response.status_code == 200


def test_reply_permalink_leads_to_its_page_and_anchor(client, question):
    replies = seed_replies(topic=question, authors=[CustomerFactory()], count=25)

    response = client.get(reverse("forums:reply", kwargs={"pk": replies[22].pk}))

    assert response.status_code == 302
    assert response["Location"] == f"{question.get_absolute_url()}?page=2#reply-23"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Über-fast imports: 10× speed?", "über-fast-imports-10-speed"),
        ("日本語のタイトルについての質問です", "日本語のタイトルについての質問です"),
        ("मार्केटिंग ऑटोमेशन", "मार्केटिंग-ऑटोमेशन"),
        ("🚀🚀🚀 !!!", "topic"),
        ("  Spaces   everywhere  in the title ", "spaces-everywhere-in-the-title"),
        ("A" * 150, "a" * 80),
    ],
)
def test_any_title_gives_a_working_address(client, category, title, slug):
    topic = TopicFactory(category=category, title=title)

    assert topic.slug == slug
    assert client.get(topic.get_absolute_url()).status_code == 200
