"""`manage.py search_index`: rebuilding the index from the database."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from community.search.models import SearchEntry
from tests.factories.forums import ReplyFactory, TopicFactory


def rebuild(*args: str) -> str:
    out = StringIO()
    call_command("search_index", *args, stdout=out)
    return out.getvalue()


def test_a_rebuild_indexes_everything_and_drops_what_no_longer_exists(category, asker):
    topic = TopicFactory(category=category, author=asker, title="Rebuilt from the database")
    ReplyFactory(topic=topic)
    SearchEntry.objects.create(
        kind="topic", object_id=999_999, heading="Gone", url="/gone/", created_at=topic.created_at
    )
    output = rebuild("--rebuild")
    assert "Indexed 2 documents" in output
    assert "topic" in output and "100%" in output
    assert sorted(SearchEntry.objects.values_list("kind", "object_id")) == [
        ("reply", topic.replies.get().pk),
        ("topic", topic.pk),
    ]


def test_a_rebuild_can_take_some_types_only(category, asker):
    topic = TopicFactory(category=category, author=asker, title="Only topics this time")
    ReplyFactory(topic=topic)
    rebuild("--rebuild", "--type", "topic")
    assert list(SearchEntry.objects.values_list("kind", flat=True)) == ["topic"]


def test_an_unknown_type_is_refused_with_the_known_ones(db):
    with pytest.raises(CommandError, match="Unknown type poem; choose from ") as refused:
        rebuild("--rebuild", "--type", "poem")
    known = str(refused.value).split("choose from ", 1)[1].rstrip(".").split(", ")
    assert {"reply", "story", "topic"} <= set(known)
    assert known == sorted(known)


def test_without_a_search_engine_there_is_no_backlog_to_send(db):
    assert "0 waiting updates" in rebuild("--retry-backlog")
