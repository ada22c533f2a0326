"""Absolute links to the site, for places with no request to take the host from: e-mail,
notifications, feeds read elsewhere.

Every such link starts with the configured public address (`BASE_URL`), never with the host a
request or a Wagtail `Site` row happened to carry.
"""

from urllib.parse import urlsplit

from django.conf import settings


def public_base_url() -> str:
    """The site's public address without a trailing slash, e.g. "https://community.example.com"."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(url: str) -> str:
    """`url` as a link that opens from anywhere: paths get the public address; links that
    already name a host (another site, or a share link) are left alone."""
    if not url or urlsplit(url).scheme or url.startswith("//"):
        return url
    return public_base_url() + ("" if url.startswith("/") else "/") + url


def public_host_and_port() -> tuple[str, int]:
    """Host and port of the public address, as Wagtail's `Site` stores them (80 for http and
    443 for https when none is given), so `page.full_url` builds the same links."""
    parts = urlsplit(public_base_url())
    default = 443 if parts.scheme == "https" else 80
    return (parts.hostname or "localhost"), (parts.port or default)
