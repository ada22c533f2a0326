"""A course written for review (a partner's) is seen by no one until it is approved."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from learning.pages import CoursePage
from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.factories.learning import CourseFactory, learning_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def review_workflow():
    reviewers = Group.objects.create(name="Course reviewers")
    task = GroupApprovalTask.objects.create(name="Review the course")
    task.groups.set([reviewers])
    workflow = Workflow.objects.create(name="Course review")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=learning_index())
    # Publishing on approval needs publish permission, which the site gives its managers.
    reviewer = CommunityManagerFactory()
    reviewer.is_superuser = True
    reviewer.save(update_fields=["is_superuser"])
    reviewer.groups.add(reviewers)
    return workflow, reviewer


def test_a_course_in_review_is_hidden_until_approved(client, review_workflow):
    workflow, reviewer = review_workflow
    author = CustomerFactory()
    course = CourseFactory(title="Loyalty programmes, by Tamarind Partners", live=False)
    course.save_revision(user=author)
    state = workflow.start(course, author)

    assert course.title not in client.get(learning_index().url).text
    assert client.get(f"/learning/{course.slug}/").status_code == 404

    state.current_task_state.approve(user=reviewer)

    course = CoursePage.objects.get(pk=course.pk)
    assert course.live
    assert course.title in client.get(learning_index().url).text
    assert client.get(course.url).status_code == 200
