"""Who may do what with stories in the Wagtail admin: a role × action table, then the same
rules through the admin's own views, then partners' images and documents."""

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupApprovalTask
from wagtail.permissions import policy_registry
from wagtail.test.utils.form_data import nested_form_data, rich_text

from community.stories.blocks import RICH_TEXT_FEATURES
from community.stories.pages import StoryPage
from tests.factories import CommunityManagerFactory, CustomerFactory, PartnerFactory
from tests.factories.stories import StoryFactory, image_upload, make_image
from tests.stories.support import add_story_url, edit_url, refused, story_form

pytestmark = pytest.mark.django_db

image_permissions = policy_registry.get_by_type(get_image_model())
document_permissions = policy_registry.get_by_type(get_document_model())


@pytest.fixture
def fjord_story(partner_section, partner):
    return StoryFactory(parent=partner_section.page, owner=partner, status="draft")


@pytest.fixture
def savanna_story(other_section, other_partner):
    return StoryFactory(parent=other_section.page, owner=other_partner, status="draft")


@pytest.fixture
def someone(request, partner, other_partner, partner_section, other_section):
    return {
        "Fjord partner": lambda: partner,
        "Savanna partner": lambda: other_partner,
        "partner of no organisation": PartnerFactory,
        "customer": CustomerFactory,
        "community manager": CommunityManagerFactory,
    }[request.param]()


# --- The table ---------------------------------------------------------------------------

# role -> (add in Fjord's section, edit Fjord's section, edit a Fjord draft, publish a Fjord
#          draft, unpublish or delete a published Fjord story, delete Fjord's section,
#          add in Savanna's section, edit a Savanna draft, add under /stories/, edit /stories/,
#          publish under /stories/)
EXPECTED = {
    "Fjord partner": (True, True, True, False, False, False, False, False, False, False, False),
    "Savanna partner": (False, False, False, False, False, False, True, True, False, False, False),
    "partner of no organisation": (False,) * 11,
    "customer": (False,) * 11,
    "community manager": (True, True, True, True, True, False, True, True, True, True, True),
}


@pytest.mark.parametrize(("someone", "expected"), EXPECTED.items(), indirect=["someone"])
def test_what_each_role_may_do_with_stories(
    someone, expected, stories, partner_section, other_section, fjord_story, savanna_story
):
    live_story = StoryFactory(parent=partner_section.page)
    fjord = partner_section.page.permissions_for_user(someone)
    draft = fjord_story.permissions_for_user(someone)
    published = live_story.permissions_for_user(someone)
    savanna = other_section.page.permissions_for_user(someone)
    index = stories.permissions_for_user(someone)

    actual = (
        fjord.can_add_subpage(),
        fjord.can_edit(),
        draft.can_edit(),
        draft.can_publish(),
        published.can_unpublish() or published.can_delete(),
        fjord.can_delete(),
        savanna.can_add_subpage(),
        savanna_story.permissions_for_user(someone).can_edit(),
        index.can_add_subpage(),
        index.can_edit(),
        index.can_publish_subpage(),
    )

    assert actual == expected


def test_partner_cannot_publish_their_own_story(partner, fjord_story):
    assert not fjord_story.permissions_for_user(partner).can_publish()
    assert not fjord_story.permissions_for_user(partner).can_unpublish()


def test_partner_cannot_approve_their_own_submission(partner, fjord_story, manager):
    task = GroupApprovalTask.objects.get(name="Community manager approval")

    assert task.get_actions(fjord_story, partner) == []
    assert {name for name, *_ in task.get_actions(fjord_story, manager)} >= {"approve", "reject"}


# --- Through the admin -------------------------------------------------------------------


def test_partner_opens_the_add_story_form_in_their_own_section(client, partner, partner_section):
    client.force_login(partner)

    response = client.get(add_story_url(partner_section.page))

    assert response.status_code == 200
    assert 'name="customer_name"' in response.content.decode()


def test_partner_saves_a_draft_story_in_their_section(client, partner, partner_section):
    client.force_login(partner)

    response = client.post(add_story_url(partner_section.page), story_form())

    assert response.status_code == 302
    story = StoryPage.objects.get(slug="kestrel-logistics-on-time")
    assert story.get_parent().pk == partner_section.page.pk
    assert story.owner == partner
    assert not story.live
    assert story.first_published_at is None
    assert story.latest_revision.user == partner


def test_partner_submitting_a_story_sends_it_to_review_unpublished(
    client, partner, partner_section
):
    client.force_login(partner)

    response = client.post(add_story_url(partner_section.page), story_form(action="submit"))

    assert response.status_code == 302
    story = StoryPage.objects.get(slug="kestrel-logistics-on-time")
    assert not story.live
    assert story.current_workflow_state.status == "in_progress"
    assert story.current_workflow_state.requested_by == partner


def test_partner_pressing_publish_on_a_new_story_only_saves_a_draft(
    client, partner, partner_section
):
    client.force_login(partner)

    client.post(add_story_url(partner_section.page), story_form(action="publish"))

    story = StoryPage.objects.get(slug="kestrel-logistics-on-time")
    assert not story.live
    assert story.first_published_at is None
    assert client.get(story.url).status_code == 404


def test_partner_pressing_publish_on_an_existing_draft_does_not_publish_it(
    client, partner, fjord_story
):
    client.force_login(partner)

    client.post(
        edit_url(fjord_story),
        story_form(title="Now with a new title", slug=fjord_story.slug, action="publish"),
    )

    fjord_story.refresh_from_db()
    assert not fjord_story.live
    assert fjord_story.latest_revision.as_object().title == "Now with a new title"


def test_partner_cannot_open_another_partners_story_or_section(
    client, partner, partner_section, other_section, savanna_story
):
    client.force_login(partner)

    assert refused(client.get(edit_url(savanna_story)))
    assert refused(client.get(edit_url(other_section.page)))
    assert refused(client.get(add_story_url(other_section.page)))


def test_partner_cannot_change_another_partners_story_by_posting(
    client, partner, partner_section, savanna_story
):
    client.force_login(partner)

    response = client.post(
        edit_url(savanna_story), story_form(title="Taken over", slug=savanna_story.slug)
    )

    assert refused(response)
    savanna_story.refresh_from_db()
    assert savanna_story.latest_revision.as_object().title != "Taken over"


def test_partner_cannot_add_a_story_in_another_partners_section_by_posting(
    client, partner, partner_section, other_section
):
    client.force_login(partner)

    response = client.post(add_story_url(other_section.page), story_form())

    assert refused(response)
    assert not StoryPage.objects.filter(slug="kestrel-logistics-on-time").exists()


def test_partner_cannot_add_under_or_edit_the_stories_index(
    client, partner, partner_section, stories
):
    client.force_login(partner)

    assert refused(client.get(add_story_url(stories)))
    assert refused(client.post(add_story_url(stories), story_form()))
    assert refused(client.get(edit_url(stories)))
    assert not StoryPage.objects.filter(slug="kestrel-logistics-on-time").exists()


def test_community_manager_publishes_a_story_from_the_admin(client, manager, fjord_story):
    client.force_login(manager)

    response = client.post(
        edit_url(fjord_story),
        story_form(title=fjord_story.title, slug=fjord_story.slug, action="publish"),
    )

    assert response.status_code == 302
    fjord_story.refresh_from_db()
    assert fjord_story.live
    assert client.get(fjord_story.url).status_code == 200


def test_partner_cannot_feature_a_story(client, partner, partner_section):
    client.force_login(partner)

    client.post(add_story_url(partner_section.page), story_form(featured="on"))

    story = StoryPage.objects.get(slug="kestrel-logistics-on-time")
    assert not story.featured
    assert not story.latest_revision.as_object().featured


def test_community_manager_features_a_story(client, manager, fjord_story):
    client.force_login(manager)

    client.post(
        edit_url(fjord_story),
        story_form(title=fjord_story.title, slug=fjord_story.slug, featured="on", action="publish"),
    )

    fjord_story.refresh_from_db()
    assert fjord_story.live and fjord_story.featured


def test_partner_changes_to_their_section_wait_for_review(client, partner, partner_section):
    section = partner_section.page
    client.force_login(partner)

    response = client.post(
        edit_url(section),
        nested_form_data(
            {
                "title": "Fjord Consulting",
                "slug": section.slug,
                "summary": "Now the best agency in the world, says the agency.",
                "website": "https://fjord.example.com",
                "about": rich_text("<p>Lifecycle marketing.</p>", features=RICH_TEXT_FEATURES),
                "action-publish": "publish",
            }
        ),
    )

    assert response.status_code == 302
    section.refresh_from_db()
    assert section.summary == ""
    assert section.latest_revision.as_object().summary.startswith("Now the best agency")


def test_partner_cannot_delete_a_published_story_in_their_section(client, partner, partner_section):
    story = StoryFactory(parent=partner_section.page, owner=partner)
    client.force_login(partner)

    response = client.post(reverse("wagtailadmin_pages:delete", args=[story.pk]))

    assert refused(response)
    assert StoryPage.objects.filter(pk=story.pk, live=True).exists()


def test_partner_cannot_unpublish_a_story_in_their_section(client, partner, partner_section):
    story = StoryFactory(parent=partner_section.page, owner=partner)
    client.force_login(partner)

    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[story.pk]))

    assert refused(response)
    assert StoryPage.objects.get(pk=story.pk).live


def test_partner_may_delete_their_own_draft(client, partner, fjord_story):
    client.force_login(partner)

    response = client.post(reverse("wagtailadmin_pages:delete", args=[fjord_story.pk]))

    assert response.status_code == 302
    assert not StoryPage.objects.filter(pk=fjord_story.pk).exists()


@pytest.mark.parametrize("factory", [CustomerFactory, PartnerFactory], ids=["customer", "partner"])
def test_members_outside_a_partner_group_cannot_open_the_page_editor(
    client, factory, partner_section
):
    client.force_login(factory())

    response = client.get(add_story_url(partner_section.page))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


# --- Images and documents ----------------------------------------------------------------


def test_partner_may_only_add_images_and_documents_to_their_own_collection(
    partner, partner_section, other_section
):
    own = [partner_section.collection]

    assert list(image_permissions.collections_user_has_permission_for(partner, "add")) == own
    assert list(document_permissions.collections_user_has_permission_for(partner, "add")) == own


def test_partner_image_upload_lands_in_their_collection_whatever_they_post(
    client, partner, partner_section, other_section
):
    client.force_login(partner)

    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Kestrel logo",
            "file": image_upload("kestrel.png"),
            "collection": str(other_section.collection.pk),
        },
    )

    assert response.status_code == 302
    image = get_image_model().objects.get(title="Kestrel logo")
    assert image.collection == partner_section.collection


def test_partner_bulk_upload_lands_in_their_collection_whatever_they_post(
    client, partner, partner_section, other_section
):
    client.force_login(partner)

    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": image_upload("team.png"), "collection": str(other_section.collection.pk)},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )

    assert response.status_code == 200
    assert response.json()["success"]
    image = get_image_model().objects.get(pk=response.json()["image_id"])
    assert image.collection == partner_section.collection


def test_partner_cannot_edit_another_partners_image(
    client, partner, partner_section, other_section
):
    theirs = make_image("Savanna logo", collection=other_section.collection)
    client.force_login(partner)

    response = client.post(reverse("wagtailimages:edit", args=[theirs.pk]), {"title": "Defaced"})

    assert refused(response)
    theirs.refresh_from_db()
    assert theirs.title == "Savanna logo"


def test_partner_is_offered_no_collection_to_choose_from(client, partner, partner_section):
    client.force_login(partner)

    response = client.get(reverse("wagtailimages:add"))

    assert response.status_code == 200
    assert 'name="collection"' not in response.content.decode()


def test_partner_cannot_choose_another_partners_or_the_sites_images(
    partner, partner_section, other_section
):
    own = make_image("Fjord logo", collection=partner_section.collection)
    make_image("Savanna logo", collection=other_section.collection)
    make_image("Site banner", collection=Collection.get_first_root_node())

    choosable = image_permissions.instances_user_has_permission_for(partner, "choose")

    assert list(choosable) == [own]
