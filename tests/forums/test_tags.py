"""Tag pages: /forums/tags/<slug>/ lists the visible topics with that tag."""

import pytest
from django.urls import reverse

from tests.factories.forums import TopicFactory
from tests.forums.editing import edit_as_author

pytestmark = pytest.mark.django_db


def tag_page(client, slug):
    return client.get(reverse("forums:tag", kwargs={"slug": slug}))


def test_tag_page_lists_the_tagged_topics(client, category):
    tagged = TopicFactory(
        category=category, title="Webhook retries after a timeout", tags=["webhooks"]
    )
    other = TopicFactory(category=category, title="Scoring leads from webinars", tags=["webinars"])

    response = tag_page(client, "webhooks")

    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["tag"].name == "webhooks"
    assert tagged.title in content
    assert other.title not in content


def test_unknown_tag_is_not_found(client, category):
    TopicFactory(category=category, tags=["webhooks"])

    assert tag_page(client, "no-such-tag").status_code == 404


def test_tag_page_keeps_sort_and_filters(client, category, question):
    question.tags.add("webinars")
    discussion = TopicFactory(category=category, kind="discussion", tags=["webinars"])

    response = client.get(reverse("forums:tag", kwargs={"slug": "webinars"}), {"state": "unsolved"})

    assert response.context["topic_page"].topics == [question]
    assert discussion not in response.context["topic_page"].topics


def test_tags_are_lower_case_and_unique_however_they_were_typed(category):
    topic = TopicFactory(category=category, tags=["Webhooks", "webhooks ", "API"])

    assert sorted(tag.name for tag in topic.tags.all()) == ["api", "webhooks"]


def test_retagging_a_topic_moves_it_between_tag_pages(client, question):
    question.tags.add("webinars")

    edit_as_author(question, tags=["lead-scoring"])

    assert question.title in tag_page(client, "lead-scoring").content.decode()
    assert question.title not in tag_page(client, "webinars").content.decode()


def test_tag_suggestions_complete_what_was_typed(client, category):
    TopicFactory(category=category, tags=["webhooks", "webinars", "api"])

    response = client.get(reverse("forums:suggest_tags"), {"q": "web"})

    assert response.json() == {"tags": ["webhooks", "webinars"]}
