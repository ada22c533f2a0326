"""What an app declares so that the texts its members write get a sentiment score.

An app lists `SentimentSource`s under `sentiment_sources` in its contributions module (see
`community.core.extensions`); the listening app scores their rows in the background and never
imports the app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models

from community.core import extensions


@dataclass(frozen=True)
class SentimentSource:
    """One model whose rows carry text a member wrote."""

    model: type[models.Model]
    # A short key, unique across sources ("forum_reply").
    kind: str
    # (row) -> the plain text to score (Markdown source is fine: VADER reads words).
    text: Callable[[Any], str]
    # (row) -> the id of the member who wrote it, whose segment the score counts in.
    member_id: Callable[[Any], int | None]
    # (row) -> when it was written.
    written_at: Callable[[Any], datetime]
    # () -> the rows worth scoring (the backfill walks it by primary key); it should
    # select_related whatever `text` and `member_id` read. Only rows a community manager may
    # see and moderation has not removed: scores of rows that leave it are deleted.
    rows: Callable[[], models.QuerySet]
    # The conversation a row belongs to (a forum topic), for "most negative threads": its model,
    # which needs a content descriptor (its address and who may open it), and (row) -> its id.
    thread_model: type[models.Model] | None = None
    thread_id: Callable[[Any], int | None] = lambda row: None


def sentiment_sources() -> list[SentimentSource]:
    return list(extensions.sentiment_sources())


def source_for_model(model: type[models.Model]) -> SentimentSource | None:
    return next((source for source in sentiment_sources() if source.model is model), None)


def source_of_kind(kind: str) -> SentimentSource | None:
    return next((source for source in sentiment_sources() if source.kind == kind), None)
