"""The sentiment of forum posts and survey reasons: scored in the background after the write
commits, never in the request; backfilled idempotently; gone when moderation removes a post."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks import task_backends

from community.listening import services
from community.listening.models import SentimentScore
from forums.models import Reply, Topic, Visibility
from tests.factories import ReplyFactory, TopicFactory
from tests.factories.listening import launched_survey

pytestmark = pytest.mark.django_db

ANGRY = "This update is terrible. The sync is broken again and support ignored my ticket. Awful."
HAPPY = "Thanks so much, the fix works perfectly and the new dashboard is great!"
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _score_of(row) -> SentimentScore | None:
    return SentimentScore.objects.filter(
        object_id=row.pk, content_type__model=row._meta.model_name
    ).first()


def test_a_reply_is_scored_after_commit_with_its_authors_segment(
    site_tree, retail_emea_member, django_capture_on_commit_callbacks
):
    topic = TopicFactory()
    with django_capture_on_commit_callbacks(execute=True):
        reply = ReplyFactory(topic=topic, author=retail_emea_member, body=ANGRY)

    score = _score_of(reply)
    assert score.compound < -0.5
    assert (score.thread_id, score.member) == (topic.pk, retail_emea_member)
    assert score.industry == retail_emea_member.profile.industry
    assert score.region == retail_emea_member.profile.region


@override_settings(TASKS=DUMMY_TASKS)
def test_posting_only_queues_the_scoring_the_request_never_scores(
    client, site_tree, customer, django_capture_on_commit_callbacks
):
    topic = TopicFactory()
    backend = task_backends["default"]
    backend.results.clear()
    client.force_login(customer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/forums/t/{topic.pk}/reply/", {"body": HAPPY})

    assert response.status_code in (200, 302)
    reply = Reply.objects.get(topic=topic, author=customer)
    assert _score_of(reply) is None
    queued = [result for result in backend.results if result.task.name == "score_texts"]
    assert [(r.args[0], r.args[1]) for r in queued] == [("forum_reply", [reply.pk])]


def test_a_survey_reason_is_scored_in_the_background(customer, django_capture_on_commit_callbacks):
    survey = launched_survey()
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.answer_survey(
            survey=survey, member=customer, score="2", reason="Billing is a nightmare, I hate it."
        )

    assert _score_of(answer).compound < 0


def test_an_edited_text_is_scored_again_and_an_unchanged_one_is_not(site_tree):
    topic = TopicFactory(body=HAPPY)
    services.backfill()
    first = _score_of(topic)

    assert services.backfill() == {"survey_reason": 0, "forum_topic": 0, "forum_reply": 0}
    Topic.objects.filter(pk=topic.pk).update(body_source=ANGRY)
    assert services.backfill()["forum_topic"] == 1
    assert _score_of(topic).compound < first.compound


def test_backfill_scores_what_was_never_scored_once(site_tree):
    topics = [TopicFactory(body=ANGRY), TopicFactory(body=HAPPY)]
    SentimentScore.objects.all().delete()

    call_command("score_sentiment")
    call_command("score_sentiment")

    assert SentimentScore.objects.filter(content_type__model="topic").count() == 2
    assert _score_of(topics[0]).compound < 0 < _score_of(topics[1]).compound


def test_a_post_hidden_by_moderators_loses_its_score(site_tree):
    topic = TopicFactory(body=ANGRY)
    services.backfill()
    assert _score_of(topic) is not None

    Topic.objects.filter(pk=topic.pk).update(visibility=Visibility.HIDDEN)
    services.backfill()

    assert _score_of(topic) is None


def test_scores_in_any_script_do_not_fail(site_tree):
    topic = TopicFactory(title="Синхронизация не работает", body="同期が壊れています 😞 مشكلة")

    services.score_rows("forum_topic", [topic.pk])

    assert -1 <= _score_of(topic).compound <= 1
