from django.conf import settings
from django.http import HttpRequest

from .site_setup import SECTIONS

# The header's sections, in the order the site is set up with; each is an index page at /<slug>/.
NAV_SECTIONS = tuple((title, f"/{slug}/") for _page, title, slug, _lead in SECTIONS)


def site_chrome(request: HttpRequest) -> dict:
    """What the header and footer of every page need."""
    path = request.path
    return {
        "SITE_NAME": settings.SITE_NAME,
        "nav_sections": [
            {"title": title, "url": url, "active": path.startswith(url)}
            for title, url in NAV_SECTIONS
        ],
    }
