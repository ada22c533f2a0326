from django.conf import settings
from django.http import HttpRequest

# The five sections in the header, in order; each is a Wagtail index page at this path.
SECTIONS = (
    ("Forums", "/forums/"),
    ("Stories", "/stories/"),
    ("Learning", "/learning/"),
    ("Events", "/events/"),
    ("Careers", "/careers/"),
)


def site_chrome(request: HttpRequest) -> dict:
    """What the header and footer of every page need."""
    path = request.path
    return {
        "SITE_NAME": settings.SITE_NAME,
        "nav_sections": [
            {"title": title, "url": url, "active": path.startswith(url)} for title, url in SECTIONS
        ],
    }
