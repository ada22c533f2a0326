"""What the forums bring to the community health dashboard: questions and how well they are
served (answered, solved, how fast), replies, kudos, who takes part, and the tags and words of
new topics. Only published posts in live categories count: what moderation held, hid or removed
never does.

A question belongs to the day it was asked and to its asker's segment; its first reply is the
first published reply by someone else, its solution time runs to the accepted reply's posting.
"""

from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from community.insight import api as insight
from community.members.models import User

from .models import ForumTag, Kudos, Reply, TaggedTopic, Topic, Visibility
from .permissions import visible_categories

ACTIVE = "forums.active"
QUESTIONS = "forums.questions"
ANSWERED = "forums.answered"
SOLVED = "forums.solved"
FIRST_REPLY = "forums.first_reply"
SOLUTION_TIME = "forums.solution_time"
UNANSWERED = "forums.unanswered"
REPLIES = "forums.replies"
KUDOS = "forums.kudos"
TAGS = "forums.tags"
WORDS = "forums.words"

METRICS = [
    insight.Metric(ACTIVE, "Members active in the forums",
                   aggregation=insight.Aggregation.DISTINCT,
                   help_text="Started a topic, replied or gave kudos."),
    insight.Metric(QUESTIONS, "Questions asked", headline=True),
    insight.Metric(ANSWERED, "Questions answered",
                   insight.Unit.PERCENT, insight.Aggregation.RATIO, headline=True,
                   help_text="Share of the questions asked that have a reply from someone else."),
    insight.Metric(SOLVED, "Questions solved", insight.Unit.PERCENT, insight.Aggregation.RATIO,
                   help_text="Share of the questions asked that have an accepted solution."),
    insight.Metric(FIRST_REPLY, "Time to first reply",
                   insight.Unit.DURATION, insight.Aggregation.MEDIAN,
                   higher_is_better=False, headline=True,
                   help_text="Median, over the questions that got a reply."),
    insight.Metric(SOLUTION_TIME, "Time to solution",
                   insight.Unit.DURATION, insight.Aggregation.MEDIAN,
                   higher_is_better=False, help_text="Median, over the questions with a solution."),
    insight.Metric(UNANSWERED, "Unanswered after a day", higher_is_better=False,
                   help_text="Questions asked in the period, still without a reply a day later."),
    insight.Metric(REPLIES, "Replies"),
    insight.Metric(KUDOS, "Kudos given"),
]  # fmt: skip

ONE_DAY = timedelta(days=1)


def _topics(viewer=None) -> QuerySet[Topic]:
    """Published topics in categories the viewer (any community manager for the rollup) sees."""
    topics = Topic.objects.filter(visibility=Visibility.PUBLISHED)
    if viewer is None:
        return topics.filter(category__live=True)
    return topics.filter(category__in=visible_categories(viewer).values("pk"))


def _replies(topics: QuerySet[Topic]) -> QuerySet[Reply]:
    return Reply.objects.filter(
        visibility=Visibility.PUBLISHED, deleted_at__isnull=True, topic__in=topics.values("pk")
    )


def _with_service_times(questions: QuerySet[Topic]) -> QuerySet[Topic]:
    first_reply = (
        Reply.objects.filter(
            topic=OuterRef("pk"), visibility=Visibility.PUBLISHED, deleted_at__isnull=True
        )
        .exclude(author=OuterRef("author"))
        .order_by("created_at")
        .values("created_at")[:1]
    )
    return questions.annotate(
        first_reply_at=Subquery(first_reply),
        solved_at=Case(
            When(
                solution__visibility=Visibility.PUBLISHED,
                solution__deleted_at__isnull=True,
                then=F("solution__created_at"),
            )
        ),
    )


# --- The rollup -------------------------------------------------------------------------------


def _question_rows(start: date, end: date):
    stale = timezone.now() - ONE_DAY
    questions = _with_service_times(
        insight.between(_topics().filter(kind=Topic.Kind.QUESTION), start, end)
    )
    for q in questions.values(
        "created_at", "first_reply_at", "solved_at", day=TruncDate("created_at"),
        **insight.segment_values("author"),
    ):  # fmt: skip
        day, segment, asked = q["day"], insight.segment_from(q), q["created_at"]
        answered, solved = q["first_reply_at"] is not None, q["solved_at"] is not None
        yield insight.RollupRow(day, QUESTIONS, segment, total=1, count=1)
        yield insight.RollupRow(day, ANSWERED, segment, total=int(answered), count=1)
        yield insight.RollupRow(day, SOLVED, segment, total=int(solved), count=1)
        if answered:
            wait = (q["first_reply_at"] - asked).total_seconds()
            yield insight.RollupRow(
                day, FIRST_REPLY, segment, count=1, bucket=insight.bucket_of(wait)
            )
        if solved:
            wait = (q["solved_at"] - asked).total_seconds()
            yield insight.RollupRow(
                day, SOLUTION_TIME, segment, count=1, bucket=insight.bucket_of(wait)
            )
        if not answered and asked < stale:
            yield insight.RollupRow(day, UNANSWERED, segment, total=1, count=1)


def _topic_rows(start: date, end: date):
    topics = insight.between(_topics(), start, end)
    by_topic: dict[int, tuple] = {}
    for t in topics.values(
        "pk", "author_id", "title", day=TruncDate("created_at"), **insight.segment_values("author")
    ):
        day, segment = t["day"], insight.segment_from(t)
        by_topic[t["pk"]] = (day, segment)
        yield insight.RollupRow(day, ACTIVE, segment, member_id=t["author_id"])
        for word in insight.words_of(t["title"]):
            yield insight.RollupRow(day, WORDS, segment, total=1, term=word)
    tagged = TaggedTopic.objects.filter(
        content_type=ContentType.objects.get_for_model(Topic), object_id__in=topics.values("pk")
    ).values_list("object_id", "tag__name")
    for topic_id, tag in tagged.iterator(chunk_size=5_000):
        day, segment = by_topic[topic_id]
        yield insight.RollupRow(day, TAGS, segment, total=1, term=tag)


def _visible_kudos(viewer=None) -> QuerySet[Kudos]:
    topics = _topics(viewer)
    return Kudos.objects.filter(
        Q(topic__in=topics.values("pk")) | Q(reply__in=_replies(topics).values("pk"))
    )


def rollup(start: date, end: date):
    yield from _question_rows(start, end)
    yield from _topic_rows(start, end)
    replies = _replies(_topics())
    yield from insight.daily_counts(
        replies, start, end, metric=REPLIES, member="author", active=ACTIVE
    )
    # Kudos on topics and on replies apart: each is a plain semi-join, where one OR of both
    # would make PostgreSQL scan every kudos against every reply.
    topics = _topics()
    on_topics = Kudos.objects.filter(topic__in=topics.values("pk"))
    on_replies = Kudos.objects.filter(reply__in=_replies(topics).values("pk"))
    for kudos in (on_topics, on_replies):
        yield from insight.daily_counts(kudos, start, end, metric=KUDOS, active=ACTIVE)


# --- The lists behind the numbers -------------------------------------------------------------


def _questions_for(query: insight.InsightQuery, viewer) -> QuerySet[Topic]:
    questions = _topics(viewer).filter(kind=Topic.Kind.QUESTION)
    return insight.rows_in_query(questions, query, member="author")


def _unanswered(questions: QuerySet[Topic]) -> QuerySet[Topic]:
    """Questions over a day old without a published reply from someone else: the asker's own
    follow-ups, and replies moderation held or removed, answer nobody."""
    answered = Reply.objects.filter(
        topic=OuterRef("pk"), visibility=Visibility.PUBLISHED, deleted_at__isnull=True
    ).exclude(author=OuterRef("author"))
    return questions.filter(created_at__lt=timezone.now() - ONE_DAY).exclude(Exists(answered))


def _wait(start: datetime | None, end: datetime | None) -> timedelta | None:
    return end - start if start and end else None


QUESTION_COLUMNS = [
    insight.Column("Question", lambda t: t.title),
    insight.Column("Asked by", lambda t: t.author),
    insight.Column("Asked", lambda t: t.created_at),
    insight.Column("First reply after", lambda t: _wait(t.created_at, t.first_reply_at)),
    insight.Column("Solved after", lambda t: _wait(t.created_at, t.solved_at)),
    insight.Column("Replies", lambda t: t.reply_count),
]


def drilldown(metric: str, query: insight.InsightQuery, viewer) -> insight.DrillDown:
    if metric == REPLIES:
        return insight.DrillDown(
            "Replies",
            insight.rows_in_query(_replies(_topics(viewer)), query, member="author")
            .select_related("author", "topic__category")
            .defer("body_source", "body_html", "topic__body_source", "topic__body_html")
            .order_by("-created_at", "-pk"),
            [
                insight.Column("In topic", lambda r: r.topic.title),
                insight.Column("By", lambda r: r.author),
                insight.Column("Posted", lambda r: r.created_at),
            ],
            url=lambda r: r.get_absolute_url(),
        )
    if metric == KUDOS:
        return insight.DrillDown(
            "Kudos given",
            insight.rows_in_query(_visible_kudos(viewer), query, member="member")
            .select_related("member", "topic", "reply__topic")
            .only(
                "created_at",
                "member__display_name",
                "member__username",
                "topic__title",
                "reply__topic__title",
            )
            .order_by("-created_at", "-pk"),
            [
                insight.Column("Given by", lambda k: k.member),
                insight.Column("On", lambda k: (k.topic or k.reply.topic).title),
                insight.Column("Given", lambda k: k.created_at),
            ],
        )
    if metric == ACTIVE:
        topics = _topics(viewer)
        took_part = (
            Exists(insight.in_period(topics.filter(author=OuterRef("pk")), query.period))
            | Exists(
                insight.in_period(_replies(topics).filter(author=OuterRef("pk")), query.period)
            )
            | Exists(
                insight.in_period(
                    _visible_kudos(viewer).filter(member=OuterRef("pk")), query.period
                )
            )
        )
        members = insight.filter_members(User.objects.filter(took_part), query.segments)
        return insight.members_list(members, "Members active in the forums")
    questions = _with_service_times(_questions_for(query, viewer))
    title = "Questions asked"
    if metric == UNANSWERED:
        questions, title = _unanswered(questions), "Questions unanswered after a day"
    elif metric == SOLVED:
        title = "Questions asked, and whether they are solved"
    elif metric in (FIRST_REPLY, SOLUTION_TIME):
        title = "Questions asked, and how fast they were served"
    return insight.DrillDown(
        title,
        questions.select_related("author", "category")
        .defer("body_source", "body_html")
        .order_by("created_at" if metric == UNANSWERED else "-created_at", "pk"),
        QUESTION_COLUMNS,
        url=lambda t: t.get_absolute_url(),
    )


def worklist(query: insight.InsightQuery, viewer, limit: int) -> tuple[int, list[insight.WorkItem]]:
    """Questions asked in the period still unanswered after a day, the longest waiting first."""
    # Not "no reply at all" (reply_count=0): a question whose only replies are the asker's own
    # follow-ups is still waiting for an answer.
    questions = _unanswered(_questions_for(query, viewer))
    total = questions.count()
    first = (
        questions.select_related("author", "category")
        .defer("body_source", "body_html")
        .order_by("created_at", "pk")[:limit]
    )
    return total, [
        insight.WorkItem(t.title, t.get_absolute_url(), t.created_at, detail=f"asked by {t.author}")
        for t in first
    ]


def term_urls(metric: str, terms: list[str]) -> dict[str, str]:
    """Tags lead to the forum's tag page, words to a search of the topics (one query)."""
    search = reverse("search:results")
    urls = {term: f"{search}?{urlencode({'q': term, 'type': 'topic'})}" for term in terms}
    if metric == TAGS:
        for name, slug in ForumTag.objects.filter(name__in=terms).values_list("name", "slug"):
            urls[name] = reverse("forums:tag", kwargs={"slug": slug})
    return urls


source = insight.InsightSource(
    name="forums",
    label="Forums",
    metrics=METRICS,
    rollup=rollup,
    drilldown=drilldown,
    term_metrics={TAGS: "Tags", WORDS: "Words"},
    term_urls=term_urls,
    worklist=worklist,
    worklist_title="Unanswered questions older than a day",
    worklist_metric=UNANSWERED,
    order=10,
)
