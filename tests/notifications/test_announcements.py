"""Announcements: who is in a segment, and a fan-out that reaches each member exactly once,
in batches, even when it stops midway and starts again."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from community.members.models import Audience, Country, Industry, Region
from community.members.roles import Role
from community.moderation import services as moderation
from community.notifications import announcements, services
from community.notifications.kinds import Delivery, Kind
from community.notifications.models import Announcement, Notification
from tests.factories import (
    AnnouncementFactory,
    CommunityManagerFactory,
    CustomerFactory,
    EmployerFactory,
    NotificationPreferenceFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db

SOFTWARE = "Software & SaaS"
RETAIL = "Retail & e-commerce"
HEALTHCARE = "Healthcare & life sciences"


def member(industry=SOFTWARE, country="DE", audience=Audience.B2B, factory=CustomerFactory, **kw):
    """A member in a known segment: DE, FR and GB are EMEA, US and CA are NA, JP is APAC."""
    return factory(
        profile__industry=Industry.objects.get(name=industry),
        profile__country=Country.objects.get(code=country),
        profile__audience=audience,
        **kw,
    )


@pytest.fixture
def manager(db):
    """The sender, in a segment none of these announcements aims at."""
    return member(
        industry="Non-profit",
        country="JP",
        audience=Audience.B2C,
        factory=CommunityManagerFactory,
        display_name="Grace Okafor",
    )


def announcement_for(manager, **segment) -> Announcement:
    return AnnouncementFactory(
        title="Spring release: journeys get branching by segment", created_by=manager, **segment
    )


def matched(announcement) -> set:
    return set(announcements.matching_members(announcement))


def told(member) -> int:
    return Notification.objects.filter(recipient=member, kind=Kind.ANNOUNCEMENT).count()


# --- Who is in the segment --------------------------------------------------------------------


def test_announcement_without_criteria_reaches_every_active_member(manager):
    customer, partner = member(), member(factory=PartnerFactory)
    departed = member(is_active=False)

    everyone = matched(announcement_for(manager))

    assert everyone == {manager, customer, partner}
    assert departed not in everyone


def test_announcement_for_an_industry_reaches_only_members_in_it(manager):
    retailers = {member(RETAIL, "US"), member(RETAIL, "JP", Audience.B2C)}
    member(SOFTWARE, "US")
    member(HEALTHCARE, "DE")

    reached = matched(announcement_for(manager, industries=[Industry.objects.get(name=RETAIL)]))

    assert reached == retailers


def test_announcement_for_two_industries_reaches_members_in_either(manager):
    wanted = {member(RETAIL), member(HEALTHCARE)}
    member(SOFTWARE)

    reached = matched(
        announcement_for(
            manager, industries=list(Industry.objects.filter(name__in=[RETAIL, HEALTHCARE]))
        )
    )

    assert reached == wanted


def test_announcement_for_a_region_reaches_members_in_all_its_countries(manager):
    in_emea = {member(country="DE"), member(country="FR"), member(country="GB")}
    member(country="US")
    member(country="CA")

    reached = matched(announcement_for(manager, regions=[Region.objects.get(code="EMEA")]))

    assert reached == in_emea


def test_announcement_for_b2b_also_reaches_members_who_serve_both(manager):
    b2b, both = member(audience=Audience.B2B), member(audience=Audience.BOTH)
    member(audience=Audience.B2C)

    assert matched(announcement_for(manager, audiences=["b2b"])) == {b2b, both}


def test_announcement_for_b2c_also_reaches_members_who_serve_both(manager):
    b2c, both = member(audience=Audience.B2C), member(audience=Audience.BOTH)
    member(audience=Audience.B2B)

    # The manager works with consumers too.
    assert matched(announcement_for(manager, audiences=["b2c"])) == {b2c, both, manager}


def test_announcement_for_both_audiences_reaches_every_audience(manager):
    everyone = {member(audience=audience) for audience in Audience} | {manager}

    assert matched(announcement_for(manager, audiences=["b2b", "b2c"])) == everyone


def test_announcement_for_members_serving_both_reaches_only_them(manager):
    both = member(audience=Audience.BOTH)
    member(audience=Audience.B2B)
    member(audience=Audience.B2C)

    assert matched(announcement_for(manager, audiences=["both"])) == {both}


def test_announcement_for_partners_reaches_only_partners(manager):
    partners = {member(factory=PartnerFactory), member(factory=PartnerFactory)}
    member(factory=CustomerFactory)
    member(factory=EmployerFactory)

    assert matched(announcement_for(manager, roles=[Role.PARTNER])) == partners


def test_member_holding_two_of_the_roles_is_counted_once(manager):
    hiring_partner = member(factory=PartnerFactory, roles=[Role.PARTNER, Role.EMPLOYER])
    employer = member(factory=EmployerFactory)
    announcement = announcement_for(manager, roles=[Role.PARTNER, Role.EMPLOYER])

    members = list(announcements.matching_members(announcement))

    assert sorted(m.pk for m in members) == sorted([hiring_partner.pk, employer.pk])


def test_criteria_combine_so_a_member_must_match_each_of_them(manager):
    target = member(RETAIL, "FR", Audience.BOTH, factory=PartnerFactory)
    member(SOFTWARE, "FR", Audience.B2B, factory=PartnerFactory)  # wrong industry
    member(RETAIL, "US", Audience.B2B, factory=PartnerFactory)  # wrong region
    member(RETAIL, "FR", Audience.B2C, factory=PartnerFactory)  # wrong audience
    member(RETAIL, "FR", Audience.B2B, factory=CustomerFactory)  # wrong role

    reached = matched(
        announcement_for(
            manager,
            industries=[Industry.objects.get(name=RETAIL)],
            regions=[Region.objects.get(code="EMEA")],
            audiences=["b2b"],
            roles=[Role.PARTNER],
        )
    )

    assert reached == {target}


def test_banned_member_is_left_out(manager):
    staying, banned = member(RETAIL), member(RETAIL)
    moderation.ban(member=banned, moderator=manager, reason="Spam in every category.")

    reached = matched(announcement_for(manager, industries=[Industry.objects.get(name=RETAIL)]))

    assert reached == {staying}


# --- Drafts -----------------------------------------------------------------------------------


def test_saving_a_draft_renders_its_message_and_remembers_the_segment(manager):
    draft = Announcement(
        title="Join the customer advisory board for healthcare teams",
        body_source="Sessions are **monthly** and remote.",
        audiences=["b2b"],
    )

    saved = announcements.save_announcement(
        announcement=draft,
        author=manager,
        roles=[],
        industries=[Industry.objects.get(name=HEALTHCARE)],
        regions=[Region.objects.get(code="NA")],
    )

    saved.refresh_from_db()
    assert "<strong>monthly</strong>" in saved.body_html
    assert saved.created_by == manager
    assert saved.status == Announcement.Status.DRAFT
    assert [i.name for i in saved.industries.all()] == [HEALTHCARE]
    assert [r.code for r in saved.regions.all()] == ["NA"]


def test_only_managers_write_announcements(db):
    draft = Announcement(title="Free swag for everyone", body_source="Click here.")

    with pytest.raises(PermissionDenied):
        announcements.save_announcement(announcement=draft, author=CustomerFactory())

    assert not Announcement.objects.exists()


def test_unknown_audience_is_refused(manager):
    draft = Announcement(title="Partner pricing", body_source="New tiers.", audiences=["b2g"])

    with pytest.raises(ValidationError):
        announcements.save_announcement(announcement=draft, author=manager)

    assert not Announcement.objects.exists()


def test_a_sent_announcement_can_no_longer_be_changed(manager):
    member(RETAIL)
    announcement = announcement_for(manager)
    announcements.queue_announcement(announcement=announcement, sender=manager)
    announcement.title = "Spring release (corrected)"

    with pytest.raises(ValidationError):
        announcements.save_announcement(announcement=announcement, author=manager)

    announcement.refresh_from_db()
    assert announcement.title == "Spring release: journeys get branching by segment"


# --- Queueing ---------------------------------------------------------------------------------


@pytest.fixture
def retailers(db) -> list:
    """Five members in retail, spread over regions and audiences, in the order of their ids."""
    return [
        member(RETAIL, country, audience)
        for country, audience in [
            ("US", Audience.B2B),
            ("DE", Audience.B2C),
            ("JP", Audience.BOTH),
            ("GB", Audience.B2B),
            ("CA", Audience.B2C),
        ]
    ]


@pytest.fixture
def others(db) -> list:
    return [member(SOFTWARE, "US"), member(HEALTHCARE, "FR")]


@pytest.fixture
def for_retail(manager):
    return announcement_for(manager, industries=[Industry.objects.get(name=RETAIL)])


def test_queued_announcement_reaches_its_segment_on_the_site_and_by_email(
    settings, django_capture_on_commit_callbacks, mailoutbox, manager, retailers, others, for_retail
):
    settings.ANNOUNCEMENT_BATCH_SIZE = 2

    with django_capture_on_commit_callbacks(execute=True):
        announcements.queue_announcement(announcement=for_retail, sender=manager)

    for_retail.refresh_from_db()
    assert for_retail.status == Announcement.Status.SENT
    assert for_retail.recipient_count == 5
    assert for_retail.sent_by == manager
    assert for_retail.sent_at is not None
    for retailer in retailers:
        notification = Notification.objects.get(recipient=retailer)
        assert notification.kind == Kind.ANNOUNCEMENT
        assert notification.text == (
            "Announcement: Spring release: journeys get branching by segment"
        )
        assert notification.url == for_retail.get_absolute_url()
        assert notification.target == for_retail
    assert not Notification.objects.filter(recipient__in=others + [manager]).exists()
    assert sorted(message.to[0] for message in mailoutbox) == sorted(r.email for r in retailers)


def test_queueing_counts_the_segment_and_waits_for_the_worker(manager, retailers, for_retail):
    queued = announcements.queue_announcement(announcement=for_retail, sender=manager)

    assert queued.status == Announcement.Status.QUEUED
    assert queued.recipient_count == 5
    assert queued.queued_at is not None
    assert not Notification.objects.exists()


def test_queueing_twice_is_refused(manager, retailers, for_retail):
    announcements.queue_announcement(announcement=for_retail, sender=manager)

    with pytest.raises(ValidationError):
        announcements.queue_announcement(announcement=for_retail, sender=manager)


def test_sent_announcement_cannot_be_queued_again(
    django_capture_on_commit_callbacks, manager, retailers, for_retail
):
    with django_capture_on_commit_callbacks(execute=True):
        announcements.queue_announcement(announcement=for_retail, sender=manager)

    with pytest.raises(ValidationError):
        announcements.queue_announcement(announcement=for_retail, sender=manager)

    assert Notification.objects.count() == 5


def test_member_who_is_not_a_manager_cannot_send(retailers, for_retail):
    partner = PartnerFactory()

    with pytest.raises(PermissionDenied):
        announcements.queue_announcement(announcement=for_retail, sender=partner)

    for_retail.refresh_from_db()
    assert for_retail.status == Announcement.Status.DRAFT


def test_segment_nobody_is_in_is_refused(manager, others, for_retail):
    with pytest.raises(ValidationError, match="No member matches"):
        announcements.queue_announcement(announcement=for_retail, sender=manager)

    for_retail.refresh_from_db()
    assert for_retail.status == Announcement.Status.DRAFT


# --- Delivery ---------------------------------------------------------------------------------


@pytest.fixture
def queued(manager, retailers, others, for_retail) -> Announcement:
    """Queued; the background worker has not picked it up yet."""
    return announcements.queue_announcement(announcement=for_retail, sender=manager)


def test_batches_of_two_give_each_of_five_members_exactly_one_notification(queued, retailers):
    delivered = announcements.deliver(queued.pk, batch_size=2)

    assert delivered == 5
    assert [told(retailer) for retailer in retailers] == [1, 1, 1, 1, 1]
    queued.refresh_from_db()
    assert queued.status == Announcement.Status.SENT
    assert queued.delivered_up_to == retailers[-1].pk


def test_delivering_again_adds_nothing(queued, retailers):
    announcements.deliver(queued.pk, batch_size=2)

    assert announcements.deliver(queued.pk, batch_size=2) == 0

    assert [told(retailer) for retailer in retailers] == [1, 1, 1, 1, 1]


def test_delivery_that_stopped_midway_resumes_without_duplicates(queued, retailers):
    # The worker wrote the first batch, then its process died.
    services.notify(
        kind=Kind.ANNOUNCEMENT,
        recipients=retailers[:2],
        text=f"Announcement: {queued.title}",
        url=queued.get_absolute_url(),
        target=queued,
    )
    Announcement.objects.filter(pk=queued.pk).update(
        status=Announcement.Status.SENDING, delivered_up_to=retailers[1].pk
    )

    delivered = announcements.deliver(queued.pk, batch_size=2)

    assert delivered == 3
    assert [told(retailer) for retailer in retailers] == [1, 1, 1, 1, 1]
    queued.refresh_from_db()
    assert queued.status == Announcement.Status.SENT


def test_delivery_that_failed_on_a_batch_resumes_after_the_last_saved_one(
    monkeypatch, queued, retailers
):
    real_notify, calls = announcements.notify, []

    def notify_then_fail(**kwargs):
        calls.append(kwargs["recipients"])
        if len(calls) == 2:
            raise ConnectionError("database connection lost")
        return real_notify(**kwargs)

    monkeypatch.setattr(announcements, "notify", notify_then_fail)
    with pytest.raises(ConnectionError):
        announcements.deliver(queued.pk, batch_size=2)
    queued.refresh_from_db()
    assert queued.status == Announcement.Status.SENDING
    assert [told(retailer) for retailer in retailers] == [1, 1, 0, 0, 0]

    assert announcements.deliver(queued.pk, batch_size=2) == 3

    assert [told(retailer) for retailer in retailers] == [1, 1, 1, 1, 1]


def test_member_who_joins_the_segment_after_sending_is_not_told_later(queued, retailers):
    announcements.deliver(queued.pk, batch_size=10)
    latecomer = member(RETAIL)

    assert announcements.deliver(queued.pk, batch_size=10) == 0

    assert told(latecomer) == 0
    assert [told(retailer) for retailer in retailers] == [1, 1, 1, 1, 1]


def test_draft_is_not_delivered(manager, retailers, for_retail):
    with pytest.raises(ValidationError):
        announcements.deliver(for_retail.pk, batch_size=2)

    assert not Notification.objects.exists()


def test_member_who_turned_announcements_off_is_not_told(queued, retailers):
    quiet = retailers[2]
    NotificationPreferenceFactory(member=quiet, kind=Kind.ANNOUNCEMENT, delivery=Delivery.OFF)

    announcements.deliver(queued.pk, batch_size=2)

    assert [told(retailer) for retailer in retailers] == [1, 1, 0, 1, 1]
