"""Announcements in the Wagtail admin: a community manager writes a draft for a segment, reviews
how many members it reaches, sends it, and can't change it afterwards."""

import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from community.members.models import Audience, Country, Industry, Region
from community.members.roles import Role
from community.notifications import admin_views
from community.notifications.announcements import queue_announcement
from community.notifications.kinds import Kind
from community.notifications.models import Announcement, Notification
from tests.factories import (
    AnnouncementFactory,
    CommunityManagerFactory,
    CustomerFactory,
    PartnerFactory,
)
from tests.factories.members import segment_fixture

pytestmark = pytest.mark.django_db


def _industry(position: int) -> Industry:
    return Industry.objects.order_by("sort_order")[position]


@pytest.fixture
def software():
    return _industry(0)


@pytest.fixture
def retail():
    return _industry(4)


emea = segment_fixture(Region, code="EMEA")


@pytest.fixture
def manager(retail):
    """A community manager outside the test segment (another industry, America, B2C)."""
    return CommunityManagerFactory(
        display_name="Mona Manager",
        profile__industry=retail,
        profile__country=Country.objects.get(code="US"),
        profile__audience=Audience.B2C,
    )


@pytest.fixture
def segment_members(software, retail):
    """Who a "Software, EMEA, B2B" announcement should and shouldn't reach."""
    germany, france = Country.objects.get(code="DE"), Country.objects.get(code="FR")
    us = Country.objects.get(code="US")

    def member(factory=CustomerFactory, **profile):
        return factory(**{f"profile__{key}": value for key, value in profile.items()})

    inside = [
        member(industry=software, country=germany, audience=Audience.B2B),
        member(PartnerFactory, industry=software, country=france, audience=Audience.BOTH),
    ]
    banned = member(industry=software, country=germany, audience=Audience.B2B)
    banned.profile.banned_at = timezone.now()
    banned.profile.save(update_fields=["banned_at"])
    outside = [
        member(industry=retail, country=germany, audience=Audience.B2B),
        member(industry=software, country=germany, audience=Audience.B2C),
        member(industry=software, country=us, audience=Audience.B2B),
        banned,
    ]
    return inside, outside


@pytest.fixture
def signed_in_manager(client, manager):
    client.force_login(manager)
    return client


def draft_form(**overrides) -> dict:
    data = {
        "title": "Spring release for EMEA software teams",
        "body_source": "The release is **live**.\n\n- Branching journeys\n- Faster imports",
        "link_url": "https://www.example.com/releases/spring",
    }
    data.update(overrides)
    return data


def review_url(announcement: Announcement) -> str:
    return reverse("announcements:review", args=[announcement.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- The flow ---------------------------------------------------------------------------


def test_a_manager_writes_reviews_and_sends_to_the_segment_only(
    signed_in_manager, manager, segment_members, software, emea, django_capture_on_commit_callbacks
):
    client = signed_in_manager
    inside, outside = segment_members

    response = client.post(
        reverse("announcements:add"),
        draft_form(industries=[software.pk], regions=[emea.pk], audiences=[Audience.B2B]),
    )

    announcement = Announcement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == review_url(announcement)
    assert announcement.status == Announcement.Status.DRAFT
    assert announcement.created_by == manager
    assert "<strong>live</strong>" in announcement.body_html
    assert list(announcement.industries.all()) == [software]
    assert list(announcement.regions.all()) == [emea]
    assert announcement.audiences == ["b2b"]

    review = client.get(review_url(announcement))
    assert review.status_code == 200
    page = review.content.decode()
    assert "This will reach <strong>2 members</strong>" in page
    assert "<strong>live</strong>" in page  # the rendered preview
    assert escape(software.name) in page and escape(emea.name) in page
    assert reverse("announcements:send", args=[announcement.pk]) in page

    # The fan-out task is enqueued when the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            reverse("announcements:send", args=[announcement.pk]),
            {"reviewed": review.context["reviewed"]},
        )

    assert sent.status_code == 302
    assert sent["Location"] == reverse("announcements:index")
    assert any("Sending" in message and "2 members" in message for message in messages_of(sent))
    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.SENT
    assert announcement.recipient_count == 2
    assert announcement.sent_by == manager
    notified = set(
        Notification.objects.filter(kind=Kind.ANNOUNCEMENT).values_list("recipient", flat=True)
    )
    assert notified == {member.pk for member in inside}
    assert not notified & {member.pk for member in [*outside, manager]}
    assert set(Notification.objects.values_list("url", flat=True)) == {
        announcement.get_absolute_url()
    }
    history = client.get(reverse("announcements:history", args=[announcement.pk]))
    assert history.status_code == 200
    assert "Sent to its segment" in history.content.decode()


def test_the_list_shows_drafts_and_sent_announcements_newest_first(
    signed_in_manager, manager, segment_members, software, emea, django_capture_on_commit_callbacks
):
    older = AnnouncementFactory(title="Older draft", created_by=manager)
    newer = AnnouncementFactory(
        title="Newer one",
        created_by=manager,
        industries=[software],
        regions=[emea],
        audiences=["b2b"],
        roles=[Role.PARTNER],
    )
    with django_capture_on_commit_callbacks(execute=True):
        queue_announcement(announcement=newer, sender=manager)

    response = signed_in_manager.get(reverse("announcements:index"))

    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Newer one") < page.index("Older draft")
    assert escape(f"{software.name} · EMEA · B2B · Partner") in page
    assert "All members" in page  # the older draft narrows nothing
    assert "Sent" in page and "Draft" in page
    assert reverse("announcements:edit", args=[older.pk]) in page
    assert reverse("announcements:edit", args=[newer.pk]) not in page
    assert review_url(newer) in page


def test_a_manager_edits_a_draft_through_the_service(signed_in_manager, manager, software):
    announcement = AnnouncementFactory(created_by=manager, industries=[software])

    form = signed_in_manager.get(reverse("announcements:edit", args=[announcement.pk]))
    assert form.status_code == 200
    assert form.context["form"]["industries"].value() == [software.pk]

    response = signed_in_manager.post(
        reverse("announcements:edit", args=[announcement.pk]),
        draft_form(title="Changed title", body_source="Now in *italics*.", roles=[]),
    )

    assert response.status_code == 302
    announcement.refresh_from_db()
    assert announcement.title == "Changed title"
    assert announcement.body_html.strip() == "<p>Now in <em>italics</em>.</p>"
    assert not announcement.industries.exists()  # unticked
    assert announcement.status == Announcement.Status.DRAFT


def test_a_draft_sent_while_it_was_being_edited_keeps_the_typed_input(
    signed_in_manager, manager, monkeypatch
):
    """The service refuses what the form allowed (another manager sent it meanwhile)."""
    announcement = AnnouncementFactory(created_by=manager, title="Before")

    def refuse(**kwargs):
        raise ValidationError("This announcement was already sent and can't be changed.")

    monkeypatch.setattr(admin_views, "save_announcement", refuse)
    response = signed_in_manager.post(
        reverse("announcements:edit", args=[announcement.pk]),
        draft_form(title="After", body_source="Typed with care"),
    )

    assert response.status_code == 409
    assert "already sent" in response.content.decode()
    assert response.context["form"]["body_source"].value() == "Typed with care"
    announcement.refresh_from_db()
    assert announcement.title == "Before"


def test_a_draft_can_be_deleted(signed_in_manager, manager):
    announcement = AnnouncementFactory(created_by=manager)

    response = signed_in_manager.post(reverse("announcements:delete", args=[announcement.pk]))

    assert response.status_code == 302
    assert not Announcement.objects.exists()


# --- Refused input ----------------------------------------------------------------------


def test_invalid_input_is_refused_with_422_and_nothing_typed_is_lost(
    signed_in_manager, software, emea
):
    response = signed_in_manager.post(
        reverse("announcements:add"),
        draft_form(
            title="",
            body_source="A message worth keeping",
            link_url="not a web address",
            industries=[software.pk],
            regions=[emea.pk],
            audiences=[Audience.B2C],
        ),
    )

    assert response.status_code == 422
    assert not Announcement.objects.exists()
    form = response.context["form"]
    assert set(form.errors) == {"title", "link_url"}
    assert form["body_source"].value() == "A message worth keeping"
    assert form["link_url"].value() == "not a web address"
    assert [str(pk) for pk in form["industries"].value()] == [str(software.pk)]
    assert form["audiences"].value() == [Audience.B2C]
    page = response.content.decode()
    assert "A message worth keeping" in page
    assert "Give the announcement a title" in page


@pytest.mark.parametrize(
    "field, value",
    [("audiences", "both"), ("audiences", "b2x"), ("industries", "999999"), ("roles", "999999")],
)
def test_unknown_segment_values_are_field_errors(signed_in_manager, field, value):
    response = signed_in_manager.post(reverse("announcements:add"), draft_form(**{field: [value]}))

    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not Announcement.objects.exists()


def test_sending_to_nobody_is_refused_and_the_draft_stays(signed_in_manager, manager):
    nobody = Region.objects.create(code="MARS", name="Mars", sort_order=99)
    announcement = AnnouncementFactory(created_by=manager, regions=[nobody])

    review = signed_in_manager.get(review_url(announcement))
    assert "This will reach <strong>0 members</strong>" in review.content.decode()
    assert reverse("announcements:send", args=[announcement.pk]) not in review.content.decode()

    response = signed_in_manager.post(reverse("announcements:send", args=[announcement.pk]))

    assert response.status_code == 302
    assert response["Location"] == review_url(announcement)
    assert any("No member matches" in message for message in messages_of(response))
    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.DRAFT
    assert not Notification.objects.exists()


# --- Sent announcements are read only ---------------------------------------------------


@pytest.fixture
def sent_announcement(manager, segment_members, software, django_capture_on_commit_callbacks):
    announcement = AnnouncementFactory(
        title="Sent already", created_by=manager, industries=[software]
    )
    with django_capture_on_commit_callbacks(execute=True):
        queue_announcement(announcement=announcement, sender=manager)
    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.SENT
    return announcement


def test_a_sent_announcement_shows_its_status_count_and_members_page(
    signed_in_manager, sent_announcement
):
    response = signed_in_manager.get(review_url(sent_announcement))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Sent" in page
    assert f"{sent_announcement.recipient_count} members" in page
    assert sent_announcement.get_absolute_url() in page
    assert reverse("announcements:send", args=[sent_announcement.pk]) not in page
    assert reverse("announcements:edit", args=[sent_announcement.pk]) not in page


def test_a_sent_announcement_cannot_be_edited(signed_in_manager, sent_announcement):
    edit_url = reverse("announcements:edit", args=[sent_announcement.pk])

    shown = signed_in_manager.get(edit_url)
    changed = signed_in_manager.post(edit_url, draft_form(title="Rewritten history"))

    for response in (shown, changed):
        assert response.status_code == 302
        assert response["Location"] == review_url(sent_announcement)
    assert any("already sent" in message for message in messages_of(changed))
    sent_announcement.refresh_from_db()
    assert sent_announcement.title == "Sent already"


def test_a_sent_announcement_cannot_be_deleted(signed_in_manager, sent_announcement):
    response = signed_in_manager.post(reverse("announcements:delete", args=[sent_announcement.pk]))

    assert response.status_code == 302
    assert Announcement.objects.filter(pk=sent_announcement.pk).exists()


def test_a_sent_announcement_is_not_sent_twice(signed_in_manager, sent_announcement):
    before = Notification.objects.count()

    response = signed_in_manager.post(reverse("announcements:send", args=[sent_announcement.pk]))

    assert response.status_code == 302
    assert response["Location"] == review_url(sent_announcement)
    assert any("already sent" in message for message in messages_of(response))
    assert Notification.objects.count() == before


def test_unknown_announcements_are_404(signed_in_manager):
    assert signed_in_manager.get(reverse("announcements:review", args=[999999])).status_code == 404
    send = signed_in_manager.post(reverse("announcements:send", args=[999999]))
    assert send.status_code == 404


# --- Who may use it ---------------------------------------------------------------------


@pytest.fixture
def editor_without_the_role(db):
    """A member who may enter the Wagtail admin for other reasons, but is no community manager."""
    member = CustomerFactory()
    member.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return member


def _admin_requests(announcement: Announcement) -> list[tuple[str, str]]:
    pk = announcement.pk
    return [
        ("get", reverse("announcements:index")),
        ("get", reverse("announcements:add")),
        ("post", reverse("announcements:add")),
        ("get", reverse("announcements:edit", args=[pk])),
        ("post", reverse("announcements:edit", args=[pk])),
        ("get", reverse("announcements:delete", args=[pk])),
        ("post", reverse("announcements:delete", args=[pk])),
        ("get", reverse("announcements:review", args=[pk])),
        ("post", reverse("announcements:send", args=[pk])),
        ("get", reverse("announcements:count")),
    ]


@pytest.mark.parametrize("who", ["anonymous", "customer", "partner", "admin user without the role"])
def test_only_community_managers_reach_any_announcement_view(
    client, who, manager, editor_without_the_role
):
    visitor = {
        "anonymous": None,
        "customer": CustomerFactory,
        "partner": PartnerFactory,
        "admin user without the role": lambda: editor_without_the_role,
    }[who]
    if visitor is not None:
        client.force_login(visitor())
    announcement = AnnouncementFactory(created_by=manager)

    for method, url in _admin_requests(announcement):
        response = getattr(client, method)(url, draft_form())
        assert response.status_code in (302, 403), (method, url, response.status_code)
        if response.status_code == 302:
            assert not response["Location"].startswith(reverse("announcements:index")), url

    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.DRAFT
    assert announcement.title != draft_form()["title"]
    assert Announcement.objects.count() == 1
    assert not Notification.objects.exists()


def test_the_menu_item_shows_only_for_community_managers(client, manager, editor_without_the_role):
    index_url = reverse("announcements:index")
    client.force_login(manager)
    assert index_url in client.get(reverse("wagtailadmin_home")).content.decode()

    client.force_login(editor_without_the_role)
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    assert index_url not in home.content.decode()


# --- The live count ---------------------------------------------------------------------


def test_the_count_endpoint_counts_the_ticked_segment(
    signed_in_manager, segment_members, software, emea
):
    url = reverse("announcements:count")
    query = {"industries": [software.pk], "regions": [emea.pk], "audiences": ["b2b"]}

    response = signed_in_manager.get(url, query)

    assert response.status_code == 200
    assert json.loads(response.content) == {"count": 2}
    partners = Group.objects.get(name=Role.PARTNER.value)
    narrowed = signed_in_manager.get(url, {**query, "roles": [partners.pk]})
    assert json.loads(narrowed.content) == {"count": 1}


def test_the_count_endpoint_refuses_unknown_values(signed_in_manager):
    response = signed_in_manager.get(reverse("announcements:count"), {"audiences": ["b2x"]})

    assert response.status_code == 400
    assert "audiences" in json.loads(response.content)["errors"]


def test_the_form_offers_the_live_count_without_needing_it(signed_in_manager):
    page = signed_in_manager.get(reverse("announcements:add")).content.decode()

    assert "community/js/announcement_admin.js" in page
    assert f'data-count-url="{reverse("announcements:count")}"' in page
    assert "The review page shows how many members this reaches" in page


# --- Query budget -----------------------------------------------------------------------


def _announcements(count: int, manager, software, emea) -> None:
    partners = Group.objects.get(name=Role.PARTNER.value)
    for i in range(count):
        announcement = AnnouncementFactory(created_by=manager, audiences=["b2b"])
        announcement.industries.set([software])
        announcement.regions.set([emea])
        announcement.roles.set([partners])
        if i % 3 == 0:
            Announcement.objects.filter(pk=announcement.pk).update(
                status=Announcement.Status.SENT, recipient_count=i, sent_at=timezone.now()
            )


def test_the_list_page_query_count_does_not_grow_with_the_rows(
    signed_in_manager, manager, software, emea, django_assert_max_num_queries
):
    url = reverse("announcements:index")
    _announcements(3, manager, software, emea)
    signed_in_manager.get(url)  # warm the per-process caches (content types, site)
    with CaptureQueriesContext(connection) as with_three:
        assert signed_in_manager.get(url).status_code == 200

    _announcements(27, manager, software, emea)
    with django_assert_max_num_queries(len(with_three.captured_queries)):
        response = signed_in_manager.get(url)

    assert response.status_code == 200
    assert len(with_three.captured_queries) <= 20
    assert response.context["paginator"].count == 30


def test_a_draft_changed_after_review_is_not_sent(
    signed_in_manager, django_capture_on_commit_callbacks
):
    CustomerFactory()
    announcement = AnnouncementFactory(title="Webinar on Thursday")
    review = signed_in_manager.get(review_url(announcement))
    # Another manager edits the draft while the first one reads the review page.
    Announcement.objects.filter(pk=announcement.pk).update(title="Webinar moved to Friday")

    with django_capture_on_commit_callbacks(execute=True):
        sent = signed_in_manager.post(
            reverse("announcements:send", args=[announcement.pk]),
            {"reviewed": review.context["reviewed"]},
        )

    assert sent["Location"] == review_url(announcement)
    assert any("changed since you reviewed it" in m for m in messages_of(sent))
    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.DRAFT
    assert not Notification.objects.filter(kind="announcement").exists()
