"""Scoring what members write, always in the background: after the write commits, a task
scores the rows; a management command backfills whatever was never scored."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model

from community.members.models import Profile

from .. import sentiment
from ..models import SentimentScore
from ..sources import SentimentSource, sentiment_sources, source_for_model, source_of_kind


def score_later(row: Model) -> None:
    """Queue the row's scoring for after the current transaction commits."""
    source = source_for_model(type(row))
    if source is None:
        return
    from ..tasks import score_texts

    kind, pk = source.kind, row.pk
    transaction.on_commit(lambda: score_texts.enqueue(kind, [pk]))


def score_rows(kind: str, pks: Iterable[int]) -> int:
    """Score these rows of a source (again, if their text changed); rows the source no longer
    offers (deleted, hidden by moderators) lose their score. Returns how many were written."""
    source = source_of_kind(kind)
    if source is None:
        return 0
    pks = list(pks)
    rows = list(source.rows().filter(pk__in=pks))
    content_type = ContentType.objects.get_for_model(source.model, for_concrete_model=False)
    gone = set(pks) - {row.pk for row in rows}
    if gone:
        SentimentScore.objects.filter(content_type=content_type, object_id__in=gone).delete()
    return _write_scores(source, content_type, rows)


def backfill(*, batch_size: int = 1000, kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Score every row never scored or edited since, source by source; idempotent. Scores of
    rows a source no longer offers are removed. Returns rows written per source."""
    written: dict[str, int] = {}
    for source in sentiment_sources():
        if kinds and source.kind not in kinds:
            continue
        content_type = ContentType.objects.get_for_model(source.model, for_concrete_model=False)
        count, last_pk = 0, 0
        while True:
            rows = list(source.rows().filter(pk__gt=last_pk).order_by("pk")[:batch_size])
            if not rows:
                break
            last_pk = rows[-1].pk
            count += _write_scores(source, content_type, rows)
        offered = source.rows().values("pk")
        SentimentScore.objects.filter(content_type=content_type).exclude(
            object_id__in=offered
        ).delete()
        written[source.kind] = count
    return written


def _write_scores(source: SentimentSource, content_type: ContentType, rows: list) -> int:
    if not rows:
        return 0
    known = dict(
        SentimentScore.objects.filter(
            content_type=content_type, object_id__in=[row.pk for row in rows]
        ).values_list("object_id", "digest")
    )
    texts = {row.pk: source.text(row) or "" for row in rows}
    changed = [row for row in rows if known.get(row.pk) != sentiment.digest(texts[row.pk])]
    if not changed:
        return 0
    member_ids = {source.member_id(row) for row in changed} - {None}
    segments = {
        member_id: (industry_id, region_id, audience)
        for member_id, industry_id, region_id, audience in Profile.objects.filter(
            user_id__in=member_ids
        ).values_list("user_id", "industry_id", "country__region_id", "audience")
    }
    thread_type = (
        ContentType.objects.get_for_model(source.thread_model, for_concrete_model=False)
        if source.thread_model is not None
        else None
    )
    scores = []
    for row in changed:
        member_id = source.member_id(row)
        industry_id, region_id, audience = segments.get(member_id, (None, None, ""))
        scores.append(
            SentimentScore(
                content_type=content_type,
                object_id=row.pk,
                thread_type=thread_type,
                thread_id=source.thread_id(row) if thread_type else None,
                member_id=member_id,
                industry_id=industry_id,
                region_id=region_id,
                audience=audience or "",
                written_at=source.written_at(row),
                compound=sentiment.compound_score(texts[row.pk]),
                digest=sentiment.digest(texts[row.pk]),
            )
        )
    SentimentScore.objects.bulk_create(
        scores,
        update_conflicts=True,
        unique_fields=["content_type", "object_id"],
        update_fields=[
            "thread_type",
            "thread_id",
            "member",
            "industry",
            "region",
            "audience",
            "written_at",
            "compound",
            "digest",
            "scored_at",
        ],
    )
    return len(scores)


def connect_signals() -> None:
    """Score every declared source's rows after each save, in the background."""
    from django.db.models.signals import post_delete, post_save

    for source in sentiment_sources():
        post_save.connect(
            _saved, sender=source.model, dispatch_uid=f"listening-sentiment-{source.kind}"
        )
        post_delete.connect(
            _saved, sender=source.model, dispatch_uid=f"listening-sentiment-gone-{source.kind}"
        )


def _saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return  # fixtures loading
    score_later(instance)
