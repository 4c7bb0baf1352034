"""/health/live and /health/ready against real failures of their dependencies."""

from __future__ import annotations

import socket

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client, override_settings


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def client() -> Client:
    return Client(HTTP_HOST="localhost")


@pytest.mark.django_db(transaction=True)
def test_ready_is_ok_when_every_dependency_answers(client):
    # given a migrated database and a working cache
    # when the probes are called
    ready = client.get("/health/ready")
    live = client.get("/health/live")

    # then both answer 200 and ready lists its checks
    assert ready.status_code == 200
    assert ready.json()["status"] == "ok"
    assert set(ready.json()["checks"]) == {"database", "migrations", "cache"}
    assert live.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_ready_is_degraded_but_200_when_the_cache_is_down(client):
    # given a Redis cache nothing listens for
    redis_cache = {
        "default": {
            "BACKEND": "django_prometheus.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/7",
            "OPTIONS": {
                "CLIENT_CLASS": "monitoring.redis_client.MeasuredRedisClient",
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
            },
        }
    }

    # when the probes are called
    with override_settings(CACHES=redis_cache):
        ready = client.get("/health/ready")
        live = client.get("/health/live")
        page = client.get("/metrics").content.decode()

    # then ready stays 200 and says degraded, naming the cache
    assert ready.status_code == 200
    assert ready.json()["status"] == "degraded"
    assert ready.json()["checks"]["cache"]["status"] == "error"
    assert ready.json()["checks"]["cache"]["critical"] is False
    assert live.status_code == 200
    assert 'redis_operations_total{operation="set",result="error"}' in page


@pytest.mark.django_db(transaction=True)
def test_ready_is_503_while_a_migration_is_unapplied(client):
    # given the database does not record one of the code's migrations
    recorder = MigrationRecorder(connection)
    removed = recorder.migration_qs.filter(app="authtoken").order_by("-id").first()
    recorder.record_unapplied(removed.app, removed.name)

    try:
        # when the probes are called
        ready = client.get("/health/ready")
        live = client.get("/health/live")
    finally:
        recorder.record_applied(removed.app, removed.name)

    # then ready is 503 and names the migration; live is still 200
    assert ready.status_code == 503
    assert ready.json()["status"] == "unavailable"
    assert f"authtoken.{removed.name}" in ready.json()["checks"]["migrations"]["error"]
    assert live.status_code == 200


def test_live_answers_without_touching_the_database(client):
    # given database access is refused in this test (no django_db mark)
    # when the liveness probe is called
    response = client.get("/health/live")

    # then it answers 200: it never asked for a connection
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
