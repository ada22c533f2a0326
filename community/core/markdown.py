"""The one pipeline for text members write: Markdown source -> HTML -> allow-list sanitizer.

Raw HTML in the source is never trusted (markdown-it runs with `html` off) and nh3 strips
anything the allow-list does not name, so scripts, event handlers and `javascript:` links
cannot survive. Render once, on write, and store both the source and the HTML.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.tasklists import tasklists_plugin

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr", "img",
    "input", "li", "ol", "p", "pre", "s", "strong", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
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

# "@handle" preceded by start of text, whitespace or punctuation (not inside an e-mail address).
MENTION_PATTERN = re.compile(r"(?<![\w@./-])@([A-Za-z0-9][A-Za-z0-9_.-]{0,39})(?<![.-])")


def _make_parser() -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        .enable(["table", "strikethrough"])
        .use(tasklists_plugin)
    )


_parser = _make_parser()
_ALIGN_STYLE = re.compile(r'style="text-align:(left|right|center)"')


@dataclass(frozen=True)
class Rendered:
    source: str
    html: str
    mentioned: frozenset[str] = field(default_factory=frozenset)


def mentioned_handles(source: str) -> set[str]:
    """Every "@handle" written in the text, lower-cased (code is not excluded here)."""
    return {match.group(1).lower() for match in MENTION_PATTERN.finditer(source)}


def _mention_rule(known: dict[str, str], found: set[str]) -> Callable[[StateCore], None]:
    """A core rule turning @handle in plain text (not code, not links) into profile links."""

    def rule(state: StateCore) -> None:
        for block in state.tokens:
            if block.type != "inline" or not block.children:
                continue
            children: list[Token] = []
            link_depth = 0
            for token in block.children:
                if token.type == "link_open":
                    link_depth += 1
                elif token.type == "link_close":
                    link_depth -= 1
                if token.type != "text" or link_depth or "@" not in token.content:
                    children.append(token)
                    continue
                children.extend(_split_mentions(token.content, known, found))
            block.children = children

    return rule


def _split_mentions(text: str, known: dict[str, str], found: set[str]) -> Iterable[Token]:
    position = 0
    for match in MENTION_PATTERN.finditer(text):
        handle = match.group(1).lower()
        if handle not in known:
            continue
        if match.start() > position:
            yield _text_token(text[position : match.start()])
        link = Token("link_open", "a", 1)
        link.attrs = {"href": known[handle], "class": "mention"}
        yield link
        yield _text_token(match.group(0))
        yield Token("link_close", "a", -1)
        found.add(handle)
        position = match.end()
    if position < len(text):
        yield _text_token(text[position:])


def _text_token(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


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
    return render(source).html


def render(source: str, *, mention_urls: dict[str, str] | None = None) -> Rendered:
    """Render Markdown to safe HTML; `mention_urls` maps known lower-cased handles to profile URLs."""
    source = source.replace("\r\n", "\n").strip()
    found: set[str] = set()
    parser = _parser
    if mention_urls:
        parser = _make_parser()
        parser.core.ruler.push("mentions", _mention_rule(mention_urls, found))
    html = parser.render(source)
    # Headings start at h2: the page title is the only h1.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    # Table alignment arrives as inline style, which the sanitizer drops; keep it as `align`.
    html = _ALIGN_STYLE.sub(r'align="\1"', html)
    return Rendered(source=source, html=sanitize_html(html), mentioned=frozenset(found))
