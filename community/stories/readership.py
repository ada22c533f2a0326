"""Who reads the stories: a count per story, day and segment of readers, for the community
health dashboard.

A reader counts once per story per hour, as a forum topic's views do (see
`community.core.view_counting`), so a read costs at most one write, and a repeat read none.
That write adds one to the day's row of the reader's segment in a single statement (an insert
that, when the row is there, adds to it instead): two readers at once never lose a count, nor
trip over each other creating the day's row.

Counting never fails the page: when the cache or the database refuses, the view goes
uncounted, with a line in the log.
"""

import logging
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from community.core import view_counting
from community.insight.api import VISITOR
from community.members.roles import DEFAULT_ROLE
from community.members.selectors import segment_of

from .models import StoryDailyViews
from .pages import StoryPage

logger = logging.getLogger(__name__)

VIEW_SCOPE = "stories"
# The columns of the unique constraint the count adds to (see StoryDailyViews).
_KEY = ("story_id", "day", "industry_id", "region_id", "audience", "role")


@dataclass(frozen=True)
class ReaderSegment:
    """As stored: 0 for an industry or region not given."""

    industry_id: int = 0
    region_id: int = 0
    audience: str = ""
    role: str = VISITOR


def segment_of_reader(user) -> ReaderSegment:
    """The reader's segment as the insight groups members: industry, region, audience and the
    most senior role. It reads what the page header loads anyway (the profile with its
    country, the groups), so it costs no query of its own."""
    if not user.is_authenticated:
        return ReaderSegment()
    segment = segment_of(user)
    return ReaderSegment(
        industry_id=segment["industry_id"] or 0,
        region_id=segment["region_id"] or 0,
        audience=segment["audience"] or "",
        role=user.badge or DEFAULT_ROLE.value,
    )


def count_view(request: HttpRequest, story: StoryPage) -> bool:
    """Count the request's view of the story, unless the reader was counted within the hour or
    nobody is reading (a prefetch, a crawler). Returns whether it counted."""
    if not view_counting.is_reader(request):
        return False
    visitor = view_counting.visitor_key(request)
    if not view_counting.first_view(VIEW_SCOPE, story.pk, visitor):
        return False
    try:
        add_view(story, segment_of_reader(request.user))
    except DatabaseError:
        logger.warning("View of story %s not counted: the write failed", story.pk, exc_info=True)
        return False
    return True


def add_view(story: StoryPage, segment: ReaderSegment) -> None:
    """One more view of the story today by the segment, in one statement."""
    quote = connection.ops.quote_name
    table = quote(StoryDailyViews._meta.db_table)
    key = ", ".join(quote(name) for name in _KEY)
    views = quote("views")
    sql = (
        f"INSERT INTO {table} ({key}, {views}) VALUES (%s, %s, %s, %s, %s, %s, 1) "
        f"ON CONFLICT ({key}) DO UPDATE SET {views} = {table}.{views} + 1"
    )
    params = [
        story.pk,
        timezone.localdate(),
        segment.industry_id,
        segment.region_id,
        segment.audience,
        segment.role,
    ]
    # Inside a transaction (a test, a caller's atomic block) a failed write would break it for
    # the rest of the page: a savepoint keeps the failure to itself. Outside, the statement is
    # its own transaction and needs none.
    if connection.in_atomic_block:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
