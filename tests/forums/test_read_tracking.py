"""Where a member stopped reading: "3 new" in the listing, and the topic opens at the first unread reply."""

import pytest

from forums import selectors
from forums.models import TopicRead
from tests.factories import CustomerFactory
from tests.factories.forums import ReplyFactory, seed_replies

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, customer):
    client.force_login(customer)
    return customer


def listed(client, category, topic):
    page = client.get(category.url).context["topic_page"]
    return next(t for t in page.topics if t.pk == topic.pk)


def read_up_to(member, topic) -> int:
    return TopicRead.objects.get(member=member, topic=topic).last_read_number


def add_replies(topic, count):
    for _ in range(count):
        ReplyFactory(topic=topic)


def test_reading_a_topic_remembers_the_last_reply_seen(client, reader, question):
    add_replies(question, 3)

    client.get(question.get_absolute_url())

    assert read_up_to(reader, question) == 3


def test_new_replies_since_the_last_visit_show_in_the_listing(client, reader, category, question):
    add_replies(question, 3)
    client.get(question.get_absolute_url())
    add_replies(question, 3)

    response = client.get(category.url)

    topic = next(t for t in response.context["topic_page"].topics if t.pk == question.pk)
    assert topic.unread_replies == 3
    assert "3 new" in response.content.decode()


def test_topic_never_opened_shows_no_new_count(client, reader, category, question):
    add_replies(question, 2)

    assert listed(client, category, question).unread_replies is None


def test_opening_the_topic_goes_to_the_first_unread_reply(client, reader, question):
    add_replies(question, 3)
    client.get(question.get_absolute_url())
    add_replies(question, 3)

    response = client.get(question.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == f"{question.get_absolute_url()}?page=1#reply-4"


def test_first_unread_reply_on_a_later_page(client, reader, question):
    seed_replies(topic=question, authors=[CustomerFactory(), CustomerFactory()], count=23)
    client.get(question.get_absolute_url())  # page 1: replies 1 to 20
    seed_replies(topic=question, authors=[CustomerFactory()], count=2)

    response = client.get(question.get_absolute_url())

    assert response["Location"] == f"{question.get_absolute_url()}?page=2#reply-21"


def test_reading_the_new_replies_marks_them_read(client, reader, category, question):
    add_replies(question, 3)
    client.get(question.get_absolute_url())
    add_replies(question, 3)

    client.get(question.get_absolute_url(), {"page": 1})

    assert read_up_to(reader, question) == 6
    assert listed(client, category, question).unread_replies == 0
    assert client.get(question.get_absolute_url()).status_code == 200


def test_reading_an_earlier_page_never_moves_the_mark_back(client, reader, question):
    seed_replies(topic=question, authors=[CustomerFactory()], count=30)
    client.get(question.get_absolute_url(), {"page": 2})

    client.get(question.get_absolute_url(), {"page": 1})

    assert read_up_to(reader, question) == 30


def test_your_own_reply_is_not_new_to_you(reader, question):
    ReplyFactory(topic=question, author=reader)

    topic = next(
        t for t in selectors.topics_for_listing(viewer=reader).topics if t.pk == question.pk
    )
    assert topic.unread_replies == 0


def test_visitors_are_never_redirected(client, question):
    add_replies(question, 3)
    marks = list(TopicRead.objects.values_list("member_id", "last_read_number"))

    assert client.get(question.get_absolute_url()).status_code == 200
    assert list(TopicRead.objects.values_list("member_id", "last_read_number")) == marks
