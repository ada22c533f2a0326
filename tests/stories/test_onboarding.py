"""Onboarding a partner organisation: `manage.py onboard_partner` and the admin's "Onboard a
partner" view give it a section, a group, page and collection permissions, and members."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from community.members.roles import Role
from community.stories.pages import PartnerPage
from tests.factories import CustomerFactory, PartnerFactory
from tests.factories.members import member_fixture
from tests.factories.stories import onboard
from tests.row_counts import row_counts
from tests.stories.support import refused

pytestmark = pytest.mark.django_db

ONBOARD_URL = "/admin/stories/onboard-partner/"


def onboard_partner(*args: str) -> str:
    out = StringIO()
    call_command("onboard_partner", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, int]:
    return row_counts(
        PartnerPage, Group, Collection, GroupPagePermission, GroupCollectionPermission
    )


member = member_fixture(CustomerFactory, email="lars@example.com", display_name="Lars Eriksen")


# --- The command ---------------------------------------------------------------------------


def test_onboarding_creates_the_section_group_permissions_and_collection(stories, member):
    output = onboard_partner("Acme Partners", "--member", "lars@example.com")

    section = PartnerPage.objects.get()
    assert section.title == "Acme Partners"
    assert section.get_parent().pk == stories.pk
    assert section.url == "/stories/acme-partners/"
    assert section.live
    group = section.editors
    assert group.name == "Partner: Acme Partners"
    assert group.permissions.filter(codename="access_admin").exists()
    assert sorted(
        GroupPagePermission.objects.filter(group=group).values_list(
            "page_id", "permission__codename"
        )
    ) == [(section.pk, "add_page"), (section.pk, "change_page")]
    assert section.collection.name == "Partner: Acme Partners"
    assert set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "collection_id", "permission__codename"
        )
    ) == {
        (section.collection_id, codename)
        for codename in (
            "add_image",
            "change_image",
            "choose_image",
            "add_document",
            "change_document",
            "choose_document",
        )
    }
    assert member.groups.filter(pk=group.pk).exists()
    assert member.groups.filter(name=Role.PARTNER.value).exists()
    assert "/stories/acme-partners/" in output and "1 member(s) added" in output


def test_onboarding_grants_no_publishing_anywhere(stories, member):
    onboard_partner("Acme Partners", "--member", "lars@example.com")

    group = Group.objects.get(name="Partner: Acme Partners")
    assert not GroupPagePermission.objects.filter(
        group=group, permission__codename__in=["publish_page", "bulk_delete_page", "lock_page"]
    ).exists()
    section = PartnerPage.objects.get()
    assert not section.permissions_for_user(member).can_publish_subpage()


def test_onboarding_again_creates_nothing_new_and_adds_members(stories, member):
    onboard_partner("Acme Partners", "--member", "lars@example.com")
    before = snapshot()
    colleague = CustomerFactory(email="ines@example.org")

    output = onboard_partner(
        "Acme Partners", "--member", "ines@example.org", "--member", "lars@example.com"
    )

    assert snapshot() == before
    group = Group.objects.get(name="Partner: Acme Partners")
    assert set(group.user_set.values_list("pk", flat=True)) == {member.pk, colleague.pk}
    assert "1 member(s) added" in output


def test_onboarding_again_repairs_a_missing_permission(stories, member):
    onboard_partner("Acme Partners", "--member", "lars@example.com")
    before = snapshot()
    GroupPagePermission.objects.filter(
        permission__codename="add_page", group__name="Partner: Acme Partners"
    ).delete()

    onboard_partner("Acme Partners")

    assert snapshot() == before


def test_email_addresses_match_whatever_their_case(stories, member):
    onboard_partner("Acme Partners", "--member", "  LARS@Example.COM ")

    assert member.groups.filter(name="Partner: Acme Partners").exists()


def test_an_unknown_email_address_is_refused_clearly_and_nothing_is_created(stories, member):
    with pytest.raises(CommandError, match="No member has the e-mail address nobody@example.com"):
        onboard_partner(
            "Acme Partners", "--member", "lars@example.com", "--member", "nobody@example.com"
        )

    assert PartnerPage.objects.count() == 0
    assert not Group.objects.filter(name="Partner: Acme Partners").exists()


def test_a_blank_name_is_refused(stories):
    with pytest.raises(CommandError, match="name"):
        onboard_partner("   ")


def test_onboarding_before_the_site_exists_is_refused(db):
    with pytest.raises(CommandError, match="setup_site"):
        onboard_partner("Acme Partners")


@pytest.mark.parametrize(("name", "slug"), [("Feed", "feed-partner"), ("Tags", "tags-partner")])
def test_a_partner_never_takes_an_address_the_stories_section_uses(stories, name, slug):
    onboard_partner(name)

    assert PartnerPage.objects.get().slug == slug


def test_two_partners_with_similar_names_get_their_own_sections(stories):
    onboard_partner("Acme Partners")
    onboard_partner("Acme  Partners!")

    assert sorted(PartnerPage.objects.values_list("slug", flat=True)) == [
        "acme-partners",
        "acme-partners-2",
    ]


# --- The admin view --------------------------------------------------------------------------


def test_community_manager_onboards_a_partner_in_the_admin(client, stories, manager, member):
    client.force_login(manager)

    form = client.get(ONBOARD_URL)
    response = client.post(
        ONBOARD_URL,
        {
            "name": "Fjord Consulting",
            "summary": "Lifecycle marketing for Nordic retailers.",
            "website": "fjord.example.com",
            "members": "lars@example.com",
        },
    )

    assert form.status_code == 200
    section = PartnerPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_explore", args=[section.pk])
    assert section.summary == "Lifecycle marketing for Nordic retailers."
    assert section.website == "https://fjord.example.com"
    assert member.groups.filter(name="Partner: Fjord Consulting").exists()


def test_the_onboarding_menu_item_is_for_community_managers(client, stories, manager, member):
    onboard("Fjord Consulting", member)

    client.force_login(manager)
    assert ONBOARD_URL in client.get("/admin/").content.decode()
    client.force_login(member)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert ONBOARD_URL not in dashboard.content.decode()


def test_partner_cannot_onboard_a_partner(client, stories, member):
    onboard("Fjord Consulting", member)
    client.force_login(member)

    assert refused(client.get(ONBOARD_URL))
    assert refused(client.post(ONBOARD_URL, {"name": "Rogue Partners"}))
    assert not PartnerPage.objects.filter(title="Rogue Partners").exists()


@pytest.mark.parametrize("factory", [CustomerFactory, PartnerFactory], ids=["customer", "partner"])
def test_members_without_the_admin_cannot_reach_onboarding(client, stories, factory):
    client.force_login(factory())

    response = client.post(ONBOARD_URL, {"name": "Rogue Partners"})

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not PartnerPage.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "members": "lars@example.com"}, "This field is required."),
        ({"name": "   ", "members": ""}, "This field is required."),
        (
            {"name": "Acme Partners", "members": "lars@example.com\nnobody@example.com"},
            "No member has the e-mail address nobody@example.com",
        ),
        (
            {"name": "Acme Partners", "members": "lars@example.com, not-an-email"},
            "Not an e-mail address: not-an-email",
        ),
        ({"name": "Acme Partners", "website": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"name": "A" * 121}, "Ensure this value has at most 120 characters"),
    ],
    ids=[
        "empty-name",
        "blank-name",
        "unknown-email",
        "malformed-email",
        "bad-website",
        "long-name",
    ],
)
def test_bad_onboarding_input_is_explained_and_keeps_what_was_typed(
    client, stories, manager, member, data, message
):
    client.force_login(manager)

    response = client.post(ONBOARD_URL, {"summary": "Typed by hand.", **data})

    assert response.status_code == 422
    content = response.content.decode()
    assert escape(message) in content
    assert "Typed by hand." in content
    if data.get("members"):
        assert escape(data["members"].splitlines()[0].split(",")[0]) in content
    assert PartnerPage.objects.count() == 0
    assert not Group.objects.filter(name__startswith="Partner: ").exists()
