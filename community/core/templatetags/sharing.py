"""Tags for pages people share: absolute addresses, the canonical and Open Graph meta tags, and
Schema.org data as JSON-LD. Every section's detail pages (stories, events, jobs, courses) use
these, so a shared link looks the same whichever section it comes from."""

import json
from typing import Any

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# JSON inside a <script> element must not be able to close it or open a comment.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def absolute(request: HttpRequest | None, url: str) -> str:
    """`url` with the scheme and host the visitor used; absolute addresses stay as they are."""
    if not url:
        return ""
    return request.build_absolute_uri(url) if request is not None else url


def json_ld_script(data: dict[str, Any]) -> SafeString:
    """`data` as a `<script type="application/ld+json">` element that no value can break out of."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, url: str) -> str:
    return absolute(context.get("request"), url)


@register.inclusion_tag("includes/share_meta.html", takes_context=True)
def share_meta(
    context: template.Context,
    *,
    url: str,
    title: str,
    title_prefix: str = "",
    description: str = "",
    og_description: str | None = None,
    og_type: str = "website",
    image: Any = None,
) -> dict[str, Any]:
    """The description, canonical address and Open Graph / Twitter card tags of a page.

    `image` is a rendition (`{% image … fill-1200x630 as share_image %}`) or None; `og_description`
    defaults to `description`."""
    request = context.get("request")
    return {
        "canonical_url": absolute(request, url),
        "title": f"{title_prefix}{title}",
        "description": description,
        "og_description": description if og_description is None else og_description,
        "og_type": og_type,
        "site_name": context.get("SITE_NAME") or settings.SITE_NAME,
        "image": image,
        "image_url": absolute(request, image.url) if image else "",
    }
