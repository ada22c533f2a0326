"""The rules in stories/permissions.py: who reads which stories, who may recommend one, who
onboards partners."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from community.stories import permissions
from tests.factories.stories import StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(partner_section, partner):
    return StoryFactory(parent=partner_section.page, owner=partner)


@pytest.fixture
def draft(partner_section, partner):
    return StoryFactory(parent=partner_section.page, owner=partner, status="draft")


def test_only_live_stories_are_published(published, draft):
    assert list(permissions.published_stories()) == [published]


@pytest.mark.parametrize(
    ("who", "story", "allowed"),
    [
        ("reader", "published", True),
        ("reader", "draft", False),
        ("suspended_member", "published", False),
        ("banned_member", "published", False),
        ("anonymous", "published", False),
    ],
)
def test_who_may_recommend_which_story(request, who, story, allowed):
    member = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    story = request.getfixturevalue(story)

    assert permissions.can_recommend(member, story) is allowed
    if allowed:
        permissions.ensure_can_recommend(member, story)
    else:
        with pytest.raises(PermissionDenied):
            permissions.ensure_can_recommend(member, story)


def test_a_draft_is_refused_with_the_reason(reader, draft):
    with pytest.raises(PermissionDenied, match="Only published stories"):
        permissions.ensure_can_recommend(reader, draft)


def test_only_community_managers_onboard_partners(manager, partner, reader):
    assert permissions.can_onboard_partners(manager)
    assert not permissions.can_onboard_partners(partner)
    assert not permissions.can_onboard_partners(reader)
    assert not permissions.can_onboard_partners(AnonymousUser())
