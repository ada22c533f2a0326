"""Every link in every e-mail the site sends opens: it starts with the configured public address,
whatever host the Wagtail site row or the request carried."""

import re

import pytest
from django.core import mail

from community.home.site_setup import ensure_site_tree
from community.notifications import emails
from community.notifications.kinds import Delivery, all_kinds
from community.notifications.services import notify
from tests.factories import (
    CommunityManagerFactory,
    CustomerFactory,
    NotificationPreferenceFactory,
    PartnerFactory,
)
from tests.factories.members import member_fixture
from tests.factories.stories import StoryFactory, decide, onboard, submit_for_review

pytestmark = pytest.mark.django_db

PUBLIC = "https://community.example.org"
HREF = re.compile(r"""href=["']([^"']*)["']""")
URL_IN_TEXT = re.compile(r"\bhttps?://[^\s\"'<>]+")


@pytest.fixture
def public_address(settings, site_tree):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    # What `setup_site` does on every start: the site row follows the configured address.
    ensure_site_tree()
    return PUBLIC


def links_in(message) -> list[str]:
    bodies = [message.body, *(content for content, _ in getattr(message, "alternatives", []))]
    found = []
    for body in bodies:
        found += URL_IN_TEXT.findall(body)
        found += HREF.findall(body)
    return found


def assert_every_link_is_public(messages) -> None:
    assert messages, "no e-mail was sent"
    for message in messages:
        links = links_in(message)
        assert links, f"no link in {message.subject!r}"
        for link in links:
            assert link.startswith(PUBLIC + "/") or link.startswith("mailto:"), (
                f"{link!r} in {message.subject!r}"
            )


@pytest.mark.parametrize("kind", [info.key for info in all_kinds()])
def test_every_link_in_a_notification_email_opens_at_the_public_address(
    public_address, django_capture_on_commit_callbacks, mailoutbox, kind
):
    member = CustomerFactory(email="noor.haddad@example.com")
    NotificationPreferenceFactory(member=member, kind=kind, delivery=Delivery.EMAIL)

    with django_capture_on_commit_callbacks(execute=True):
        notify(
            kind=kind,
            recipients=[member],
            text="Ana Souza replied to “Why are my emails landing in Promotions?”",
            url="/forums/campaigns-email/t/52/why-are-my-emails-landing-in-promotions/",
        )

    assert_every_link_is_public(mailoutbox)


def test_every_link_in_the_daily_digest_opens_at_the_public_address(public_address, mailoutbox):
    member = CustomerFactory(email="noor.haddad@example.com")
    for kind in [info.key for info in all_kinds()][:3]:
        NotificationPreferenceFactory(member=member, kind=kind, delivery=Delivery.DIGEST)
        notify(kind=kind, recipients=[member], text="Something new", url="/forums/")

    assert emails.send_digests() == 1
    assert_every_link_is_public(mailoutbox)


partner = member_fixture(PartnerFactory, display_name="Lars Eriksen", email="lars@fjord.example")


manager = member_fixture(
    CommunityManagerFactory, display_name="Sofia Marques", email="sofia@example.com"
)


@pytest.fixture
def story_in_review(public_address, partner, manager):
    draft = StoryFactory(
        parent=onboard("Fjord Consulting", partner).page,
        owner=partner,
        status="draft",
        title="Tamarind Foods doubled its loyalty sign-ups",
        customer_name="Tamarind Foods",
    )
    return submit_for_review(draft, partner)


def test_reviewers_are_told_of_a_submission_with_links_that_open(story_in_review, manager):
    to_manager = [m for m in mail.outbox if manager.email in m.to]

    assert_every_link_is_public(to_manager)


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_the_partner_is_told_of_the_decision_with_links_that_open(
    story_in_review, manager, partner, decision
):
    mail.outbox.clear()

    decided = decide(story_in_review, manager, decision, comment="Name the second metric.")

    to_partner = [m for m in mail.outbox if partner.email in m.to]
    assert_every_link_is_public(to_partner)
    if decision == "approve":
        assert any(decided.url in link for m in to_partner for link in links_in(m))
