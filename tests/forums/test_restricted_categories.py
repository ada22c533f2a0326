"""A category restricted to a group (the partner lounge) does not exist for anyone outside it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from community.members import services as member_services
from community.members.roles import Role
from community.notifications.models import Notification
from forums import permissions, reads, selectors, services
from forums.models import CategoryFollow, ForumCategoryPage, Kudos, Reply, Topic, TopicFollow
from tests.factories import CommunityManagerFactory, CustomerFactory, PartnerFactory
from tests.factories.forums import ReplyFactory, TopicFactory
from tests.forums.addresses import reply_url

pytestmark = pytest.mark.django_db

OUTSIDERS = ["anonymous", "customer", "employer"]
INSIDERS = ["partner", "community_manager"]


@pytest.fixture
def visitor(request, client, employer):
    """Signs the client in as the role named by the parameter; returns the member (or None)."""
    member = {
        "anonymous": lambda: None,
        "customer": CustomerFactory,
        "employer": lambda: employer,
        "partner": PartnerFactory,
        "community_manager": CommunityManagerFactory,
    }[request.param]()
    if member is not None:
        client.force_login(member)
    return member


@pytest.fixture
def lounge_reply(lounge_topic):
    return ReplyFactory(topic=lounge_topic, author=PartnerFactory(), body="Count us in.")


@pytest.mark.parametrize("visitor", [*OUTSIDERS, *INSIDERS], indirect=True)
def test_a_category_page_being_served_applies_the_rule_every_listing_applies(
    visitor, category, partner_lounge
):
    viewer = visitor or AnonymousUser()
    ForumCategoryPage.objects.filter(pk=category.pk).update(live=False)
    for page in ForumCategoryPage.objects.filter(pk__in=[category.pk, partner_lounge.pk]):
        restricted_to, _ = reads.restriction_and_follow(page.pk, getattr(visitor, "pk", None))

        assert permissions.can_view_loaded_category(
            viewer, page, restricted_to=restricted_to
        ) == permissions.can_view_category(viewer, page), page.slug


# --- Listings ----------------------------------------------------------------------------


@pytest.mark.parametrize("visitor", OUTSIDERS, indirect=True)
def test_restricted_category_is_not_on_the_forums_index_for_outsiders(
    client, visitor, category, lounge_topic
):
    public_topic = TopicFactory(category=category)

    response = client.get("/forums/")

    content = response.content.decode()
    assert response.status_code == 200
    assert public_topic.title in content
    assert "Partner lounge" not in content
    assert lounge_topic.title not in content
    assert [c.slug for c in response.context["categories"]] == ["campaigns-email"]


@pytest.mark.parametrize("visitor", INSIDERS, indirect=True)
def test_restricted_category_is_on_the_forums_index_for_its_members(
    client, visitor, category, lounge_topic
):
    response = client.get("/forums/")

    content = response.content.decode()
    assert "Partner lounge" in content
    assert lounge_topic.title in content


@pytest.mark.parametrize("visitor", ["anonymous", "customer"], indirect=True)
def test_tags_used_only_in_a_restricted_category_are_not_shown_to_outsiders(
    client, visitor, category, lounge_topic
):
    TopicFactory(category=category, tags=["deliverability"])

    response = client.get("/forums/")

    shown = {tag.slug for tag in response.context["popular_tags"]}
    assert shown == {"deliverability"}


def test_latest_topics_leave_out_restricted_categories_for_customers(
    customer, partner, category, lounge_topic
):
    public_topic = TopicFactory(category=category)

    for_customer = selectors.topics_for_listing(viewer=customer).topics
    for_partner = selectors.topics_for_listing(viewer=partner).topics

    assert for_customer == [public_topic]
    assert set(for_partner) == {public_topic, lounge_topic}


@pytest.mark.parametrize("visitor", OUTSIDERS, indirect=True)
def test_tag_page_leaves_out_restricted_topics_for_outsiders(
    client, visitor, category, lounge_topic
):
    public_topic = TopicFactory(category=category, tags=["co-selling"])

    response = client.get(reverse("forums:tag", kwargs={"slug": "co-selling"}))

    content = response.content.decode()
    assert response.status_code == 200
    assert public_topic.title in content
    assert lounge_topic.title not in content


@pytest.mark.parametrize("visitor", INSIDERS, indirect=True)
def test_tag_page_lists_restricted_topics_for_members_of_the_group(client, visitor, lounge_topic):
    response = client.get(reverse("forums:tag", kwargs={"slug": "co-selling"}))

    assert lounge_topic.title in response.content.decode()


# --- Pages and actions -------------------------------------------------------------------


@pytest.mark.parametrize("visitor", OUTSIDERS, indirect=True)
def test_restricted_category_and_its_topics_are_not_found_by_outsiders(
    client, visitor, lounge_topic, lounge_reply
):
    pages = [
        "/forums/partner-lounge/",
        lounge_topic.get_absolute_url(),
        f"/forums/partner-lounge/t/{lounge_topic.pk}/",
        reverse("forums:reply", kwargs={"pk": lounge_reply.pk}),
    ]
    if visitor is not None:
        pages.append(reverse("forums:new_topic_in", kwargs={"category": "partner-lounge"}))

    for url in pages:
        response = client.get(url)
        assert response.status_code == 404, url
        assert lounge_topic.title not in response.content.decode()


@pytest.mark.parametrize("visitor", ["customer", "employer"], indirect=True)
def test_outsiders_cannot_reply_kudos_follow_or_accept_in_a_restricted_category(
    client, visitor, partner_lounge, lounge_topic, lounge_reply
):
    actions = [
        (reply_url(lounge_topic), {"body": "Me too!"}),
        (reverse("forums:topic_kudos", kwargs={"pk": lounge_topic.pk}), {}),
        (reverse("forums:reply_kudos", kwargs={"pk": lounge_reply.pk}), {}),
        (reverse("forums:follow_topic", kwargs={"pk": lounge_topic.pk}), {}),
        (reverse("forums:follow_category", kwargs={"pk": partner_lounge.pk}), {}),
        (reverse("forums:accept_solution", kwargs={"pk": lounge_reply.pk}), {}),
        (reverse("forums:edit_topic", kwargs={"pk": lounge_topic.pk}), {}),
        (reverse("forums:edit_reply", kwargs={"pk": lounge_reply.pk}), {"body": "Edited"}),
        (reverse("forums:delete_reply", kwargs={"pk": lounge_reply.pk}), {}),
    ]

    for url, data in actions:
        assert client.post(url, data).status_code == 404, url

    assert Reply.objects.filter(topic=lounge_topic).count() == 1
    assert not Kudos.objects.exists()
    assert not TopicFollow.objects.filter(member=visitor).exists()
    assert not CategoryFollow.objects.filter(member=visitor).exists()


@pytest.mark.parametrize("visitor", INSIDERS, indirect=True)
def test_members_of_the_group_read_and_reply_in_the_restricted_category(
    client, visitor, lounge_topic
):
    category_page = client.get("/forums/partner-lounge/")
    topic_page = client.get(lounge_topic.get_absolute_url())
    replied = client.post(reply_url(lounge_topic), {"body": "We're in for the spring wave."})

    assert category_page.status_code == 200
    assert lounge_topic.title in category_page.content.decode()
    assert topic_page.status_code == 200
    assert replied.status_code == 302
    assert Reply.objects.filter(topic=lounge_topic, author=visitor).exists()


def test_customer_cannot_start_a_topic_in_a_restricted_category(customer, partner_lounge):
    with pytest.raises(PermissionDenied):
        services.create_topic(
            category=partner_lounge, author=customer, title="Sneaking in here", body="Hi!"
        )

    assert not Topic.objects.exists()


def test_restricted_category_is_not_offered_when_starting_a_topic(
    client, customer, category, partner_lounge
):
    client.force_login(customer)

    response = client.post(
        reverse("forums:new_topic"),
        {
            "category": partner_lounge.pk,
            "kind": "question",
            "title": "Sneaking into the lounge",
            "body": "Hello partners!",
        },
    )

    assert response.status_code == 422
    assert not Topic.objects.exists()
    offered = [label for _, label in response.context["form"].fields["category"].choices]
    assert "Partner lounge" not in offered


# --- Notifications -----------------------------------------------------------------------


def test_mentioned_customer_hears_nothing_of_a_partners_only_topic(partner_lounge, partner):
    customer = CustomerFactory(username="carla-customer")

    topic = TopicFactory(
        category=partner_lounge,
        author=partner,
        body="Should we loop in @carla-customer on the preview?",
    )
    ReplyFactory(topic=topic, body="Agreed, @carla-customer would love this.")

    assert not Notification.objects.filter(recipient=customer).exists()


def test_mentioned_partner_hears_of_a_partners_only_topic(partner_lounge, partner):
    colleague = PartnerFactory(username="pat-partner")

    TopicFactory(category=partner_lounge, author=partner, body="@pat-partner, have a look?")

    assert Notification.objects.filter(recipient=colleague, kind="mention").count() == 1


def test_former_partner_following_the_lounge_hears_of_no_new_topics(partner_lounge, partner):
    former = PartnerFactory()
    current = PartnerFactory()
    services.follow_category(member=former, category=partner_lounge)
    services.follow_category(member=current, category=partner_lounge)
    member_services.remove_role(user=former, role=Role.PARTNER)

    TopicFactory(category=partner_lounge, author=partner)

    assert not Notification.objects.filter(recipient=former).exists()
    assert Notification.objects.filter(
        recipient=current, kind="topic_in_followed_category"
    ).exists()


def test_former_partner_following_a_lounge_topic_hears_of_no_replies(lounge_topic):
    former = PartnerFactory()
    services.follow_topic(member=former, topic=lounge_topic)
    member_services.remove_role(user=former, role=Role.PARTNER)

    ReplyFactory(topic=lounge_topic, author=PartnerFactory())

    assert not Notification.objects.filter(recipient=former).exists()


def test_asker_who_lost_access_hears_of_no_replies_to_their_topic(lounge_topic):
    member_services.remove_role(user=lounge_topic.author, role=Role.PARTNER)

    ReplyFactory(topic=lounge_topic, author=PartnerFactory())

    assert not Notification.objects.filter(recipient=lounge_topic.author).exists()


def test_answerer_who_lost_access_is_not_told_of_an_accepted_solution(lounge_topic):
    answerer = PartnerFactory()
    answer = ReplyFactory(topic=lounge_topic, author=answerer)
    Topic.objects.filter(pk=lounge_topic.pk).update(kind=Topic.Kind.QUESTION)
    lounge_topic.refresh_from_db()
    member_services.remove_role(user=answerer, role=Role.PARTNER)

    services.accept_solution(topic=lounge_topic, reply=answer, member=lounge_topic.author)

    assert not Notification.objects.filter(recipient=answerer).exists()


def test_author_who_lost_access_is_not_told_of_kudos(lounge_topic):
    author = lounge_topic.author
    member_services.remove_role(user=author, role=Role.PARTNER)

    services.toggle_kudos(member=PartnerFactory(), topic=lounge_topic)

    assert not Notification.objects.filter(recipient=author).exists()
