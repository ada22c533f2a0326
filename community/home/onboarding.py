"""A new member's first steps: follow the right categories, complete the profile, say something.

Whether a step is done is read from what the member did, so a member who follows a category or
posts anywhere on the site sees the step ticked without visiting the welcome page.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from community.members.models import User
from forums import selectors as forum_selectors
from forums import services as forum_services
from forums.pages import ForumCategoryPage

from .models import OnboardingState

# Where a first post fits best, in order of preference: a category for introductions when the
# community has one, else the one for newcomers.
FIRST_POST_CATEGORY_SLUGS = ("introductions", "introduce-yourself", "welcome", "getting-started")


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    text: str
    url: str
    action: str
    done: bool


@dataclass(frozen=True)
class Checklist:
    steps: list[Step]

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def is_complete(self) -> bool:
        return self.done_count == len(self.steps)

    @property
    def next_step(self) -> Step | None:
        return next((step for step in self.steps if not step.done), None)


def profile_is_complete(member: User) -> bool:
    """A headline, a company and a picture: what lets peers recognise who is answering."""
    profile = member.profile
    return bool(profile.job_title and profile.company and profile.avatar)


def steps_for(member: User) -> list[Step]:
    participation = forum_selectors.participation_of(member)
    return [
        Step(
            key="follow",
            title="Follow the categories that fit you",
            text="New topics there reach you in your notifications.",
            url=reverse("home:welcome") + "#welcome-follow",
            action="Choose categories",
            done=participation["follows_categories"],
        ),
        Step(
            key="profile",
            title="Complete your profile",
            text="Add your headline, your company and a picture so peers know who they talk to.",
            url=reverse("members:edit_profile"),
            action="Edit your profile",
            done=profile_is_complete(member),
        ),
        Step(
            key="post",
            title="Ask a first question or introduce yourself",
            text="Say what you work on and what you would like to learn.",
            url=reverse("home:welcome") + "#welcome-post",
            action="Write your first post",
            done=participation["has_posted"],
        ),
    ]


def checklist_for(member: User) -> Checklist | None:
    """The checklist to show on the home page, or None once it is finished or dismissed."""
    state = OnboardingState.objects.filter(member=member).first()
    if state is not None and state.is_closed:
        return None
    checklist = Checklist(steps=steps_for(member))
    if checklist.is_complete:
        _record(member, completed_at=timezone.now())
        return None
    return checklist


def dismiss(member: User) -> None:
    """The member closed the checklist: it stays closed (sending it twice changes nothing)."""
    _record(member, dismissed_at=timezone.now())


def _record(member: User, **moment) -> None:
    updated = OnboardingState.objects.filter(member=member).update(**moment)
    if not updated:
        try:
            with transaction.atomic():
                OnboardingState.objects.create(member=member, **moment)
        except IntegrityError:
            # Another tab wrote the row meanwhile: either moment closes the checklist.
            OnboardingState.objects.filter(member=member).update(**moment)


def categories_to_follow(member: User) -> list[ForumCategoryPage]:
    return forum_selectors.categories_to_follow(member)


def follow_categories(
    *, member: User, offered: list[ForumCategoryPage], chosen: list[ForumCategoryPage]
) -> None:
    forum_services.set_followed_categories(member=member, offered=offered, chosen=chosen)


def first_post_url(member: User) -> tuple[str, ForumCategoryPage | None]:
    """Where to write a first post: the introductions category when there is one."""
    category = forum_selectors.first_topic_category(member, FIRST_POST_CATEGORY_SLUGS)
    if category is None:
        return reverse("forums:new_topic"), None
    return reverse("forums:new_topic_in", kwargs={"category": category.slug}), category
