"""Notification e-mail: at once for those who asked for it, or one daily digest; never twice."""

import smtplib
from io import StringIO

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.moderation import services as moderation
from community.notifications import emails, services
from community.notifications.kinds import Delivery, Kind
from community.notifications.models import Notification
from forums import services as forum_services
from forums.notification_kinds import ForumKind
from tests.factories import (
    CommunityManagerFactory,
    CustomerFactory,
    NotificationFactory,
    NotificationPreferenceFactory,
)
from tests.factories.forums import ForumCategoryFactory, ReplyFactory, TopicFactory
from tests.factories.members import member_fixture

pytestmark = pytest.mark.django_db

TOPIC = "Why are my emails landing in Promotions?"
TOPIC_URL = "/forums/campaigns-email/t/52/why-are-my-emails-landing-in-promotions/"
BOUNCING = "bounce.me@example.com"


class RefusingOneAddressBackend(EmailBackend):
    """The outbox in memory, except that the mail server refuses one recipient."""

    def send_messages(self, messages):
        for message in messages:
            if BOUNCING in message.to:
                raise smtplib.SMTPRecipientsRefused({BOUNCING: (550, b"No such mailbox")})
        return super().send_messages(messages)


class BrokenBackend(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


asker = member_fixture(CustomerFactory, display_name="Priya Raman", email="priya.raman@example.com")


ana = member_fixture(CustomerFactory, display_name="Ana Souza", email="ana.souza@example.org")


bob = member_fixture(CustomerFactory, display_name="Bob Lee", email="bob.lee@example.net")


def absolute(settings, url: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def reply_to_topic_of(asker, replier, title: str = TOPIC):
    """What a reply to the asker's topic writes: e-mail at once is the kind's default."""
    return services.notify(
        kind=ForumKind.REPLY_TO_YOUR_TOPIC,
        recipients=[asker],
        actor=replier,
        text=f"{replier} replied to your topic “{title}”",
        url=TOPIC_URL,
    )


def digest_items(member, count: int, **extra) -> list[Notification]:
    return NotificationFactory.create_batch(
        count, recipient=member, delivery=Delivery.DIGEST, **extra
    )


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


# --- At once ----------------------------------------------------------------------------------


def test_member_who_wants_replies_by_email_gets_one_at_once(
    settings, django_capture_on_commit_callbacks, mailoutbox, asker, ana
):
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = reply_to_topic_of(asker, ana)

    [message] = mailoutbox
    assert message.to == ["priya.raman@example.com"]
    assert message.subject == f"Ana Souza replied to your topic “{TOPIC}”"
    assert "Hello Priya Raman" in message.body
    assert absolute(settings, TOPIC_URL) in message.body
    assert f'href="{absolute(settings, TOPIC_URL)}"' in html_of(message)
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_an_email_subject_shows_a_title_as_typed_not_as_html(
    django_capture_on_commit_callbacks, mailoutbox, asker, ana
):
    title = 'What\'s <new> in Q&A? "Journeys" & more'
    with django_capture_on_commit_callbacks(execute=True):
        reply_to_topic_of(asker, ana, title)

    [message] = mailoutbox
    assert message.subject == f"Ana Souza replied to your topic “{title}”"
    assert "&lt;new&gt;" in html_of(message)  # the HTML part still escapes it


def test_email_waits_for_the_action_to_be_saved(
    django_capture_on_commit_callbacks, mailoutbox, asker, ana
):
    with django_capture_on_commit_callbacks(execute=False) as pending:
        reply_to_topic_of(asker, ana)

    assert mailoutbox == []
    for callback in pending:
        callback()
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("delivery", [Delivery.WEB, Delivery.DIGEST])
def test_members_who_chose_the_site_or_the_digest_get_no_immediate_email(
    django_capture_on_commit_callbacks, mailoutbox, asker, ana, delivery
):
    NotificationPreferenceFactory(
        member=asker, kind=ForumKind.REPLY_TO_YOUR_TOPIC, delivery=delivery
    )

    with django_capture_on_commit_callbacks(execute=True):
        reply_to_topic_of(asker, ana)

    assert mailoutbox == []
    assert Notification.objects.get(recipient=asker).delivery == delivery


def test_an_immediate_email_is_never_sent_twice(
    django_capture_on_commit_callbacks, mailoutbox, asker, ana
):
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = reply_to_topic_of(asker, ana)

    assert emails.send_immediate([notification.pk]) == 0
    assert len(mailoutbox) == 1


def test_one_email_per_recipient_who_asked_for_it(
    django_capture_on_commit_callbacks, mailoutbox, asker, ana, bob
):
    NotificationPreferenceFactory(member=bob, kind=Kind.MENTION, delivery=Delivery.WEB)

    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            kind=Kind.MENTION,
            recipients=[ana, bob],
            actor=asker,
            text=f"Priya Raman mentioned you in “{TOPIC}”",
            url=TOPIC_URL,
        )

    assert [message.to for message in mailoutbox] == [["ana.souza@example.org"]]


def test_deactivated_member_gets_no_immediate_email(
    django_capture_on_commit_callbacks, mailoutbox, asker, ana
):
    asker.is_active = False
    asker.save(update_fields=["is_active"])

    with django_capture_on_commit_callbacks(execute=True):
        reply_to_topic_of(asker, ana)

    assert mailoutbox == []


def test_an_email_that_could_not_be_sent_goes_out_on_the_next_try(
    settings, django_capture_on_commit_callbacks, mailoutbox, asker, ana
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = reply_to_topic_of(asker, ana)
    notification.refresh_from_db()
    assert notification.emailed_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert emails.send_immediate([notification.pk]) == 1

    assert [message.to for message in mailoutbox] == [["priya.raman@example.com"]]


def test_grouped_kudos_are_mailed_once_not_for_every_giver(
    django_capture_on_commit_callbacks, mailoutbox, asker, ana, bob
):
    NotificationPreferenceFactory(member=asker, kind=Kind.KUDOS, delivery=Delivery.EMAIL)

    for giver in (ana, bob):
        with django_capture_on_commit_callbacks(execute=True):
            services.notify(
                kind=Kind.KUDOS,
                recipients=[asker],
                actor=giver,
                text=f"{{actors}} gave kudos to your post in “{TOPIC}”",
                url=TOPIC_URL,
                group_key="kudos:reply:9",
            )

    assert [message.subject for message in mailoutbox] == [
        f"Ana Souza gave kudos to your post in “{TOPIC}”"
    ]


# --- Daily digest -----------------------------------------------------------------------------


def test_each_member_gets_one_digest_with_all_their_waiting_items(settings, mailoutbox, ana, bob):
    hers = digest_items(ana, 2)
    digest_items(bob, 1)

    assert emails.send_digests() == 2

    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {"ana.souza@example.org", "bob.lee@example.net"}
    digest = by_recipient["ana.souza@example.org"]
    assert digest.subject == f"Your daily summary: 2 new notifications on {settings.SITE_NAME}"
    for item in hers:
        assert item.text in digest.body
        assert absolute(settings, item.url) in digest.body
        assert absolute(settings, item.url) in html_of(digest)
    assert by_recipient["bob.lee@example.net"].subject.startswith(
        "Your daily summary: 1 new notification on"
    )


def test_items_mailed_at_once_or_shown_only_on_the_site_are_not_in_the_digest(mailoutbox, ana):
    [waiting] = digest_items(ana, 1)
    on_site = NotificationFactory(recipient=ana, delivery=Delivery.WEB)
    mailed = NotificationFactory(recipient=ana, delivery=Delivery.EMAIL)

    emails.send_digests()

    [digest] = mailoutbox
    assert waiting.text in digest.body
    assert on_site.text not in digest.body
    assert mailed.text not in digest.body


def test_digests_are_never_sent_twice(mailoutbox, ana):
    digest_items(ana, 3)
    assert emails.send_digests() == 1

    assert emails.send_digests() == 0
    assert len(mailoutbox) == 1


def test_next_digest_holds_only_what_came_after_the_last_one(mailoutbox, ana):
    [old] = digest_items(ana, 1)
    emails.send_digests()
    [new] = digest_items(ana, 1)

    assert emails.send_digests() == 1

    latest = mailoutbox[-1]
    assert new.text in latest.body
    assert old.text not in latest.body


def test_items_read_on_the_site_meanwhile_are_left_out(mailoutbox, ana):
    [unread] = digest_items(ana, 1)
    [read] = digest_items(ana, 1, read=True)

    emails.send_digests()

    [digest] = mailoutbox
    assert "1 new notification on" in digest.subject
    assert unread.text in digest.body
    assert read.text not in digest.body


def test_nothing_is_mailed_when_everything_was_read_and_the_next_run_starts_clean(mailoutbox, ana):
    digest_items(ana, 2, read=True)

    assert emails.send_digests() == 0
    assert mailoutbox == []
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_digest_shows_at_most_25_items_and_says_how_many_more(settings, mailoutbox, ana):
    items = [
        NotificationFactory(
            recipient=ana,
            delivery=Delivery.DIGEST,
            text=f"Ana Souza replied in “Webinar scoring, part {number:02d}”",
        )
        for number in range(1, 28)
    ]

    emails.send_digests()

    [digest] = mailoutbox
    assert "27 new notifications" in digest.subject
    shown = [item for item in items if item.text in digest.body]
    assert shown == items[-25:]  # the newest
    assert "… and 2 more" in digest.body
    assert absolute(settings, "/notifications/") in digest.body


def test_one_refused_address_does_not_stop_the_others_digest(settings, mailoutbox, ana):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingOneAddressBackend"
    bouncing = CustomerFactory(email=BOUNCING)
    digest_items(bouncing, 1)
    digest_items(ana, 1)

    assert emails.send_digests() == 1

    assert [message.to for message in mailoutbox] == [["ana.souza@example.org"]]
    # The refused digest is tried again on the next run.
    assert Notification.objects.filter(recipient=bouncing, emailed_at__isnull=True).exists()


def test_digest_run_costs_no_more_queries_for_many_waiting_items_than_for_few(mailoutbox, ana, bob):
    digest_items(ana, 2)
    with CaptureQueriesContext(connection) as for_few:
        emails.send_digests()
    digest_items(bob, 20)

    with CaptureQueriesContext(connection) as for_many:
        emails.send_digests()

    assert len(for_many) == len(for_few)
    assert len(mailoutbox) == 2


def test_deactivated_member_gets_no_digest(mailoutbox, ana):
    digest_items(ana, 2)
    ana.is_active = False
    ana.save(update_fields=["is_active"])

    assert emails.send_digests() == 0
    assert mailoutbox == []


# --- Items whose post is gone -----------------------------------------------------------------


@pytest.fixture
def followed_reply(asker, ana, bob):
    """Bob follows Priya's topic; Ana's reply puts an item in Bob's digest."""
    topic = TopicFactory(
        category=ForumCategoryFactory(title="Campaigns & email", slug="campaigns-email"),
        author=asker,
        title=TOPIC,
    )
    ReplyFactory(topic=topic, author=bob, body="Same here, following.")
    Notification.objects.all().delete()
    return ReplyFactory(topic=topic, author=ana, body="Warm up the sending domain first.")


def test_digest_leaves_out_a_reply_a_moderator_hid(mailoutbox, followed_reply, bob):
    assert Notification.objects.get(recipient=bob).delivery == Delivery.DIGEST
    moderation.hide(item=followed_reply, moderator=CommunityManagerFactory(), reason="Off-topic")

    assert emails.send_digests() == 0

    assert not [message for message in mailoutbox if bob.email in message.to]
    assert not Notification.objects.filter(recipient=bob, emailed_at__isnull=True).exists()


def test_digest_leaves_out_a_reply_its_author_deleted(mailoutbox, followed_reply, bob):
    kept = NotificationFactory(recipient=bob, delivery=Delivery.DIGEST)
    forum_services.delete_reply(reply=followed_reply, member=followed_reply.author)

    emails.send_digests()

    [digest] = [message for message in mailoutbox if bob.email in message.to]
    assert kept.text in digest.body
    assert "Ana Souza replied" not in digest.body


# --- The daily command ------------------------------------------------------------------------


def test_digest_command_run_twice_mails_each_member_once(mailoutbox, ana, bob):
    digest_items(ana, 2)
    digest_items(bob, 1)
    first, second = StringIO(), StringIO()

    call_command("send_notification_digests", stdout=first)
    call_command("send_notification_digests", stdout=second)

    assert first.getvalue().strip() == "Sent 2 digests."
    assert second.getvalue().strip() == "Sent 0 digests."
    assert sorted(message.to[0] for message in mailoutbox) == [
        "ana.souza@example.org",
        "bob.lee@example.net",
    ]


def test_digest_command_with_one_member_says_digest(mailoutbox, ana):
    digest_items(ana, 1)
    out = StringIO()

    call_command("send_notification_digests", stdout=out)

    assert out.getvalue().strip() == "Sent 1 digest."
