"""Where CVs are kept: under PRIVATE_MEDIA_ROOT, which no URL serves, under random names.

A CV is only ever read through the application's download view, which checks who is asking, so
the storage has no URL to give; names are random so that nothing (not the member's name, not a
guessable sequence) can be read from or aimed at a path.
"""

import os
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

FOLDER = "cvs"


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files on disk under PRIVATE_MEDIA_ROOT, read at each use (tests point it elsewhere)."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public address; serve them through a view.")


private_storage = PrivateStorage()


def cv_storage() -> PrivateStorage:
    """The storage of CV files (a callable, so migrations name it instead of a path)."""
    return private_storage


def random_cv_name(extension: str) -> str:
    """A fresh path for a CV: 128 random bits, the checked document's extension."""
    return f"{FOLDER}/{secrets.token_hex(16)}.{extension}"
