"""`manage.py onboard_partner "Fjord Consulting" --member lars@example.com`"""

from django.core.management.base import BaseCommand

from community.core.commands import add_members_option, refusals_as_command_errors
from community.stories.partners import onboard_partner


class Command(BaseCommand):
    help = (
        "Give a partner organisation its own section under /stories/, a group that can add and "
        "edit pages only there (publishing goes through review), and a collection for its "
        "images and documents. Safe to run again: it adds members and repairs permissions."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="the partner organisation's name")
        add_members_option(
            parser, help="e-mail address of a member who writes for the partner (repeatable)"
        )
        parser.add_argument("--summary", default="", help="one sentence on what they do")
        parser.add_argument("--website", default="", help="the partner's website")

    def handle(self, *args, name: str, members: list[str], summary: str, website: str, **options):
        with refusals_as_command_errors():
            onboarded = onboard_partner(
                name=name, member_emails=members, summary=summary, website=website
            )
        self.stdout.write(
            f"{onboarded.page.title}: section {onboarded.page.url_path}, group "
            f"“{onboarded.group.name}”, collection “{onboarded.collection.name}”; "
            f"{len(onboarded.added_members)} member(s) added."
        )
