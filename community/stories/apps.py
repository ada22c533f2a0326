from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "community.stories"
    label = "stories"
    verbose_name = "Stories"

    def ready(self) -> None:
        from community.members.profile_sections import ProfileSection, register_profile_section
        from community.notifications.kinds import Delivery, KindInfo, register_kind
        from community.notifications.targets import register_target

        from . import demo, search, selectors, workflow  # noqa: F401  (demo registers a seeder)
        from .pages import ArticlePage, StoryPage

        search.register_story_search()
        search.connect_signals()
        workflow.connect_signals()

        def readable_story_pks(viewer, pks):
            return selectors.published_stories().filter(pk__in=pks).values_list("pk", flat=True)

        register_target(StoryPage, readable_story_pks)
        register_target(ArticlePage, readable_story_pks)
        # Wagtail e-mails reviewers and submitters too, so these stay on the site by default.
        register_kind(
            KindInfo(
                workflow.REVIEW_KIND,
                "Stories to review",
                "A partner submits a story or article for a community manager's approval.",
                default=Delivery.WEB,
            )
        )
        register_kind(
            KindInfo(
                workflow.DECISION_KIND,
                "Decisions on your stories",
                "A community manager approves or asks for changes to what you submitted.",
                default=Delivery.WEB,
            )
        )
        register_profile_section(
            ProfileSection(
                title="Advocacy",
                template="stories/includes/profile_advocacy.html",
                order=20,
                load=lambda member, viewer: {
                    **selectors.member_advocacy(member, viewer),
                    "stylesheet": "community/css/stories.css",
                },
            )
        )
