"""Who may read and do what with stories. Every rule lives here once; selectors, services and
the admin screens ask it.

Each `ensure_*` (raises PermissionDenied with the reason, for services) has a boolean twin
`can_*` (for pages deciding what to offer) that runs the very same rule.

Who may add, edit and publish story pages is Wagtail's page permissions, given to each
partner's group on its own section by `partners.onboard_partner`; the review workflow decides
what goes live.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from community.core.standing import allowed, ensure_can_participate
from community.moderation.permissions import MODERATE_PERMISSION

from .pages import StoryPage

# Onboarding a partner sets up groups, permissions and a section: community managers only.
ONBOARD_PERMISSION = MODERATE_PERMISSION


def published_stories() -> QuerySet[StoryPage]:
    """Stories and articles anyone may read: live and not behind a view restriction.
    Drafts, pages in review and rejected pages are not live, so they never appear."""
    return StoryPage.objects.live().public()


def ensure_can_recommend(member, story: StoryPage) -> None:
    """Raise PermissionDenied with the reason the member cannot recommend the story now."""
    ensure_can_participate(member)
    if not story.live:
        raise PermissionDenied("Only published stories can be recommended.")


def can_recommend(member, story: StoryPage) -> bool:
    return allowed(ensure_can_recommend, member, story)


def can_onboard_partners(user) -> bool:
    return user.has_perm(ONBOARD_PERMISSION)
