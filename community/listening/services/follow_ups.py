"""Turning what a member said into something a manager does."""

from django.db import IntegrityError, transaction

from community.core.errors import Rejected
from community.members.models import User

from .. import permissions
from ..models import FollowUp, Response


class FollowUpRefused(Rejected):
    pass


def _ensure_assignable(assignee: User | None) -> None:
    if assignee is not None and not permissions.is_manager(assignee):
        raise FollowUpRefused("Assign follow-ups to a community manager.")


def start_follow_up(
    *, response: Response, manager: User, assignee: User | None = None, note: str = ""
) -> FollowUp:
    """One follow-up per answer; assigned to the manager who starts it unless told."""
    permissions.ensure_can_manage_surveys(manager)
    assignee = assignee or manager
    _ensure_assignable(assignee)
    try:
        with transaction.atomic():
            return FollowUp.objects.create(
                response=response, assignee=assignee, note=note.strip(), created_by=manager
            )
    except IntegrityError:
        raise FollowUpRefused("This answer already has a follow-up.") from None


def update_follow_up(
    *, follow_up: FollowUp, manager: User, status: str, assignee: User | None, note: str
) -> FollowUp:
    permissions.ensure_can_manage_surveys(manager)
    if status not in FollowUp.Status.values:
        raise FollowUpRefused("Choose open, in progress or done.")
    _ensure_assignable(assignee)
    follow_up.status = status
    follow_up.assignee = assignee
    follow_up.note = note.strip()
    follow_up.save(update_fields=["status", "assignee", "note", "updated_at"])
    return follow_up
