"""The contract HTTP and system metrics, and their bounded labels, in one process."""

from __future__ import annotations

import pytest
from django.test import Client

from attributes import api
from tests.factories import CategoryFactory, LegacyMappingFactory
from tests.monitoring.scrape import label_sets_of, samples_of, value_of

V2_CATEGORY = "/api/v2/marketplace/categories/<int:category_id>/attributes"


@pytest.fixture
def client() -> Client:
    return Client(HTTP_HOST="localhost", raise_request_exception=False)


def _scrape(client: Client) -> str:
    response = client.get("/metrics")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_requests_are_counted_by_method_route_pattern_and_status(client):
    # given a category with one attribute
    category = CategoryFactory()
    LegacyMappingFactory(category=category)
    before = _scrape(client)

    # when it is read twice and an unknown category once
    client.get(f"/api/v2/marketplace/categories/{category.pk}/attributes")
    client.get(f"/api/v2/marketplace/categories/{category.pk}/attributes")
    client.get("/api/v2/marketplace/categories/999999/attributes")
    after = _scrape(client)

    # then each answer is counted under the route pattern, never the raw path
    def delta(status: str) -> float:
        labels = {"method": "GET", "endpoint": V2_CATEGORY, "status": status}
        return value_of(after, "http_requests_total", **labels) - value_of(
            before, "http_requests_total", **labels
        )

    assert delta("200") == 2
    assert delta("404") == 1
    assert not any(
        "999999" in dict(labels).get("endpoint", "")
        for labels in label_sets_of(after, "http_requests_total")
    )


@pytest.mark.django_db
def test_request_duration_has_a_bucket_at_the_latency_objective(client):
    # given a request that was answered
    client.get("/health/live")

    # when the histogram is read
    page = _scrape(client)

    # then it is labelled by method and endpoint and has the objective's edge
    buckets = label_sets_of(page, "http_request_duration_seconds_bucket")
    live = [
        dict(labels) for labels in buckets if ("endpoint", "/health/live") in labels
    ]
    assert "0.25" in {labels["le"] for labels in live}
    assert {labels["method"] for labels in live} == {"GET"}


@pytest.mark.django_db
def test_an_unhandled_error_is_counted_as_a_500(client, monkeypatch):
    # given a category read that fails inside the view (the fault is injected)
    category = CategoryFactory()

    def broken(view, request, category_id):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(api.CategoryAttributesV2, "get", broken)

    # when the category is read
    response = client.get(f"/api/v2/marketplace/categories/{category.pk}/attributes")

    # then the client gets a 500 and the 500 is counted under the route
    assert response.status_code == 500
    assert (
        value_of(
            _scrape(client), "http_requests_total", endpoint=V2_CATEGORY, status="500"
        )
        == 1
    )


@pytest.mark.django_db
def test_in_flight_counts_the_request_being_answered(client):
    # given no other request running
    # when /metrics is scraped
    page = _scrape(client)

    # then the only request in flight is the scrape itself
    assert value_of(page, "http_requests_in_flight") == 1


@pytest.mark.django_db
def test_an_unknown_method_adds_no_series(client):
    # given one request with a made-up method on each endpoint was answered
    paths = ("/health/live", "/api/v2/marketplace/categories/1/attributes")
    for path in paths:
        client.generic("FOOBAR", path)
    before = set(samples_of(_scrape(client)))

    # when more requests with other made-up methods arrive
    for method in ("FOOBAR", "BREW", "PROPFIND", "X" * 40):
        for path in paths:
            client.generic(method, path)
    after = set(samples_of(_scrape(client)))

    # then they all went to the "other" series: the page has the same series
    assert after == before
    assert any(("method", "other") in labels for _, labels in after)


@pytest.mark.django_db
def test_a_thousand_distinct_404_paths_add_no_series(client):
    # given one unknown path was already answered
    client.get("/no-such-page-0")
    before = set(samples_of(_scrape(client)))

    # when a thousand other unknown paths are requested
    for n in range(1, 1001):
        client.get(f"/no-such-page-{n}")
    after = set(samples_of(_scrape(client)))

    # then the page has exactly the same series
    assert after == before


@pytest.mark.django_db
def test_database_queries_are_timed_under_the_contract_name(client):
    # given a request that queries the database
    category = CategoryFactory()
    client.get(f"/api/v1/marketplace/categories/{category.pk}/attributes")

    # when /metrics is scraped
    page = _scrape(client)

    # then the query-time histogram appears under its contract name too
    assert value_of(page, "database_query_duration_seconds_count") >= 1
    assert value_of(page, "database_query_duration_seconds_count") == value_of(
        page, "django_db_query_duration_seconds_count"
    )


@pytest.mark.django_db(transaction=True)
def test_database_connections_are_sampled_after_each_request():
    # given a client that lets Django close connections after each request
    from django.core.signals import request_finished
    from django.db import close_old_connections

    request_finished.connect(close_old_connections)
    client = Client(HTTP_HOST="localhost")
    try:
        # when a request that used the database has finished
        client.get("/api/v1/marketplace/categories/1/attributes")
        page = client.get("/metrics").content.decode()
    finally:
        request_finished.disconnect(close_old_connections)

    # then the gauge says how many connections stay open: the pool's, or the
    # one connection (an in-memory SQLite test database is never closed)
    from django.db import connection

    pool = getattr(connection, "pool", None)
    if pool is not None:
        expected = pool.get_stats()["pool_size"]
    else:
        expected = int(connection.connection is not None)
    assert label_sets_of(page, "database_connections_active") == {
        (("alias", "default"),)
    }
    assert value_of(page, "database_connections_active", alias="default") == expected
