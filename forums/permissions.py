"""Who may see and do what in the forums. Every rule lives here once; services call it.

Each `ensure_*` (raises PermissionDenied with the reason, for services) has a boolean twin
`can_*` (for pages deciding which controls to show) that runs the very same rule, so a page never
offers what the service would refuse.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from community.core.standing import allowed, ensure_can_participate
from community.members.models import User
from community.members.roles import Role

from .models import ForumCategoryPage, Reply, Topic, Visibility


def is_manager(user) -> bool:
    return bool(user.is_authenticated and user.is_community_manager)


def visible_categories(viewer) -> QuerySet[ForumCategoryPage]:
    """Live categories the viewer may see: public ones, plus restricted ones for their groups."""
    categories = ForumCategoryPage.objects.live()
    if is_manager(viewer):
        return categories
    if not viewer.is_authenticated:
        return categories.filter(restricted_to__isnull=True)
    allowed = ForumCategoryPage.restricted_to.through.objects.filter(group__user=viewer).values(
        "forumcategorypage_id"
    )
    return categories.filter(Q(restricted_to__isnull=True) | Q(pk__in=allowed)).distinct()


def can_view_category(viewer, category: ForumCategoryPage) -> bool:
    return visible_categories(viewer).filter(pk=category.pk).exists()


def can_view_loaded_category(
    viewer, category: ForumCategoryPage, *, restricted_to: set[str]
) -> bool:
    """can_view_category()'s rule for a category already loaded (its page being served): its own
    `live`, and `restricted_to`, the names of the groups it is restricted to, against the
    viewer's groups."""
    if not category.live:
        return False
    if is_manager(viewer):
        return True
    if not restricted_to:
        return True
    return viewer.is_authenticated and not restricted_to.isdisjoint(viewer.role_names)


def members_who_can_see(category: ForumCategoryPage, member_ids) -> set[int]:
    """The active members among `member_ids` allowed to see the category, in one query."""
    member_ids = set(member_ids)
    if not member_ids:
        return set()
    members = User.objects.filter(pk__in=member_ids, is_active=True)
    groups = list(category.restricted_to.values_list("pk", flat=True))
    if groups:
        members = members.filter(
            Q(groups__in=groups)
            | Q(groups__name=Role.COMMUNITY_MANAGER.value)
            | Q(is_superuser=True)
        )
    return set(members.values_list("pk", flat=True))


def visible_topics(viewer, *, seen_category: ForumCategoryPage | None = None) -> QuerySet[Topic]:
    """Topics listed for the viewer: published ones (community managers see every state).

    `seen_category`: that category's topics only, for a viewer already known to see it (its
    page checked), so the categories are not checked again.
    """
    if seen_category is not None:
        topics = Topic.objects.filter(category=seen_category)
    else:
        topics = Topic.objects.filter(category__in=visible_categories(viewer).values("pk"))
    if is_manager(viewer):
        return topics
    return topics.filter(visibility=Visibility.PUBLISHED)


def openable_topics(viewer) -> QuerySet[Topic]:
    """Topics the viewer may open: the listed ones, plus their own held or hidden topics."""
    topics = Topic.objects.filter(category__in=visible_categories(viewer).values("pk"))
    if is_manager(viewer):
        return topics
    if viewer.is_authenticated:
        return topics.filter(Q(visibility=Visibility.PUBLISHED) | Q(author=viewer))
    return topics.filter(visibility=Visibility.PUBLISHED)


def shown_replies(viewer, replies: QuerySet[Reply]) -> QuerySet[Reply]:
    """Published replies, plus the viewer's own held or hidden ones (all of them for managers)."""
    if is_manager(viewer):
        return replies
    if viewer.is_authenticated:
        return replies.filter(Q(visibility=Visibility.PUBLISHED) | Q(author=viewer))
    return replies.filter(visibility=Visibility.PUBLISHED)


def ensure_can_post(user: User) -> None:
    """Raise PermissionDenied with the reason a member cannot write right now."""
    if not user.is_authenticated:
        raise PermissionDenied("Sign in to take part in the forums.")
    ensure_can_participate(user)


def ensure_can_reply(user: User, topic: Topic) -> None:
    ensure_can_post(user)
    if not topic.is_published and not is_manager(user):
        raise PermissionDenied("This topic is not published, so it takes no replies yet.")
    if topic.is_locked and not is_manager(user):
        raise PermissionDenied("This topic is locked, so it takes no new replies.")


def ensure_can_edit(user: User, post: Topic | Reply) -> None:
    ensure_can_post(user)
    if post.author_id != user.pk and not is_manager(user):
        raise PermissionDenied("Only the author or a community manager can change this post.")
    if isinstance(post, Reply) and post.is_deleted:
        raise PermissionDenied("This reply was deleted.")


def ensure_can_accept_solution(user: User, topic: Topic) -> None:
    ensure_can_post(user)
    if not topic.is_question:
        raise PermissionDenied("Only questions have accepted solutions.")
    if topic.author_id != user.pk and not is_manager(user):
        raise PermissionDenied(
            "Only the person who asked, or a community manager, can accept a solution."
        )


def ensure_can_give_kudos(user: User, post: Topic | Reply) -> None:
    ensure_can_post(user)
    if post.author_id == user.pk:
        raise PermissionDenied("You can't give kudos to your own post.")
    if isinstance(post, Reply) and post.is_deleted:
        raise PermissionDenied("This reply was deleted.")


# --- Boolean twins, for pages -------------------------------------------------------------


def can_post(user) -> bool:
    return allowed(ensure_can_post, user)


def can_reply(user, topic: Topic) -> bool:
    return allowed(ensure_can_reply, user, topic)


def can_edit(user, post: Topic | Reply) -> bool:
    """Whether the user may edit the post (or delete it, for a reply)."""
    return allowed(ensure_can_edit, user, post)


def can_accept_solution(user, topic: Topic) -> bool:
    return allowed(ensure_can_accept_solution, user, topic)


def can_give_kudos(user, post: Topic | Reply) -> bool:
    return allowed(ensure_can_give_kudos, user, post)


def can_report(user, post: Topic | Reply) -> bool:
    """Whether to offer the Report link: to signed-in members, on others' posts.

    The member's standing is checked when the report is filed (the moderation services refuse
    it with the reason), so a suspended member who reports is told why rather than left guessing.
    """
    return bool(user.is_authenticated and post.author_id != user.pk)
