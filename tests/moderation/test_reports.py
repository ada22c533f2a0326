"""Reporting topics, replies and profiles: one report per member per item, never your own, never
something you can't see."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from community.moderation.models import Report
from community.notifications.models import Notification
from tests.factories import CustomerFactory, PartnerFactory
from tests.factories.forums import ReplyFactory, TopicFactory

from .support import report_url

pytestmark = pytest.mark.django_db

NOTE = "The same link was posted in five topics this morning."


@pytest.fixture
def answer(question, partner):
    return ReplyFactory(topic=question, author=partner, body="Buy our lead-scoring add-on today.")


@pytest.fixture
def reportable(request, question, answer):
    """(kind, item) for the kind named by the test's parameter."""
    kind = request.param
    return kind, {"topic": question, "reply": answer, "profile": question.author}[kind]


@pytest.mark.parametrize("reportable", ["topic", "reply", "profile"], indirect=True)
def test_a_member_reports_a_topic_a_reply_or_a_profile(client, customer, reportable):
    kind, item = reportable
    client.force_login(customer)

    form = client.get(report_url(kind, item.pk))
    assertContains(form, 'name="reason"')
    response = client.post(report_url(kind, item.pk), {"reason": "spam", "text": NOTE})

    assert response.status_code == 302
    assert response["Location"] == item.get_absolute_url()
    report = Report.objects.get()
    assert report.reporter == customer
    assert report.target == item
    assert (report.reason, report.text, report.status) == ("spam", NOTE, Report.Status.OPEN)


@pytest.mark.parametrize("reason", ["spam", "abuse", "off_topic", "other"])
def test_every_listed_reason_can_be_given(client, customer, question, reason):
    client.force_login(customer)

    response = client.post(report_url("topic", question.pk), {"reason": reason})

    assert response.status_code == 302
    assert Report.objects.get().reason == reason


def test_the_reporter_is_thanked_on_the_page_and_by_notification(client, customer, question):
    client.force_login(customer)

    response = client.post(report_url("topic", question.pk), {"reason": "abuse"}, follow=True)

    assertContains(response, "Thanks for your report. A community manager will review it.")
    thanks = Notification.objects.get(recipient=customer)
    assert thanks.kind == "moderation"
    assert "Thanks for your report" in thanks.text
    assert not Notification.objects.filter(recipient=question.author, kind="moderation").exists()


def test_a_member_reports_the_same_item_only_once(client, customer, question):
    client.force_login(customer)
    client.post(report_url("topic", question.pk), {"reason": "spam"})

    again = client.post(report_url("topic", question.pk), {"reason": "abuse"}, follow=True)

    assertContains(again, "You have already reported this")
    assert Report.objects.count() == 1
    assert Report.objects.get().reason == "spam"


def test_different_members_may_each_report_the_same_item(client, question):
    for member in (CustomerFactory(), PartnerFactory()):
        client.force_login(member)
        assert client.post(report_url("topic", question.pk), {"reason": "spam"}).status_code == 302

    assert Report.objects.count() == 2


@pytest.mark.parametrize("reportable", ["topic", "reply", "profile"], indirect=True)
def test_a_member_cannot_report_their_own_content(client, reportable):
    kind, item = reportable
    author = item if kind == "profile" else item.author
    client.force_login(author)

    response = client.post(report_url(kind, item.pk), {"reason": "spam", "text": NOTE})

    assertContains(response, "You can&#x27;t report your own content.", status_code=403)
    assert not Report.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_anonymous_visitor_is_sent_to_sign_in(client, question, method):
    url = report_url("topic", question.pk)

    response = getattr(client, method)(url, {"reason": "spam"} if method == "post" else None)

    assertRedirects(
        response, f"{reverse('account_login')}?next={url}", fetch_redirect_response=False
    )
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("kind", "pk"),
    [("banana", None), ("topic", 987654), ("reply", 987654), ("profile", 987654)],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_kinds_and_items_are_not_found(client, customer, question, kind, pk, method):
    client.force_login(customer)
    url = report_url(kind, pk or question.pk)

    response = getattr(client, method)(url, {"reason": "spam"})

    assert response.status_code == 404
    assert not Report.objects.exists()


def test_a_deactivated_members_profile_is_not_found(client, customer):
    gone = CustomerFactory(is_active=False)
    client.force_login(customer)

    assert client.get(report_url("profile", gone.pk)).status_code == 404


@pytest.mark.parametrize("kind", ["topic", "reply"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_posts_in_a_category_the_reporter_cannot_see_are_not_found(
    client, customer, lounge_topic, kind, method
):
    lounge_reply = ReplyFactory(topic=lounge_topic, author=PartnerFactory())
    item = lounge_topic if kind == "topic" else lounge_reply
    client.force_login(customer)

    response = getattr(client, method)(report_url(kind, item.pk), {"reason": "spam"})

    assert response.status_code == 404
    assert not Report.objects.exists()


def test_a_partner_can_report_a_post_in_the_partner_lounge(client, lounge_topic):
    client.force_login(PartnerFactory())

    response = client.post(report_url("topic", lounge_topic.pk), {"reason": "off_topic"})

    assert response.status_code == 302
    assert Report.objects.get().target == lounge_topic


def test_a_topic_waiting_for_approval_cannot_be_reported_by_others(client, customer, newcomer):
    held = TopicFactory(author=newcomer)
    client.force_login(customer)

    assert client.get(report_url("topic", held.pk)).status_code == 404


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"reason": "boring", "text": NOTE}, "Choose one of the reasons listed."),
        ({"text": NOTE}, "Choose a reason so we know what to look for."),
    ],
)
def test_a_report_without_a_valid_reason_is_sent_back_with_the_text_kept(
    client, customer, question, data, error
):
    client.force_login(customer)

    response = client.post(report_url("topic", question.pk), data)

    assertContains(response, error, status_code=422)
    assertContains(response, NOTE, status_code=422)
    assert not Report.objects.exists()


def test_a_report_with_too_long_a_note_is_sent_back(client, customer, question):
    client.force_login(customer)

    response = client.post(report_url("topic", question.pk), {"reason": "spam", "text": "x" * 1001})

    assert response.status_code == 422
    assert not Report.objects.exists()
