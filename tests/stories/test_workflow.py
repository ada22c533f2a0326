"""The stories review: partners submit, community managers approve (which publishes) or reject
with a comment; the managers hear of submissions, the partner hears of the outcome."""

import pytest
from django.urls import reverse
from wagtail.models import GroupApprovalTask, WorkflowPage, WorkflowState

from community.notifications.models import Notification
from community.stories.pages import StoryPage
from community.stories.workflow import DECISION_KIND, REVIEW_KIND, WORKFLOW_NAME
from tests.factories import CommunityManagerFactory
from tests.factories.stories import (
    StoryFactory,
    current_task_state,
    decide,
    submit_for_review,
)
from tests.stories.support import add_story_url, edit_url, story_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(partner_section, partner):
    return StoryFactory(
        parent=partner_section.page,
        owner=partner,
        status="draft",
        title="Tamarind Foods doubled its loyalty sign-ups",
        customer_name="Tamarind Foods",
    )


@pytest.fixture
def submitted(draft, partner, manager):
    return submit_for_review(draft, partner)


def notifications(kind: str, recipient) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind, recipient=recipient))


def workflow_action_url(page, action: str) -> str:
    task_state = current_task_state(page)
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def test_the_stories_section_has_the_review_workflow(stories):
    assert WorkflowPage.objects.get(page=stories).workflow.name == WORKFLOW_NAME


def test_a_partner_section_inherits_the_review_workflow(partner_section):
    assert partner_section.page.get_workflow().name == WORKFLOW_NAME


def test_submitting_starts_the_stories_review(submitted, partner):
    state = submitted.current_workflow_state

    assert state.workflow.name == WORKFLOW_NAME
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == partner
    assert isinstance(state.current_task_state.task.specific, GroupApprovalTask)
    assert not submitted.live


def test_every_community_manager_hears_of_a_submission(draft, partner, manager):
    second_manager = CommunityManagerFactory()

    submit_for_review(draft, partner)

    for reviewer in (manager, second_manager):
        (notification,) = notifications(REVIEW_KIND, reviewer)
        assert "Tamarind Foods doubled its loyalty sign-ups" in notification.text
        assert notification.url == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert notifications(REVIEW_KIND, partner) == []


def test_submitting_from_the_admin_notifies_the_community_managers(
    client, partner, partner_section, manager
):
    client.force_login(partner)

    client.post(add_story_url(partner_section.page), story_form(action="submit"))

    (notification,) = notifications(REVIEW_KIND, manager)
    assert "Kestrel Logistics ships every order on time" in notification.text
    assert notification.actor == partner


def test_a_story_without_a_customer_is_not_submitted(client, partner, partner_section, manager):
    client.force_login(partner)

    response = client.post(
        add_story_url(partner_section.page), story_form(customer="  ", action="submit")
    )

    assert response.status_code == 200
    assert "Name the customer this story is about." in response.content.decode()
    assert not StoryPage.objects.filter(slug="kestrel-logistics-on-time").exists()
    assert notifications(REVIEW_KIND, manager) == []


def test_approval_by_a_community_manager_publishes_the_story(client, submitted, manager):
    approved = decide(submitted, manager, "approve")

    assert approved.live
    assert approved.first_published_at is not None
    assert approved.current_workflow_state is None
    assert client.get(approved.url).status_code == 200


def test_the_submitter_hears_that_their_story_was_approved(submitted, partner, manager):
    approved = decide(submitted, manager, "approve")

    (notification,) = notifications(DECISION_KIND, partner)
    assert "approved" in notification.text
    assert "Tamarind Foods doubled its loyalty sign-ups" in notification.text
    assert notification.url == approved.url
    assert notification.actor == manager


def test_community_manager_approves_through_the_admin_workflow_action(
    client, submitted, manager, partner
):
    client.force_login(manager)

    response = client.post(workflow_action_url(submitted, "approve"), {"comment": ""})

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.live
    assert len(notifications(DECISION_KIND, partner)) == 1


def test_rejection_leaves_the_story_unpublished_and_needing_changes(client, submitted, manager):
    decide(submitted, manager, "reject", "Please name the customer's region and a metric.")

    submitted.refresh_from_db()
    state = WorkflowState.objects.for_instance(submitted).get()
    assert not submitted.live
    assert submitted.first_published_at is None
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.status == "rejected"
    assert state.current_task_state.comment == "Please name the customer's region and a metric."
    assert client.get(submitted.url).status_code == 404


def test_the_submitter_reads_the_rejection_comment_in_their_notification(
    submitted, partner, manager
):
    decide(submitted, manager, "reject", "Please name the customer's region and a metric.")

    (notification,) = notifications(DECISION_KIND, partner)
    assert "needs changes" in notification.text
    assert "Please name the customer's region and a metric." in notification.text
    assert notification.url == reverse("wagtailadmin_pages:edit", args=[submitted.pk])


def test_community_manager_rejects_with_a_comment_through_the_admin(
    client, submitted, manager, partner
):
    client.force_login(manager)

    response = client.post(
        workflow_action_url(submitted, "reject"), {"comment": "Add the results section."}
    )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert not submitted.live
    state = WorkflowState.objects.for_instance(submitted).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "Add the results section."
    (notification,) = notifications(DECISION_KIND, partner)
    assert "Add the results section." in notification.text


def test_partner_cannot_approve_their_own_submission(client, submitted, partner):
    task_state = current_task_state(submitted)
    assert task_state.task.specific.get_actions(submitted, partner) == []

    client.force_login(partner)
    response = client.post(workflow_action_url(submitted, "approve"), {"comment": ""})

    assert response.status_code in (302, 403)
    submitted.refresh_from_db()
    assert not submitted.live
    assert submitted.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_a_rejected_story_can_be_resubmitted_and_then_approved(submitted, partner, manager):
    decide(submitted, manager, "reject", "Add a quote.")

    resubmitted = submit_for_review(submitted, partner)
    approved = decide(resubmitted, manager, "approve")

    assert approved.live
    assert "approved" in notifications(DECISION_KIND, partner)[0].text


def test_community_managers_hear_of_a_story_resubmitted_after_changes(
    client, submitted, partner, manager
):
    decide(submitted, manager, "reject", "Add a quote.")
    client.force_login(partner)

    response = client.post(
        edit_url(submitted),
        story_form(title=submitted.title, slug=submitted.slug, action="submit"),
    )

    assert response.status_code == 302
    state = WorkflowState.objects.for_instance(submitted).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert len(notifications(REVIEW_KIND, manager)) == 2


def test_approving_a_new_version_of_a_live_story_publishes_the_new_version(
    partner_section, partner, manager
):
    story = StoryFactory(parent=partner_section.page, owner=partner, title="First version")
    story.title = "Second version"

    resubmitted = submit_for_review(story, partner)
    assert StoryPage.objects.get(pk=story.pk).title == "First version"
    approved = decide(resubmitted, manager, "approve")

    assert approved.live
    assert approved.title == "Second version"
