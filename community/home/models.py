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
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = SectionIndexPage.objects.child_of(self).live().public()
        context["stats"] = member_selectors.community_stats()
        context["featured_stories"], context["latest_stories"] = story_selectors.home_stories()
        context["highlights"] = story_selectors.current_highlights(limit=4)
        context["new_members"] = member_selectors.members_with_profile().order_by("-date_joined")[
            :6
        ]
        return context
