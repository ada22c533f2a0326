"""The one pipeline for text members write: Markdown source -> HTML -> allow-list sanitizer.

Raw HTML in the source is never trusted (markdown-it runs with `html` off) and nh3 strips
anything the allow-list does not name, so scripts, event handlers and `javascript:` links
cannot survive. Render once, on write, and store both the source and the HTML.
"""

from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.tasklists import tasklists_plugin

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr", "img",
    "input", "li", "ol", "p", "pre", "s", "strong", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "input": {"type", "checked", "disabled"},
    "li": {"class"},
    "ul": {"class"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener ugc"

_parser = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable(["table", "strikethrough"])
    .use(tasklists_plugin)
)


@dataclass(frozen=True)
class Rendered:
    source: str
    html: str


def sanitize_html(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes; mark links as user content."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_markdown(source: str) -> str:
    """Render member-written Markdown to safe HTML."""
    # Headings start at h2: the page title is the only h1.
    html = _parser.render(source.replace("\r\n", "\n"))
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return sanitize_html(html)


def render(source: str) -> Rendered:
    source = source.strip()
    return Rendered(source=source, html=render_markdown(source))
