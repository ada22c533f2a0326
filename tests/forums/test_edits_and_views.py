"""Edits keep their history and say so; deleted replies leave a mark; views count once per visitor."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from forums import services
from forums.models import PostRevision
from tests.factories import CustomerFactory
from tests.factories.forums import ReplyFactory
from tests.forums.editing import edit_as_author

pytestmark = pytest.mark.django_db


def page_text(client, topic, **query) -> str:
    response = client.get(topic.get_absolute_url(), query)
    assert response.status_code == 200
    return response.content.decode()


# --- Edits -------------------------------------------------------------------------------


def test_editing_a_topic_keeps_the_previous_version(client, question):
    client.force_login(question.author)

    client.post(
        reverse("forums:edit_topic", kwargs={"pk": question.pk}),
        {"title": "How do I score leads from webinar replays?", "body": "Replays count too."},
    )

    revision = PostRevision.objects.get(topic=question)
    assert revision.title == "How do I score leads from webinar attendance?"
    assert revision.body_source.startswith("We want attendance to feed the lead score.")
    assert revision.editor == question.author
    question.refresh_from_db()
    assert question.edited_at is not None
    assert question.body_source == "Replays count too."


def test_every_edit_adds_a_revision(question):
    original = question.body_source
    for body in ("First correction.", "Second correction."):
        edit_as_author(question, body=body)

    history = sorted(revision.body_source for revision in question.revisions.all())
    assert history == sorted([original, "First correction."])


def test_saving_without_changes_adds_no_revision(question):
    edit_as_author(question, tags=["webinars"])

    question.refresh_from_db()
    assert not question.revisions.exists()
    assert question.edited_at is None
    assert [tag.name for tag in question.tags.all()] == ["webinars"]


def test_saving_an_unchanged_multiline_topic_from_a_browser_adds_no_revision(
    client, category, asker
):
    topic = services.create_topic(
        category=category,
        author=asker,
        title="Nurture cadence for a B2B audience",
        body="Monthly or weekly?\n\nWe send monthly today.",
    )
    client.force_login(asker)

    client.post(
        reverse("forums:edit_topic", kwargs={"pk": topic.pk}),
        {"title": topic.title, "body": "Monthly or weekly?\r\n\r\nWe send monthly today."},
    )

    assert not topic.revisions.exists()


def test_edited_topic_and_reply_say_they_were_edited(client, question):
    reply = ReplyFactory(topic=question, body="Use a smart list.")
    before = page_text(client, question)

    edit_as_author(question, body="New.")
    services.edit_reply(reply=reply, editor=reply.author, body="Use one smart list per series.")

    after = page_text(client, question)
    assert "edited" not in before
    assert after.count("edited") >= 2
    assert "Use one smart list per series." in after


def test_editing_a_reply_keeps_the_previous_version(client, question):
    reply = ReplyFactory(topic=question, body="Use a smart list.")
    client.force_login(reply.author)

    client.post(reverse("forums:edit_reply", kwargs={"pk": reply.pk}), {"body": "Use two."})

    revision = PostRevision.objects.get(reply=reply)
    assert revision.body_source == "Use a smart list."
    reply.refresh_from_db()
    assert reply.edited_at is not None


def test_community_manager_edit_is_recorded_as_theirs(question, community_manager):
    services.edit_topic(
        topic=question, editor=community_manager, title=question.title, body="Tidied up."
    )

    assert PostRevision.objects.get(topic=question).editor == community_manager


# --- Deleting replies --------------------------------------------------------------------


def test_deleted_reply_shows_as_deleted_without_its_text(client, question):
    ReplyFactory(topic=question, body="First: check the connector.")
    doomed = ReplyFactory(topic=question, body="Call me on my private number.")
    ReplyFactory(topic=question, body="Third: it worked for us.")

    services.delete_reply(reply=doomed, member=doomed.author)

    content = page_text(client, question)
    assert "Call me on my private number." not in content
    assert "deleted" in content
    assert 'id="reply-2"' in content
    assert "First: check the connector." in content
    assert "Third: it worked for us." in content


def test_deleting_a_reply_keeps_the_numbering(question):
    first, second = ReplyFactory(topic=question), ReplyFactory(topic=question)

    services.delete_reply(reply=first, member=first.author)
    third = ReplyFactory(topic=question)

    assert [first.number, second.number, third.number] == [1, 2, 3]
    question.refresh_from_db()
    assert question.last_reply_number == 3


def test_deleted_reply_cannot_be_edited_or_deleted_again(question):
    reply = ReplyFactory(topic=question)
    services.delete_reply(reply=reply, member=reply.author)

    with pytest.raises(PermissionDenied):
        services.edit_reply(reply=reply, editor=reply.author, body="Back from the dead")
    with pytest.raises(PermissionDenied):
        services.delete_reply(reply=reply, member=reply.author)


def test_delete_button_removes_the_reply_and_returns_to_it(client, question):
    reply = ReplyFactory(topic=question)
    client.force_login(reply.author)

    response = client.post(reverse("forums:delete_reply", kwargs={"pk": reply.pk}))

    assert response["Location"] == f"{question.get_absolute_url()}?page=1#reply-1"
    reply.refresh_from_db()
    assert reply.is_deleted


# --- Views -------------------------------------------------------------------------------


def views(topic) -> int:
    topic.refresh_from_db()
    return topic.view_count


def test_a_member_reading_twice_counts_one_view(client, customer, question):
    client.force_login(customer)

    page_text(client, question)
    page_text(client, question)

    assert views(question) == 1


def test_each_member_counts_a_view(client, question):
    for _ in range(3):
        client.force_login(CustomerFactory())
        page_text(client, question)

    assert views(question) == 3


def test_a_visitor_counts_one_view_and_another_visitor_another(client, question):
    page_text(client, question)
    page_text(client, question)
    client.defaults["REMOTE_ADDR"] = "203.0.113.9"
    page_text(client, question)

    assert views(question) == 2


def test_redirects_do_not_count_as_views(client, question):
    client.get(f"/forums/campaigns-email/t/{question.pk}/")

    assert views(question) == 0


def test_an_edit_cannot_add_what_posting_would_refuse(client, question):
    from community.moderation.models import BlockedPattern

    BlockedPattern.objects.create(pattern="casino", outcome=BlockedPattern.Outcome.REJECT)
    client.force_login(question.author)

    response = client.post(
        f"/forums/t/{question.pk}/edit/",
        {"title": question.title, "body": "Now with a casino bonus link", "tags": ""},
    )

    assert response.status_code == 422
    assert "Now with a casino bonus link" in response.content.decode()
    question.refresh_from_db()
    assert "casino" not in question.body_source
