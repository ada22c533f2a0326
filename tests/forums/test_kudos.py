"""Kudos: one per member per post, toggled on and off, counted exactly, worth one reputation point."""

import pytest
from django.urls import reverse

from community.notifications.models import Notification
from forums import services
from forums.models import Kudos
from tests.factories import CustomerFactory, PartnerFactory
from tests.factories.forums import ReplyFactory

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


def reputation(member) -> int:
    member.profile.refresh_from_db()
    return member.profile.reputation


@pytest.fixture
def answer(question):
    return ReplyFactory(topic=question, author=PartnerFactory(), body="Use the webinar connector.")


def test_kudos_toggle_on_and_off_for_a_reply(client, customer, answer):
    client.force_login(customer)
    url = reverse("forums:reply_kudos", kwargs={"pk": answer.pk})

    given = client.post(url, headers=JSON)
    assert given.status_code == 200
    assert given.json() == {"kudos": True, "count": 1}
    answer.refresh_from_db()
    assert answer.kudos_count == 1
    assert reputation(answer.author) == 1
    assert Kudos.objects.filter(member=customer, reply=answer).count() == 1

    taken_back = client.post(url, headers=JSON)
    assert taken_back.json() == {"kudos": False, "count": 0}
    answer.refresh_from_db()
    assert answer.kudos_count == 0
    assert reputation(answer.author) == 0
    assert not Kudos.objects.exists()


def test_kudos_toggle_on_and_off_for_a_topic(client, customer, question):
    client.force_login(customer)
    url = reverse("forums:topic_kudos", kwargs={"pk": question.pk})

    assert client.post(url, headers=JSON).json() == {"kudos": True, "count": 1}
    assert reputation(question.author) == 1
    assert client.post(url, headers=JSON).json() == {"kudos": False, "count": 0}
    question.refresh_from_db()
    assert question.kudos_count == 0
    assert reputation(question.author) == 0


def test_kudos_from_several_members_add_up(answer):
    givers = [CustomerFactory() for _ in range(4)]

    for giver in givers:
        services.toggle_kudos(member=giver, reply=answer)
    has_kudos, count = services.toggle_kudos(member=givers[0], reply=answer)

    answer.refresh_from_db()
    assert (has_kudos, count) == (False, 3)
    assert answer.kudos_count == Kudos.objects.filter(reply=answer).count() == 3
    assert reputation(answer.author) == 3


def test_kudos_without_script_return_to_the_reply(client, customer, answer, question):
    client.force_login(customer)

    response = client.post(reverse("forums:reply_kudos", kwargs={"pk": answer.pk}))

    assert response.status_code == 302
    assert response["Location"] == f"{question.get_absolute_url()}?page=1#reply-1"
    assert Kudos.objects.filter(member=customer, reply=answer).exists()


def test_author_hears_of_kudos_once_per_giver(customer, answer):
    services.toggle_kudos(member=customer, reply=answer)

    told = Notification.objects.filter(recipient=answer.author, kind="kudos")
    assert told.count() == 1
    assert told.get().actor == customer


def test_taking_kudos_back_does_not_notify(customer, answer):
    services.toggle_kudos(member=customer, reply=answer)
    Notification.objects.all().delete()

    services.toggle_kudos(member=customer, reply=answer)

    assert not Notification.objects.exists()


def test_topic_page_shows_what_the_member_gave_kudos_to(client, customer, question, answer):
    other = ReplyFactory(topic=question)
    services.toggle_kudos(member=customer, reply=answer)
    services.toggle_kudos(member=customer, topic=question)
    client.force_login(customer)

    thread = client.get(question.get_absolute_url()).context["thread"]

    assert thread.kudosed_topic is True
    assert thread.kudosed_replies == {answer.pk}
    assert other.pk not in thread.kudosed_replies


def test_kudos_to_a_missing_reply_is_not_found(client, customer):
    client.force_login(customer)

    response = client.post(reverse("forums:reply_kudos", kwargs={"pk": 987654}), headers=JSON)

    assert response.status_code == 404


def test_deleted_reply_takes_no_kudos(client, customer, answer):
    services.delete_reply(reply=answer, member=answer.author)
    client.force_login(customer)

    response = client.post(reverse("forums:reply_kudos", kwargs={"pk": answer.pk}), headers=JSON)

    assert response.status_code in (403, 404)
    assert not Kudos.objects.exists()
    assert reputation(answer.author) == 0
