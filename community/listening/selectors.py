"""Reads of the listening app: a survey's results, by segment and over successive surveys, its
reasons with their filters, and a member's own answers for their data export."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from community.members.models import Audience, Industry, Region, User

from . import permissions
from .models import Category, FollowUp, Invitation, Response, Survey
from .stats import RANKED_FROM, Nps

PROMOTER = Q(score__gte=9)
PASSIVE = Q(score__gte=7, score__lte=8)
DETRACTOR = Q(score__lte=6)

CATEGORY_FILTERS = {
    Category.PROMOTER: PROMOTER,
    Category.PASSIVE: PASSIVE,
    Category.DETRACTOR: DETRACTOR,
}

NPS_COUNTS = {
    "promoters": Count("pk", filter=PROMOTER),
    "passives": Count("pk", filter=PASSIVE),
    "detractors": Count("pk", filter=DETRACTOR),
}

# The ways results split, and the snapshot columns each groups by.
DIMENSIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "industry": ("Industry", ("industry_id",)),
    "region": ("Region", ("region_id",)),
    "audience": ("Audience", ("audience",)),
    "industry_region": ("Industry × region", ("industry_id", "region_id")),
}


@dataclass(frozen=True)
class SegmentResult:
    label: str
    key: tuple
    nps: Nps
    lowest: bool = False


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    nps: Nps
    distribution: list[tuple[int, int, float]]  # (score, answers, % of answers)
    segments: dict[str, list[SegmentResult]] = field(default_factory=dict)
    # Names of industries, regions and audiences by id, for labels and filters.
    names: dict[str, dict] = field(default_factory=dict)


def _nps(counts: dict[str, Any], invited: int | None = None) -> Nps:
    return Nps(
        promoters=counts.get("promoters", 0),
        passives=counts.get("passives", 0),
        detractors=counts.get("detractors", 0),
        invited=invited,
    )


def survey_results(survey: Survey) -> SurveyResults:
    """The survey's NPS, margin, response rate and distribution (one query), and its results
    by each dimension (two queries each: answers, and members invited)."""
    by_score = dict(
        Response.objects.filter(survey=survey)
        .values("score")
        .annotate(n=Count("pk"))
        .values_list("score", "n")
    )
    nps = Nps(
        promoters=sum(n for score, n in by_score.items() if score >= 9),
        passives=sum(n for score, n in by_score.items() if 7 <= score <= 8),
        detractors=sum(n for score, n in by_score.items() if score <= 6),
        invited=survey.invited_count,
    )
    distribution = [
        (score, by_score.get(score, 0), nps.share(by_score.get(score, 0))) for score in range(11)
    ]
    names = _segment_names()
    segments = {dimension: results_by(survey, dimension, names=names) for dimension in DIMENSIONS}
    return SurveyResults(
        survey=survey, nps=nps, distribution=distribution, segments=segments, names=names
    )


def _segment_names() -> dict[str, dict]:
    return {
        "industry_id": dict(Industry.objects.values_list("pk", "name")),
        "region_id": dict(Region.objects.values_list("pk", "name")),
        "audience": dict(Audience.choices),
    }


def results_by(survey: Survey, dimension: str, *, names: dict | None = None) -> list[SegmentResult]:
    """NPS and response rate per segment, lowest NPS first; segments with no answer last."""
    _label, columns = DIMENSIONS[dimension]
    names = names or _segment_names()
    answered = {
        tuple(row[c] for c in columns): row
        for row in Response.objects.filter(survey=survey)
        .values(*columns)
        .annotate(**NPS_COUNTS)
        .order_by()
    }
    invited = {
        tuple(row[c] for c in columns): row["n"]
        for row in Invitation.objects.filter(survey=survey)
        .values(*columns)
        .annotate(n=Count("pk"))
        .order_by()
    }
    rows = []
    for key in set(answered) | set(invited):
        label = " · ".join(
            str(names[column].get(value) or "Not given")
            for column, value in zip(columns, key, strict=True)
        )
        rows.append((label, key, _nps(answered.get(key, {}), invited.get(key, 0))))
    # Segments with enough answers to compare first, lowest NPS first; then the others.
    rows.sort(
        key=lambda row: (
            row[2].answers < RANKED_FROM,
            row[2].score is None,
            row[2].score or 0,
            row[0],
        )
    )
    lowest = next((row[1] for row in rows if row[2].answers >= RANKED_FROM), None)
    return [
        SegmentResult(label=label, key=key, nps=nps, lowest=key == lowest and len(rows) > 1)
        for label, key, nps in rows
    ]


def survey_trend(*, limit: int = 12) -> list[tuple[Survey, Nps]]:
    """The launched surveys, newest first, each with its NPS: two queries."""
    surveys = list(
        Survey.objects.filter(status=Survey.Status.LAUNCHED).order_by("-opens_at", "-id")[:limit]
    )
    counts = {
        row["survey_id"]: row
        for row in Response.objects.filter(survey__in=surveys)
        .values("survey_id")
        .annotate(**NPS_COUNTS)
        .order_by()
    }
    return [(survey, _nps(counts.get(survey.pk, {}), survey.invited_count)) for survey in surveys]


@dataclass(frozen=True)
class ReasonFilters:
    category: str = ""
    industry_id: int | None = None
    region_id: int | None = None
    audience: str = ""
    with_reason_only: bool = True

    @property
    def is_filtering(self) -> bool:
        return bool(self.category or self.industry_id or self.region_id or self.audience)


def reasons(viewer, survey: Survey, filters: ReasonFilters) -> QuerySet[Response]:
    """The answers with their reasons and who gave them (managers only), newest first."""
    answers = (
        permissions.named_answers(viewer)
        .filter(survey=survey)
        .select_related("member__profile", "follow_up__assignee")
        .order_by("-created_at", "-id")
    )
    if filters.with_reason_only:
        answers = answers.exclude(reason="")
    if filters.category in CATEGORY_FILTERS:
        answers = answers.filter(CATEGORY_FILTERS[Category(filters.category)])
    segment = {
        "industry_id": filters.industry_id,
        "region_id": filters.region_id,
        "audience": filters.audience,
    }
    return answers.filter(**{column: value for column, value in segment.items() if value})


def follow_ups(viewer, *, status: str = "") -> QuerySet[FollowUp]:
    permissions.ensure_can_manage_surveys(viewer)
    rows = FollowUp.objects.select_related(
        "assignee", "response__member", "response__survey", "response__industry", "response__region"
    )
    if status in FollowUp.Status.values:
        rows = rows.filter(status=status)
    return rows


def managers() -> QuerySet[User]:
    """Whom a follow-up may be assigned to."""
    from community.members.roles import Role

    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=Role.COMMUNITY_MANAGER.value))
        .distinct()
        .order_by("display_name")
    )


def export_for_member(member: User) -> dict[str, Any]:
    """The member's own survey answers, for their data export."""
    answers = Response.objects.filter(member=member).select_related("survey").order_by("created_at")
    return {
        "survey_answers": [
            {
                "survey": answer.survey.question,
                "answered": answer.created_at.isoformat(),
                "score": answer.score,
                "reason": answer.reason,
            }
            for answer in answers
        ],
        "surveys_dismissed": [
            {"survey": invitation.survey.question, "dismissed": invitation.dismissed_at.isoformat()}
            for invitation in Invitation.objects.filter(
                member=member, dismissed_at__isnull=False
            ).select_related("survey")
        ],
    }
