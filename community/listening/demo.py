"""Demo pulse surveys: a closed survey of every customer with its answers, whose lowest NPS is
one industry in one region, and the follow-up pulse sent to that segment, open now and not yet
answered by the demo member, so the prompt shows when they sign in.

Idempotent: surveys are found by title, answers by member and survey, follow-ups by answer.
Dates are relative to today.
"""

import random
import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from community.core.demo import Output
from community.members.models import Industry, Region, User

from . import services
from .models import FollowUp, Invitation, Response, Survey

DEMO_DATA = Path(__file__).parent / "demo_data" / "surveys.toml"
MANAGER_EMAIL = "manager@example.com"
# The demo login that sees the open survey's prompt: it never answers in the seed.
MEMBER_EMAIL = "member@example.com"
SEED = 21


def load() -> dict[str, Any]:
    with DEMO_DATA.open("rb") as file:
        return tomllib.load(file)


def seed_listening(options: dict, out: Output) -> None:
    manager = User.objects.filter(email=MANAGER_EMAIL).first()
    if manager is None:
        out("  The demo logins are missing; seed members first.")
        return
    data = load()
    unhappy = (
        Industry.objects.get(slug=data["unhappy_industry"]).pk,
        Region.objects.get(code=data["unhappy_region"]).pk,
    )
    rng = random.Random(SEED)
    answered = 0
    surveys = []
    for spec in data["surveys"]:
        survey = _survey(spec, manager)
        surveys.append(survey)
        answered += _answers(survey, spec, data["reasons"], unhappy, rng)
    follow_ups = _follow_ups(surveys[0], data["follow_ups"], manager)
    scored = services.backfill()
    out(
        f"  {len(surveys)} pulse surveys, {answered} answers added, {follow_ups} follow-ups; "
        f"sentiment scored for {sum(scored.values())} texts."
    )


def _survey(spec: dict, manager: User) -> Survey:
    survey = Survey.objects.filter(title=spec["title"]).first()
    if survey is not None:
        return survey
    now = timezone.now()
    opens = now - timedelta(days=spec["opens_days_ago"])
    if "closes_days_ago" in spec:
        closes = now - timedelta(days=spec["closes_days_ago"])
    else:
        closes = now + timedelta(days=spec["closes_in_days"])
    with transaction.atomic():
        survey = Survey(title=spec["title"], product_name=spec["product_name"], created_by=manager)
        survey.opens_at, survey.closes_at = opens, closes
        services.save_survey(
            survey=survey,
            author=manager,
            industries=Industry.objects.filter(slug__in=spec.get("industries", [])),
            regions=Region.objects.filter(code__in=spec.get("regions", [])),
            roles=Group.objects.filter(name__in=spec.get("roles", [])),
        )
        Survey.objects.filter(pk=survey.pk).update(created_at=opens - timedelta(days=3))
    if closes > now:
        # Open now: launched as a manager would, so members get the notification and prompt.
        services.launch_survey(survey=survey, sender=manager)
        services.invite(survey.pk)
    else:
        _invite_quietly(survey, manager, opens)
    survey.refresh_from_db()
    return survey


def _invite_quietly(survey: Survey, manager: User, when) -> None:
    """A survey that closed weeks ago: its invitations, without today's notifications."""
    members = services.survey_members(survey).values_list(*services.SEGMENT_COLUMNS)
    rows = services.invitations(survey.pk, members, created_at=when)
    Invitation.objects.bulk_create(rows, ignore_conflicts=True)
    Survey.objects.filter(pk=survey.pk).update(
        status=Survey.Status.LAUNCHED,
        launched_by=manager,
        launched_at=when,
        invited_count=len(rows),
        invited_up_to=max((row.member_id for row in rows), default=0),
    )


def _score(rng: random.Random, unhappy: bool) -> int:
    # Retail in Latin America: mostly detractors; elsewhere a healthy spread (NPS about +35).
    weights = (
        [3, 3, 5, 7, 9, 10, 10, 8, 6, 3, 2] if unhappy else [1, 1, 1, 2, 2, 3, 5, 10, 16, 24, 22]
    )
    return rng.choices(range(11), weights=weights)[0]


def _reason(rng: random.Random, score: int, reasons: dict, unhappy: bool) -> str:
    if rng.random() < 0.2:
        return ""  # some members give a score and nothing else
    if score <= 6:
        pool = reasons["unhappy_detractor"] if unhappy else reasons["detractor"]
    elif score <= 8:
        pool = reasons["unhappy_passive"] if unhappy else reasons["passive"]
    else:
        pool = reasons["promoter"]
    return rng.choice(pool)


def _answers(survey: Survey, spec: dict, reasons: dict, unhappy: tuple, rng) -> int:
    invitations = list(
        Invitation.objects.filter(survey=survey)
        .exclude(member__email=MEMBER_EMAIL)
        .order_by("member_id")
    )
    span = max(min(survey.closes_at, timezone.now()) - survey.opens_at, timedelta(hours=1))
    answers, unhappy_reasons = [], iter(reasons["unhappy_detractor"])
    for invitation in invitations:
        in_unhappy = (invitation.industry_id, invitation.region_id) == unhappy
        rate = spec.get("unhappy_response_rate", spec["response_rate"]) if in_unhappy else None
        if rng.random() >= (rate or spec["response_rate"]):
            continue
        score = _score(rng, in_unhappy)
        reason = _reason(rng, score, reasons, in_unhappy)
        if in_unhappy and score <= 6:
            # Every one of the segment's own complaints is heard at least once.
            reason = next(unhappy_reasons, reason) or reason
        when = survey.opens_at + span * rng.uniform(0.02, 0.9)
        answers.append(invitation.answer(score=score, reason=reason, at=when))
    known = set(Response.objects.filter(survey=survey).values_list("member_id", flat=True))
    new = [answer for answer in answers if answer.member_id not in known]
    with transaction.atomic():
        Response.objects.bulk_create(new, ignore_conflicts=True)
        for answer in new:
            Invitation.objects.filter(survey=survey, member_id=answer.member_id).update(
                answered_at=answer.created_at
            )
        Survey.objects.filter(pk=survey.pk).update(
            answer_count=Response.objects.filter(survey=survey).count()
        )
    return len(new)


def _follow_ups(survey: Survey, specs: list[dict], manager: User) -> int:
    made = 0
    for spec in specs:
        answer = (
            Response.objects.filter(
                survey=survey, score__lte=6, reason__startswith=spec["reason_starts"]
            )
            .order_by("created_at")
            .first()
        )
        if answer is None or FollowUp.objects.filter(response=answer).exists():
            continue
        follow_up = services.start_follow_up(response=answer, manager=manager, note=spec["note"])
        FollowUp.objects.filter(pk=follow_up.pk).update(status=spec["status"])
        made += 1
    return made
