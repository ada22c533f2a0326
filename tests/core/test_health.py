"""/healthz tells a load balancer whether this process can use every engine it needs."""

import pytest
from django.core.cache import cache

from community.core import health

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def test_healthz_is_ok_on_the_default_configuration(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert set(body["checks"]) == {"database", "cache", "channel_layer", "search", "tasks"}
    assert all(check["ok"] for check in body["checks"].values())


def test_healthz_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_reports_an_unreachable_cache(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": UNREACHABLE_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    # The request must really talk to the broken cache, not to one built before the override.
    with pytest.raises(Exception, match="127.0.0.1:1"):
        cache.set("probe", 1)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["cache"]
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["cache"]["detail"]
    assert body["checks"]["database"]["ok"] is True


def test_healthz_reports_an_unreachable_channel_layer(client, settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [UNREACHABLE_REDIS]},
        }
    }
    # Channels drops its cached layers when CHANNEL_LAYERS changes; check the override took.
    layer = health.get_channel_layer()
    assert [host["address"] for host in layer.hosts] == [UNREACHABLE_REDIS]

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["channel_layer"]
    assert body["checks"]["channel_layer"]["ok"] is False
    assert body["checks"]["cache"]["ok"] is True


def test_healthz_reports_a_missing_channel_layer(client, settings):
    settings.CHANNEL_LAYERS = {}

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["channel_layer"]


def test_healthz_names_every_failing_engine(client, monkeypatch):
    def broken():
        raise ConnectionError("engine is down")

    monkeypatch.setitem(health.CHECKS, "cache", broken)
    monkeypatch.setitem(health.CHECKS, "search", broken)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert sorted(body["failing"]) == ["cache", "search"]
    assert "engine is down" in body["checks"]["search"]["detail"]


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_answers_plain_http_when_https_is_enforced(client, settings):
    # Load balancers probe over plain HTTP inside the network; everything else goes to HTTPS.
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    redirected = client.get("/accounts/login/")
    assert redirected.status_code == 301
    assert redirected["Location"].startswith("https://")
