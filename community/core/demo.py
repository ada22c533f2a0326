"""What a demo seeder is. Apps declare theirs in their contributions module (see
`community.core.extensions`), and `manage.py seed_demo` runs them in order.

Seeders must be idempotent (running twice adds nothing) and take their sizes from options, so
benchmarks can grow the same believable community to any size.
"""

from argparse import ArgumentParser
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.test.utils import override_settings

Output = Callable[[str], None]


@dataclass(frozen=True)
class Seeder:
    name: str
    order: int
    # (options of the command, a function that writes one line of progress)
    seed: Callable[[dict[str, Any], Output], None]
    add_arguments: Callable[[ArgumentParser], None] | None = None


def silent_mail() -> override_settings:
    """A seed is data, not events: what its services would e-mail (registrations, Wagtail's
    review notices) stays unsent."""
    return override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
