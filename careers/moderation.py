"""Job postings as moderatable content: reportable like posts, and a new employer's first
postings wait in the same review queue (declared to the core in contributions.py).

The adapter is handed the row the moderation service locked, so the status changes here need
no lock of their own.
"""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator

from community.moderation.registry import Moderatable
from community.search import index_later

from . import services
from .models import JobPosting, PostingStatus

STATES = {
    PostingStatus.OPEN: "published",
    PostingStatus.CLOSED: "published",
    PostingStatus.PENDING: "held",
    PostingStatus.DRAFT: "hidden",
    PostingStatus.HIDDEN: "hidden",
    PostingStatus.REMOVED: "deleted",
}


class JobPostingModeration(Moderatable):
    model = JobPosting

    def author(self, item: JobPosting):
        return item.posted_by

    def title(self, item: JobPosting) -> str:
        return f"{item.title} at {item.company.name}"

    def excerpt(self, item: JobPosting) -> str:
        return Truncator(strip_tags(item.description_html)).chars(280)

    def fallback_url(self, item: JobPosting) -> str:
        return item.company.get_absolute_url()

    def context(self, item: JobPosting) -> str:
        return f"Careers · {item.company.name}"

    def is_visible(self, item: JobPosting) -> bool:
        return STATES[item.status] == "published"

    def _set(self, item: JobPosting, status: str) -> None:
        item.status = status
        item.save(update_fields=["status", "updated_at"])
        index_later(item)

    def hide(self, item: JobPosting) -> None:
        self._set(item, PostingStatus.HIDDEN)

    def restore(self, item: JobPosting) -> None:
        # Back to where it stood before moderators stepped in.
        if item.posted_at is None:
            self._set(item, PostingStatus.PENDING)
        elif item.closed_at is not None:
            self._set(item, PostingStatus.CLOSED)
        else:
            self._set(item, PostingStatus.OPEN)

    def delete(self, item: JobPosting) -> None:
        self._set(item, PostingStatus.REMOVED)

    def hold(self, item: JobPosting) -> None:
        self._set(item, PostingStatus.PENDING)

    def approve(self, item: JobPosting) -> None:
        services.publish_approved(item)

    def hide_everything_by(self, member) -> int:
        return self.take_down(
            JobPosting.objects.filter(
                posted_by=member,
                status__in=[PostingStatus.OPEN, PostingStatus.CLOSED, PostingStatus.PENDING],
            )
        )

    def state(self, item: JobPosting) -> str:
        return STATES[item.status]

    def held(self) -> QuerySet[JobPosting]:
        return JobPosting.objects.filter(status=PostingStatus.PENDING).annotate(
            held_since=Coalesce("submitted_at", "created_at")
        )

    def load(self, pks: Iterable[int]) -> dict[int, JobPosting]:
        return JobPosting.objects.select_related("posted_by__profile", "company").in_bulk(list(pks))

    def body_html(self, item: JobPosting) -> str:
        return item.description_html

    def edit_url(self, item: JobPosting) -> str:
        return reverse("careers:edit_job", args=[item.pk])


def record_approver(sender, instance, created: bool, **kwargs) -> None:
    """Name the community manager who approved a posting on the posting itself (the review
    queue writes the audit line; the adapter is not told who acted)."""
    if not created or instance.action != "approve" or instance.actor_id is None:
        return
    if instance.target_type is None or instance.target_type.model_class() is not JobPosting:
        return
    JobPosting.objects.filter(pk=instance.target_id).update(approved_by_id=instance.actor_id)


def connect_signals() -> None:
    from django.db.models.signals import post_save

    from community.moderation.models import ModerationAction

    post_save.connect(
        record_approver, sender=ModerationAction, dispatch_uid="careers_record_approver"
    )
