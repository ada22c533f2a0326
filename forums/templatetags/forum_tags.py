"""Small presentation helpers for the forum templates."""

import html
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ObjectDoesNotExist
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaulttags import CsrfTokenNode
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.timesince import timesince
from django.utils.translation import get_language

from community.core.jinja import render_rows
from community.core.row_links import link_builder
from community.core.templatetags.icons import icon
from community.members.templatetags.member_tags import avatar, member_name

register = template.Library()

HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
DEFAULT_ACCENT = "#4f46e5"


@register.filter
def hex_colour(value: str) -> str:
    """The colour if it is a plain hex colour, else the default.

    Accent colours go into style attributes, so anything else an editor typed stays out.
    """
    value = (value or "").strip()
    return value if HEX_COLOUR.fullmatch(value) else DEFAULT_ACCENT


# Render-context key of the category addresses a page has looked up.
_CATEGORY_URLS = "forum_tags.category_urls"


def _category_urls(context: template.Context) -> Callable[[Any], str]:
    """category_url() for a page: each category looked up once per render (each lookup reads the
    site's root paths from the cache, and a listing across forums shows a category chip on every
    row)."""
    urls = context.render_context.dicts[0].setdefault(_CATEGORY_URLS, {})

    def url(category: Any) -> str:
        if category.pk not in urls:
            urls[category.pk] = category.url
        return urls[category.pk]

    return url


@register.simple_tag(takes_context=True)
def category_url(context: template.Context, category: Any) -> str:
    """{% category_url category %}: the category's address, looked up once per page."""
    return _category_urls(context)(category)


@register.filter
def compact_count(value: int | None) -> str:
    """1234 -> "1.2k", so busy topics keep their stats column narrow."""
    number = int(value or 0)
    if number < 1000:
        return str(number)
    if number < 1_000_000:
        shown = f"{number / 1000:.1f}".removesuffix(".0")
        return f"{shown}k"
    shown = f"{number / 1_000_000:.1f}".removesuffix(".0")
    return f"{shown}M"


# Seconds in each unit timesince() counts below a month, largest first.
_SHORT_UNITS = ((7 * 24 * 3600, "week"), (24 * 3600, "day"), (3600, "hour"), (60, "minute"))
# Render-context key of the moment a page's relative times are counted from.
_NOW = "forum_tags.now"


def _count(number: int, unit: str) -> str:
    return f"{number}\xa0{unit}{'' if number == 1 else 's'}"


def _since(value: datetime, now: datetime) -> str:
    """timesince(value, now, depth=1) in English, without its translation lookups per call.

    The same text to the character, no-break space included, and the same calendar arithmetic:
    a month is counted from a date to the same date of the next month.
    """
    if value.tzinfo is not None and now.tzinfo is not None:
        now = now.astimezone(value.tzinfo)
    months = (now.year - value.year) * 12 + now.month - value.month
    if value.day > now.day or (value.day == now.day and value.time() > now.time()):
        months -= 1
    if months >= 12:
        return _count(months // 12, "year")
    if months > 0:
        return _count(months, "month")
    seconds = (now - value).total_seconds()
    for size, unit in _SHORT_UNITS:
        if seconds >= size:
            return _count(int(seconds // size), unit)
    return _count(0, "minute")


def ago(
    value: datetime | None,
    prefix: str = "",
    now: datetime | None = None,
    zone: str | None = None,
    language: str | None = None,
) -> SafeString | str:
    """A <time> saying how long ago, to one unit ("3 hours ago"), with the full date on hover.

    `zone` and `language` are the current ones unless given (a list of rows reads them once).
    """
    if value is None:
        return ""
    now = now or timezone.now()
    language = language or get_language()
    if now - value < timedelta(minutes=1):
        text = "just now"
    elif language and language.startswith("en"):
        text = f"{_since(value, now)} ago"
    else:
        text = f"{timesince(value, now, depth=1)} ago"
    lead = f"{html.escape(prefix)} " if prefix else ""
    # Drawn twice per row: html.escape() is conditional_escape() on a plain string, and
    # SafeString() is mark_safe() on one, each without the check for lazy arguments that
    # Django wraps them in (a third of this function's time).
    return SafeString(
        f'<time datetime="{value.isoformat()}" '
        f'title="{_full_date(value, zone or timezone.get_current_timezone_name(), language)}">'
        f"{lead}{html.escape(text)}</time>"
    )


def page_now(context: template.Context) -> datetime:
    """The moment every relative time of a page counts from.

    The render context's root lasts for one render of the page, includes and all.
    """
    root = context.render_context.dicts[0]
    if _NOW not in root:
        root[_NOW] = timezone.now()
    return root[_NOW]


@register.simple_tag(takes_context=True, name="ago")
def ago_tag(
    context: template.Context, value: datetime | None, prefix: str = ""
) -> SafeString | str:
    """{% ago topic.created_at "asked" %}: every relative time of a page counts from one moment."""
    return ago(value, prefix, now=page_now(context))


@lru_cache(maxsize=4096)
def _full_date(value: datetime, zone: str, language: str) -> str:
    """The hover date of {% ago %}: half of its cost, and the same for a row on every request.

    Keyed by the zone and language it is written in, which are the current ones here.
    """
    return conditional_escape(date_format(timezone.localtime(value), "DATETIME_FORMAT"))


@receiver(setting_changed)
def _forget_full_dates(*, setting: str, **kwargs: object) -> None:
    if setting in {"DATETIME_FORMAT", "TIME_ZONE", "USE_TZ", "LANGUAGE_CODE", "FORMAT_MODULE_PATH"}:
        _full_date.cache_clear()


def page_window(page: int, page_count: int, around: int = 2) -> list[int | None]:
    """Page numbers to link, with None for a gap: 1 … 4 5 [6] 7 8 … 40.

    Long threads would otherwise print hundreds of links.
    """
    shown = {1, page_count, *range(page - around, page + around + 1)}
    numbers = sorted(n for n in shown if 1 <= n <= page_count)
    window: list[int | None] = []
    for number in numbers:
        if window and number - window[-1] == 2:
            window.append(number - 1)
        elif window and number - window[-1] > 2:
            window.append(None)
        window.append(number)
    return window


@register.simple_tag
def thread_pages(thread: Any, topic_url: str) -> dict[str, Any]:
    """The page links of a long thread, in the shape includes/pagination.html reads.

    Links are absolute: after a failed reply the page is shown at the reply form's address,
    where "?page=2" alone would lead nowhere.
    """

    def url(number: int) -> str:
        return f"{topic_url}?page={number}"

    page, page_count = thread.page, thread.page_count
    return {
        "previous": url(page - 1) if page > 1 else None,
        "next": url(page + 1) if page < page_count else None,
        "numbers": [
            {"number": number, "url": url(number), "current": number == page} if number else {}
            for number in page_window(page, page_count)
        ],
    }


def _grouped(number: int, language: str | None) -> str:
    """intcomma(): "12,345", written directly in English (a reply's byline shows one)."""
    return f"{number:,}" if language and language.startswith("en") else intcomma(number)


def byline(
    member: Any,
    created_at: datetime,
    edited_at: datetime | None,
    verb: str,
    *,
    ago: Callable[[datetime, str], str],
    number: int | None = None,
    permalink: str = "",
    op_id: int | None = None,
    accepted: bool = False,
    member_link: str | None = None,
    language: str | None = None,
) -> SafeString:
    """Who wrote a post and when: name and badges, reputation, the time, "edited" and a permalink.

    Drawn on every reply of a thread. `ago` writes the time (the page's clock). For replies:
    `number` and `permalink`, `op_id` (the topic author's id, to mark their replies) and
    `accepted` (the reply is the question's solution). `language` is the current one unless
    given (a thread's replies read it once).
    """
    language = language or get_language()
    try:
        reputation = _grouped(member.profile.reputation, language)
    except ObjectDoesNotExist:
        reputation = ""
    author = (
        ' <span class="badge badge--op" title="Started this topic">Author</span>'
        if op_id and member.pk == op_id
        else ""
    )
    solution = (
        f' <span class="badge badge--success post__accepted">{icon("success")}Accepted solution</span>'
        if accepted
        else ""
    )
    edited = ""
    if edited_at:
        when = _full_date(edited_at, timezone.get_current_timezone_name(), language)
        edited = f' <span class="post__edited" title="Edited {when}">· edited</span>'
    link = ""
    if permalink:
        link = (
            f' <a class="post__permalink" href="{html.escape(permalink)}" '
            'title="Link to this reply"><span class="visually-hidden">Link to reply </span>'
            f"#{html.escape(str(number))}</a>"
        )
    return SafeString(
        f'<header class="post__byline"> <span class="post__who"> '
        f"{member_name(member, member_link)}{author} "
        '<span class="post__reputation" title="Reputation: points from kudos and accepted '
        f'solutions">{html.escape(reputation)}<span class="visually-hidden"> reputation'
        f'</span><span aria-hidden="true"> rep</span></span>{solution} </span> '
        f'<span class="post__when"> {ago(created_at, verb)}{edited}{link} </span> '
        "</header>"
    )


@register.simple_tag(takes_context=True)
def post_byline(
    context: template.Context,
    member: Any,
    created_at: datetime,
    edited_at: datetime | None,
    verb: str,
) -> SafeString:
    """{% post_byline topic.author topic.created_at topic.edited_at "asked" %}: an opening post's
    byline (replies draw theirs in templates/jinja2/forums/replies.html)."""
    return byline(
        member,
        created_at,
        edited_at,
        verb,
        ago=lambda value, prefix: ago_tag(context, value, prefix),
    )


def kudos_markup(
    action: str, pressed: bool, post: Any, kind: str, *, viewer: Any, csrf_input: str
) -> SafeString:
    """Kudos on a post (`kind` "topic" or "reply"): a real form, so it works without script.

    forums.js sends it with fetch and updates the button in place; data-kudos-count
    ("reply-<pk>") is how live updates find the count of a post. Authors see their count but
    get no button: kudos to oneself are refused anyway.
    """
    signed_in = viewer is not None and viewer.is_authenticated
    # html.escape() is conditional_escape() on a plain string, without its lazy wrapper: this is
    # drawn for every reply.
    counter = html.escape(f"{kind}-{post.pk}")
    count = html.escape(str(post.kudos_count))
    if signed_in and viewer.pk == post.author_id:
        return SafeString(
            '<span class="pill-button kudos kudos--own" title="Kudos other members gave to your '
            f'post">{icon("kudos")}<span data-kudos-count="{counter}">{count}</span>'
            '<span class="visually-hidden"> kudos</span></span>'
        )
    title = f"Give kudos to this {html.escape(kind)}" if signed_in else "Sign in to give kudos"
    return SafeString(
        f'<form class="kudos-form" method="post" action="{html.escape(action)}" '
        f"data-kudos-form> {csrf_input} "
        '<button class="pill-button kudos" type="submit" '
        f'aria-pressed="{"true" if pressed else "false"}" title="{title}" data-kudos-button> '
        f'{icon("kudos")}<span class="kudos__label">Kudos</span>'
        f'<span class="kudos__count" data-kudos-count="{counter}">{count}</span> </button> </form>'
    )


@register.simple_tag(takes_context=True)
def kudos_button(
    context: template.Context, action: str, pressed: bool, post: Any, kind: str
) -> SafeString:
    """{% kudos_button kudos_url pressed topic "topic" %}: the opening post's kudos (see kudos_markup)."""
    return kudos_markup(
        action,
        pressed,
        post,
        kind,
        viewer=context.get("user"),
        csrf_input=CsrfTokenNode().render(context),
    )


def row_helpers(context: template.Context) -> dict[str, Any]:
    """What the row templates call, bound once for a list: the page's clock, the current zone
    and language, and links from URL patterns resolved once."""
    now, zone, language = page_now(context), timezone.get_current_timezone_name(), get_language()
    topic_link = link_builder("forums:topic", "category", "pk", "slug")
    tag_link = link_builder("forums:tag", "slug")
    profile_link = link_builder("members:profile", "handle")
    return {
        "language": language,
        "ago": lambda value, prefix="": ago(value, prefix, now, zone, language),
        "avatar": avatar,
        "member_name": lambda member: member_name(member, profile_link(member.username)),
        "topic_url": lambda topic: topic_link(topic.category.slug, topic.pk, topic.slug),
        "tag_url": lambda tag: tag_link(tag.slug),
        "profile_url": lambda member: profile_link(member.username),
        "handle_url": profile_link,
        "category_url": _category_urls(context),
        "hex_colour": hex_colour,
        "compact_count": compact_count,
    }


@register.simple_tag(takes_context=True)
def topic_rows(context: template.Context, topics: Any, show_category: bool = False) -> SafeString:
    """{% topic_rows topic_page.topics %}: the <li> of every topic of a listing, in one render.

    Drawn by templates/jinja2/forums/topic_rows.html (see community/core/jinja.py): a row is
    drawn 35 times on a category's first page.
    """
    return render_rows(
        "forums/topic_rows.html",
        {"topics": topics, "show_category": show_category, **row_helpers(context)},
    )


@register.simple_tag(takes_context=True)
def reply_rows(
    context: template.Context, replies: Any, first_unread: int | None = None
) -> SafeString:
    """{% reply_rows replies %}: the <li> of every reply of a thread's page, in one render.

    Drawn by templates/jinja2/forums/replies.html (see community/core/jinja.py). Reads the
    page's `topic`, `thread` and `user`; `first_unread` is the number of the first reply the
    viewer has not read, which a divider marks.
    """
    helpers = row_helpers(context)
    viewer = context.get("user")
    thread = context.get("thread")
    csrf_input = CsrfTokenNode().render(context)
    member_link = helpers["profile_url"]
    reply_link = link_builder("forums:reply", "pk")
    kudos_link = link_builder("forums:reply_kudos", "pk")
    ago_at = helpers["ago"]
    return render_rows(
        "forums/replies.html",
        {
            **helpers,
            "replies": replies,
            "topic": context.get("topic"),
            "kudosed": getattr(thread, "kudosed_replies", None) or (),
            "signed_in": viewer is not None and viewer.is_authenticated,
            "viewer_id": getattr(viewer, "pk", None),
            "first_unread": first_unread,
            "csrf_input": csrf_input,
            "reply_url": reply_link,
            "kudos_url": kudos_link,
            "byline": lambda member, *args, **kwargs: byline(
                member,
                *args,
                ago=ago_at,
                member_link=member_link(member),
                language=helpers["language"],
                **kwargs,
            ),
            "kudos": lambda *args: kudos_markup(*args, viewer=viewer, csrf_input=csrf_input),
        },
    )
