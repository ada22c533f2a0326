"""Partners teach their own practice: they write courses in the learning section, and a community
manager approves each one before anyone else sees it.

Partners get `add_page` on the catalogue and nothing more: Wagtail lets them create courses and
edit the ones they own, never publish. Their "Submit for review" starts the courses' workflow,
whose one task is the community managers' approval (the same task the stories section uses, so
managers find every submission in one queue). Until a manager approves, the course is a draft:
absent from the catalogue, search, the sitemap and its own address (`permissions.visible_courses`).
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.models import (
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from community.members.roles import Role
from community.stories.pages import StoryIndexPage
from community.stories.workflow import ensure_review_workflow

from .pages import CoursePage, LearningIndexPage

WORKFLOW_NAME = "Courses review"


@transaction.atomic
def ensure_course_review(index: LearningIndexPage) -> Workflow:
    """The catalogue's workflow (the managers' approval task, made with the stories section's
    workflow) and the partners' right to write courses under it. Idempotent."""
    (task,) = ensure_review_workflow(StoryIndexPage.objects.get()).tasks.all()
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    GroupPagePermission.objects.get_or_create(
        group=Group.objects.get(name=Role.PARTNER.value),
        page=index,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="add_page"
        ),
    )
    return workflow


def ensure_can_add_lesson(user, parent: Page) -> None:
    """A lesson goes under a course its author may publish or owns: the right to write courses
    covers the whole catalogue, but a partner adds lessons to their own courses only."""
    course = parent.specific
    if not isinstance(course, CoursePage):
        return
    if course.owner_id == user.pk or course.permissions_for_user(user).can_publish():
        return
    raise PermissionDenied("Add lessons to your own courses; this one belongs to someone else.")
