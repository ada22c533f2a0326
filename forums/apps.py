from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Forums"

    def ready(self) -> None:
        from community.members.data_export import register_exporter
        from community.members.profile_sections import ProfileSection, register_profile_section
        from community.notifications.targets import register_target

        from . import demo, selectors  # noqa: F401  (demo registers the forum seeder)
        from .drafts import register_forum_drafts
        from .models import Reply, Topic
        from .moderation import register_forum_content
        from .search import connect_signals, register_forum_search

        register_forum_content()
        register_forum_search()
        register_forum_drafts()
        connect_signals()
        register_target(Topic, selectors.openable_topic_pks)
        register_target(Reply, selectors.shown_reply_pks)
        register_exporter("forums", selectors.export_for_member)

        register_profile_section(
            ProfileSection(
                title="Forum activity",
                template="forums/includes/profile_activity.html",
                order=10,
                load=lambda member, viewer: {
                    **selectors.member_activity(member, viewer=viewer),
                    "stylesheet": "community/css/forums.css",
                },
            )
        )
