"""A member answers a survey, or says "not now"."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from community.core.errors import Rejected
from community.core.numbers import parse_positive_int
from community.members.models import User

from .. import permissions, prompt
from ..models import Invitation, Response, Survey

REASON_MAX_LENGTH = Response._meta.get_field("reason").max_length


class AnswerRefused(Rejected):
    """An answer that can't be taken as it stands."""


class AlreadyAnswered(AnswerRefused):
    status = 409


def parse_score(text: object) -> int:
    """A score typed as ASCII digits from 0 to 10, or a refusal saying so."""
    score = parse_positive_int(text)
    if score is None or score > 10:
        raise AnswerRefused("Choose a score from 0 to 10.")
    return score


def answer_survey(*, survey: Survey, member: User, score: object, reason: str = "") -> Response:
    """Record the member's one answer. Two answers at once (two tabs, a double click) meet the
    unique constraint: the second is refused, never counted."""
    permissions.ensure_can_answer(member, survey)
    score = parse_score(score)
    reason = (reason or "").strip() if survey.ask_reason else ""
    if len(reason) > REASON_MAX_LENGTH:
        raise AnswerRefused(f"Keep the reason under {REASON_MAX_LENGTH:,} characters.")
    invitation = Invitation.objects.get(survey=survey, member=member)
    now = timezone.now()
    try:
        with transaction.atomic():
            response = invitation.answer(score=score, reason=reason, at=now)
            response.save(force_insert=True)
            Invitation.objects.filter(pk=invitation.pk).update(answered_at=now)
            Survey.objects.filter(pk=survey.pk).update(answer_count=F("answer_count") + 1)
            # The reason's sentiment is scored after commit, in the background (see
            # services.sentiment.connect_signals).
            transaction.on_commit(lambda: prompt.forget([member.pk]))
    except IntegrityError:
        raise AlreadyAnswered("You already answered this survey: thank you.") from None
    return response


def dismiss_survey(*, survey: Survey, member: User) -> bool:
    """Hide the prompt for this survey; the member may still answer from the notification."""
    changed = Invitation.objects.filter(
        survey=survey, member=member, answered_at__isnull=True, dismissed_at__isnull=True
    ).update(dismissed_at=timezone.now())
    prompt.forget([member.pk])
    return bool(changed)
