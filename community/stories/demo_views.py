"""The demo's story reads: a history of daily views for every published story, so the
dashboard's story views have something true-looking to show by segment and against the
previous period.

Each story is read most in its first week, then settles to a long tail; weekends are quieter,
featured stories draw more, and the community grows over the year. Signed-out visitors bring a
good share (more for how-tos, which people find by searching); among members, those of the
story's own industry read it more. Readers' segments are the demo members' own, so every
industry, region, audience and role appears in the numbers.

Written straight as daily rows (not view by view): a story that already has views is left
as it is, so seeding again adds nothing.
"""

import math
import random
from collections import Counter
from datetime import date, timedelta
from itertools import accumulate

from django.contrib.auth import get_user_model
from django.utils import timezone

from community.insight import api as insight

from .models import StoryDailyViews
from .pages import StoryKind
from .permissions import published_stories

BATCH = 2_000

# Reads a day at the tail of a story's life, before the launch week and the growth on top.
TAIL_READS = (3.0, 9.0)
LAUNCH_BOOST = 2.5  # on the publishing day, fading over about a week
FEATURED_BOOST = 1.6
WEEKEND = 0.55
YEARLY_GROWTH = 0.4  # a year ago the community read this much less
# Share of reads by signed-out visitors.
VISITORS_OF_STORIES = 0.35
VISITORS_OF_ARTICLES = 0.55
# How much more likely a member of the story's own industry is to read it than another member.
SAME_INDUSTRY = 3.0

Segment = tuple[int, int, str, str]  # industry id, region id, audience, role: as stored


def seed_story_views(today: date | None = None) -> int:
    """Daily views of every published story that has none yet; returns how many views."""
    today = today or timezone.localdate()
    readers = _reader_segments()
    stories = list(
        published_stories()
        .exclude(pk__in=StoryDailyViews.objects.values("story"))
        .only("slug", "kind", "featured", "industry_id", "first_published_at")
        .order_by("pk")
    )
    rows: list[StoryDailyViews] = []
    total = 0
    for story in stories:
        published = (
            timezone.localdate(story.first_published_at) if story.first_published_at else today
        )
        counts = _daily_reads(story, readers, start=published, today=today)
        total += sum(counts.values())
        rows.extend(
            StoryDailyViews(
                story=story,
                day=day,
                industry_id=segment[0],
                region_id=segment[1],
                audience=segment[2],
                role=segment[3],
                views=views,
            )
            for (day, segment), views in counts.items()
        )
    StoryDailyViews.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return total


def _reader_segments() -> list[Segment]:
    """Every active member's segment, as the insight groups members (one entry per member)."""
    members = get_user_model().objects.filter(is_active=True).order_by("pk")
    return [
        (
            row["seg_industry"] or 0,
            row["seg_region"] or 0,
            row["seg_audience"] or "",
            row["seg_role"],
        )
        for row in members.values(**insight.segment_values())
    ]


def _daily_reads(story, readers: list[Segment], *, start: date, today: date) -> Counter:
    """{(day, segment): views} of one story from its publication to today."""
    rng = random.Random(f"views:{story.slug}")
    tail = rng.uniform(*TAIL_READS) * (FEATURED_BOOST if story.featured else 1)
    visitors = VISITORS_OF_STORIES if story.kind == StoryKind.STORY else VISITORS_OF_ARTICLES
    likelihood = accumulate(
        SAME_INDUSTRY if story.industry_id and segment[0] == story.industry_id else 1.0
        for segment in readers
    )
    cumulative = list(likelihood)
    visitor: Segment = (0, 0, "", insight.VISITOR)
    counts: Counter = Counter()
    day = start
    while day <= today:
        age, ago = (day - start).days, (today - day).days
        expected = (
            tail
            * (1 + LAUNCH_BOOST * math.exp(-age / 4))
            * (WEEKEND if day.weekday() >= 5 else 1)
            * (1 - YEARLY_GROWTH * min(ago, 365) / 365)
        )
        reads = max(0, round(rng.gauss(expected, math.sqrt(expected))))
        by_visitors = sum(rng.random() < visitors for _ in range(reads))
        if by_visitors:
            counts[(day, visitor)] += by_visitors
        if readers and reads > by_visitors:
            for segment in rng.choices(readers, cum_weights=cumulative, k=reads - by_visitors):
                counts[(day, segment)] += 1
        day += timedelta(days=1)
    return counts
