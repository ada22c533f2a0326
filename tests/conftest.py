"""Fixtures shared by the whole suite."""

import copy
import uuid
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connections
from django.test import override_settings
from django.utils import timezone

from community.home.site_setup import ensure_site_tree
from community.notifications import live
from tests.factories import CommunityManagerFactory, CustomerFactory


def pytest_configure(config):
    # WhiteNoise warns that STATIC_ROOT is missing until `collectstatic` has run; tests serve
    # static files through the finders and do not need it.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(scope="session", autouse=True)
def _private_cache_namespace():
    """Keep this run's cache keys apart from any other process sharing the same Redis."""
    isolated = {
        alias: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}"}
        for alias, config in django_settings.CACHES.items()
    }
    with override_settings(CACHES=isolated):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reopen PostgreSQL's connection pool on the test database once it exists.

    When the server refuses the maintenance connection (too many clients), Django falls back
    to the main database and builds this alias's pool there; it would outlive the switch to the
    test database.
    """
    with django_db_blocker.unblock():
        for connection in connections.all():
            if getattr(connection, "pool", None) is not None:
                connection.close()
                connection.close_pool()
    yield


@pytest.fixture(scope="session", autouse=True)
def _tasks_run_at_once():
    """Background tasks (fan-outs, e-mails, Wagtail's indexing) run inside the calling test."""
    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(TASKS=immediate):
        yield


def _clear_caches() -> None:
    for cache in caches.all(initialized_only=False):
        if hasattr(cache, "delete_pattern"):
            # django-redis: its clear() is FLUSHDB; delete only this run's (prefixed) keys.
            cache.delete_pattern("*")
        elif isinstance(cache, RedisCache):
            # Only this run's keys: FLUSHDB would also wipe other processes' data.
            client = cache._cache.get_client(write=True)
            keys = list(client.scan_iter(match=f"{cache.key_prefix}:*"))
            if keys:
                client.delete(*keys)
        else:
            cache.clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts and ends with an empty cache: allauth's rate limits live there."""
    _clear_caches()
    yield
    _clear_caches()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media_root(settings, tmp_path):
    """Uploads land in a temporary folder, never in the project's media directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"


PUBSUB_LAYER = "channels_redis.pubsub.RedisPubSubChannelLayer"


@pytest.fixture
def _fresh_channel_layer(settings):
    """A channel layer of the test's own; on Redis, under a prefix no other run uses."""
    layers = copy.deepcopy(settings.CHANNEL_LAYERS)
    if "CONFIG" in layers["default"]:
        layers["default"]["CONFIG"]["prefix"] = f"test-{uuid.uuid4().hex[:12]}"
    settings.CHANNEL_LAYERS = layers
    live.resume()
    yield
    # Pushes go out from a thread of their own: none may outlive the test that made them.
    live.wait_until_sent()
    live.resume()


@pytest.fixture
def channel_layer(_fresh_channel_layer, settings):
    """The site's channel layer, fresh for this test; emptied afterwards."""
    # Pushes are sent inline, not queued: a test reading the layer right after an action
    # finds them there (tests/notifications/test_live.py covers the queue).
    settings.LIVE_PUSH_QUEUE = 0
    if settings.CHANNEL_LAYERS["default"]["BACKEND"] == PUBSUB_LAYER:
        # These tests read the layer from several event loops (one per async_to_sync call), and
        # a pub/sub layer ends a loop's subscriptions with the loop; channels_redis' list-backed
        # layer on the same Redis keeps them. Pub/sub itself is covered through real sockets
        # (tests/notifications/test_live.py, tests/core/test_channel_layer_recovery.py).
        layers = copy.deepcopy(settings.CHANNEL_LAYERS)
        layers["default"]["BACKEND"] = "channels_redis.core.RedisChannelLayer"
        settings.CHANNEL_LAYERS = layers
    layer = get_channel_layer()
    yield layer
    async_to_sync(layer.flush)()


@pytest.fixture
async def _worker_connections_closed():
    """Consumers reach the database from a worker thread; close its connection afterwards."""
    yield
    await database_sync_to_async(connections.close_all)()


@pytest.fixture
def site_tree(db):
    """The home page at / and the five section landing pages."""
    return ensure_site_tree()


@pytest.fixture
def customer(db):
    return CustomerFactory()


@pytest.fixture
def community_manager(db):
    return CommunityManagerFactory()


@pytest.fixture
def banned_member(db):
    member = CustomerFactory()
    member.profile.banned_at = timezone.now()
    member.profile.save(update_fields=["banned_at"])
    return member


@pytest.fixture
def suspended_member(db):
    member = CustomerFactory()
    member.profile.suspended_until = timezone.now() + timedelta(days=3)
    member.profile.save(update_fields=["suspended_until"])
    return member
