"""Starting topics and replying: double submits, and what a member sees when the form is wrong."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Reply, Topic
from tests.factories.forums import ReplyFactory
from tests.forums.addresses import new_topic_url, reply_url

pytestmark = pytest.mark.django_db

BODY = "We're moving to a dedicated IP next month.\n\nHow long did your warm-up take?"


@pytest.fixture
def member(client, customer):
    client.force_login(customer)
    return customer


def topic_form(**overrides) -> dict:
    return {
        "kind": "question",
        "title": "How do you warm up a new sending domain?",
        "body": BODY,
        "tags": "deliverability, ip-warmup",
        **overrides,
    }


# --- Double submits ----------------------------------------------------------------------


def test_the_same_reply_sent_twice_is_posted_once(client, member, question):
    first = client.post(reply_url(question), {"body": "Ramp over four weeks."})
    second = client.post(reply_url(question), {"body": "Ramp over four weeks."})

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Reply.objects.filter(topic=question).count() == 1
    question.refresh_from_db()
    assert question.reply_count == 1
    assert question.last_reply_number == 1


def test_the_same_multiline_reply_from_a_browser_sent_twice_is_posted_once(
    client, member, question
):
    browser_text = "Ramp over four weeks.\r\n\r\nStart with your most engaged contacts."

    client.post(reply_url(question), {"body": browser_text})
    client.post(reply_url(question), {"body": browser_text})

    assert Reply.objects.filter(topic=question).count() == 1


def test_the_same_multiline_topic_from_a_browser_sent_twice_is_started_once(
    client, member, category
):
    browser_text = "We're moving to a dedicated IP.\r\n\r\nHow long did your warm-up take?"

    client.post(new_topic_url(category), topic_form(body=browser_text))
    client.post(new_topic_url(category), topic_form(body=browser_text))

    assert Topic.objects.filter(author=member).count() == 1


def test_different_replies_sent_in_a_row_are_both_posted(client, member, question):
    client.post(reply_url(question), {"body": "Ramp over four weeks."})
    client.post(reply_url(question), {"body": "And watch the bounce rate daily."})

    assert list(question.replies.values_list("number", flat=True)) == [1, 2]


def test_the_same_reply_posted_again_later_is_a_new_reply(customer, question):
    first = ReplyFactory(topic=question, author=customer, body="Bumping this, any ideas?")
    Reply.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(hours=1))

    again = ReplyFactory(topic=question, author=customer, body="Bumping this, any ideas?")

    assert again.pk != first.pk
    assert again.number == 2


def test_the_same_topic_sent_twice_is_started_once(client, member, category):
    first = client.post(new_topic_url(category), topic_form())
    second = client.post(new_topic_url(category), topic_form())

    topic = Topic.objects.get(author=member)
    assert first["Location"] == second["Location"] == topic.get_absolute_url()
    category.refresh_from_db()
    assert category.topic_count == 1


def test_different_topics_sent_in_a_row_are_both_started(client, member, category):
    client.post(new_topic_url(category), topic_form())
    client.post(new_topic_url(category), topic_form(body="A different question altogether."))

    assert Topic.objects.filter(author=member).count() == 2


# --- A topic that starts well ------------------------------------------------------------


def test_new_topic_keeps_its_kind_tags_and_segment(client, member, category):
    client.post(
        new_topic_url(category), topic_form(tags="Deliverability, ip-warmup, deliverability")
    )

    topic = Topic.objects.get(author=member)
    assert topic.kind == Topic.Kind.QUESTION
    assert sorted(tag.name for tag in topic.tags.all()) == ["deliverability", "ip-warmup"]
    assert topic.industry_id == member.profile.industry_id
    assert topic.region_id == member.profile.country.region_id
    assert topic.audience == member.profile.audience


def test_new_topic_from_the_forums_page_goes_to_the_chosen_category(client, member, category):
    response = client.post(reverse("forums:new_topic"), topic_form(category=category.pk))

    topic = Topic.objects.get(author=member)
    assert topic.category_id == category.pk
    assert response["Location"] == topic.get_absolute_url()


def test_new_topic_form_is_shown_with_the_title_from_the_search_box(client, member, category):
    response = client.get(new_topic_url(category), {"title": "Warm-up schedule"})

    assert response.status_code == 200
    assert response.context["form"].initial["title"] == "Warm-up schedule"


# --- Wrong input -------------------------------------------------------------------------

INVALID_TOPICS = {
    "empty-title": ({"title": ""}, "title"),
    "blank-title": ({"title": "    "}, "title"),
    "empty-body": ({"body": ""}, "body"),
    "blank-body": ({"body": " \n\t "}, "body"),
    "short-title": ({"title": "Help me"}, "title"),
    "long-title": ({"title": "W" * (TITLE_MAX_LENGTH + 1)}, "title"),
    "long-body": ({"body": "x" * (BODY_MAX_LENGTH + 1)}, "body"),
    "six-tags": ({"tags": "api, webhooks, salesforce, gdpr, abm, nurture"}, "tags"),
    "long-tag": ({"tags": "t" * 41}, "tags"),
    "unknown-kind": ({"kind": "poll"}, "kind"),
}


@pytest.mark.parametrize(("change", "field"), INVALID_TOPICS.values(), ids=INVALID_TOPICS)
def test_invalid_topic_is_sent_back_with_errors_and_nothing_is_created(
    client, member, category, change, field
):
    response = client.post(new_topic_url(category), topic_form(**change))

    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not Topic.objects.exists()


def test_invalid_topic_keeps_what_the_member_wrote(client, member, category):
    response = client.post(new_topic_url(category), topic_form(title="Help"))

    content = response.content.decode()
    assert "at least 8 characters" in content
    assert "How long did your warm-up take?" in content


def test_a_title_and_tags_in_the_address_start_the_question(client, member, category):
    response = client.get(
        new_topic_url(category), {"title": "Exit criteria?", "tags": "ジャーニー"}
    )

    form = response.context["form"]
    assert form["title"].value() == "Exit criteria?"
    assert form["tags"].value() == "ジャーニー"
    assert not Topic.objects.exists()


def test_blank_title_is_explained_and_the_details_are_kept(client, member, category):
    response = client.post(new_topic_url(category), topic_form(title="   "))

    assert response.status_code == 422
    assert response.context["form"]["body"].value() == BODY
    assert "How long did your warm-up take?" in response.content.decode()


def test_too_many_tags_are_explained(client, member, category):
    response = client.post(
        new_topic_url(category), topic_form(tags="api, webhooks, salesforce, gdpr, abm, nurture")
    )

    assert "Use at most 5 tags." in response.content.decode()


def test_topic_without_a_category_is_sent_back(client, member, category):
    response = client.post(reverse("forums:new_topic"), topic_form(category=""))

    assert response.status_code == 422
    assert "category" in response.context["form"].errors


@pytest.mark.parametrize("body", ["", "   ", "\r\n\r\n"], ids=["empty", "spaces", "newlines"])
def test_empty_reply_is_sent_back_with_an_error(client, member, question, body):
    response = client.post(reply_url(question), {"body": body})

    assert response.status_code == 422
    assert "body" in response.context["reply_form"].errors
    assert not Reply.objects.exists()


def test_reply_over_the_limit_is_sent_back_with_the_text_kept(client, member, question):
    too_long = "Here is everything we learned. " + "x" * BODY_MAX_LENGTH

    response = client.post(reply_url(question), {"body": too_long})

    assert response.status_code == 422
    assert "Here is everything we learned." in response.content.decode()
    assert not Reply.objects.exists()


def test_reply_quoting_a_reply_of_another_topic_quotes_nothing(client, member, question, category):
    elsewhere = ReplyFactory()

    client.post(reply_url(question), {"body": "As they said:", "quoted": elsewhere.pk})

    assert Reply.objects.get(topic=question).quoted is None


def test_reply_quoting_an_earlier_reply_keeps_the_quote(client, member, question):
    earlier = ReplyFactory(topic=question)

    client.post(reply_url(question), {"body": "Exactly this.", "quoted": earlier.pk})

    assert Reply.objects.get(topic=question, number=2).quoted == earlier


@pytest.mark.parametrize("quoted", ["abc", "-3", "99999999999999999999999"])
def test_reply_with_a_nonsense_quote_never_fails(client, member, question, quoted):
    response = client.post(reply_url(question), {"body": "Exactly this.", "quoted": quoted})

    assert response.status_code in (302, 422)


def test_editing_a_topic_with_an_empty_title_is_sent_back(client, question):
    client.force_login(question.author)

    response = client.post(
        reverse("forums:edit_topic", kwargs={"pk": question.pk}), {"title": " ", "body": "Hi"}
    )

    assert response.status_code == 422
    question.refresh_from_db()
    assert question.title == "How do I score leads from webinar attendance?"


def test_editing_a_reply_to_nothing_is_sent_back(client, question):
    reply = ReplyFactory(topic=question, body="Use a smart list.")
    client.force_login(reply.author)

    response = client.post(reverse("forums:edit_reply", kwargs={"pk": reply.pk}), {"body": "  "})

    assert response.status_code == 422
    reply.refresh_from_db()
    assert reply.body_source == "Use a smart list."
