"""Who may see, register for and manage which events. Every rule lives here once; services,
selectors, views and the admin hooks ask it.

Each `ensure_*` (raises PermissionDenied with the reason, for services) has a boolean twin
`can_*` (for pages deciding what to offer) that runs the very same rule.

Who may add, edit and publish event pages is Wagtail's page permissions: community managers
everywhere (granted on the home page by the site setup), a chapter's leaders on their chapter
(granted to the chapter's own group by `services.chapters.sync_leader_group`). The chapter
page itself is the community managers' alone (see wagtail_hooks.py).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from community.core.standing import allowed, ensure_can_participate
from community.moderation.permissions import MODERATE_PERMISSION

from .pages import ChapterPage, EventPage

# Making a member a chapter leader hands out admin access: community managers only.
MANAGE_CHAPTERS_PERMISSION = MODERATE_PERMISSION


def visible_events() -> QuerySet[EventPage]:
    """Events anyone may read: published and not behind a view restriction."""
    return EventPage.objects.live().public()


def visible_chapters() -> QuerySet[ChapterPage]:
    return ChapterPage.objects.live().public()


def can_manage_chapters(user) -> bool:
    """Create chapters, edit them and name their leaders."""
    return user.is_authenticated and user.is_active and user.has_perm(MANAGE_CHAPTERS_PERMISSION)


def ensure_can_manage_chapters(user) -> None:
    if not can_manage_chapters(user):
        raise PermissionDenied("Only community managers look after chapters and their leaders.")


def chapter_of(event: EventPage) -> ChapterPage | None:
    parent = event.get_parent().specific
    return parent if isinstance(parent, ChapterPage) else None


def leads(user, chapter: ChapterPage | None) -> bool:
    return (
        chapter is not None
        and user.is_authenticated
        and chapter.leaders.filter(pk=user.pk).exists()
    )


def ensure_can_organise(user, event: EventPage) -> None:
    """Organisers see the registration list, export it and check people in: the event's
    chapter leaders and community managers."""
    if can_manage_chapters(user):
        return
    ensure_can_participate(user)
    if not leads(user, chapter_of(event)):
        raise PermissionDenied(
            "Only the chapter's leaders and community managers organise this event."
        )


def can_organise(user, event: EventPage) -> bool:
    return allowed(ensure_can_organise, user, event)


def ensure_can_register(member) -> None:
    """Whether the member may hold or wait for a seat at all (the event's own window is the
    registration service's to check, on the locked row)."""
    ensure_can_participate(member)


def can_register(member) -> bool:
    return allowed(ensure_can_register, member)


def ensure_can_join_chapter(member) -> None:
    ensure_can_participate(member)


def can_join_chapter(member) -> bool:
    return allowed(ensure_can_join_chapter, member)
