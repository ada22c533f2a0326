"""What needs a community manager, as one list: reported and held posts from the review queue,
and content waiting in a workflow task this person may approve (stories, or anything else
Wagtail's workflows review). Newest first, each with what to open to act on it.

Built with a fixed number of queries whatever the numbers waiting: one union for the queue's
page plus its fill-in (see selectors.queue_entries), and one for the workflow tasks.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import Page, TaskState

from community.members.models import User

from . import selectors

ATTENTION_LIMIT = 15


@dataclass(frozen=True)
class AttentionItem:
    kind: str  # "Reported reply", "Customer story to review"...
    title: str
    who: User | None
    when: datetime
    url: str
    detail: str = ""


def _queue_items(limit: int) -> list[AttentionItem]:
    items = []
    for entry in selectors.queue_entries(selectors.queue()[:limit]):
        if entry.reports:
            kind = f"Reported {entry.kind}"
            reporters = entry.reporters
            detail = f"{reporters} member{'s' if reporters != 1 else ''} reported it"
        else:
            kind = f"{entry.kind.capitalize()} awaiting approval"
            detail = entry.hold_reason
        items.append(
            AttentionItem(
                kind=kind,
                title=entry.title,
                who=entry.author,
                when=entry.latest,
                url=reverse("moderation_queue:review", args=[entry.kind, entry.target_id]),
                detail=detail,
            )
        )
    return items


def _edit_url(content_type: ContentType, object_id: str) -> str:
    model = content_type.model_class()
    if model is not None and issubclass(model, Page):
        return reverse("wagtailadmin_pages:edit", args=[object_id])
    return reverse(
        f"wagtailsnippets_{content_type.app_label}_{content_type.model}:edit", args=[object_id]
    )


def _review_items(user: User, limit: int) -> list[AttentionItem]:
    states = (
        TaskState.objects.reviewable_by(user)
        .filter(status=TaskState.STATUS_IN_PROGRESS)
        .select_related("revision", "workflow_state__requested_by")
        .order_by("-started_at")[:limit]
    )
    items = []
    for state in states:
        revision = state.revision
        # The revision names the specific model; ContentType serves it from its cache.
        content_type = ContentType.objects.get_for_id(revision.content_type_id)
        model = content_type.model_class()
        label = model._meta.verbose_name if model is not None else "item"
        items.append(
            AttentionItem(
                kind=f"{label[:1].upper()}{label[1:]} to review",
                title=revision.object_str,
                who=state.workflow_state.requested_by,
                when=state.started_at,
                url=_edit_url(content_type, revision.object_id),
            )
        )
    return items


def needs_attention(user: User, *, can_moderate: bool, limit: int = ATTENTION_LIMIT):
    """The newest `limit` items waiting for this person, across the review queue (when they
    moderate) and the workflow tasks they may approve."""
    items = _review_items(user, limit)
    if can_moderate:
        items += _queue_items(limit)
    return sorted(items, key=lambda item: item.when, reverse=True)[:limit]
