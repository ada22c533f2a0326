"""The accessibility gate: axe-core on every page type, as each kind of visitor sees it.

axe-core is the copy shipped inside the `axe-playwright-python` package (its axe.min.js), injected
into the page under test: nothing is fetched from a CDN. A page passes with no critical and no
serious violation; moderate and minor ones do not fail it but are listed in pytest's warnings
summary, one warning per page, so they stay in view.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from community.members.roles import Role
from community.notifications.announcements import queue_announcement
from tests.e2e.shots import scene_fixture
from tests.factories import (
    CommunityManagerFactory,
    CustomerFactory,
    PartnerFactory,
    ReplyFactory,
    StoryFactory,
    TopicFactory,
)
from tests.factories.notifications import AnnouncementFactory, NotificationFactory
from tests.factories.stories import onboard

AXE = Axe()
PARTNER_NUMBERS = itertools.count(1)
GATED = ("critical", "serious")
# Wagtail's own page editor, which partners write stories in, has two unnamed controls the project
# does not render: the tag field's type-ahead box and the rich text areas inside StreamField blocks.
# They are left out of the audit of that screen only (everything else on it is checked).
WAGTAIL_EDITOR_OWN_CONTROLS = [".ui-autocomplete-input", ".Draftail-Editor [contenteditable]"]


class AccessibilityNotice(UserWarning):
    """Moderate or minor axe findings: reported, not failed on."""


@dataclass
class Findings:
    url: str
    gated: list[dict] = field(default_factory=list)
    noted: list[dict] = field(default_factory=list)

    def describe(self, violations: list[dict]) -> str:
        lines = []
        for violation in violations:
            lines.append(f"{violation['impact']}: {violation['id']} ({violation['help']})")
            for node in violation["nodes"][:5]:
                summary = " ".join(node.get("failureSummary", "").split())
                lines.append(f"    at {' '.join(node['target'])}: {summary[:240]}")
        return "\n".join(lines)


def audit(page: Page, *, exclude: list[str] = ()) -> Findings:
    """Run axe-core on the page as it stands, its animations played to their end."""
    # Wagtail fades its messages in; a colour read halfway through the fade is not the colour.
    # Every animation with an end jumps to it (looping ones stay as they are).
    page.evaluate(
        """() => document.getAnimations()
            .filter(animation => animation.effect.getComputedTiming().iterations !== Infinity)
            .forEach(animation => animation.finish())"""
    )
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    results = AXE.run(page, context=context)
    findings = Findings(url=page.url)
    for violation in results.response["violations"]:
        (findings.gated if violation["impact"] in GATED else findings.noted).append(violation)
    return findings


def assert_accessible(page: Page, *, exclude: list[str] = ()) -> None:
    findings = audit(page, exclude=exclude)
    if findings.noted:
        warnings.warn(
            f"{findings.url}:\n{findings.describe(findings.noted)}",
            AccessibilityNotice,
            stacklevel=2,
        )
    assert not findings.gated, (
        f"axe found critical or serious violations on {findings.url}:\n"
        f"{findings.describe(findings.gated)}"
    )


@dataclass
class Scene:
    """One of everything a page type needs: members of each role, a thread, a story."""

    member: object
    other: object
    manager: object
    partner: object
    topic: object
    reply: object
    story: object
    partner_section: object
    announcement: object


def build_scene() -> Scene:
    member, other, manager = CustomerFactory(), CustomerFactory(), CommunityManagerFactory()
    partner = PartnerFactory()
    topic = TopicFactory(
        author=member, title="Webhook retries stop after the third attempt", tags=["webhooks"]
    )
    reply = ReplyFactory(topic=topic, author=other, body="Raise the retry limit under Settings.")
    NotificationFactory(recipient=member, actor=other)
    announcement = AnnouncementFactory(created_by=manager, roles=[Role.CUSTOMER])
    queue_announcement(announcement=announcement, sender=manager)
    section = onboard(f"Harbour Analytics {next(PARTNER_NUMBERS)}", partner).page
    return Scene(
        member=member,
        other=other,
        manager=manager,
        partner=partner,
        topic=topic,
        reply=reply,
        story=StoryFactory(),
        partner_section=section,
        announcement=announcement,
    )


# One scene per server database: the pages only read it, and a test that writes (the rate
# limit) does so as a member of its own.
scene = scene_fixture(build_scene)


# (name, who opens it, the address for the scene)
PUBLIC_PAGES: list[tuple[str, Callable[[Scene], str]]] = [
    ("home", lambda s: "/"),
    ("forums", lambda s: "/forums/"),
    ("category", lambda s: s.topic.category.url),
    ("topic", lambda s: s.topic.get_absolute_url()),
    ("search results", lambda s: "/search/?q=webhook"),
    ("tag", lambda s: reverse("forums:tag", args=["webhooks"])),
    ("stories index", lambda s: "/stories/"),
    ("story", lambda s: s.story.url),
    ("sign-up", lambda s: reverse("account_signup")),
    ("sign-in", lambda s: reverse("account_login")),
]

MEMBER_PAGES: list[tuple[str, Callable[[Scene], str]]] = [
    ("home, signed in", lambda s: "/"),
    ("topic, signed in", lambda s: s.topic.get_absolute_url()),
    ("new topic form", lambda s: reverse("forums:new_topic")),
    ("search results, signed in", lambda s: "/search/?q=webhook"),
    ("profile", lambda s: reverse("members:profile", args=[s.other.username])),
    ("profile edit", lambda s: reverse("members:edit_profile")),
    ("notifications center", lambda s: reverse("notifications:list")),
    ("notification preferences", lambda s: reverse("notifications:preferences")),
    ("announcement", lambda s: reverse("notifications:announcement", args=[s.announcement.pk])),
    ("report form", lambda s: reverse("moderation:report", args=["reply", s.reply.pk])),
    ("welcome checklist", lambda s: "/welcome/"),
]

MANAGER_ADMIN_PAGES: list[tuple[str, Callable[[Scene], str]]] = [
    ("admin dashboard", lambda s: "/admin/"),
    ("moderation queue", lambda s: "/admin/moderation/"),
    ("moderation review", lambda s: f"/admin/moderation/review/reply/{s.reply.pk}/"),
    ("moderation log", lambda s: "/admin/moderation/log/"),
    ("blocked words", lambda s: "/admin/moderation/blocked-words/"),
    ("announcements", lambda s: "/admin/announcements/"),
    ("new announcement", lambda s: "/admin/announcements/new/"),
    ("announcement review", lambda s: f"/admin/announcements/review/{s.announcement.pk}/"),
    ("onboard a partner", lambda s: reverse("stories_onboard_partner")),
    ("forum topics", lambda s: "/admin/forum_topics/"),
    ("forum topic flags", lambda s: f"/admin/forum_topics/edit/{s.topic.pk}/"),
    ("segments: industries", lambda s: "/admin/snippets/members/industry/"),
    ("advocacy: member highlights", lambda s: "/admin/snippets/stories/memberhighlight/"),
    ("advocacy: products", lambda s: "/admin/snippets/stories/product/"),
]


def _ids(pages) -> list[str]:
    return [name for name, _ in pages]


@pytest.mark.parametrize("address", [a for _, a in PUBLIC_PAGES], ids=_ids(PUBLIC_PAGES))
def test_public_page_has_no_serious_violations(page, scene, address):
    page.goto(address(scene))
    assert_accessible(page)


@pytest.mark.parametrize("name", ["home", "topic", "search results", "story"])
def test_public_page_on_a_phone_has_no_serious_violations(new_context, scene, name):
    address = dict(PUBLIC_PAGES)[name]
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(address(scene))
    assert_accessible(page)


@pytest.mark.parametrize("address", [a for _, a in MEMBER_PAGES], ids=_ids(MEMBER_PAGES))
def test_member_page_has_no_serious_violations(signed_in, scene, address):
    page = signed_in(scene.member)
    page.goto(address(scene))
    assert_accessible(page)


def test_open_mobile_menu_has_no_serious_violations(signed_in, scene):
    page = signed_in(scene.member, viewport={"width": 390, "height": 844})
    page.goto("/forums/")
    page.locator("[data-nav-toggle]").click()
    assert_accessible(page)


def test_not_found_page_has_no_serious_violations(page, page_watch):
    page_watch.allow(status=404, path="/no-such-page/")
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert_accessible(page)


def test_forbidden_page_has_no_serious_violations(signed_in, page_watch, scene):
    manage = reverse("forums:manage_topic", args=[scene.topic.pk])
    page_watch.allow(status=403, path=manage)
    page = signed_in(scene.other)
    response = page.goto(manage)
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You can't do that here")
    assert_accessible(page)


def test_too_many_requests_page_has_no_serious_violations(signed_in, page_watch, scene):
    """Kudos toggled past the member's limit, the last time from the page without JavaScript."""
    kudos = reverse("forums:topic_kudos", args=[scene.topic.pk])
    page_watch.allow(status=429, path=kudos)
    page = signed_in(CustomerFactory())
    page.goto(scene.topic.get_absolute_url())
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    headers = {"X-CSRFToken": token, "Accept": "application/json", "Referer": page.url}
    for _ in range(100):
        if page.request.post(kudos, headers=headers).status == 429:
            break
    else:
        pytest.fail("the kudos rate limit never answered 429")
    # The browser's own form post, as without JavaScript: the site answers with its 429 page.
    page.evaluate(
        """([url, token]) => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = url;
            const field = document.createElement("input");
            field.type = "hidden";
            field.name = "csrfmiddlewaretoken";
            field.value = token;
            form.append(field);
            document.body.append(form);
            form.submit();
        }""",
        [kudos, token],
    )
    page.wait_for_url(f"**{kudos}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Slow down a little")
    assert_accessible(page)


@pytest.mark.parametrize(
    "address", [a for _, a in MANAGER_ADMIN_PAGES], ids=_ids(MANAGER_ADMIN_PAGES)
)
def test_admin_screen_the_project_adds_has_no_serious_violations(signed_in, scene, address):
    page = signed_in(scene.manager)
    page.goto(address(scene))
    assert_accessible(page)


def test_partner_section_and_story_editor_have_no_serious_violations(signed_in, scene):
    page = signed_in(scene.partner)
    page.goto(reverse("stories_partner_section"))
    assert_accessible(page)
    page.goto(reverse("stories_write_story"))
    page.wait_for_selector("form#page-edit-form")
    assert_accessible(page, exclude=WAGTAIL_EDITOR_OWN_CONTROLS)


def test_gate_fails_on_a_button_without_an_accessible_name(page, scene):
    """The gate bites: one nameless button on an otherwise clean page is a critical violation."""
    page.goto("/forums/")
    assert_accessible(page)
    page.evaluate("document.querySelector('main').append(document.createElement('button'))")
    findings = audit(page)
    assert [v["id"] for v in findings.gated] == ["button-name"]
    with pytest.raises(AssertionError, match="button-name"):
        assert_accessible(page)
