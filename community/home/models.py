from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from community.core.pages import SectionIndexPage
from community.members import selectors as member_selectors
from community.stories import selectors as story_selectors


class HomePage(Page):
    """The community's front door at /."""

    hero_heading = models.CharField(
        max_length=120, default="Where our customers help each other win"
    )
    hero_text = models.TextField(
        blank=True,
        default="Ask questions, share what works, learn new skills and meet peers in your industry and region.",
    )

    content_panels = [*Page.content_panels, FieldPanel("hero_heading"), FieldPanel("hero_text")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "forums.ForumIndexPage",
        "stories.StoryIndexPage",
        "learning.LearningIndexPage",
        "events.EventIndexPage",
        "careers.CareersIndexPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from . import feed, onboarding  # they read this module's models

        context = super().get_context(request, *args, **kwargs)
        viewer = request.user
        context["featured_stories"], context["latest_stories"] = story_selectors.home_stories()
        context["highlights"] = story_selectors.current_highlights(limit=4)
        if viewer.is_authenticated:
            # A member sees what matters to them first; the marketing blocks step aside.
            context["feed"] = feed.member_feed(viewer)
            context["onboarding"] = onboarding.checklist_for(viewer)
            return context
        context["feed"] = feed.visitor_feed(viewer)
        context["sections"] = SectionIndexPage.objects.child_of(self).live().public()
        context["stats"] = member_selectors.community_stats()
        context["new_members"] = member_selectors.members_with_profile().order_by("-date_joined")[
            :6
        ]
        return context


class OnboardingState(models.Model):
    """Where a new member stands with the welcome checklist.

    The steps themselves are read from what the member did (follows, profile, posts); only what
    cannot be read back is kept: that they closed the checklist, or finished it once (so it does
    not come back when they later unfollow everything).
    """

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="onboarding"
    )
    dismissed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Onboarding of member {self.member_id}"

    @property
    def is_closed(self) -> bool:
        return self.dismissed_at is not None or self.completed_at is not None
