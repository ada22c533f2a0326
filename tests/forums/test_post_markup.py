"""A thread's bylines and kudos buttons: drawn by tags, with the names, states and forms a reader
and a screen reader rely on."""

import pytest
from django.urls import reverse

from forums.models import Kudos
from tests.factories import CustomerFactory
from tests.factories.forums import ReplyFactory, TopicFactory
from tests.markup import elements

pytestmark = pytest.mark.django_db


def thread_html(client, topic) -> str:
    return client.get(topic.get_absolute_url()).content.decode()


def test_a_visitor_sees_kudos_forms_that_ask_them_to_sign_in(client, category):
    topic = TopicFactory(category=category)
    reply = ReplyFactory(topic=topic)

    html = thread_html(client, topic)

    buttons = [attrs for tag, attrs in elements(html) if "data-kudos-button" in attrs]
    assert len(buttons) == 2
    assert all(button["title"] == "Sign in to give kudos" for button in buttons)
    assert all(button["aria-pressed"] == "false" for button in buttons)
    assert f'data-kudos-count="reply-{reply.pk}"' in html
    assert f'data-kudos-count="topic-{topic.pk}"' in html
    assert html.count('name="csrfmiddlewaretoken"') >= 2


def test_a_member_sees_the_kudos_they_gave_pressed_and_their_own_posts_count_only(client, category):
    member = CustomerFactory()
    topic = TopicFactory(category=category, author=member)
    liked = ReplyFactory(topic=topic)
    Kudos.objects.create(member=member, reply=liked)
    client.force_login(member)

    html = thread_html(client, topic)

    pressed = {
        attrs["title"]: attrs["aria-pressed"]
        for tag, attrs in elements(html)
        if "data-kudos-button" in attrs
    }
    assert pressed == {"Give kudos to this reply": "true"}
    assert 'class="pill-button kudos kudos--own"' in html
    assert f'<span data-kudos-count="topic-{topic.pk}">' in html


def test_a_byline_marks_the_topic_author_and_the_accepted_solution(client, category):
    topic = TopicFactory(category=category, kind="question")
    own = ReplyFactory(topic=topic, author=topic.author)
    answer = ReplyFactory(topic=topic)
    topic.solution = answer
    topic.save(update_fields=["solution"])

    html = thread_html(client, topic)

    assert html.count('title="Started this topic">Author</span>') == 1
    assert "Accepted solution</span>" in html
    assert f'href="{reverse("forums:reply", args=[own.pk])}"' in html
    assert ">asked " in html and ">replied " in html
    assert " reputation</span>" in html
