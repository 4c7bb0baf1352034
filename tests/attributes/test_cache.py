"""The category answer cache: hits, invalidation by every write path, outages."""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.core.management import call_command

from attributes.cache import category_answers_invalidate
from attributes.domain import CategoryAttribute
from attributes.stores import legacy_store, unified_store
from attributes_v1.models import CategoryAttribute as LegacyAttribute
from attributes_v1.models import CategoryAttributeMapping
from attributes_v2.models import UnifiedAttribute
from tests.factories import LegacyMappingFactory
from tests.rollout import controls_put, counted, text_in, two_stores_planted

ON_V2 = {
    "DUAL_WRITE_ATTRIBUTES": True,
    "USE_UNIFIED_ATTRIBUTES": True,
    "UNIFIED_ATTRIBUTES_PERCENT": 100,
}


def _category(api_client, planted, api="v2"):
    response = api_client.get(
        f"/api/{api}/marketplace/categories/{planted.category_id}/attributes"
    )
    assert response.status_code == 200
    return response.json()["attributes"]


@pytest.mark.django_db
def test_second_read_is_a_cache_hit(api_client, owner):
    # given a category read once
    planted = two_stores_planted(owner)
    first = _category(api_client, planted)
    hits = counted("cache_operations_total", operation="get", result="hit")

    # when it is read again
    second = _category(api_client, planted)

    # then it came from the cache, with the same answer
    assert second == first
    assert counted("cache_operations_total", operation="get", result="hit") == hits + 1


@pytest.mark.django_db
def test_cache_switch_off_reads_the_store_every_time(api_client, owner):
    planted = two_stores_planted(owner)
    controls_put(ATTRIBUTES_CACHE_ENABLED=False)
    _category(api_client, planted)
    hits = counted("cache_operations_total", operation="get", result="hit")

    _category(api_client, planted)

    assert counted("cache_operations_total", operation="get", result="hit") == hits


def _legacy_attribute_saved(planted):
    # what the admin does with a legacy attribute: a model save
    row = LegacyAttribute.objects.get(pk=planted.attribute_id)
    row.name = "shade"
    row.save()


def _legacy_mapping_disabled(planted):
    mapping = CategoryAttributeMapping.objects.get(category_id=planted.category_id)
    mapping.is_enabled = False
    mapping.save()


def _legacy_store_attribute_saved(planted):
    # the path of backfill, reverse and repair: the store's own write
    definition = legacy_store.attributes_get([planted.attribute_id])[
        planted.attribute_id
    ]
    legacy_store.attribute_save(
        type(definition)(**{**vars(definition), "name": "shade"})
    )


def _legacy_bulk_update_then_invalidate(planted):
    # a bulk update sends no signal; the command doing it invalidates itself
    LegacyAttribute.objects.filter(pk=planted.attribute_id).update(name="shade")
    category_answers_invalidate([planted.category_id])


def _unified_attribute_saved(planted):
    row = UnifiedAttribute.objects.get(pk=planted.attribute_id)
    row.name = "shade"
    row.save()


def _unified_store_assignment_saved(planted):
    definition = unified_store.attributes_get([planted.attribute_id])[
        planted.attribute_id
    ]
    unified_store.category_attribute_save(
        CategoryAttribute(
            category_id=planted.category_id, attribute=definition, is_enabled=False
        )
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("write", "api_controls", "expected"),
    [
        (_legacy_attribute_saved, {}, "shade"),
        (_legacy_mapping_disabled, {}, None),
        (_legacy_store_attribute_saved, {}, "shade"),
        (_legacy_bulk_update_then_invalidate, {}, "shade"),
        (_unified_attribute_saved, ON_V2, "shade"),
        (_unified_store_assignment_saved, ON_V2, None),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
@pytest.mark.parametrize("api", ["v1", "v2"])
def test_each_kind_of_definition_write_shows_on_the_next_read(
    api_client, owner, write, api_controls, expected, api
):
    # given a category answer in the cache, from the store the controls pick
    planted = two_stores_planted(owner)
    controls_put(**api_controls)
    _category(api_client, planted, api)
    hits = counted("cache_operations_total", operation="get", result="hit")

    # when its definitions change through this path
    write(planted)

    # then the next read shows the change (a miss, rebuilt from the store)
    names = [row["name"] for row in _category(api_client, planted, api)]
    assert names == ([expected] if expected else [])
    assert counted("cache_operations_total", operation="get", result="hit") == hits


def _free_port() -> int:
    for port in range(6390, 6400):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 6390-6399 for the throwaway Redis")


@pytest.fixture
def throwaway_redis(settings):
    """Start a Redis of our own on a spare port, and point the cache at it."""
    server = shutil.which("redis-server")
    assert server, "redis-server is not installed"
    port = _free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
        assert time.monotonic() < deadline, "throwaway Redis did not start"
        time.sleep(0.05)
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    yield process
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.redis
@pytest.mark.django_db
def test_reads_and_writes_succeed_after_redis_is_stopped(
    api_client, owner, throwaway_redis
):
    # given a category answer cached in a running Redis
    planted = two_stores_planted(owner)
    controls_put(DUAL_WRITE_ATTRIBUTES=True)
    _category(api_client, planted)
    assert caches["default"].get("rollout:controls:v1") is not None

    # when that Redis is really stopped
    throwaway_redis.terminate()
    throwaway_redis.wait(timeout=10)
    errors = counted("cache_operations_total", operation="get", result="error")

    # then reads and writes still succeed, from the database, counted
    assert [row["name"] for row in _category(api_client, planted)] == ["colour"]
    listing = api_client.get(
        f"/api/v2/marketplace/listings/{planted.listing_id}/attributes"
    )
    assert listing.status_code == 200
    api_client.force_authenticate(owner)
    written = api_client.post(
        f"/api/v2/marketplace/listings/{planted.listing_id}/attributes",
        {"attributes": [{"attribute_id": planted.attribute_id, "text_value": "ok"}]},
        format="json",
    )
    assert written.status_code == 200
    assert text_in(unified_store, planted.listing_id, planted.attribute_id) == "ok"
    assert counted("cache_operations_total", operation="get", result="error") > errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("api", ["v1", "v2"])
def test_backfill_of_a_changed_assignment_shows_on_the_next_read(
    api_client, owner, api
):
    # given a legacy category backfilled, reads on the unified store, and the
    # category's answer in the cache
    mapping = LegacyMappingFactory(attribute__name="colour")
    quiet = io.StringIO()
    call_command("attributes_backfill", "--no-progress", stdout=quiet)
    controls_put(**ON_V2)
    category = f"/api/{api}/marketplace/categories/{mapping.category_id}/attributes"
    assert [row["name"] for row in api_client.get(category).json()["attributes"]] == [
        "colour"
    ]

    # when the legacy assignment is disabled by a bulk update (no signal) and
    # the backfill carries that into the unified store, again set-based
    CategoryAttributeMapping.objects.filter(pk=mapping.pk).update(is_enabled=False)
    call_command("attributes_backfill", "--no-progress", stdout=quiet)

    # then the next read shows the backfilled assignment, not the cached answer
    assert api_client.get(category).json()["attributes"] == []
