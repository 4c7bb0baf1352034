"""Fallback: a failed or slow v2 read is answered from v1, or refused with 503 JSON."""

from __future__ import annotations

import logging

import pytest
from django.db import connection

from attributes import selectors
from attributes.stores import unified_store
from tests.rollout import controls_put, counted, two_stores_planted

LIVE_WITH_FALLBACK = {
    "DUAL_WRITE_ATTRIBUTES": True,
    "USE_UNIFIED_ATTRIBUTES": True,
    "UNIFIED_ATTRIBUTES_PERCENT": 100,
    "UNIFIED_ATTRIBUTES_FALLBACK": True,
    "ATTRIBUTES_CACHE_ENABLED": False,
}


def _broken(*args, **kwargs):
    raise RuntimeError("unified store broke")


def _slow_query(*args, **kwargs):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_sleep(5)")
        else:
            cursor.execute(
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                "WHERE x < 1000000000) SELECT count(*) FROM c"
            )
    return []


def _v2_listing_reads_slowed(monkeypatch, settings) -> float:
    """Make v2 listing reads run for seconds under a 100 ms budget.

    Return the timeout fallbacks counted so far.
    """
    settings.V2_READ_BUDGET_MS = 100
    monkeypatch.setattr(unified_store, "listing_values_get", _slow_query)
    return counted("attribute_fallbacks_total", reason="timeout")


@pytest.mark.django_db
@pytest.mark.parametrize("api", ["v1", "v2"])
def test_v2_failure_is_served_from_v1_with_fallback_on(
    api_client, owner, monkeypatch, api
):
    # given reads on v2 with fallback on, and a v2 store that raises
    planted = two_stores_planted(owner)
    controls_put(**LIVE_WITH_FALLBACK)
    monkeypatch.setattr(unified_store, "listing_values_get", _broken)
    before = counted("attribute_fallbacks_total", reason="error")
    served_before = counted("unified_attributes_usage_total", version="v1-fallback")

    # when the listing is read
    response = api_client.get(
        f"/api/{api}/marketplace/listings/{planted.listing_id}/attributes"
    )

    # then v1 answered in the same request, and it was counted by reason
    assert response.status_code == 200
    assert response["X-Attributes-Store"] == "v1-fallback"
    assert response.json()["attributes"][0]["text_value"] == "from v1"
    assert counted("attribute_fallbacks_total", reason="error") == before + 1
    assert (
        counted("unified_attributes_usage_total", version="v1-fallback")
        == served_before + 1
    )


@pytest.mark.django_db
def test_v2_category_failure_is_served_from_v1_with_fallback_on(
    api_client, owner, monkeypatch
):
    planted = two_stores_planted(owner)
    controls_put(**{**LIVE_WITH_FALLBACK, "ATTRIBUTES_CACHE_ENABLED": True})
    monkeypatch.setattr(unified_store, "category_definitions_get", _broken)

    response = api_client.get(
        f"/api/v2/marketplace/categories/{planted.category_id}/attributes"
    )

    assert response.status_code == 200
    assert response["X-Attributes-Store"] == "v1-fallback"
    assert response.json()["attributes"][0]["name"] == "colour"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["listings/{listing}/attributes", "categories/{category}/attributes"]
)
def test_v2_failure_with_fallback_off_is_a_503_with_json(
    api_client, owner, monkeypatch, path
):
    # given reads on v2 with fallback off, and a v2 store that raises
    planted = two_stores_planted(owner)
    controls_put(**{**LIVE_WITH_FALLBACK, "UNIFIED_ATTRIBUTES_FALLBACK": False})
    monkeypatch.setattr(unified_store, "listing_values_get", _broken)
    monkeypatch.setattr(unified_store, "category_definitions_get", _broken)
    url = path.format(listing=planted.listing_id, category=planted.category_id)

    # when it is read
    response = api_client.get(f"/api/v2/marketplace/{url}")

    # then the client gets a clean 503 with a JSON body
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "store_unavailable"


@pytest.mark.django_db
def test_v2_read_past_its_time_budget_is_cancelled_and_served_from_v1(
    api_client, owner, monkeypatch, settings
):
    # given a v2 read that would run for seconds, and a 100 ms budget
    planted = two_stores_planted(owner)
    controls_put(**LIVE_WITH_FALLBACK)
    before = _v2_listing_reads_slowed(monkeypatch, settings)

    # when the listing is read
    response = api_client.get(
        f"/api/v2/marketplace/listings/{planted.listing_id}/attributes"
    )

    # then the database cancelled it and v1 answered, counted as a timeout
    assert response.status_code == 200
    assert response["X-Attributes-Store"] == "v1-fallback"
    assert counted("attribute_fallbacks_total", reason="timeout") == before + 1


@pytest.mark.django_db
def test_an_empty_v2_answer_is_a_result_not_a_fallback(api_client, owner):
    # given a listing with no values in the unified store
    planted = two_stores_planted(owner, with_unified_value=False)
    controls_put(**LIVE_WITH_FALLBACK)
    before = counted("attribute_fallbacks_total", reason="error")

    # when it is read on v2
    response = api_client.get(
        f"/api/v2/marketplace/listings/{planted.listing_id}/attributes"
    )

    # then v2 answered with nothing, and no fallback happened
    assert response.status_code == 200
    assert response["X-Attributes-Store"] == "v2"
    assert response.json()["attributes"] == []
    assert counted("attribute_fallbacks_total", reason="error") == before


@pytest.mark.django_db
def test_unknown_listing_on_v2_is_a_404_not_a_fallback(api_client, owner):
    controls_put(**LIVE_WITH_FALLBACK)

    response = api_client.get("/api/v2/marketplace/listings/999999/attributes")

    assert response.status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_time_budget_outside_a_transaction_cancels_the_read_from_the_client(
    api_client, owner, monkeypatch, settings
):
    # given a slow v2 read in autocommit mode, as in a real request
    planted = two_stores_planted(owner)
    controls_put(**LIVE_WITH_FALLBACK)
    before = _v2_listing_reads_slowed(monkeypatch, settings)

    # when the listing is read, and then a fast v2 read follows
    slow = api_client.get(
        f"/api/v2/marketplace/listings/{planted.listing_id}/attributes"
    )
    monkeypatch.undo()
    fast = api_client.get(
        f"/api/v2/marketplace/listings/{planted.listing_id}/attributes"
    )

    # then the slow one was cancelled and answered by v1, the fast one by v2
    assert slow["X-Attributes-Store"] == "v1-fallback"
    assert counted("attribute_fallbacks_total", reason="timeout") == before + 1
    assert fast["X-Attributes-Store"] == "v2"
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_shorter_budget_is_kept_while_the_watchdog_waits_on_a_longer_one(
    api_client, owner, monkeypatch, settings
):
    # given fast v2 reads under a 30 s budget, which leave the watchdog asleep
    # until their (long) deadlines
    planted = two_stores_planted(owner)
    controls_put(**LIVE_WITH_FALLBACK)
    path = f"/api/v2/marketplace/listings/{planted.listing_id}/attributes"
    settings.V2_READ_BUDGET_MS = 30_000
    for _ in range(3):
        assert api_client.get(path)["X-Attributes-Store"] == "v2"

    # when a read that would take 5 s runs under a 100 ms budget
    before = _v2_listing_reads_slowed(monkeypatch, settings)
    slow = api_client.get(path)

    # then it is cancelled at its own deadline, not left to finish
    assert slow["X-Attributes-Store"] == "v1-fallback"
    assert counted("attribute_fallbacks_total", reason="timeout") == before + 1


@pytest.mark.django_db
def test_an_outage_logs_one_warning_per_interval_but_counts_every_fallback(
    api_client, owner, monkeypatch, caplog
):
    # given a broken unified store and a fresh log throttle
    planted = two_stores_planted(owner)
    controls_put(**LIVE_WITH_FALLBACK)
    monkeypatch.setattr(selectors, "_fallback_log", selectors._LogThrottle(60))
    monkeypatch.setattr(unified_store, "listing_values_get", _broken)
    before = counted("attribute_fallbacks_total", reason="error")
    path = f"/api/v2/marketplace/listings/{planted.listing_id}/attributes"

    # when three reads fall back within the interval
    with caplog.at_level(logging.WARNING, logger="attributes.selectors"):
        stores = [api_client.get(path)["X-Attributes-Store"] for _ in range(3)]

    # then all three were answered by v1 and counted, with one warning line
    assert stores == ["v1-fallback"] * 3
    assert counted("attribute_fallbacks_total", reason="error") == before + 3
    warnings = [r for r in caplog.records if "answered from v1" in r.getMessage()]
    assert len(warnings) == 1


def test_the_log_throttle_reports_what_it_held_back_when_the_interval_ends(
    monkeypatch,
):
    now = [100.0]
    monkeypatch.setattr(selectors.time, "monotonic", lambda: now[0])
    throttle = selectors._LogThrottle(10)

    admitted = [throttle.admit(("listing", "v2")) for _ in range(3)]
    other_key = throttle.admit(("category", "v2"))
    now[0] += 10
    after_interval = throttle.admit(("listing", "v2"))

    assert admitted == [0, None, None]
    assert other_key == 0
    assert after_interval == 2
