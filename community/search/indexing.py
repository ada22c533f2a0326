"""Keeping the index in step with the content, after commit and off the member's request.

Callers say *what* changed (`index_later(post)`); the background task looks at each thing as it
is now and puts it in the index or takes it out. So every kind of change (an edit, a moderator
hiding a post, a category becoming partners-only, a deletion) takes the same path, and sending
a key twice is harmless.
"""

import logging
from collections.abc import Iterable
from functools import partial

from django.db import models, transaction
from django.utils import timezone

from . import registry
from .backends import database_backend, engine_backend
from .documents import make_key, split_key
from .errors import SearchUnavailable
from .models import SearchBacklog

logger = logging.getLogger(__name__)

BACKLOG_BATCH = 500


def index_later(*objects: models.Model) -> None:
    """Bring these objects' index entries up to date once the transaction commits."""
    keys = []
    for obj in objects:
        search_type = registry.for_model(type(obj))
        if search_type is not None and obj.pk is not None:
            keys.append(make_key(search_type.name, obj.pk))
    index_keys_later(keys)


# An object that left the database leaves the index the same way: the task finds it gone.
remove_later = index_later


def index_pks_later(kind: str, pks: Iterable[int]) -> None:
    index_keys_later(make_key(kind, pk) for pk in pks)


def index_keys_later(keys: Iterable[str]) -> None:
    keys = list(dict.fromkeys(keys))
    if keys:
        # Outside a transaction this runs at once; a rollback drops it with everything else.
        transaction.on_commit(partial(_enqueue, keys))


def _enqueue(keys: list[str]) -> None:
    from .tasks import update_search_index

    try:
        update_search_index.enqueue(keys)
    except Exception:  # noqa: BLE001 - the member's write has committed; never fail it now
        logger.exception("Could not queue a search index update for %d items", len(keys))


def apply_updates(keys: Iterable[str]) -> int:
    """Index or remove each key according to what the database holds now; returns how many
    documents were written. The database index is always updated; the engine, if there is one,
    gets the same change or, when unreachable, the keys wait in the backlog."""
    documents, gone = _resolve(keys)
    database_backend().index(documents)
    database_backend().remove(gone)
    engine = engine_backend()
    if engine is not None:
        _send_to_engine(engine, documents, gone)
    return len(documents)


def _send_to_engine(engine, documents, gone) -> None:
    keys = [document.key for document in documents] + [make_key(*key) for key in gone]
    try:
        engine.index(documents)
        engine.remove(gone)
    except SearchUnavailable:
        logger.warning("Search engine unreachable: %d index updates wait in the backlog", len(keys))
        SearchBacklog.objects.bulk_create(
            [SearchBacklog(key=key) for key in keys], ignore_conflicts=True
        )
        return
    retry_backlog(limit=BACKLOG_BATCH)


def retry_backlog(*, limit: int = BACKLOG_BATCH) -> int:
    """Send the engine what it missed while unreachable; returns how many keys went out."""
    engine = engine_backend()
    if engine is None:
        SearchBacklog.objects.all().delete()
        return 0
    waiting = list(SearchBacklog.objects.order_by("queued_at")[:limit])
    if not waiting:
        return 0
    keys = [row.key for row in waiting]
    documents, gone = _resolve(keys)
    try:
        engine.index(documents)
        engine.remove(gone)
    except SearchUnavailable:
        return 0
    SearchBacklog.objects.filter(pk__in=[row.pk for row in waiting]).delete()
    return len(keys)


def _resolve(keys: Iterable[str]) -> tuple[list, list[tuple[str, int]]]:
    """The documents for the keys that belong in the index, and the keys that do not."""
    by_kind: dict[str, set[int]] = {}
    for key in keys:
        parsed = split_key(key)
        if parsed and registry.get(parsed[0]) is not None:
            by_kind.setdefault(parsed[0], set()).add(parsed[1])
    documents, gone = [], []
    for kind, pks in by_kind.items():
        found = registry.get(kind).documents(sorted(pks))
        documents.extend(found)
        present = {document.object_id for document in found}
        gone.extend((kind, pk) for pk in sorted(pks - present))
    return documents, gone


def rebuild(*, kinds: list[str] | None = None, batch_size: int = 500, progress=None) -> int:
    """Index every document of these kinds (all when None) from the database, with no gap.

    The database index is upserted and then loses what was not seen; the engine builds a new
    index behind its alias and swaps it in (or, for some kinds only, updates in place).
    `progress(kind, done, total)` is called after each batch.
    """
    types = [t for t in registry.all_types() if kinds is None or t.name in kinds]
    started_at = timezone.now()
    writers = [database_backend().start_rebuild(kinds=kinds, started_at=started_at)]
    engine = engine_backend()
    if engine is not None:
        writers.append(engine.start_rebuild(kinds=kinds, started_at=started_at))
    written = 0
    for search_type in types:
        total = search_type.model.objects.count() if search_type.model else 0
        done = 0
        for pks in search_type.all_pks(batch_size=batch_size):
            documents = search_type.documents(pks)
            for writer in writers:
                writer.add(documents)
            done += len(pks)
            written += len(documents)
            if progress:
                progress(search_type.name, done, max(total, done))
    for writer in writers:
        writer.finish([t.name for t in types])
    return written
