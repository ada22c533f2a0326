"""Accepted solutions: the asker marks the answer, the answerer earns reputation and hears of it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from community.notifications.models import Notification
from forums import services
from forums.models import Topic
from forums.services import REPUTATION_FOR_SOLUTION
from tests.factories import CustomerFactory, PartnerFactory
from tests.factories.forums import ReplyFactory, TopicFactory

pytestmark = pytest.mark.django_db


def reputation(member) -> int:
    member.profile.refresh_from_db()
    return member.profile.reputation


@pytest.fixture
def answers(question):
    """Three replies to the question, by three different members."""
    return [
        ReplyFactory(topic=question, author=CustomerFactory(), body="Try a webhook per webinar."),
        ReplyFactory(topic=question, author=PartnerFactory(), body="Use the webinar connector."),
        ReplyFactory(
            topic=question, author=CustomerFactory(), body="A smart list plus a scoring rule."
        ),
    ]


def test_asker_accepts_a_reply_and_the_question_is_solved(client, question, answers):
    answer = answers[2]
    client.force_login(question.author)

    response = client.post(reverse("forums:accept_solution", kwargs={"pk": answer.pk}))

    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    question.refresh_from_db()
    assert question.is_solved
    assert question.solution == answer


def test_answerer_earns_reputation_and_is_told(question, answers):
    answer = answers[1]

    services.accept_solution(topic=question, reply=answer, member=question.author)

    assert reputation(answer.author) == REPUTATION_FOR_SOLUTION == 10
    told = Notification.objects.filter(recipient=answer.author, kind="solution_accepted")
    assert told.count() == 1
    assert told.get().url == answer.get_absolute_url()
    assert not Notification.objects.filter(kind="solution_accepted").exclude(
        recipient=answer.author
    )


def test_solution_is_shown_under_the_question(client, question, answers):
    answer = answers[2]
    services.accept_solution(topic=question, reply=answer, member=question.author)

    response = client.get(question.get_absolute_url())

    content = response.content.decode()
    assert response.context["topic"].solution == answer
    under_question = content.index("We want attendance to feed the lead score.")
    first_reply = content.index('id="reply-1"')
    solution_box = content.index("A smart list plus a scoring rule.")
    assert under_question < solution_box < first_reply


def test_accepting_the_same_reply_twice_counts_once(question, answers):
    answer = answers[0]

    services.accept_solution(topic=question, reply=answer, member=question.author)
    services.accept_solution(topic=question, reply=answer, member=question.author)

    assert reputation(answer.author) == REPUTATION_FOR_SOLUTION
    assert Notification.objects.filter(kind="solution_accepted").count() == 1


def test_changing_the_solution_moves_the_reputation(question, answers):
    first, second = answers[0], answers[1]
    services.accept_solution(topic=question, reply=first, member=question.author)

    services.accept_solution(topic=question, reply=second, member=question.author)

    question.refresh_from_db()
    assert question.solution == second
    assert reputation(first.author) == 0
    assert reputation(second.author) == REPUTATION_FOR_SOLUTION


def test_clearing_the_solution_reopens_the_question_and_takes_back_reputation(
    client, question, answers
):
    answer = answers[0]
    services.accept_solution(topic=question, reply=answer, member=question.author)
    client.force_login(question.author)

    response = client.post(reverse("forums:clear_solution", kwargs={"pk": question.pk}))

    assert response.status_code == 302
    question.refresh_from_db()
    assert not question.is_solved
    assert reputation(answer.author) == 0


def test_deleting_the_accepted_reply_clears_the_solution(client, question, answers):
    answer = answers[1]
    services.accept_solution(topic=question, reply=answer, member=question.author)
    client.force_login(answer.author)

    client.post(reverse("forums:delete_reply", kwargs={"pk": answer.pk}))

    question.refresh_from_db()
    assert question.solution is None
    assert reputation(answer.author) == 0


def test_asker_earns_nothing_for_accepting_their_own_reply(question, answers):
    own = ReplyFactory(topic=question, author=question.author, body="Solved it myself: a webhook.")

    services.accept_solution(topic=question, reply=own, member=question.author)

    question.refresh_from_db()
    assert question.solution == own
    assert reputation(question.author) == 0
    assert not Notification.objects.filter(kind="solution_accepted").exists()


def test_a_reply_from_another_topic_cannot_be_the_solution(question, category):
    elsewhere = ReplyFactory(topic=TopicFactory(category=category))

    with pytest.raises(PermissionDenied):
        services.accept_solution(topic=question, reply=elsewhere, member=question.author)

    question.refresh_from_db()
    assert question.solution is None


def test_a_deleted_reply_cannot_be_the_solution(question, answers):
    answer = answers[0]
    services.delete_reply(reply=answer, member=answer.author)
    answer.refresh_from_db()

    with pytest.raises(PermissionDenied):
        services.accept_solution(topic=question, reply=answer, member=question.author)


def test_discussions_have_no_solutions(client, category, asker):
    discussion = TopicFactory(category=category, author=asker, kind=Topic.Kind.DISCUSSION)
    reply = ReplyFactory(topic=discussion)
    client.force_login(asker)

    response = client.post(
        reverse("forums:accept_solution", kwargs={"pk": reply.pk}),
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 403
    discussion.refresh_from_db()
    assert discussion.solution is None


def test_only_the_asker_sees_the_accept_button(client, question, answers, customer):
    client.force_login(question.author)
    as_asker = client.get(question.get_absolute_url())
    client.force_login(customer)
    as_someone_else = client.get(question.get_absolute_url())

    assert as_asker.context["can_accept"] is True
    assert as_someone_else.context["can_accept"] is False
