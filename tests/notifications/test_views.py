"""The notification center, the reconnect catch-up, reading, preferences and announcements."""

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from community.members.models import Industry
from community.moderation import services as moderation
from community.notifications import announcements
from community.notifications.kinds import Delivery, Kind
from community.notifications.models import Announcement, Notification
from community.notifications.selectors import CATCH_UP_LIMIT, PAGE_SIZE
from community.notifications.services import UNAVAILABLE_TEXT, notify, preferences_of
from forums.models import Reply, Visibility
from forums.notification_kinds import ForumKind
from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.factories.forums import ReplyFactory
from tests.factories.members import member_fixture
from tests.markup import elements, urls

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}
CENTER = reverse("notifications:list")
PREFERENCES = reverse("notifications:preferences")
MARK_ALL_READ = reverse("notifications:mark_all_read")


def open_url(notification) -> str:
    return reverse("notifications:open", kwargs={"pk": notification.pk})


def mark_read_url(notification) -> str:
    return reverse("notifications:mark_read", kwargs={"pk": notification.pk})


def login_url(next_url: str) -> str:
    return f"{reverse('account_login')}?next={next_url}"


def notices(member, count: int, *, text: str = "Notice", **fields) -> list[Notification]:
    """`count` notifications for `member`, oldest first."""
    return [
        Notification.objects.create(
            recipient=member, kind=Kind.MODERATION, text=f"{text} {index}", **fields
        )
        for index in range(1, count + 1)
    ]


def center_items(html: str) -> list[tuple[int, bool]]:
    """(notification id, shown as unread) for each notification in the center, top to bottom."""
    return [
        (int(attrs["data-notification-id"]), "notification--unread" in attrs.get("class", ""))
        for tag, attrs in elements(html)
        if tag == "li" and "data-notification-id" in attrs
    ]


def checked_choice(html: str, kind: str) -> str | None:
    for tag, attrs in elements(html):
        if tag == "input" and attrs.get("name") == kind and "checked" in attrs:
            return attrs["value"]
    return None


@pytest.fixture
def member(client):
    member = CustomerFactory(display_name="Alice Okafor")
    client.force_login(member)
    return member


manager = member_fixture(CommunityManagerFactory)


@pytest.fixture
def hidden_reply_notice(client, question, asker, manager):
    """The asker was told of a reply that community managers hid since."""
    reply = ReplyFactory(topic=question, body="Cheap followers at spam.example, DM me.")
    moderation.hide(item=reply, moderator=manager, reason="Spam")
    client.force_login(asker)
    return Notification.objects.get(recipient=asker, kind=ForumKind.REPLY_TO_YOUR_TOPIC)


# --- The center -----------------------------------------------------------------------------


def test_center_lists_the_members_own_notifications_newest_first(client, member):
    older, newer, newest = notices(member, 3, text="Your post was approved")
    Notification.objects.filter(pk=newer.pk).update(read_at=older.created_at)
    notices(CustomerFactory(), 2, text="Someone else's notice")

    response = client.get(CENTER)

    assert response.status_code == 200
    assert center_items(response.content.decode()) == [
        (newest.pk, True),
        (newer.pk, False),
        (older.pk, True),
    ]
    assertContains(response, "Your post was approved 3")
    assertNotContains(response, "Someone else's notice")


def test_center_can_show_only_unread_notifications(client, member):
    read, unread = notices(member, 2)
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)

    response = client.get(CENTER, {"show": "unread"})

    assert center_items(response.content.decode()) == [(unread.pk, True)]


def test_center_without_notifications_says_so(client, member):
    response = client.get(CENTER)

    assert response.status_code == 200
    assert center_items(response.content.decode()) == []
    assertContains(response, "all caught up")


def test_center_pages_through_older_notifications(client, member):
    rows = notices(member, PAGE_SIZE + 5)
    newest_first = [row.pk for row in reversed(rows)]

    first = client.get(CENTER)
    first_ids = [pk for pk, _ in center_items(first.content.decode())]
    older_link = f"{CENTER}?before={first_ids[-1]}"
    assertContains(first, f'href="{older_link}"')

    second = client.get(older_link)
    second_ids = [pk for pk, _ in center_items(second.content.decode())]

    assert first_ids == newest_first[:PAGE_SIZE]
    assert second_ids == newest_first[PAGE_SIZE:]
    # The second page is the last: it links back to the newest, not to anything older.
    assert not [
        attrs for tag, attrs in elements(second.content.decode()) if attrs.get("rel") == "next"
    ]


@pytest.mark.parametrize("before", ["abc", "-5", "0", "1e3", "9" * 30])
def test_center_shows_the_newest_page_for_a_bad_cursor(client, member, before):
    rows = notices(member, 2)

    response = client.get(CENTER, {"before": before})

    assert response.status_code == 200
    assert [pk for pk, _ in center_items(response.content.decode())] == [r.pk for r in rows][::-1]


# The center costs the same whatever the number of notifications and the page: the session, the
# member and their groups, one page of notifications with their actors, one visibility check per
# kind of target (topics, replies), the unread count (for the page and for the bell), and the
# member's open pulse survey, read once and then cached for the survey bar.
CENTER_BUDGET = 8


@pytest.fixture
def busy_inbox(question, asker):
    """Notifications of several kinds, many pointing at replies, some from named members."""

    def fill(count: int) -> None:
        replies = [ReplyFactory(topic=question) for _ in range(3)]
        Notification.objects.filter(recipient=asker).delete()
        Notification.objects.bulk_create(
            Notification(
                recipient=asker,
                actor=replies[index % 3].author,
                kind=ForumKind.REPLY_TO_YOUR_TOPIC if index % 2 else Kind.KUDOS,
                text=f"Someone replied to your topic ({index})",
                url=replies[index % 3].get_absolute_url(),
                target=replies[index % 3] if index % 4 else question,
            )
            for index in range(count)
        )

    return fill


@pytest.mark.parametrize("count", [5, 80])
@pytest.mark.parametrize("page", ["first", "older", "unread"])
def test_center_costs_the_same_whatever_the_number_of_notifications(
    client, asker, busy_inbox, django_assert_max_num_queries, count, page
):
    busy_inbox(count)
    client.force_login(asker)
    newest = Notification.objects.filter(recipient=asker).order_by("-pk")
    params = {
        "first": {},
        "older": {"before": newest[min(count, PAGE_SIZE) - 1].pk},
        "unread": {"show": "unread"},
    }[page]

    with django_assert_max_num_queries(CENTER_BUDGET):
        response = client.get(CENTER, params)

    assert response.status_code == 200


def test_center_shows_a_notification_of_hidden_content_as_unavailable(client, hidden_reply_notice):
    response = client.get(CENTER)

    assert [pk for pk, _ in center_items(response.content.decode())] == [hidden_reply_notice.pk]
    assertContains(response, UNAVAILABLE_TEXT)
    assertNotContains(response, hidden_reply_notice.text)
    assertNotContains(response, "Cheap followers")
    assert open_url(hidden_reply_notice) not in urls(response.content.decode())


def test_center_shows_a_notification_of_a_reply_held_back_since_as_unavailable(
    client, question, asker
):
    reply = ReplyFactory(topic=question, body="See my blog for the answer.")
    notification = Notification.objects.get(recipient=asker, kind=ForumKind.REPLY_TO_YOUR_TOPIC)
    Reply.objects.filter(pk=reply.pk).update(visibility=Visibility.HELD)  # back in review
    client.force_login(asker)

    response = client.get(CENTER)

    assert [pk for pk, _ in center_items(response.content.decode())] == [notification.pk]
    assertContains(response, UNAVAILABLE_TEXT)
    assertNotContains(response, notification.text)


def test_the_center_asks_visitors_to_sign_in(client):
    response = client.get(CENTER)

    assertRedirects(response, login_url(CENTER), fetch_redirect_response=False)


# --- Catching up after a reconnect (`?since=`) ----------------------------------------------


def test_catch_up_returns_only_newer_notifications_oldest_first(client, member):
    seen, *missed = notices(member, 4)
    notices(CustomerFactory(), 2)
    Notification.objects.filter(pk=missed[0].pk).update(read_at=seen.created_at)

    response = client.get(CENTER, {"since": seen.pk})

    assert response.status_code == 200
    data = response.json()
    assert [n["id"] for n in data["notifications"]] == [n.pk for n in missed]
    assert [n["text"] for n in data["notifications"]] == ["Notice 2", "Notice 3", "Notice 4"]
    assert [n["unread"] for n in data["notifications"]] == [False, True, True]
    assert data["unread_count"] == 3
    assert data["more"] is False


def test_catch_up_says_when_there_is_more_to_fetch(client, member):
    rows = notices(member, CATCH_UP_LIMIT + 2)

    first = client.get(CENTER, {"since": 0}).json()
    last_id = first["notifications"][-1]["id"]
    rest = client.get(CENTER, {"since": last_id}).json()

    assert first["more"] is True
    assert [n["id"] for n in first["notifications"]] == [r.pk for r in rows[:CATCH_UP_LIMIT]]
    assert rest["more"] is False
    assert [n["id"] for n in rest["notifications"]] == [r.pk for r in rows[CATCH_UP_LIMIT:]]


def test_catch_up_hides_what_the_member_can_no_longer_see(client, hidden_reply_notice):
    data = client.get(CENTER, {"since": 0}).json()

    (shown,) = data["notifications"]
    assert shown["id"] == hidden_reply_notice.pk
    assert shown["available"] is False
    assert shown["text"] == UNAVAILABLE_TEXT
    assert shown["url"] == ""
    assert "Cheap followers" not in str(data)


def test_catch_up_needs_a_signed_in_member(client):
    response = client.get(CENTER, {"since": 0})

    assert response.status_code == 401
    assert "error" in response.json()


@pytest.mark.parametrize("since", ["", "abc", "-1", "1.5", "١٢", "9" * 30])
def test_catch_up_refuses_a_bad_since(client, member, since):
    response = client.get(CENTER, {"since": since})

    assert response.status_code == 400
    assert "error" in response.json()


# --- Opening and reading --------------------------------------------------------------------


def test_opening_a_notification_marks_it_read_and_goes_to_its_target(client, question, asker):
    reply = ReplyFactory(topic=question, body="Attendance scoring works for us.")
    notification = Notification.objects.get(recipient=asker, kind=ForumKind.REPLY_TO_YOUR_TOPIC)
    client.force_login(asker)

    response = client.get(open_url(notification))

    assertRedirects(response, reply.get_absolute_url(), fetch_redirect_response=False)
    notification.refresh_from_db()
    assert not notification.is_unread


def test_opening_a_notification_of_hidden_content_returns_to_the_list(client, hidden_reply_notice):
    response = client.get(open_url(hidden_reply_notice), follow=True)

    assertRedirects(response, CENTER)
    assertContains(response, UNAVAILABLE_TEXT)
    assertNotContains(response, "Cheap followers")
    hidden_reply_notice.refresh_from_db()
    assert not hidden_reply_notice.is_unread


@pytest.mark.parametrize("url", ["https://evil.example/login", "//evil.example/", ""])
def test_opening_a_notification_never_leaves_the_site(client, member, url):
    (notification,) = notices(member, 1, url=url)

    response = client.get(open_url(notification))

    assertRedirects(response, CENTER, fetch_redirect_response=False)


def test_another_members_notification_cannot_be_opened(client, member):
    (theirs,) = notices(CustomerFactory(), 1, url="/forums/")

    response = client.get(open_url(theirs))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_unread


def test_mark_read_answers_scripts_with_the_new_count(client, member):
    first, _second = notices(member, 2)

    response = client.post(mark_read_url(first), headers=JSON)

    assert response.status_code == 200
    assert response.json() == {"unread_count": 1}
    first.refresh_from_db()
    assert not first.is_unread


def test_mark_read_from_the_page_returns_where_the_member_was(client, member):
    (notification,) = notices(member, 1)

    response = client.post(mark_read_url(notification), {"next": f"{CENTER}?show=unread"})

    assertRedirects(response, f"{CENTER}?show=unread", fetch_redirect_response=False)
    notification.refresh_from_db()
    assert not notification.is_unread


def test_mark_read_never_returns_to_another_site(client, member):
    (notification,) = notices(member, 1)

    response = client.post(mark_read_url(notification), {"next": "https://evil.example/"})

    assertRedirects(response, CENTER, fetch_redirect_response=False)


def test_marking_another_members_notification_read_changes_nothing(client, member):
    (theirs,) = notices(CustomerFactory(), 1)
    notices(member, 2)

    response = client.post(mark_read_url(theirs), headers=JSON)

    assert response.json() == {"unread_count": 2}
    theirs.refresh_from_db()
    assert theirs.is_unread


def test_mark_all_read_answers_scripts(client, member):
    notices(member, 3)
    (theirs,) = notices(CustomerFactory(), 1)

    response = client.post(MARK_ALL_READ, headers=JSON)

    assert response.json() == {"unread_count": 0}
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.is_unread


def test_mark_all_read_from_the_page_confirms(client, member):
    notices(member, 3)

    response = client.post(MARK_ALL_READ, follow=True)

    assertRedirects(response, CENTER)
    assertContains(response, "All notifications are marked as read.")
    assert center_items(response.content.decode())
    assert not any(unread for _, unread in center_items(response.content.decode()))


@pytest.mark.parametrize("headers", [{}, JSON], ids=["page", "script"])
def test_reading_changes_only_with_post(client, member, headers):
    (notification,) = notices(member, 1)

    assert client.get(mark_read_url(notification), headers=headers).status_code == 405
    assert client.get(MARK_ALL_READ, headers=headers).status_code == 405
    notification.refresh_from_db()
    assert notification.is_unread


def test_visitors_are_asked_to_sign_in_before_reading(client):
    (notification,) = notices(CustomerFactory(), 1)
    opening, marking = open_url(notification), mark_read_url(notification)

    assertRedirects(client.get(opening), login_url(opening), fetch_redirect_response=False)
    assertRedirects(client.post(marking), login_url(marking), fetch_redirect_response=False)
    assertRedirects(
        client.post(MARK_ALL_READ), login_url(MARK_ALL_READ), fetch_redirect_response=False
    )
    notification.refresh_from_db()
    assert notification.is_unread


# --- Preferences ----------------------------------------------------------------------------


def preference_form(member, **changes) -> dict:
    return {**preferences_of(member), **changes}


def test_preferences_page_shows_the_members_current_choices(client, member):
    response = client.get(PREFERENCES)

    assert response.status_code == 200
    html = response.content.decode()
    assert checked_choice(html, Kind.MENTION) == Delivery.EMAIL
    assert checked_choice(html, Kind.KUDOS) == Delivery.WEB


def test_turning_a_kind_off_stops_those_notifications(client, member):
    response = client.post(PREFERENCES, preference_form(member, kudos=Delivery.OFF))

    assertRedirects(response, PREFERENCES)
    assert notify(kind=Kind.KUDOS, recipients=[member], text="Lee gave kudos") == []
    assert notify(kind=Kind.MENTION, recipients=[member], text="Lee mentioned you")
    assert checked_choice(client.get(PREFERENCES).content.decode(), Kind.KUDOS) == Delivery.OFF


def test_choosing_email_sends_one_and_choosing_the_site_does_not(
    client, member, django_capture_on_commit_callbacks
):
    client.post(PREFERENCES, preference_form(member, kudos=Delivery.EMAIL, mention=Delivery.WEB))

    with django_capture_on_commit_callbacks(execute=True):
        notify(kind=Kind.MENTION, recipients=[member], text="Lee mentioned you in a topic")
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        notify(kind=Kind.KUDOS, recipients=[member], text="Lee gave kudos to your post")
    assert [message.to for message in mail.outbox] == [[member.email]]
    assert Notification.objects.filter(recipient=member).count() == 2


def test_an_invalid_choice_is_refused_and_keeps_the_other_choices(client, member):
    form = preference_form(member, kudos=Delivery.OFF, mention="carrier-pigeon")

    response = client.post(PREFERENCES, form)

    assert response.status_code == 422
    html = response.content.decode()
    assert checked_choice(html, Kind.KUDOS) == Delivery.OFF  # as the member chose it
    assert preferences_of(member)[Kind.KUDOS] == Delivery.WEB  # but nothing saved
    assert notify(kind=Kind.KUDOS, recipients=[member], text="Lee gave kudos")


def test_account_notices_cannot_be_turned_off(client, member):
    response = client.post(PREFERENCES, preference_form(member, moderation=Delivery.OFF))

    assert response.status_code == 422
    assert preferences_of(member)[Kind.MODERATION] == Delivery.WEB
    assert notify(kind=Kind.MODERATION, recipients=[member], text="A warning")


def test_preferences_ask_visitors_to_sign_in(client):
    response = client.get(PREFERENCES)

    assertRedirects(response, login_url(PREFERENCES), fetch_redirect_response=False)


# --- Announcements --------------------------------------------------------------------------


@pytest.fixture
def industries(db):
    return list(Industry.objects.order_by("sort_order")[:2])


@pytest.fixture
def recipient(industries):
    return CustomerFactory(profile__industry=industries[0])


@pytest.fixture
def outsider(industries):
    return CustomerFactory(profile__industry=industries[1])


@pytest.fixture
def sent_announcement(manager, industries, recipient, outsider, django_capture_on_commit_callbacks):
    """An announcement to members of the recipient's industry, sent and delivered."""
    announcement = announcements.save_announcement(
        announcement=Announcement(
            title="Spring release webinar",
            body_source="Join us on **May 14** for a tour of the spring release.",
        ),
        author=manager,
        industries=[industries[0]],
    )
    with django_capture_on_commit_callbacks(execute=True):
        announcements.queue_announcement(announcement=announcement, sender=manager)
    return announcement


def announcement_url(announcement) -> str:
    return reverse("notifications:announcement", kwargs={"pk": announcement.pk})


def test_recipients_read_an_announcement_from_their_notification(
    client, recipient, sent_announcement
):
    client.force_login(recipient)
    notification = Notification.objects.get(recipient=recipient, kind=Kind.ANNOUNCEMENT)

    response = client.get(open_url(notification), follow=True)

    assertRedirects(response, announcement_url(sent_announcement))
    assertContains(response, "Spring release webinar")
    assertContains(response, "<strong>May 14</strong>", html=True)


def test_community_managers_read_any_announcement(client, manager, sent_announcement):
    client.force_login(manager)

    response = client.get(announcement_url(sent_announcement))

    assertContains(response, "Spring release webinar")


def test_members_outside_the_segment_cannot_read_an_announcement(
    client, outsider, sent_announcement
):
    client.force_login(outsider)

    assert not Notification.objects.filter(recipient=outsider, kind=Kind.ANNOUNCEMENT).exists()
    assert client.get(announcement_url(sent_announcement)).status_code == 404


def test_a_draft_announcement_is_not_shown_to_members(client, manager, recipient):
    draft = announcements.save_announcement(
        announcement=Announcement(title="Not yet", body_source="Still writing this."),
        author=manager,
    )
    client.force_login(recipient)

    assert client.get(announcement_url(draft)).status_code == 404


def test_an_announcement_asks_visitors_to_sign_in(client, sent_announcement):
    url = announcement_url(sent_announcement)

    assertRedirects(client.get(url), login_url(url), fetch_redirect_response=False)


# --- The bell -------------------------------------------------------------------------------


def bell(html: str) -> dict[str, str]:
    (attrs,) = [attrs for _, attrs in elements(html) if "data-notification-bell" in attrs]
    return attrs


def test_the_bell_on_any_page_shows_the_unread_count(client, member):
    read, *_unread = notices(member, 4)
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    notices(CustomerFactory(), 5)

    response = client.get(reverse("members:profile", kwargs={"handle": member.username}))

    assert response.status_code == 200
    assert bell(response.content.decode())["aria-label"] == "Notifications, 3 unread"


def test_the_bell_counts_nothing_when_all_is_read(client, member):
    (notification,) = notices(member, 1)
    client.post(mark_read_url(notification))

    response = client.get(reverse("members:profile", kwargs={"handle": member.username}))

    assert bell(response.content.decode())["aria-label"] == "Notifications"
