"""Blocked words and patterns: some hold a post for review, some refuse it outright."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains

from community.moderation.models import BlockedPattern, ModerationAction
from forums.models import Reply, Topic, Visibility
from tests.factories import CustomerFactory
from tests.factories.forums import TopicFactory
from tests.forums.addresses import new_topic_url, reply_url

from .support import topic_form

pytestmark = pytest.mark.django_db

HOLD = BlockedPattern.Outcome.HOLD
REJECT = BlockedPattern.Outcome.REJECT
REFUSAL = "Your post contains words that aren&#x27;t allowed in this community."
TITLE = "Ideas for our spring customer newsletter"


def block(pattern: str, outcome=HOLD, *, is_regex: bool = False) -> BlockedPattern:
    return BlockedPattern.objects.create(pattern=pattern, outcome=outcome, is_regex=is_regex)


@pytest.fixture
def member(client, customer):
    client.force_login(customer)
    return customer


def posted(author, category, body: str) -> Topic:
    """A topic the member starts with this text, as it stands once screened."""
    return TopicFactory(category=category, author=author, kind="discussion", body=body)


def post_topic(client, category, body: str):
    return client.post(new_topic_url(category), topic_form(title=TITLE, body=body), follow=True)


def test_a_hold_word_sends_an_established_members_topic_to_review(client, member, category):
    block("giveaway")

    response = post_topic(client, category, "Our giveaway doubled sign-ups last spring.")

    topic = Topic.objects.get(title=TITLE)
    assert topic.visibility == Visibility.HELD
    assertContains(response, "A community manager will review your post")
    entry = ModerationAction.objects.get(action="hold", target_id=topic.pk)
    assert entry.actor is None
    assert "giveaway" in entry.reason


def test_a_hold_word_sends_a_reply_to_review(client, member, question):
    block("giveaway")

    client.post(reply_url(question), {"body": "Run a giveaway for attendees."})

    assert Reply.objects.get().visibility == Visibility.HELD
    question.refresh_from_db()
    assert question.reply_count == 0


def test_a_reject_word_refuses_a_topic_and_keeps_the_text(client, member, category):
    block("crypto", REJECT)
    body = "Pay your vendors in crypto and save on fees."

    response = client.post(new_topic_url(category), topic_form(title=TITLE, body=body))

    assertContains(response, REFUSAL, status_code=422)
    assertContains(response, body, status_code=422)
    assert not Topic.objects.filter(title=TITLE).exists()


def test_a_reject_word_refuses_a_reply_and_keeps_the_text(client, member, question):
    block("crypto", REJECT)
    body = "Pay your vendors in crypto and save on fees."

    response = client.post(reply_url(question), {"body": body})

    assertContains(response, REFUSAL, status_code=422)
    assertContains(response, body, status_code=422)
    assert not Reply.objects.exists()


def test_a_reject_word_in_the_title_refuses_the_topic(client, member, category):
    block("crypto", REJECT)

    response = client.post(
        new_topic_url(category),
        topic_form(title="Crypto payouts for partners", body="Has anyone tried this?"),
    )

    assert response.status_code == 422
    assert not Topic.objects.exists()


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("The class on segmentation starts Monday.", True),
        ("CLASS is in session for the onboarding cohort.", True),
        ("Our classic onboarding flow still converts best.", False),
        ("We built a subclass of the importer.", False),
        ("Which classes did you find useful?", False),
    ],
)
def test_plain_words_match_whole_words_in_any_case(member, category, text, held):
    block("class")

    topic = posted(member, category, text)

    assert (topic.visibility == Visibility.HELD) is held


def test_a_plain_phrase_matches_across_case(member, category):
    block("Free Trial Hack")

    topic = posted(member, category, "Here is my free TRIAL hack for you.")

    assert topic.visibility == Visibility.HELD


def test_a_plain_phrase_ending_in_punctuation_still_matches(member, category):
    block("buy now!!!")

    topic = posted(member, category, "Limited seats, buy now!!! Then tell your team.")

    assert topic.visibility == Visibility.HELD


def test_a_plain_word_with_regex_characters_is_taken_literally(member, category):
    block("c.o")

    topic = posted(member, category, "Our CEO and the c-o-o both signed off.")

    assert topic.visibility == Visibility.PUBLISHED


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("Get FREE   followers today", True),
        ("free likes for every post", True),
        ("Free webinar on lead scoring", False),
    ],
)
def test_a_regular_expression_entry_matches_what_it_describes(member, category, text, held):
    block(r"free\s+(followers|likes)", is_regex=True)

    topic = posted(member, category, text)

    assert (topic.visibility == Visibility.HELD) is held


def test_a_regular_expression_can_reject(client, member, category):
    block(r"\b\d{4}[- ]?\d{4}[- ]?\d{4}[- ]?\d{4}\b", REJECT, is_regex=True)

    response = client.post(
        new_topic_url(category),
        topic_form(title=TITLE, body="My card is 4111 1111 1111 1111, can you charge it?"),
    )

    assert response.status_code == 422
    assert not Topic.objects.exists()


def test_an_invalid_regular_expression_is_refused_when_saved_through_a_form():
    entry = BlockedPattern(pattern="free (followers", is_regex=True, outcome=HOLD)

    with pytest.raises(ValidationError) as refused:
        entry.full_clean()

    assert "That is not a valid regular expression" in refused.value.message_dict["pattern"][0]


def test_the_same_text_is_fine_as_a_plain_phrase():
    BlockedPattern(pattern="free (followers", is_regex=False, outcome=HOLD).full_clean()


def test_a_valid_regular_expression_passes_validation():
    BlockedPattern(pattern=r"free\s+(followers|likes)", is_regex=True, outcome=HOLD).full_clean()


def test_a_post_without_a_blocked_word_is_published(member, category):
    block("giveaway", REJECT)

    topic = posted(CustomerFactory(), category, "Spring campaign results are in.")

    assert topic.visibility == Visibility.PUBLISHED


def test_editing_a_published_post_to_add_a_hold_word_sends_it_to_review(client, member, category):
    block("giveaway")
    topic = posted(member, category, "Spring campaign results are in.")
    assert topic.visibility == Visibility.PUBLISHED

    client.post(
        reverse("forums:edit_topic", kwargs={"pk": topic.pk}),
        {"title": topic.title, "body": "Spring results are in. Join our giveaway now!"},
    )

    topic.refresh_from_db()
    assert "giveaway" in topic.body_source
    assert topic.visibility == Visibility.HELD


def test_editing_a_post_to_add_a_reject_word_is_refused(client, member, category):
    block("crypto", REJECT)
    topic = posted(member, category, "Spring campaign results are in.")

    response = client.post(
        reverse("forums:edit_topic", kwargs={"pk": topic.pk}),
        {"title": topic.title, "body": "Spring results are in. Pay us in crypto."},
    )

    assertContains(response, REFUSAL, status_code=422)
    topic.refresh_from_db()
    assert "crypto" not in topic.body_source
