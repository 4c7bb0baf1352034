"""The operator controls: call logging, cache TTL, and legacy_store_written()."""

from __future__ import annotations

import logging

import pytest

from attributes.routing import legacy_store_written
from tests.rollout import controls_put, counted, two_stores_planted


@pytest.mark.django_db
def test_call_logging_writes_one_line_per_read(api_client, owner, caplog):
    # given call logging on
    planted = two_stores_planted(owner)
    controls_put(ATTRIBUTES_CALL_LOGGING=True)

    # when a listing is read
    with caplog.at_level(logging.INFO, logger="attributes.selectors"):
        api_client.get(f"/api/v2/marketplace/listings/{planted.listing_id}/attributes")

    # then one line names the entity and the store
    lines = [r for r in caplog.records if r.name == "attributes.selectors"]
    assert len(lines) == 1
    assert (lines[0].entity_id, lines[0].store) == (planted.listing_id, "v1")


@pytest.mark.django_db
def test_call_logging_off_logs_no_reads(api_client, owner, caplog):
    planted = two_stores_planted(owner)

    with caplog.at_level(logging.INFO, logger="attributes.selectors"):
        api_client.get(f"/api/v2/marketplace/listings/{planted.listing_id}/attributes")

    assert not [r for r in caplog.records if r.name == "attributes.selectors"]


@pytest.mark.django_db
def test_cache_ttl_zero_stores_no_answer(api_client, owner):
    # given the cache on with a TTL of 0
    planted = two_stores_planted(owner)
    controls_put(ATTRIBUTES_CACHE_TTL=0)
    url = f"/api/v2/marketplace/categories/{planted.category_id}/attributes"
    api_client.get(url)
    hits = counted("cache_operations_total", operation="get", result="hit")

    # when the category is read again
    api_client.get(url)

    # then it was not served from the cache
    assert counted("cache_operations_total", operation="get", result="hit") == hits


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("controls", "written"),
    [
        ({}, True),
        (
            {
                "DUAL_WRITE_ATTRIBUTES": True,
                "USE_UNIFIED_ATTRIBUTES": True,
                "UNIFIED_ATTRIBUTES_PERCENT": 100,
            },
            True,
        ),
        (
            {
                "UNIFIED_ATTRIBUTES_FALLBACK": False,
                "USE_UNIFIED_ATTRIBUTES": True,
                "UNIFIED_ATTRIBUTES_PERCENT": 100,
            },
            False,
        ),
    ],
)
def test_legacy_store_written_reads_the_current_controls(controls, written):
    controls_put(**controls)

    assert legacy_store_written() is written
