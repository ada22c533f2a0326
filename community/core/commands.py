"""What the site's management commands share: members named by their e-mail addresses, and a
service's refusal told as a command error (a message and exit status 1, not a traceback)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser


def add_members_option(parser: CommandParser, *, help: str, required: bool = False) -> None:
    """`--member a@example.com --member b@example.com`, read as `members`."""
    parser.add_argument(
        "--member", action="append", default=[], required=required, dest="members", help=help
    )


@contextmanager
def refusals_as_command_errors() -> Iterator[None]:
    try:
        yield
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None
