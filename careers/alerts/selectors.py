"""Reads of job alerts: what the member's data export holds."""

from community.members.models import User

from ..application_models import JobAlert, SavedSearch
from .services import board_url


def export_for_member(member: User) -> list[dict]:
    """The member's saved searches, with the jobs each told them of."""
    sent: dict[int | None, list[str]] = {}
    for alert in JobAlert.objects.filter(member=member).select_related("posting"):
        sent.setdefault(alert.saved_search_id, []).append(alert.posting.title)
    return [
        {
            "name": search.name,
            "search": board_url(search.query),
            "frequency": search.get_frequency_display(),
            "saved_at": search.created_at.isoformat(),
            "jobs_sent": sent.get(search.pk, []),
        }
        for search in SavedSearch.objects.filter(member=member)
    ]
