"""Writing a survey, launching it to its segment, and inviting the segment in the background."""

import logging

from django.db import transaction
from django.utils import timezone

from community.core.errors import Rejected
from community.members.models import Audience, User
from community.notifications.announcements import matching_members
from community.notifications.services import notify

from .. import permissions, prompt
from ..models import Invitation, Survey
from ..notification_kinds import ListeningKind

logger = logging.getLogger(__name__)


class SurveyRefused(Rejected):
    """A survey that can't be saved or launched as it stands."""


# Active members in the survey's segment, banned members excluded: a survey is aimed with the
# announcements' very criteria and fields, so their rule reads it as it is.
survey_members = matching_members


# What an invitation keeps of each member: their id and their segment at that moment.
SEGMENT_COLUMNS = ("pk", "profile__industry_id", "profile__country__region_id", "profile__audience")


def invitations(survey_id: int, members, **fields) -> list[Invitation]:
    """Invitation rows for `members`, rows of SEGMENT_COLUMNS values (to bulk_create)."""
    return [
        Invitation(
            survey_id=survey_id,
            member_id=member_id,
            industry_id=industry_id,
            region_id=region_id,
            audience=audience or "",
            **fields,
        )
        for member_id, industry_id, region_id, audience in members
    ]


def save_survey(
    *, survey: Survey, author: User, industries=None, regions=None, roles=None
) -> Survey:
    """Save a draft; a launched survey can only change its closing date (see extend_survey)."""
    permissions.ensure_can_manage_surveys(author)
    if survey.pk and not Survey.objects.filter(pk=survey.pk, status=Survey.Status.DRAFT).exists():
        raise SurveyRefused("This survey was already launched; its questions and segment stay.")
    unknown = set(survey.audiences or []) - {a.value for a in Audience}
    if unknown:
        raise SurveyRefused(f"Unknown audience: {', '.join(sorted(unknown))}.")
    if survey.closes_at <= survey.opens_at:
        raise SurveyRefused("The survey must close after it opens.")
    if survey.created_by_id is None:
        survey.created_by = author
    criteria = {"industries": industries, "regions": regions, "roles": roles}
    with transaction.atomic():
        survey.save()
        for name, chosen in criteria.items():
            if chosen is not None:  # None: leave that criterion as it is
                getattr(survey, name).set(chosen)
    return survey


def launch_survey(*, survey: Survey, sender: User) -> Survey:
    """Fix the segment's size and invite it in the background (once)."""
    permissions.ensure_can_manage_surveys(sender)
    from ..tasks import invite_segment

    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        if locked.status != Survey.Status.DRAFT:
            raise SurveyRefused("This survey was already launched.")
        if locked.closes_at <= timezone.now():
            raise SurveyRefused("This survey's closing date has passed; move it before launching.")
        locked.invited_count = survey_members(locked).count()
        if not locked.invited_count:
            raise SurveyRefused("No member matches this segment; widen it before launching.")
        locked.status = Survey.Status.LAUNCHED
        locked.launched_by = sender
        locked.launched_at = timezone.now()
        locked.save(update_fields=["status", "launched_by", "launched_at", "invited_count"])
        transaction.on_commit(lambda: invite_segment.enqueue(locked.pk))
    return locked


def invite(survey_id: int, *, batch_size: int = 500) -> int:
    """Invite every member of the segment, a batch per transaction, and tell them; returns how
    many were invited. Each batch moves `invited_up_to` with its rows, so a restart resumes."""
    survey = Survey.objects.get(pk=survey_id)
    if survey.status != Survey.Status.LAUNCHED:
        return 0
    members = (
        survey_members(survey)
        .order_by("pk")
        .values_list(
            "pk", "profile__industry_id", "profile__country__region_id", "profile__audience"
        )
    )
    invited = 0
    while True:
        with transaction.atomic():
            done_up_to = (
                Survey.objects.select_for_update()
                .values_list("invited_up_to", flat=True)
                .get(pk=survey_id)
            )
            batch = list(members.filter(pk__gt=done_up_to)[:batch_size])
            if not batch:
                break
            Invitation.objects.bulk_create(invitations(survey_id, batch), ignore_conflicts=True)
            member_ids = [row[0] for row in batch]
            notify(
                kind=ListeningKind.PULSE_SURVEY,
                recipients=member_ids,
                text=f"Quick question: {survey.question}",
                url=survey.get_absolute_url(),
                target=survey,
                live_timeout=10.0,
            )
            Survey.objects.filter(pk=survey_id).update(invited_up_to=member_ids[-1])
            transaction.on_commit(lambda ids=member_ids: prompt.forget(ids))
        invited += len(batch)
    logger.info("Survey %s invited %d members", survey_id, invited)
    return invited


def close_survey(*, survey: Survey, manager: User) -> Survey:
    """Close a launched survey now: the prompt disappears from every member's pages."""
    permissions.ensure_can_manage_surveys(manager)
    now = timezone.now()
    with transaction.atomic():
        changed = Survey.objects.filter(
            pk=survey.pk, status=Survey.Status.LAUNCHED, closes_at__gt=now, opens_at__lt=now
        ).update(closes_at=now)
        if not changed:
            raise SurveyRefused("Only an open survey can be closed.")
        member_ids = list(
            Invitation.objects.filter(survey=survey, answered_at__isnull=True).values_list(
                "member_id", flat=True
            )
        )
        transaction.on_commit(lambda: prompt.forget(member_ids))
    survey.closes_at = now
    return survey
