"""A new member's first steps: sign-up leads to /welcome/, where they follow the categories that
fit their segment, complete their profile and write a first post; the home page's checklist
shows how far they are until it is done or dismissed."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.home.models import OnboardingState
from forums import services as forum_services
from forums.models import CategoryFollow
from tests.factories import CustomerFactory
from tests.factories.forums import ForumCategoryFactory, ReplyFactory, TopicFactory, seed_topics
from tests.signup import CONFIRMATION_LINK, SIGNUP_URL, signup_data

pytestmark = pytest.mark.django_db

WELCOME_URL = "/welcome/"
DISMISS_URL = "/welcome/dismiss/"
CHECKLIST = 'id="onboarding-title"'
# Queries for /welcome/ signed in, whatever the number of categories, topics or follows.
WELCOME_BUDGET = 10


def followed_by(member) -> set[str]:
    return set(
        CategoryFollow.objects.filter(member=member).values_list("category__slug", flat=True)
    )


def ticked_on(response) -> set[str]:
    """The category ids ticked in the follow form."""
    return set(
        re.findall(r'name="categories" value="(\d+)"[^>]*\bchecked\b', response.content.decode())
    )


def complete_profile(member) -> None:
    profile = member.profile
    profile.job_title, profile.company, profile.avatar = "Head of Support", "Acme", "avatars/a.png"
    profile.save(update_fields=["job_title", "company", "avatar"])


# --- Arriving ------------------------------------------------------------------------------


def test_sign_up_leads_to_the_welcome_page(client, site_tree, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"

    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 302
    assert response["Location"] == WELCOME_URL
    assert client.get(WELCOME_URL).status_code == 200


def test_confirming_the_address_after_sign_up_leads_to_the_welcome_page(
    client, site_tree, settings, mailoutbox
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    client.post(SIGNUP_URL, signup_data())

    link = CONFIRMATION_LINK.search(mailoutbox[0].body).group(1)
    response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == WELCOME_URL


@pytest.mark.parametrize(
    ("method", "path"), [("get", WELCOME_URL), ("post", WELCOME_URL), ("post", DISMISS_URL)]
)
def test_anonymous_visitor_is_sent_to_sign_in(client, site_tree, method, path):
    response = getattr(client, method)(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


# --- Step 1: following the categories that fit ----------------------------------------------


def test_categories_aimed_at_the_members_industry_are_suggested(
    client, forums, member, manufacturing, other_industry
):
    aimed = ForumCategoryFactory(title="Factory floor", slug="factory-floor")
    aimed.target_industries.set([manufacturing])
    aimed.save()
    elsewhere = ForumCategoryFactory(title="Retail corner", slug="retail-corner")
    elsewhere.target_industries.set([other_industry])
    elsewhere.save()
    client.force_login(member)

    response = client.get(WELCOME_URL)

    assert str(aimed.pk) in ticked_on(response)
    assert str(elsewhere.pk) not in ticked_on(response)
    assert "Suggested for you" in response.content.decode()


def test_categories_busy_with_the_members_industry_are_suggested_over_quiet_ones(
    client, forums, member, manufacturing, other_industry
):
    quiet = [ForumCategoryFactory(title=f"Quiet {n}", slug=f"quiet-{n}") for n in range(3)]
    busy = ForumCategoryFactory(title="Busy with peers", slug="busy-with-peers")
    peer = CustomerFactory(profile__industry=manufacturing)
    seed_topics(category=busy, authors=[peer], count=3)
    stranger = CustomerFactory(profile__industry=other_industry)
    seed_topics(category=quiet[0], authors=[stranger], count=1)
    client.force_login(member)

    ticked = ticked_on(client.get(WELCOME_URL))

    assert str(busy.pk) in ticked
    assert len(ticked) == 3


def test_member_follows_the_categories_they_tick(client, category, second_category, member):
    client.force_login(member)

    response = client.post(WELCOME_URL, {"categories": [category.pk]})

    assert response.status_code == 302
    assert response["Location"] == "/welcome/#welcome-profile"
    assert followed_by(member) == {"campaigns-email"}


def test_following_twice_is_the_same_as_once(client, category, second_category, member):
    client.force_login(member)
    chosen = {"categories": [category.pk, second_category.pk]}

    client.post(WELCOME_URL, chosen)
    response = client.post(WELCOME_URL, chosen)

    assert response.status_code == 302
    assert CategoryFollow.objects.filter(member=member).count() == 2


def test_unticking_a_category_stops_following_it(client, category, second_category, member):
    forum_services.follow_category(member=member, category=category)
    forum_services.follow_category(member=member, category=second_category)
    client.force_login(member)
    assert ticked_on(client.get(WELCOME_URL)) == {str(category.pk), str(second_category.pk)}

    client.post(WELCOME_URL, {"categories": [second_category.pk]})

    assert followed_by(member) == {"data-integrations"}


def test_member_cannot_follow_a_category_they_may_not_see(client, category, partner_lounge, member):
    client.force_login(member)

    response = client.post(WELCOME_URL, {"categories": [category.pk, partner_lounge.pk]})

    assert response.status_code == 422
    assert followed_by(member) == set()
    assert "not one you can follow" in response.content.decode()


HOSTILE_CATEGORY_VALUES = [
    "²",
    "⁰⁴⁵",
    "₀₁₂",
    "٣",
    "１",
    "-1",
    "1e3",
    "0x10",
    "99999999999999999999999",
    "",
    " ",
    "\x00",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "データ",
    "café",
    "🙂",
]


@pytest.mark.parametrize("value", HOSTILE_CATEGORY_VALUES)
def test_odd_category_values_are_refused_with_a_message(client, category, member, value):
    client.force_login(member)

    response = client.post(WELCOME_URL, {"categories": [str(category.pk), value]})

    assert response.status_code == 422
    assert "nothing was saved yet" in response.content.decode()
    assert followed_by(member) == set()
    # What the member ticked is still ticked.
    assert str(category.pk) in ticked_on(response)


def test_suspended_member_is_told_why_they_cannot_follow(client, category, member):
    member.profile.suspended_until = timezone.now() + timedelta(days=3)
    member.profile.save(update_fields=["suspended_until"])
    client.force_login(member)

    response = client.post(WELCOME_URL, {"categories": [category.pk]})

    assert response.status_code == 403
    assert followed_by(member) == set()


# --- Steps 2 and 3 -------------------------------------------------------------------------


def test_welcome_page_links_the_profile_editor_and_the_newcomers_category(client, forums, member):
    getting_started = ForumCategoryFactory(title="Getting started", slug="getting-started")
    client.force_login(member)

    content = client.get(WELCOME_URL).content.decode()

    assert 'href="/members/me/edit/"' in content
    assert f'href="/forums/{getting_started.slug}/new/"' in content


def test_welcome_page_links_an_introductions_category_first(client, forums, member):
    ForumCategoryFactory(title="Getting started", slug="getting-started")
    ForumCategoryFactory(title="Introductions", slug="introductions")
    client.force_login(member)

    content = client.get(WELCOME_URL).content.decode()

    assert 'href="/forums/introductions/new/"' in content


def test_welcome_page_links_a_new_topic_when_there_is_no_newcomers_category(
    client, category, member
):
    client.force_login(member)

    assert 'href="/forums/new/"' in client.get(WELCOME_URL).content.decode()


# --- The checklist on the home page ---------------------------------------------------------


def test_home_page_shows_how_far_the_member_is(client, site_tree, category, member):
    forum_services.follow_category(member=member, category=category)
    client.force_login(member)

    content = client.get("/").content.decode()

    assert CHECKLIST in content
    assert "<strong>1 of 3</strong> done" in content


def test_checklist_disappears_once_every_step_is_done(client, site_tree, category, member):
    client.force_login(member)
    forum_services.follow_category(member=member, category=category)
    complete_profile(member)
    assert "<strong>2 of 3</strong> done" in client.get("/").content.decode()

    ReplyFactory(topic=TopicFactory(category=category), author=member)

    assert CHECKLIST not in client.get("/").content.decode()
    # Finished is finished: unfollowing everything later does not bring it back.
    forum_services.unfollow_category(member=member, category=category)
    assert CHECKLIST not in client.get("/").content.decode()


def test_dismissed_checklist_stays_away(client, site_tree, member):
    client.force_login(member)
    assert CHECKLIST in client.get("/").content.decode()

    response = client.post(DISMISS_URL)
    again = client.post(DISMISS_URL)

    assert response.status_code == again.status_code == 302
    assert OnboardingState.objects.get(member=member).dismissed_at is not None
    assert CHECKLIST not in client.get("/").content.decode()
    assert client.get(WELCOME_URL).status_code == 200


def test_checklist_cannot_be_dismissed_with_a_get(client, site_tree, member):
    client.force_login(member)

    assert client.get(DISMISS_URL).status_code == 405
    assert CHECKLIST in client.get("/").content.decode()


def test_welcome_page_works_without_javascript(client, category, member):
    client.force_login(member)

    content = client.get(WELCOME_URL).content.decode()

    assert '<form method="post" action="/welcome/">' in content
    assert 'type="submit"' in content


# --- Query budget ---------------------------------------------------------------------------


def test_welcome_page_queries_do_not_grow_with_categories_or_topics(
    client, category, member, manufacturing
):
    client.force_login(member)
    peer = CustomerFactory(profile__industry=manufacturing)
    seed_topics(category=category, authors=[peer], count=3)
    client.get(WELCOME_URL)
    with CaptureQueriesContext(connection) as few:
        client.get(WELCOME_URL)

    for number in range(8):
        more = ForumCategoryFactory(title=f"More {number}", slug=f"more-{number}")
        seed_topics(category=more, authors=[peer, member], count=20)
        forum_services.follow_category(member=member, category=more)
    with CaptureQueriesContext(connection) as many:
        response = client.get(WELCOME_URL)

    assert response.status_code == 200
    assert len(many) <= len(few) <= WELCOME_BUDGET, (len(few), len(many))
