"""The review workflow for the stories section, and who hears about it.

Partners can add and edit pages but not publish: "Submit for review" starts the workflow, a
community manager approves (which publishes) or rejects with a comment (the page stays a
draft that needs changes). Community managers hear of each submission; whoever submitted hears
the outcome.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.signals import pre_save
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    Page,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected

from community.members.models import User
from community.members.roles import Role
from community.notifications.services import notify

from .pages import PartnerPage, StoryIndexPage, StoryPage

WORKFLOW_NAME = "Stories review"
TASK_NAME = "Community manager approval"
REVIEW_KIND = "story_review"
DECISION_KIND = "story_decision"


@transaction.atomic
def ensure_review_workflow(index: StoryIndexPage) -> Workflow:
    """The stories section's workflow: one approval task for the community managers."""
    managers = Group.objects.get(name=Role.COMMUNITY_MANAGER.value)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(managers)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def _in_stories(page) -> bool:
    return isinstance(page, Page) and isinstance(page.specific, (StoryPage, PartnerPage))


def _edit_url(page: Page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _reviewers(task) -> list[int]:
    groups = task.groups.all() if isinstance(task, GroupApprovalTask) else []
    return list(
        User.objects.filter(is_active=True, groups__in=groups)
        .distinct()
        .values_list("pk", flat=True)
    )


def _submitted(sender, instance, user=None, **kwargs) -> None:
    # A task starts on a first submission and again on a resubmission after changes; its
    # reviewers hear of both.
    page = instance.workflow_state.content_object
    if not _in_stories(page):
        return
    who = str(user) if user else "A partner"
    notify(
        kind=REVIEW_KIND,
        recipients=_reviewers(instance.task.specific),
        actor=user,
        text=f"{who} submitted “{page.get_admin_display_title()}” for review",
        url=_edit_url(page),
    )


def _approved(sender, instance, user=None, **kwargs) -> None:
    page = instance.content_object
    if not _in_stories(page) or instance.requested_by_id is None:
        return
    page = page.specific
    notify(
        kind=DECISION_KIND,
        recipients=[instance.requested_by_id],
        actor=user,
        text=f"“{page.title}” was approved and is published",
        url=page.url or _edit_url(page),
    )


def _rejected(sender, instance, user=None, **kwargs) -> None:
    page = instance.content_object
    if not _in_stories(page) or instance.requested_by_id is None:
        return
    comment = (instance.current_task_state.comment or "").strip()
    text = f"“{page.get_admin_display_title()}” needs changes"
    notify(
        kind=DECISION_KIND,
        recipients=[instance.requested_by_id],
        actor=user,
        text=f"{text}: {comment}" if comment else text,
        url=_edit_url(page),
    )


def _decide_once(sender, instance: TaskState, raw: bool = False, **kwargs) -> None:
    """Refuse a decision on a task someone has already decided.

    Wagtail checks the task's status as the request read it, so two approvals sent at once (a
    double click, two managers) would both publish and both tell the partner. The row is locked
    and read again here, inside the decision's transaction: the second one is refused.
    """
    if raw or instance.pk is None or instance.status == TaskState.STATUS_IN_PROGRESS:
        return
    states = TaskState.objects.filter(pk=instance.pk)
    if transaction.get_connection().in_atomic_block:
        states = states.select_for_update()
    stored = states.values("status", "finished_at").first()
    if (
        stored is not None
        and stored["status"] != TaskState.STATUS_IN_PROGRESS
        and stored["finished_at"] != instance.finished_at
    ):
        raise PermissionDenied("This review was already decided by someone else.")


def connect_signals() -> None:
    pre_save.connect(_decide_once, sender=TaskState, dispatch_uid="stories_decide_once")
    task_submitted.connect(_submitted, dispatch_uid="stories_task_submitted")
    workflow_approved.connect(_approved, dispatch_uid="stories_workflow_approved")
    workflow_rejected.connect(_rejected, dispatch_uid="stories_workflow_rejected")
