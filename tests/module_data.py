"""Data built once for a whole test module, for modules whose tests only read it."""

from collections.abc import Callable

import pytest
from django.db import transaction
from django.test import override_settings


def built_once_per_module(build: Callable[[], object]):
    """A module-scoped fixture that runs `build` once, in a transaction rolled back at the end.

    Each test's own transaction nests inside it as a savepoint, so every test still starts from
    the same state without paying for the build (a page tree, a seeded demo) again.
    """

    @pytest.fixture(scope="module")
    def built(django_db_setup, django_db_blocker, tmp_path_factory):
        # The per-test settings (fast password hashing, uploads in a temporary folder) are not
        # in force yet at module scope, so the build gets them here.
        with (
            override_settings(
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            ),
            django_db_blocker.unblock(),
        ):
            outer = transaction.atomic()
            outer.__enter__()
            build()
        yield
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)

    return built
