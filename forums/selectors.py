"""Reads shaped for the forum pages: each returns everything its template needs, in a fixed
number of queries, whatever the page or the amount of data."""

import base64
import binascii
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    When,
)
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from community.members.models import Audience, User
from community.members.selectors import segment_of

from . import reads
from .models import (
    CategoryFollow,
    ForumCategoryPage,
    ForumTag,
    Kudos,
    Reply,
    Topic,
    TopicFollow,
)
from .permissions import (
    can_accept_solution,
    can_edit,
    can_reply,
    can_report,
    can_view_loaded_category,
    is_manager,
    openable_topics,
    shown_replies,
    visible_categories,
    visible_topics,
)

TOPICS_PER_PAGE = 25
REPLIES_PER_PAGE = 20

# sort name -> the field topics are ordered by (descending, then by id descending).
SORT_FIELDS = {
    "activity": "last_activity_at",
    "newest": "created_at",
    "kudos": "kudos_count",
    "unanswered": "created_at",
}
SORT_LABELS = {
    "activity": "Latest activity",
    "newest": "Newest",
    "kudos": "Most kudos",
    "unanswered": "Unanswered questions",
}
SEGMENT_LABELS = {
    "industry": "My industry",
    "region": "My region",
    Audience.B2B.value: "B2B",
    Audience.B2C.value: "B2C",
}


@dataclass(frozen=True)
class ListingFilters:
    sort: str = "activity"
    tag: str = ""
    state: str = ""  # "solved", "unsolved" or ""
    segment: str = ""  # a key of SEGMENT_LABELS or ""

    def as_query(self) -> dict[str, str]:
        defaults = ListingFilters()
        return {
            name: value
            for name, value in vars(self).items()
            if value and value != getattr(defaults, name)
        }


@dataclass
class TopicPage:
    topics: list[Topic]
    pinned: list[Topic] = field(default_factory=list)
    next_cursor: str = ""
    previous_cursor: str = ""
    is_first: bool = True


# --- Cursors ----------------------------------------------------------------------------
# A cursor names the last row seen, (sort value, id), so the next page is an index range scan
# (no OFFSET), equally fast at page 1 and page 500.


def encode_cursor(value, pk: int) -> str:
    if isinstance(value, datetime):
        value = value.isoformat()
    raw = json.dumps([value, pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str):
    """(value, id) from a cursor, or None for anything malformed (treated as the first page)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(pk, int) or isinstance(pk, bool):
        return None
    if SORT_FIELDS[sort] == "kudos_count":
        return (value, pk) if isinstance(value, int) and not isinstance(value, bool) else None
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well-formed but impossible, e.g. month 13
        return None
    return (parsed, pk) if parsed else None


def _after(field_name: str, value, pk: int) -> Q:
    return Q(**{f"{field_name}__lt": value}) | Q(**{field_name: value, "pk__lt": pk})


def _before(field_name: str, value, pk: int) -> Q:
    return Q(**{f"{field_name}__gt": value}) | Q(**{field_name: value, "pk__gt": pk})


# --- Topic listings ---------------------------------------------------------------------

# The columns a listing row shows. The Markdown source and HTML of the topic and its last reply
# (the widest columns by far), the profile's bio and everything about the author beyond their
# name stay in the database; the category is the page the caller has, or loaded in full.
LISTING_COLUMNS = (
    *(
        field.name
        for field in Topic._meta.concrete_fields
        if field.name not in {"body_source", "body_html"}
    ),
    "author__username",
    "author__display_name",
    "author__profile__user",
    "author__profile__avatar",
    "author__profile__hidden_at",
)


@dataclass(frozen=True)
class RowTag:
    """A tag as a listing row shows it: its name, and the slug its page is found by."""

    name: str
    slug: str


def _with_listing_data(
    topics: QuerySet[Topic], viewer, *, one_category: bool = False
) -> QuerySet[Topic]:
    """Rows with what a listing shows; tags and badges are prefetched once for the whole page.

    A row shows no post body, so the Markdown source and HTML of the topic and its last reply
    (the widest columns by far) stay in the database. Rows of `one_category` get the page the
    caller already has rather than a copy of it each: a Wagtail page is slow
    to build.
    """
    related = ["author__profile"]
    if not one_category:
        related.append("category")
    # The last reply's number and author as plain values: two models fewer to build per row.
    return (
        topics.select_related(*related)
        .only(*LISTING_COLUMNS)
        .annotate(
            last_reply_at_number=F("last_reply__number"),
            last_replier=F("last_reply__author__username"),
            last_replier_name=F("last_reply__author__display_name"),
        )
    )


def _page_rows(
    window: QuerySet[Topic], ordering: list[str], limit: int, viewer, one_category: bool
) -> list[Topic]:
    """The first `limit` topics of `window` in `ordering`, read with what a listing row shows.

    The topics are picked by their ids first, in a subquery of the same statement, and only
    those are joined with their authors and last replies. Joined first, PostgreSQL built the
    full row of every topic carrying a tag before keeping a page of them (84 ms for a tag on
    2,200 topics).
    """
    picked = window.order_by(*ordering).values("pk")[:limit]
    page = Topic.objects.filter(pk__in=picked).order_by(*ordering)
    return list(_with_listing_data(page, viewer, one_category=one_category))


def load_row_extras(topics: list[Topic], viewer) -> None:
    """The rows' tags (`row_tags`), their authors' role names and, for a signed-in viewer, the
    number of the last reply they read in each (`last_read_number`, None if never opened): one
    query each, as plain values (see reads.py).
    """
    if not topics:
        return
    ids = {topic.pk for topic in topics}
    tags = _tags_of(ids)
    for topic in topics:
        topic.row_tags = tags.get(topic.pk, [])
    _load_role_names([topic.author for topic in topics])
    if viewer.is_authenticated:
        read = reads.read_positions(viewer.pk, ids)
        for topic in topics:
            topic.last_read_number = read.get(topic.pk)


def _tags_of(topic_ids: set[int]) -> dict[int, list[RowTag]]:
    """Each topic's tags, by topic id, in one query."""
    tags: dict[int, list[RowTag]] = defaultdict(list)
    for topic_id, name, slug in reads.tags_of(topic_ids):
        tags[topic_id].append(RowTag(name, slug))
    return tags


def _load_role_names(members: list[User]) -> None:
    """Each member's User.role_names (what their role badges read), in one query for all.

    Set as the cached property's value: the names are all a page reads of the groups.
    """
    roles: dict[int, set[str]] = defaultdict(set)
    for member_id, group_name in reads.group_names_of({member.pk for member in members}):
        roles[member_id].add(group_name)
    for member in members:
        member.__dict__["role_names"] = frozenset(roles.get(member.pk, ()))


def _filtered(topics: QuerySet[Topic], viewer, filters: ListingFilters) -> QuerySet[Topic]:
    if filters.sort == "unanswered":
        topics = topics.filter(kind=Topic.Kind.QUESTION, reply_count=0)
    if filters.tag:
        topics = topics.filter(tags__slug=filters.tag)
    if filters.state == "solved":
        topics = topics.filter(solution__isnull=False)
    elif filters.state == "unsolved":
        topics = topics.filter(kind=Topic.Kind.QUESTION, solution__isnull=True)
    if filters.segment in (Audience.B2B, Audience.B2C):
        topics = topics.filter(audience__in=[filters.segment, Audience.BOTH])
    elif filters.segment in ("industry", "region") and viewer.is_authenticated:
        segment_id = segment_of(viewer)[f"{filters.segment}_id"]
        # A member who has not told us their segment has no "my industry" or "my region".
        topics = (
            topics.filter(**{f"{filters.segment}_id": segment_id}) if segment_id else topics.none()
        )
    return topics


def topics_for_listing(
    *,
    viewer,
    category: ForumCategoryPage | None = None,
    filters: ListingFilters = ListingFilters(),
    after: str = "",
    before: str = "",
    per_page: int = TOPICS_PER_PAGE,
) -> TopicPage:
    """One page of topics for a category (or all forums), newest activity first by default.

    Pinned topics are listed apart, on the first page only: on a category's page those pinned
    in it, on the all-forums listing those pinned on the front page (`pinned_globally`).
    """
    if category is not None and getattr(category, "seen_by", None) is viewer:
        # The category's page checked that this viewer may see it (ForumCategoryPage.serve).
        topics = visible_topics(viewer, seen_category=category)
    else:
        topics = visible_topics(viewer)
        if category is not None:
            topics = topics.filter(category=category)
    topics = _filtered(topics, viewer, filters)
    field_name = SORT_FIELDS[filters.sort]
    ordering = [f"-{field_name}", "-pk"]

    after_key = decode_cursor(after, filters.sort) if after else None
    before_key = decode_cursor(before, filters.sort) if before and not after_key else None
    pin_field = "is_pinned" if category is not None else "pinned_globally"
    unpinned = topics.filter(**{pin_field: False}) if filters.sort != "unanswered" else topics

    one_category = category is not None
    if before_key:
        window = unpinned.filter(_before(field_name, *before_key))
        rows = _page_rows(window, [field_name, "pk"], per_page + 1, viewer, one_category)
        has_newer = len(rows) > per_page
        rows = list(reversed(rows[:per_page]))
        has_older = True
    else:
        window = unpinned.filter(_after(field_name, *after_key)) if after_key else unpinned
        rows = _page_rows(window, ordering, per_page + 1, viewer, one_category)
        has_older = len(rows) > per_page
        rows = rows[:per_page]
        has_newer = after_key is not None
    pinned: list[Topic] = []
    if not has_newer and filters.sort != "unanswered":
        pinned = _page_rows(topics.filter(**{pin_field: True}), ordering, 10, viewer, one_category)
    load_row_extras([*pinned, *rows], viewer)
    for topic in [*pinned, *rows]:
        if one_category:
            topic.category = category
        _set_unread(topic)
    page = TopicPage(topics=rows, pinned=pinned, is_first=not has_newer)
    if rows and has_older:
        page.next_cursor = encode_cursor(getattr(rows[-1], field_name), rows[-1].pk)
    if rows and has_newer:
        page.previous_cursor = encode_cursor(getattr(rows[0], field_name), rows[0].pk)
    return page


def _set_unread(topic: Topic) -> None:
    """`unread_replies`: None if the viewer never opened the topic, else replies since they last read.

    `is_unseen`: a signed-in viewer (the rows carry their read-up-to) never opened it.
    """
    last_read = getattr(topic, "last_read_number", None)
    topic.is_unseen = hasattr(topic, "last_read_number") and last_read is None
    # Counted up to the last published reply: held or hidden ones are nothing new to readers.
    latest = topic.last_reply_at_number or 0
    topic.unread_replies = None if last_read is None else max(0, latest - last_read)


def categories_for_index(viewer) -> list[ForumCategoryPage]:
    """The categories on /forums/, those aimed at the viewer's segment first (`aimed_at_viewer`)."""
    categories = visible_categories(viewer).prefetch_related("restricted_to").order_by("path")
    if not viewer.is_authenticated:
        return list(categories)
    segment = segment_of(viewer)
    industries = ForumCategoryPage.target_industries.through.objects.filter(
        forumcategorypage_id=OuterRef("pk")
    )
    regions = ForumCategoryPage.target_regions.through.objects.filter(
        forumcategorypage_id=OuterRef("pk")
    )
    audience_matches = Q(target_audience="") | Q(target_audience=Audience.BOTH)
    if segment["audience"]:
        audience_matches |= Q(target_audience=segment["audience"])
    if segment["audience"] == Audience.BOTH:
        audience_matches = Q(target_audience__in=["", *Audience.values])
    aimed = (
        (Q(has_industries=False) | Q(in_industry=True))
        & (Q(has_regions=False) | Q(in_region=True))
        & audience_matches
        & (Q(has_industries=True) | Q(has_regions=True) | ~Q(target_audience=""))
    )
    rows = list(
        categories.annotate(
            has_industries=Exists(industries),
            in_industry=Exists(industries.filter(industry_id=segment["industry_id"])),
            has_regions=Exists(regions),
            in_region=Exists(regions.filter(region_id=segment["region_id"])),
            aimed_at_viewer=Case(
                When(aimed, then=True), default=False, output_field=BooleanField()
            ),
        )
    )
    return sorted(rows, key=lambda category: not category.aimed_at_viewer)


POPULAR_TAGS_SECONDS = 5 * 60


def popular_tags(*, limit: int = 20) -> list[ForumTag]:
    """The most used tags, most used first.

    Counting every tagging scans all topics, so the answer is kept in the cache for a few minutes.
    """
    key = f"forums:popular-tags:{limit}"
    tags = cache.get(key)
    if tags is None:
        # Counted over public topics only, so one cached list suits every viewer and never
        # names a tag that lives only in a restricted category.
        public = visible_topics(AnonymousUser()).values("pk")
        tags = list(
            ForumTag.objects.filter(tagged_topics__object_id__in=public)
            .annotate(uses=Count("tagged_topics"))
            .order_by("-uses", "name")[:limit]
        )
        cache.set(key, tags, POPULAR_TAGS_SECONDS)
    return tags


def category_state_for(viewer, category: ForumCategoryPage) -> dict | None:
    """None when the viewer may not see the category (its page, loaded), else whether they
    follow it: one statement (see reads.py)."""
    restricted_to, following = reads.restriction_and_follow(
        category.pk, viewer.pk if viewer.is_authenticated else None
    )
    if not can_view_loaded_category(viewer, category, restricted_to=restricted_to):
        return None
    return {"following": following}


def is_following_category(viewer, category: ForumCategoryPage) -> bool:
    return (
        viewer.is_authenticated
        and CategoryFollow.objects.filter(member=viewer, category=category).exists()
    )


# --- A topic and its replies ------------------------------------------------------------


@dataclass
class TopicThread:
    """A page of a topic, with what the viewer may do there.

    The topic and each reply also carry the viewer's flags for that post (`may_edit`,
    `may_report`, and on replies `may_accept`), set by `_mark_what_viewer_may_do`, so templates
    read flags and never restate a rule.
    """

    topic: Topic
    replies: list[Reply]
    page: int
    page_count: int
    last_read_number: int = 0
    is_following: bool = False
    kudosed_topic: bool = False
    kudosed_replies: set[int] = field(default_factory=set)
    may_reply: bool = False
    may_accept: bool = False  # accept a reply as the question's solution, or take it back
    may_moderate: bool = False  # lock, pin, move and merge the topic


def topic_for_viewer(viewer, pk: int) -> Topic:
    """The topic with its header data; its tags are `row_tags`, as on listing rows.

    Raises Topic.DoesNotExist when the viewer may not see it.
    """
    topic = (
        openable_topics(viewer)
        .select_related("author__profile", "category", "solution__author__profile")
        .get(pk=pk)
    )
    topic.row_tags = _tags_of({topic.pk}).get(topic.pk, [])
    return topic


def _load_viewer_state(viewer, topic: Topic) -> None:
    """The viewer's own state on the topic, which its page shows: `viewer_read_up_to` (the last
    reply they read, None if they never opened it), `viewer_follows` and `viewer_kudos`: one
    statement (see reads.py)."""
    topic.viewer_read_up_to, topic.viewer_follows, topic.viewer_kudos = reads.viewer_state(
        topic.pk, viewer.pk
    )


def page_of_reply(number: int) -> int:
    return max(1, (number - 1) // REPLIES_PER_PAGE + 1)


def topic_thread(*, viewer, topic: Topic, page: int) -> TopicThread:
    """A page of the topic's replies (by reply number, so deep pages cost the same).

    Authors' groups (for role badges) are loaded once for everyone shown on the page, and the
    viewer's own state on the topic (see `_load_viewer_state`) with it.
    """
    if viewer.is_authenticated:
        _load_viewer_state(viewer, topic)
    page_count = _page_count(topic)
    page = min(max(page, 1), page_count)
    first = (page - 1) * REPLIES_PER_PAGE + 1
    return _thread(
        viewer,
        topic,
        Reply.objects.filter(topic=topic, number__gte=first, number__lt=first + REPLIES_PER_PAGE),
        page=page,
        page_count=page_count,
    )


def replies_after(*, viewer, topic: Topic, after: int) -> TopicThread:
    """Replies numbered after `after` (a page's worth at most): what a live reader is missing."""
    return _thread(
        viewer,
        topic,
        Reply.objects.filter(topic=topic, number__gt=after, number__lte=after + REPLIES_PER_PAGE),
        page=_page_count(topic),
        page_count=_page_count(topic),
    )


def _page_count(topic: Topic) -> int:
    return max(1, page_of_reply(topic.last_reply_number)) if topic.last_reply_number else 1


def _thread(viewer, topic: Topic, replies, *, page: int, page_count: int) -> TopicThread:
    replies = shown_replies(viewer, replies).select_related("author__profile", "quoted__author")
    if viewer.is_authenticated:
        replies = replies.annotate(
            viewer_kudos=Exists(Kudos.objects.filter(reply=OuterRef("pk"), member=viewer))
        )
    replies = list(replies.order_by("number"))
    authors = [topic.author, *(reply.author for reply in replies)]
    if topic.solution_id and topic.solution:
        authors.append(topic.solution.author)
    _load_role_names(authors)
    may_accept = can_accept_solution(viewer, topic)
    _mark_what_viewer_may_do(viewer, topic, replies, may_accept=may_accept)
    return TopicThread(
        topic=topic,
        replies=replies,
        page=page,
        page_count=page_count,
        last_read_number=getattr(topic, "viewer_read_up_to", None) or 0,
        is_following=getattr(topic, "viewer_follows", False),
        kudosed_topic=getattr(topic, "viewer_kudos", False),
        kudosed_replies={reply.pk for reply in replies if getattr(reply, "viewer_kudos", False)},
        may_reply=can_reply(viewer, topic),
        may_accept=may_accept,
        may_moderate=is_manager(viewer),
    )


def _mark_what_viewer_may_do(
    viewer, topic: Topic, replies: list[Reply], *, may_accept: bool
) -> None:
    """Set each post's flags from the rules in permissions.py.

    No query: the rules read the rows already loaded and the viewer's profile and groups,
    which are loaded once per request.
    """
    for post in (topic, *replies):
        post.may_edit = can_edit(viewer, post)
        post.may_report = can_report(viewer, post)
    for reply in replies:
        reply.may_accept = may_accept and not reply.is_deleted


def merge_target_for(viewer, pk: int) -> Topic | None:
    """The topic that topic `pk` was merged into, if there is one and the viewer may open it."""
    merged_into = Topic.objects.filter(pk=pk).values("merged_into")[:1]
    return openable_topics(viewer).select_related("category").filter(pk=merged_into).first()


def reply_for_viewer(viewer, pk: int) -> Reply:
    return shown_replies(viewer, Reply.objects.select_related("topic__category")).get(
        pk=pk, topic__in=openable_topics(viewer).values("pk")
    )


# --- Members ----------------------------------------------------------------------------


def member_suggestions(prefix: str, *, limit: int = 8) -> list[dict[str, str]]:
    """Members whose handle or name starts with `prefix`, for @mention completion."""
    prefix = prefix.strip().lstrip("@")[:40]
    if not prefix:
        return []
    members = (
        User.objects.filter(is_active=True)
        .filter(Q(username__istartswith=prefix) | Q(display_name__istartswith=prefix))
        .order_by("username")
        .values("username", "display_name")[:limit]
    )
    return [{"handle": m["username"], "name": m["display_name"]} for m in members]


def visible_tag(viewer, slug: str) -> ForumTag | None:
    """The tag, if the viewer can see at least one topic carrying it."""
    return (
        ForumTag.objects.filter(
            slug=slug, tagged_topics__object_id__in=visible_topics(viewer).values("pk")
        )
        .distinct()
        .first()
    )


def tag_suggestions(prefix: str, *, viewer, limit: int = 10) -> list[str]:
    """Existing tags starting with `prefix`, among those on topics the viewer can see."""
    prefix = prefix.strip()[:50]
    if not prefix:
        return []
    return list(
        ForumTag.objects.filter(
            name__istartswith=prefix,
            tagged_topics__object_id__in=visible_topics(viewer).values("pk"),
        )
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)[:limit]
    )


def member_activity(member: User, *, viewer, limit: int = 10) -> dict[str, list]:
    """A member's latest topics and replies that the viewer may see, for the member's profile."""
    public = visible_topics(viewer)
    return {
        "topics": list(
            public.filter(author=member).select_related("category").order_by("-created_at")[:limit]
        ),
        "replies": list(
            shown_replies(
                viewer,
                Reply.objects.filter(
                    author=member, deleted_at__isnull=True, topic__in=public.values("pk")
                ),
            )
            .select_related("topic__category")
            .order_by("-created_at")[:limit]
        ),
    }


def export_for_member(member: User) -> dict[str, list[dict]]:
    """The member's own topics and replies, whatever their state, for their data export."""
    topics = Topic.objects.filter(author=member).select_related("category").order_by("created_at")
    replies = Reply.objects.filter(author=member).select_related("topic").order_by("created_at")
    return {
        "topics": [
            {
                "title": topic.title,
                "category": topic.category.title,
                "kind": topic.kind,
                "body": topic.body_source,
                "created": topic.created_at.isoformat(),
                "state": topic.visibility,
                "url": topic.get_absolute_url(),
            }
            for topic in topics.iterator()
        ],
        "replies": [
            {
                "topic": reply.topic.title,
                "number": reply.number,
                "body": reply.body_source,
                "created": reply.created_at.isoformat(),
                "state": "deleted" if reply.is_deleted else reply.visibility,
            }
            for reply in replies.iterator()
        ],
    }


# --- The home page and a new member's first steps ---------------------------------------
# Each read is one query for its rows; `prepare_rows` then loads tags and badges once for all
# the rows a page gathered, so the home page costs the same with ten topics or a million.

BUSY_DAYS = 14
INDUSTRY_ACTIVITY_DAYS = 90


def _rows(topics: QuerySet[Topic], viewer, limit: int) -> list[Topic]:
    return list(_with_listing_data(topics, viewer)[:limit])


def prepare_rows(topics: list[Topic], viewer) -> None:
    """Load what a topic row shows (tags, role badges, unread count) for rows from several reads."""
    load_row_extras(topics, viewer)
    for topic in topics:
        _set_unread(topic)


def unanswered_questions(*, viewer, industry_id: int | None = None, limit: int = 5) -> list[Topic]:
    """Questions nobody has answered yet, newest first (from one industry when given).

    A member's own questions are left out: they are waiting for someone else.
    """
    topics = visible_topics(viewer).filter(kind=Topic.Kind.QUESTION, reply_count=0)
    if viewer.is_authenticated:
        topics = topics.exclude(author=viewer)
    if industry_id:
        topics = topics.filter(industry_id=industry_id)
    return _rows(topics.order_by("-created_at", "-pk"), viewer, limit)


def replies_to_topics_of(*, viewer, limit: int = 5) -> list[Topic]:
    """The member's own topics where someone else spoke last, latest reply first."""
    topics = (
        visible_topics(viewer)
        .filter(author=viewer, last_reply__isnull=False)
        .exclude(last_reply__author=viewer)
        .order_by("-last_activity_at", "-pk")
    )
    return _rows(topics, viewer, limit)


def followed_activity(*, viewer, limit: int = 5) -> list[Topic]:
    """Latest activity in the topics and categories the member follows, others' topics only."""
    followed_topics = TopicFollow.objects.filter(member=viewer).values("topic_id")
    followed_categories = CategoryFollow.objects.filter(member=viewer).values("category_id")
    topics = (
        visible_topics(viewer)
        .filter(Q(pk__in=followed_topics) | Q(category__in=followed_categories))
        .exclude(author=viewer)
        .order_by("-last_activity_at", "-pk")
    )
    return _rows(topics, viewer, limit)


def latest_solved(*, viewer, limit: int = 5) -> list[Topic]:
    """Questions with an accepted answer, most recently active first."""
    topics = visible_topics(viewer).filter(solution__isnull=False)
    return _rows(topics.order_by("-last_activity_at", "-pk"), viewer, limit)


def busiest_topics(*, viewer, days: int = BUSY_DAYS, limit: int = 5, exclude=()) -> list[Topic]:
    """The topics with the most replies and kudos among those active in the last `days`.

    When the forums were quiet (fewer than `limit` such topics) the ranking is all-time instead,
    so the list is never thin on a quiet week.
    """
    topics = (
        visible_topics(viewer)
        .exclude(pk__in=list(exclude))
        .alias(busyness=F("reply_count") + F("kudos_count"))
        .filter(busyness__gt=0)
        .order_by("-busyness", "-last_activity_at", "-pk")
    )
    recent = _rows(
        topics.filter(last_activity_at__gte=timezone.now() - timedelta(days=days)), viewer, limit
    )
    return recent if len(recent) >= limit else _rows(topics, viewer, limit)


def participation_of(member: User) -> dict[str, bool]:
    """Whether the member follows any category and has posted a topic or a reply (one query)."""
    row = (
        User.objects.filter(pk=member.pk)
        .annotate(
            follows_categories=Exists(CategoryFollow.objects.filter(member=OuterRef("pk"))),
            posted_topic=Exists(Topic.objects.filter(author=OuterRef("pk"))),
            posted_reply=Exists(Reply.objects.filter(author=OuterRef("pk"))),
        )
        .values("follows_categories", "posted_topic", "posted_reply")
        .first()
    ) or {"follows_categories": False, "posted_topic": False, "posted_reply": False}
    return {
        "follows_categories": row["follows_categories"],
        "has_posted": row["posted_topic"] or row["posted_reply"],
    }


def categories_to_follow(viewer, *, suggest: int = 3) -> list[ForumCategoryPage]:
    """The categories the member may follow, each with `following` and `suggested` set.

    Suggested are the `suggest` categories that fit the member best: those aimed at their
    segment, then those where topics from their industry were most active lately, then the
    busiest of those aimed at no segment in particular, so a member of a quiet industry still
    gets a sensible start. Only for signed-in members (it reads their segment).
    """
    categories = categories_for_index(viewer)
    followed = set(
        CategoryFollow.objects.filter(member=viewer).values_list("category_id", flat=True)
    )
    industry_id = segment_of(viewer)["industry_id"]
    activity: dict[int, int] = {}
    if industry_id:
        since = timezone.now() - timedelta(days=INDUSTRY_ACTIVITY_DAYS)
        activity = dict(
            visible_topics(viewer)
            .filter(industry_id=industry_id, last_activity_at__gte=since)
            .values("category_id")
            .annotate(topics=Count("pk"))
            .values_list("category_id", "topics")
        )

    def fits(category: ForumCategoryPage) -> bool:
        # Categories aimed at other segments only are never suggested; untargeted ones may be.
        untargeted = not (
            category.has_industries or category.has_regions or category.target_audience
        )
        return category.aimed_at_viewer or activity.get(category.pk, 0) > 0 or untargeted

    ranked = sorted(
        filter(fits, categories),
        key=lambda c: (not c.aimed_at_viewer, -activity.get(c.pk, 0), -c.topic_count, c.path),
    )
    suggested = {category.pk for category in ranked[:suggest]}
    for category in categories:
        category.following = category.pk in followed
        category.suggested = category.pk in suggested
    return categories


def first_topic_category(viewer, slugs: tuple[str, ...]) -> ForumCategoryPage | None:
    """The first of the categories named by `slugs` that the viewer may post in."""
    found = {c.slug: c for c in visible_categories(viewer).filter(slug__in=slugs)}
    return next((found[slug] for slug in slugs if slug in found), None)
