"""A search engine that is down never costs a member their post, and never a search page."""

import logging

import pytest
from django.contrib.auth.models import AnonymousUser

from community.search import indexing, services
from community.search.errors import SearchUnavailable
from community.search.models import SearchBacklog, SearchEntry
from community.search.query import SearchRequest
from tests.factories.forums import TopicFactory


class DownEngine:
    """An engine whose every call fails, as when Elasticsearch is unreachable."""

    def __init__(self) -> None:
        self.calls = 0

    def _fail(self, *args, **kwargs):
        self.calls += 1
        raise SearchUnavailable("connection refused")

    index = remove = search = suggest = _fail


class RecordingEngine:
    def __init__(self) -> None:
        self.indexed: list[str] = []

    def index(self, documents) -> None:
        self.indexed += [document.key for document in documents]

    def remove(self, keys) -> None:
        pass


@pytest.fixture
def engine_down(monkeypatch):
    engine = DownEngine()
    monkeypatch.setattr(indexing, "engine_backend", lambda: engine)
    monkeypatch.setattr(services, "query_backend", lambda: engine)
    return engine


def test_a_post_is_saved_and_waits_in_the_backlog_when_the_engine_is_down(
    category, asker, engine_down, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        topic = TopicFactory(category=category, author=asker, title="Saved while search is down")
    assert topic.pk
    assert SearchEntry.objects.filter(kind="topic", object_id=topic.pk).exists()
    assert list(SearchBacklog.objects.values_list("key", flat=True)) == [f"topic:{topic.pk}"]
    assert "backlog" in caplog.text


def test_the_backlog_is_sent_once_the_engine_answers_again(
    category, asker, engine_down, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        topic = TopicFactory(category=category, author=asker, title="Sent after recovery")
    engine = RecordingEngine()
    monkeypatch.setattr(indexing, "engine_backend", lambda: engine)
    assert indexing.retry_backlog() == 1
    assert engine.indexed == [f"topic:{topic.pk}"]
    assert not SearchBacklog.objects.exists()


def test_a_failure_to_queue_the_index_update_never_fails_the_post(
    category, asker, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    from community.search import tasks

    class RefusingTask:
        def enqueue(self, *args, **kwargs):
            raise RuntimeError("task queue unavailable")

    monkeypatch.setattr(tasks, "update_search_index", RefusingTask())
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        topic = TopicFactory(category=category, author=asker, title="Posted without indexing")
    assert topic.pk
    assert "Could not queue a search index update" in caplog.text


def test_searches_answer_from_the_database_when_the_engine_is_down(
    category, asker, reindex, monkeypatch, caplog
):
    TopicFactory(category=category, author=asker, title="Answered by the fallback")
    reindex()
    monkeypatch.setattr(services, "query_backend", lambda: DownEngine())
    catalog = services.facet_catalog()
    with caplog.at_level(logging.WARNING):
        results = services.search(
            SearchRequest(text="fallback"), viewer=AnonymousUser(), catalog=catalog
        )
    assert results.degraded
    assert [hit.heading for hit in results.hits] == ["Answered by the fallback"]
    assert "answering from the database" in caplog.text
    assert services.suggest("answ", viewer=AnonymousUser())["titles"]


def test_an_unreachable_elasticsearch_is_reported_as_unavailable(settings):
    from community.search.backends import engine_backend

    settings.COMMUNITY_SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    with pytest.raises(SearchUnavailable):
        engine_backend().search(SearchRequest(text="anything"), groups=[])
