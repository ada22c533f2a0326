"""`manage.py make_chapter_leader berlin --member lena@example.com`"""

from django.core.management.base import BaseCommand, CommandError

from community.core.commands import add_members_option, refusals_as_command_errors
from community.core.numbers import parse_positive_int
from events.pages import ChapterPage
from events.services.chapters import make_leaders


class Command(BaseCommand):
    help = (
        "Make members leaders of a chapter: they may then add, edit and publish that chapter's "
        "events in the admin, and nothing else. Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("chapter", help="the chapter's slug or id")
        add_members_option(
            parser, required=True, help="e-mail address of the member to make leader (repeatable)"
        )

    def handle(self, *args, chapter: str, members: list[str], **options):
        found = ChapterPage.objects.filter(slug=chapter)
        # A slug in any script may be all digits of another script ("٣"): only ASCII digits are an id.
        if (pk := parse_positive_int(chapter)) is not None:
            found = ChapterPage.objects.filter(pk=pk) | found
        page = found.first()
        if page is None:
            raise CommandError(f"No chapter has the slug or id “{chapter}”.")
        with refusals_as_command_errors():
            added = make_leaders(chapter=page, member_emails=members)
        self.stdout.write(
            f"{page.title}: {len(added)} new leader(s); {page.leaders.count()} in all."
        )
