"""`manage.py onboard_partner "Fjord Consulting" --member lars@example.com`"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from community.stories.partners import onboard_partner


class Command(BaseCommand):
    help = (
        "Give a partner organisation its own section under /stories/, a group that can add and "
        "edit pages only there (publishing goes through review), and a collection for its "
        "images and documents. Safe to run again: it adds members and repairs permissions."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="the partner organisation's name")
        parser.add_argument(
            "--member",
            action="append",
            default=[],
            dest="members",
            help="e-mail address of a member who writes for the partner (repeatable)",
        )
        parser.add_argument("--summary", default="", help="one sentence on what they do")
        parser.add_argument("--website", default="", help="the partner's website")

    def handle(self, *args, name: str, members: list[str], summary: str, website: str, **options):
        try:
            onboarded = onboard_partner(
                name=name, member_emails=members, summary=summary, website=website
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"{onboarded.page.title}: section {onboarded.page.url_path}, group "
            f"“{onboarded.group.name}”, collection “{onboarded.collection.name}”; "
            f"{len(onboarded.added_members)} member(s) added."
        )
