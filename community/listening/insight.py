"""What listening hands the community health dashboard: NPS and survey answers, the sentiment of
what members write, and the most negative recent threads for a manager to read.

Segments are the member's profile as it is now, by the dashboard's one rule
(`community.insight.segments`). Sentiment counts only texts their source still offers (shown to
everyone, not removed by moderation), checked when the rollup runs.
"""

from collections import defaultdict
from datetime import date
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.urls import reverse

from community.core import extensions
from community.insight import api as insight

from . import permissions, sentiment
from .models import Response, SentimentScore
from .selectors import DETRACTOR, PROMOTER
from .sources import sentiment_sources

NPS = "listening.nps"
ANSWERS = "listening.answers"
SENTIMENT = "listening.sentiment"
NEGATIVE = "listening.negative_posts"

NEGATIVE_TEXT = Q(compound__lte=sentiment.NEGATIVE_BELOW)


def _answers_between(low, high) -> QuerySet[Response]:
    return Response.objects.filter(created_at__gte=low, created_at__lt=high)


def offered_scores() -> QuerySet[SentimentScore]:
    """Scores of texts their source still offers: hidden, held or deleted posts drop out."""
    conditions = []
    for source in sentiment_sources():
        content_type = ContentType.objects.get_for_model(source.model, for_concrete_model=False)
        conditions.append(Q(content_type=content_type, object_id__in=source.rows().values("pk")))
    if not conditions:
        return SentimentScore.objects.none()
    return SentimentScore.objects.filter(reduce(or_, conditions))


def rollup(start: date, end: date):
    low, high = insight.day_bounds(start, end)
    answers = (
        _answers_between(low, high)
        .values(day=TruncDate("created_at"), **insight.segment_values("member"))
        .annotate(
            n=Count("pk"),
            promoters=Count("pk", filter=PROMOTER),
            detractors=Count("pk", filter=DETRACTOR),
        )
        .order_by()
    )
    for row in answers:
        segment = insight.segment_from(row)
        yield insight.RollupRow(row["day"], ANSWERS, segment, total=row["n"], count=row["n"])
        yield insight.RollupRow(
            row["day"], NPS, segment, total=row["promoters"] - row["detractors"], count=row["n"]
        )
    scores = (
        offered_scores()
        .filter(written_at__gte=low, written_at__lt=high)
        .values(day=TruncDate("written_at"), **insight.segment_values("member"))
        .annotate(n=Count("pk"), total=Sum("compound"), negative=Count("pk", filter=NEGATIVE_TEXT))
        .order_by()
    )
    for row in scores:
        segment = insight.segment_from(row)
        yield insight.RollupRow(row["day"], SENTIMENT, segment, total=row["total"], count=row["n"])
        yield insight.RollupRow(
            row["day"], NEGATIVE, segment, total=row["negative"], count=row["negative"]
        )


def _answers_drilldown(query: insight.InsightQuery, viewer) -> insight.DrillDown:
    low, high = query.period.bounds()
    answers = permissions.named_answers(viewer).filter(created_at__gte=low, created_at__lt=high)
    return insight.DrillDown(
        "Survey answers",
        insight.filter_members(answers, query.segments, "member").order_by("score", "-created_at"),
        [
            insight.Column("Answered", lambda answer: answer.created_at),
            insight.Column("Member", lambda answer: answer.member),
            insight.Column("Score", lambda answer: answer.score),
            insight.Column("Reason", lambda answer: answer.reason),
            insight.Column("Survey", lambda answer: answer.survey.title),
        ],
        url=lambda answer: reverse("pulse_surveys:results", args=[answer.survey_id]),
    )


def _text_url(score: SentimentScore) -> str:
    descriptor = extensions.content_for(score.content_type.model_class())
    text = score.text
    return descriptor.url(text) if descriptor and text is not None else ""


def _scores_drilldown(metric: str, query: insight.InsightQuery, viewer) -> insight.DrillDown:
    permissions.ensure_can_manage_surveys(viewer)
    low, high = query.period.bounds()
    scores = offered_scores().filter(written_at__gte=low, written_at__lt=high)
    if metric == NEGATIVE:
        scores = scores.filter(NEGATIVE_TEXT)
    return insight.DrillDown(
        "Negative posts" if metric == NEGATIVE else "Posts by sentiment, most negative first",
        insight.filter_members(scores, query.segments, "member")
        .select_related("member", "content_type")
        .prefetch_related("text")
        .order_by("compound", "-written_at"),
        [
            insight.Column("Written", lambda score: score.written_at),
            insight.Column("By", lambda score: score.member or ""),
            insight.Column("Sentiment", lambda score: f"{score.compound:+.2f}"),
            insight.Column("Tone", lambda score: sentiment.label(score.compound)),
            insight.Column("Text", lambda score: _excerpt(score.text)),
        ],
        url=_text_url,
    )


def _excerpt(text_object) -> str:
    if text_object is None:
        return ""
    source = next((s for s in sentiment_sources() if isinstance(text_object, s.model)), None)
    text = source.text(text_object) if source else str(text_object)
    return text if len(text) <= 140 else f"{text[:139]}…"


def drilldown(metric: str, query: insight.InsightQuery, viewer) -> insight.DrillDown:
    if metric in (NPS, ANSWERS):
        return _answers_drilldown(query, viewer)
    return _scores_drilldown(metric, query, viewer)


def negative_threads(
    query: insight.InsightQuery, viewer, limit: int
) -> tuple[int, list[insight.WorkItem]]:
    """The threads whose posts in the period read most negative on average, that the viewer
    may open: (how many threads lean negative, the `limit` most negative)."""
    permissions.ensure_can_manage_surveys(viewer)
    low, high = query.period.bounds()
    scores = insight.filter_members(
        offered_scores().filter(written_at__gte=low, written_at__lt=high, thread_id__isnull=False),
        query.segments,
        "member",
    )
    threads = (
        scores.values("thread_type_id", "thread_id")
        .annotate(mean=Avg("compound"), posts=Count("pk"), last=Max("written_at"))
        .filter(mean__lte=sentiment.NEGATIVE_BELOW)
        .order_by("mean", "-last")
    )
    total = threads.count()
    worst = list(threads[: limit * 2])  # room for threads the viewer may not open
    by_type: dict[int, list[int]] = defaultdict(list)
    for row in worst:
        by_type[row["thread_type_id"]].append(row["thread_id"])
    found = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        descriptor = extensions.content_for(model)
        if descriptor is None:
            continue
        rows = descriptor.openable(viewer) if descriptor.openable else model.objects.all()
        for thread in rows.filter(pk__in=ids):
            found[(type_id, thread.pk)] = (thread, descriptor)
    items = []
    for row in worst:
        match = found.get((row["thread_type_id"], row["thread_id"]))
        if match is None:
            continue
        thread, descriptor = match
        posts = row["posts"]
        items.append(
            insight.WorkItem(
                title=str(thread),
                url=descriptor.url(thread),
                since=row["last"],
                detail=f"Sentiment {row['mean']:+.2f} over {posts} post{'s' if posts != 1 else ''}",
            )
        )
        if len(items) == limit:
            break
    return total, items


source = insight.InsightSource(
    name="listening",
    label="Listening",
    metrics=[
        insight.Metric(
            NPS,
            "NPS",
            unit=insight.Unit.NPS,
            aggregation=insight.Aggregation.RATIO,
            headline=True,
            help_text="Pulse survey answers: % promoters (9–10) − % detractors (0–6).",
        ),
        insight.Metric(ANSWERS, "Survey answers"),
        insight.Metric(
            SENTIMENT,
            "Sentiment of posts",
            unit=insight.Unit.SCORE,
            aggregation=insight.Aggregation.RATIO,
            help_text="The mean VADER score of forum posts and survey reasons, −1 to +1.",
        ),
        insight.Metric(
            NEGATIVE,
            "Negative posts",
            higher_is_better=False,
            help_text="Forum posts and survey reasons scoring −0.05 or below.",
        ),
    ],
    rollup=rollup,
    drilldown=drilldown,
    worklist=negative_threads,
    worklist_title="Most negative recent threads",
    worklist_metric=NEGATIVE,
    order=80,
)
