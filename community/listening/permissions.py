"""Who may do what with pulse surveys: every rule here, raised as a reason or asked as a yes/no.

Surveys, their results and members' named answers belong to the community managers; a member
may answer (or dismiss) a survey they were invited to, once, while it is open.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from community.core.standing import allowed
from community.members.models import User

from .models import Invitation, Response, Survey


def is_manager(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "is_community_manager", False)
    )


def ensure_can_manage_surveys(user) -> None:
    if not is_manager(user):
        raise PermissionDenied("Only community managers run surveys and read their answers.")


def ensure_can_answer(member: User, survey: Survey) -> None:
    """The survey is open and the member was invited to it; answering twice is refused by the
    service (the database's unique constraint decides, whatever the concurrency)."""
    if not member.is_authenticated:
        raise PermissionDenied("Sign in to answer this survey.")
    if not Invitation.objects.filter(survey=survey, member=member).exists():
        raise PermissionDenied("This survey was sent to another group of members.")
    now = timezone.now()
    if survey.status != Survey.Status.LAUNCHED or now < survey.opens_at:
        raise PermissionDenied("This survey is not open yet.")
    if now >= survey.closes_at:
        raise PermissionDenied("This survey has closed; thank you all the same.")


def can_answer(member: User, survey: Survey) -> bool:
    return allowed(ensure_can_answer, member, survey)


def can_manage_surveys(user) -> bool:
    return is_manager(user)


def surveys_for(viewer) -> QuerySet[Survey]:
    """The surveys a member may open: those they were invited to (a manager: every one)."""
    if is_manager(viewer):
        return Survey.objects.all()
    if viewer is None or not viewer.is_authenticated:
        return Survey.objects.none()
    return Survey.objects.filter(invitations__member=viewer)


def named_answers(viewer) -> QuerySet[Response]:
    """Answers with the names of who gave them: community managers only."""
    ensure_can_manage_surveys(viewer)
    return Response.objects.select_related("member", "survey", "industry", "region")
