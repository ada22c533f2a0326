"""Who may see, register for and manage which events. Every rule lives here once; services,
selectors, views and the admin hooks ask it.

Each `ensure_*` (raises PermissionDenied with the reason, for services) has a boolean twin
`can_*` (for pages deciding what to offer) that runs the very same rule.

Who may add, edit and publish event pages is Wagtail's page permissions: community managers
everywhere (granted on the home page by the site setup), a chapter's leaders on their chapter
(granted to the chapter's own group by `services.chapters.sync_leader_group`). The chapter
page itself is the community managers' alone (ChapterPermissionTester, and wagtail_hooks.py).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from wagtail.models import PagePermissionTester

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


class ChapterPermissionTester(PagePermissionTester):
    """What the admin lets a user do to a chapter page itself. Leaders hold add, edit and publish
    on the chapter's tree for its events, which Wagtail extends to the chapter page; here only
    community managers edit, publish, unpublish, delete, move, copy, lock it or restrict who may
    view it (the privacy screen has no hook to refuse it in wagtail_hooks.py). Adding and
    ordering its events is left as the group grants."""

    def __init__(self, user, page) -> None:
        super().__init__(user, page)
        self.manages_chapters = can_manage_chapters(user)

    def can_edit(self) -> bool:
        return self.manages_chapters and super().can_edit()

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        return self.manages_chapters and super().can_delete(ignore_bulk=ignore_bulk)

    def can_publish(self) -> bool:
        # Also what setting view restrictions and unscheduling ask.
        return self.manages_chapters and super().can_publish()

    def can_unpublish(self) -> bool:
        return self.manages_chapters and super().can_unpublish()

    def can_lock(self) -> bool:
        return self.manages_chapters and super().can_lock()

    def can_unlock(self) -> bool:
        return self.manages_chapters and super().can_unlock()


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
