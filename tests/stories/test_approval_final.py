"""An approval is final unless a person changes it: an editor tab left open, a save that was
already on its way, or a second click on "Approve" never takes an approved story offline."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.admin.views.pages.edit import EditView
from wagtail.models import PageLogEntry, WorkflowState

from community.notifications.models import Notification
from community.stories.pages import StoryPage
from community.stories.workflow import DECISION_KIND
from tests.factories.stories import StoryFactory, current_task_state, decide, submit_for_review
from tests.stories.support import edit_url, story_form

pytestmark = pytest.mark.django_db

TITLE = "Kestrel Logistics ships every order on time"


@pytest.fixture
def in_review(partner_section, partner, manager):
    draft = StoryFactory(
        parent=partner_section.page,
        owner=partner,
        status="draft",
        title=TITLE,
        slug="kestrel-logistics-on-time",
        customer_name="Kestrel Logistics",
    )
    return submit_for_review(draft, partner)


def approve_url(page) -> str:
    return reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", current_task_state(page).pk]
    )


def assert_public(client, page_pk: int) -> StoryPage:
    story = StoryPage.objects.get(pk=page_pk)
    assert story.live
    client.logout()
    assert client.get(story.url).status_code == 200
    return story


@pytest.mark.parametrize("editor", ["partner", "manager"])
def test_an_approved_story_stays_public_when_a_stale_editor_tab_saves_a_draft(
    client, in_review, manager, request, editor
):
    who = request.getfixturevalue(editor)
    # The form as the editor's tab holds it: loaded before the approval, then edited.
    stale_form = story_form(summary="A later wording the editor typed after the approval.")

    decide(in_review, manager, "approve")
    client.force_login(who)
    response = client.post(edit_url(in_review), stale_form)

    assert response.status_code == 302
    story = assert_public(client, in_review.pk)
    # What the tab sent is kept as a draft for the next review, not published.
    assert story.has_unpublished_changes
    assert story.summary != "A later wording the editor typed after the approval."
    latest = story.get_latest_revision_as_object()
    assert latest.summary == "A later wording the editor typed after the approval."


def test_an_approved_story_stays_public_when_a_save_begun_before_the_approval_lands_after_it(
    client, in_review, manager, monkeypatch
):
    """The editor (here the reviewing manager's own open tab autosaving) read the story as a
    draft; the approval commits while that save is on its way; the save then lands."""
    real_form_valid = EditView.form_valid

    def approval_lands_first(view, form):
        decide(in_review, manager, "approve")
        return real_form_valid(view, form)

    monkeypatch.setattr(EditView, "form_valid", approval_lands_first)
    client.force_login(manager)
    response = client.post(
        edit_url(in_review), story_form(summary="Typed while the approval went through.")
    )

    assert response.status_code == 302
    story = assert_public(client, in_review.pk)
    assert story.summary != "Typed while the approval went through."
    assert story.get_latest_revision_as_object().summary == "Typed while the approval went through."


def test_a_second_click_on_approve_keeps_the_story_public_and_tells_the_partner_once(
    client, in_review, manager, partner
):
    url = approve_url(in_review)
    client.force_login(manager)

    first = client.post(url, {"comment": ""})
    second = client.post(url, {"comment": ""})

    assert first.status_code == 302
    assert second.status_code in (302, 403)
    assert_public(client, in_review.pk)
    assert Notification.objects.filter(kind=DECISION_KIND, recipient=partner).count() == 1
    states = WorkflowState.objects.filter(object_id=str(in_review.pk))
    assert [s.status for s in states] == [WorkflowState.STATUS_APPROVED]


def test_two_approvals_sent_at_once_publish_once_and_tell_the_partner_once(
    in_review, manager, partner
):
    """Both requests read the task as waiting; the first approval commits; the second is
    refused instead of publishing again."""
    second_managers_view = current_task_state(in_review)
    second_managers_view.workflow_state  # noqa: B018 - read before the first approval lands

    decide(in_review, manager, "approve")
    with pytest.raises(PermissionDenied):
        second_managers_view.task.specific.on_action(second_managers_view, manager, "approve")

    story = StoryPage.objects.get(pk=in_review.pk)
    assert story.live
    assert PageLogEntry.objects.filter(page=story, action="wagtail.publish").count() == 1
    assert Notification.objects.filter(kind=DECISION_KIND, recipient=partner).count() == 1


def test_a_person_can_still_unpublish_an_approved_story(client, in_review, manager):
    decide(in_review, manager, "approve")
    client.force_login(manager)

    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[in_review.pk]))

    assert response.status_code == 302
    assert not StoryPage.objects.get(pk=in_review.pk).live
