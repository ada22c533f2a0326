"""Everything stories contribute to the community's core (see `community.core.extensions`)."""

from community.core.demo import Seeder
from community.core.extensions import Contributions, page_content
from community.members.profile_sections import ProfileSection
from community.notifications.kinds import Delivery, KindInfo

from . import demo, insight_source, search, selectors, workflow
from .pages import ArticlePage, StoryPage


def _profile_advocacy(member, viewer) -> dict:
    return {
        **selectors.member_advocacy(member, viewer),
        "stylesheet": "community/css/stories.css",
    }


contributions = Contributions(
    content=[
        page_content(
            StoryPage,
            kind="story",
            label="Story",
            icon="doc-full-inverse",
            visible=selectors.published_stories,
        ),
        page_content(
            ArticlePage,
            kind="article",
            label="Article",
            icon="doc-full-inverse",
            visible=selectors.published_stories,
        ),
    ],
    search_types=[search.StorySearch()],
    # Wagtail e-mails reviewers and submitters too, so these stay on the site by default.
    notification_kinds=[
        KindInfo(
            workflow.REVIEW_KIND,
            "Stories to review",
            "A partner submits a story or article for a community manager's approval.",
            default=Delivery.WEB,
        ),
        KindInfo(
            workflow.DECISION_KIND,
            "Decisions on your stories",
            "A community manager approves or asks for changes to what you submitted.",
            default=Delivery.WEB,
        ),
    ],
    profile_sections=[
        ProfileSection(
            title="Advocacy",
            template="stories/includes/profile_advocacy.html",
            order=20,
            load=_profile_advocacy,
        )
    ],
    seeders=[Seeder(name="stories", order=30, seed=demo.seed_stories)],
    insight_sources=[insight_source.source],
    startup=[search.connect_signals, workflow.connect_signals],
)
