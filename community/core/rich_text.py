"""Cleaning rich text that arrives in Wagtail's stored format from people the site doesn't
fully trust (partners).

Wagtail's editor only produces the elements its features allow, but rich text set any other
way (an import, the API, a script, a crafted revision) is stored as given. This allow-list keeps
what the editor itself can write, in Wagtail's database format (`<a linktype="page" id="3">`),
and drops the rest: scripts, event handlers, styles, iframes, `javascript:` links.
"""

import nh3

ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "b", "i", "strong", "em", "ul", "ol", "li", "a"}
# The editor keys each block (`data-block-key`) so that admin comments stay anchored to it.
BLOCK_KEY = "data-block-key"
ALLOWED_ATTRIBUTES = {
    "a": {"href", "linktype", "id"},
    **{tag: {BLOCK_KEY} for tag in ("p", "h2", "h3", "h4", "li", "ul", "ol")},
}
INTERNAL_LINK_TYPES = {"page", "document"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
LINK_REL = "noopener nofollow"


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if name == BLOCK_KEY:
        return value if value.isalnum() and len(value) <= 16 else None
    if tag == "a" and name == "linktype" and value not in INTERNAL_LINK_TYPES:
        return None
    if tag == "a" and name == "id" and not value.isdigit():
        return None
    return value


def clean_rich_text(html: str) -> str:
    """`html` in Wagtail's rich text format, with everything outside the allow-list removed."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )
