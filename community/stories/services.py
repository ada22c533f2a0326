"""Every write in stories that is not an edit in the Wagtail admin: recommendations and the
advocate badge."""

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from community.core.ratelimit import check_rate
from community.members.badge_groups import sync_badge_group
from community.members.models import User
from community.members.roles import ADVOCATE_GROUP
from community.notifications.kinds import Kind
from community.notifications.services import notify

from .models import StoryAdvocate, StoryRecommendation
from .pages import StoryPage
from .permissions import ensure_can_recommend


def toggle_recommendation(*, member: User, story: StoryPage) -> tuple[bool, int]:
    """Recommend a published story, or take the recommendation back.

    Returns (recommends it now, the story's recommendation count). One row per member and
    story, guarded by a unique constraint, so double clicks and races never count twice.
    """
    ensure_can_recommend(member, story)
    check_rate(scope="kudos", member=member)
    with transaction.atomic():
        removed, _ = StoryRecommendation.objects.filter(member=member, story=story).delete()
        recommends = not removed
        created = False
        if recommends:
            try:
                with transaction.atomic():
                    StoryRecommendation.objects.create(member=member, story=story)
                created = True
            except IntegrityError:
                pass  # the same member's simultaneous request got there first
        count = StoryRecommendation.objects.filter(story=story).count()
    if created and story.owner_id and story.owner_id != member.pk:
        notify(
            kind=Kind.KUDOS,
            recipients=[story.owner_id],
            actor=member,
            text=f"{{actors}} recommended your story “{story.title}”",
            target=story,
            url=story.url or "",
            group_key=f"story-recommended:{story.pk}",
        )
    return recommends, count


def sync_advocates() -> None:
    """Give the "Advocate" badge to exactly the members named by a published story.

    Recomputed as a whole: the set is small (advocates, not readers), and a publish, an
    unpublish, a move or a deletion can each add and remove members at once.
    """
    group, _ = Group.objects.get_or_create(name=ADVOCATE_GROUP)
    wanted = set(
        StoryAdvocate.objects.filter(page__live=True)
        .exclude(page__in=StoryPage.objects.not_public())
        .values_list("member_id", flat=True)
    )
    with transaction.atomic():
        sync_badge_group(group, wanted)
