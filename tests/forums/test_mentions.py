"""@mentions: a member's handle becomes a link to their profile and tells them, once."""

import pytest
from django.urls import reverse

from community.notifications.models import Notification
from tests.factories import CustomerFactory, PartnerFactory
from tests.factories.forums import ReplyFactory, TopicFactory
from tests.factories.members import member_fixture
from tests.markup import elements

pytestmark = pytest.mark.django_db


ana = member_fixture(CustomerFactory, username="ana-souza", display_name="Ana Souza")


def mention_links(html: str) -> list[str]:
    return [
        attrs["href"]
        for tag, attrs in elements(html)
        if tag == "a" and "mention" in attrs.get("class", "")
    ]


def mentions_of(member):
    return Notification.objects.filter(recipient=member, kind="mention")


def test_mention_of_a_member_links_to_their_profile(client, category, ana):
    topic = TopicFactory(category=category, body="@ana-souza, how did you set this up?")

    content = client.get(topic.get_absolute_url()).content.decode()

    assert mention_links(topic.body_html) == ["/members/ana-souza/"]
    assert "/members/ana-souza/" in mention_links(content)


def test_mentioned_member_is_told_once(category, ana):
    topic = TopicFactory(
        category=category, body="@ana-souza set this up last year. Right, @ana-souza?"
    )

    told = mentions_of(ana)
    assert told.count() == 1
    assert told.get().url == topic.get_absolute_url()
    assert told.get().actor == topic.author


def test_mention_in_a_reply_tells_the_member(question, ana):
    reply = ReplyFactory(topic=question, body="Looping in @ana-souza who built this.")

    assert mentions_of(ana).get().url == reply.get_absolute_url()


def test_handles_match_whatever_their_case_and_punctuation(category, ana):
    topic = TopicFactory(category=category, body="Thanks @Ana-Souza. Really, thanks.")

    assert mention_links(topic.body_html) == ["/members/ana-souza/"]
    assert mentions_of(ana).count() == 1


def test_unknown_handles_stay_plain_text(category, ana):
    topic = TopicFactory(category=category, body="Ask @nobody-here or write to ana@example.com.")

    assert mention_links(topic.body_html) == []
    assert "@nobody-here" in topic.body_html
    assert not Notification.objects.filter(kind="mention").exists()


def test_mentions_inside_code_are_not_linked(category, ana):
    body = "Use `@ana-souza` as the sender.\n\n```\nsend --from @ana-souza\n```"

    topic = TopicFactory(category=category, body=body)

    assert mention_links(topic.body_html) == []
    assert not mentions_of(ana).exists()


def test_mentions_inside_links_are_not_linked_again(category, ana):
    topic = TopicFactory(category=category, body="[@ana-souza's guide](https://example.com/guide)")

    assert mention_links(topic.body_html) == []


def test_inactive_members_are_not_mentioned(category):
    gone = CustomerFactory(username="gone-member")
    gone.is_active = False
    gone.save()

    topic = TopicFactory(category=category, body="Does anyone know @gone-member?")

    assert mention_links(topic.body_html) == []
    assert not mentions_of(gone).exists()


def test_mentioning_yourself_tells_nobody(category, ana):
    TopicFactory(category=category, author=ana, body="Note to self, @ana-souza: check this.")

    assert not Notification.objects.exists()


def test_mentioned_asker_gets_the_mention_only(question):
    ReplyFactory(topic=question, body=f"@{question.author.username}, does this help?")

    kinds = list(
        Notification.objects.filter(recipient=question.author).values_list("kind", flat=True)
    )
    assert kinds == ["mention"]


def test_mentioned_follower_gets_the_mention_only(question, ana):
    ReplyFactory(topic=question, author=ana, body="Following along.")

    ReplyFactory(topic=question, body="@ana-souza, this is what you were after.")

    kinds = list(Notification.objects.filter(recipient=ana).values_list("kind", flat=True))
    assert kinds == ["mention"]


# --- Suggestions while typing ------------------------------------------------------------


def test_member_suggestions_match_handles_and_names(client, ana):
    CustomerFactory(username="andre-costa", display_name="André Costa")
    CustomerFactory(username="zoe-li", display_name="Anaïs Zoe Li")
    CustomerFactory(username="bob-smith", display_name="Bob Smith")

    response = client.get(reverse("forums:suggest_members"), {"q": "an"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "members": [
            {"handle": "ana-souza", "name": "Ana Souza"},
            {"handle": "andre-costa", "name": "André Costa"},
            {"handle": "zoe-li", "name": "Anaïs Zoe Li"},
        ]
    }


def test_member_suggestions_accept_the_at_sign(client, ana):
    response = client.get(reverse("forums:suggest_members"), {"q": "@ana-s"})

    assert response.json() == {"members": [{"handle": "ana-souza", "name": "Ana Souza"}]}


@pytest.mark.parametrize("query", ["", "   ", "@", "zzz-nobody"])
def test_member_suggestions_are_empty_for_nothing_to_match(client, ana, query):
    response = client.get(reverse("forums:suggest_members"), {"q": query})

    assert response.json() == {"members": []}


def test_member_suggestions_leave_out_inactive_members_and_stay_short(client):
    for number in range(10):
        PartnerFactory(username=f"andrea-{number}", display_name=f"Andrea {number}")
    gone = CustomerFactory(username="andrea-00-gone")
    gone.is_active = False
    gone.save()

    members = client.get(reverse("forums:suggest_members"), {"q": "andrea"}).json()["members"]

    assert len(members) == 8
    assert "andrea-00-gone" not in {member["handle"] for member in members}
