"""Kudos and Follow toggle where they are: in place with JavaScript, by a form post without it."""

import pytest
from playwright.sync_api import expect

from forums.models import Kudos, TopicFollow
from tests.e2e.live import mark_the_page, still_the_same_page
from tests.factories import CustomerFactory
from tests.factories.forums import TopicFactory

FOLLOW = "Follow this topic"
FOLLOWING = "Following — select to stop following this topic"


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_kudos_and_follow_toggle_on_a_topic(signed_in, viewport, javascript):
    topic = TopicFactory()
    member = CustomerFactory()
    page = signed_in(member, viewport=viewport, java_script_enabled=javascript)
    page.goto(topic.get_absolute_url())
    if javascript:
        mark_the_page(page)

    kudos = page.locator(f"form[action='/forums/t/{topic.pk}/kudos/'] [data-kudos-button]")
    expect(kudos).to_have_attribute("aria-pressed", "false")
    kudos.click()
    expect(kudos).to_have_attribute("aria-pressed", "true")
    expect(kudos.locator("[data-kudos-count]")).to_have_text("1")
    assert Kudos.objects.filter(member=member, topic=topic).exists()

    page.get_by_role("button", name=FOLLOW, exact=True).click()
    following = page.get_by_role("button", name=FOLLOWING)
    expect(following).to_have_attribute("aria-pressed", "true")
    assert TopicFollow.objects.filter(member=member, topic=topic).exists()

    # And back again.
    kudos.click()
    expect(kudos).to_have_attribute("aria-pressed", "false")
    expect(kudos.locator("[data-kudos-count]")).to_have_text("0")
    following.click()
    expect(page.get_by_role("button", name=FOLLOW, exact=True)).to_have_attribute(
        "aria-pressed", "false"
    )
    assert not Kudos.objects.filter(member=member, topic=topic).exists()
    assert not TopicFollow.objects.filter(member=member, topic=topic).exists()
    if javascript:
        assert still_the_same_page(page), "a toggle reloaded the page instead of updating it"
