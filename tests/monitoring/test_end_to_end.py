"""End to end: the app under gunicorn on PostgreSQL and Redis, scraped by Prometheus.

One stack serves the whole module: gunicorn with two workers on the test
database, and Debian's prometheus scraping it every second with the shipped
rules. The module drives real traffic through the real rollout controls:
2xx and 4xx; dual-writes, one of them failing; reads on the unified store
with shadow comparison and the category cache; fallbacks; and 5xx. Faults
are injected by hiding a table from the app for a few seconds. Then every
dashboard query and every rule expression is checked against what
Prometheus stored.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection
from rest_framework.authtoken.models import Token

from flags.changes import control_set
from tests.factories import (
    CategoryFactory,
    LegacyListingValueFactory,
    LegacyMappingFactory,
    ListingFactory,
    UnifiedAttributeFactory,
    UnifiedCategoryAttributeFactory,
    UserFactory,
)
from tests.monitoring.prometheus_server import Prometheus, prometheus_running
from tests.monitoring.promql import (
    alert_rules,
    dashboard_queries,
    metric_names,
    with_bool_comparisons,
)
from tests.monitoring.scrape import label_sets_of
from tests.monitoring.servers import Server, gunicorn_running, http

pytestmark = [
    # Makes pytest-django create the test database; the module's data is
    # committed by the `stack` fixture, outside the tests' transactions.
    pytest.mark.django_db,
    pytest.mark.e2e,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.prometheus,
]

# The metrics the rollout's service layer and controls produce.
BUSINESS_METRICS = {
    "unified_attributes_usage_total",
    "dual_write_operations_total",
    "cache_operations_total",
    "attribute_fallbacks_total",
    "shadow_comparisons_total",
    "feature_flag_status",
    "unified_attributes_percent",
    "shadow_compare_percent",
    "drift_entries_pending",
}
SETTLE_DEADLINE_SECONDS = 90
UNIFIED_VALUES = "unified_attribute_values"


def _expressions() -> list[tuple[str, str]]:
    """Return (where, PromQL) for every dashboard query and rule expression."""
    queries = [(f"panel {title!r}", expr) for title, expr in dashboard_queries()]
    rules = [
        (f"alert {rule['alert']}", with_bool_comparisons(rule["expr"]))
        for rule in alert_rules()
    ]
    return queries + rules


def _is_business(expr: str) -> bool:
    return bool(metric_names(expr) & BUSINESS_METRICS)


PLATFORM = [(where, e) for where, e in _expressions() if not _is_business(e)]
BUSINESS = [(where, e) for where, e in _expressions() if _is_business(e)]


class Traffic:
    """The requests the module sends, against one running server."""

    def __init__(
        self,
        server: Server,
        *,
        category_id: int,
        listing_id: int,
        attribute_id: int,
        token: str,
    ):
        self.server = server
        self.category_id = category_id
        self.listing_id = listing_id
        self.attribute_id = attribute_id
        self.auth = {"Authorization": f"Token {token}"}

    def reads(self) -> list[int]:
        """Read the category and the listing through both APIs."""
        paths = [
            f"/api/v1/marketplace/categories/{self.category_id}/attributes",
            f"/api/v2/marketplace/categories/{self.category_id}/attributes",
            f"/api/v1/marketplace/listings/{self.listing_id}/attributes",
            f"/api/v2/marketplace/listings/{self.listing_id}/attributes",
        ]
        return [self.server.get(path).status for path in paths]

    def client_errors(self) -> list[int]:
        """Ask for what does not exist, and write without the right to."""
        write = json.dumps({"attributes": [{"attribute_id": 1, "text_value": "x"}]})
        listing = f"/api/v2/marketplace/listings/{self.listing_id}/attributes"
        return [
            self.server.get(
                "/api/v2/marketplace/categories/987654321/attributes"
            ).status,
            self.server.get("/api/v1/marketplace/listings/987654321/attributes").status,
            http(
                "POST",
                self.server.url + listing,
                write.encode(),
                {"Content-Type": "application/json"},
            ).status,
            http(
                "POST",
                self.server.url + listing,
                b'{"attributes": []}',
                {"Content-Type": "application/json", **self.auth},
            ).status,
        ]

    def writes(self) -> list[int]:
        """Save a value of the listing as its owner, through v1 and v2."""
        body = json.dumps(
            {"attributes": [{"attribute_id": self.attribute_id, "text_value": "red"}]}
        ).encode()
        headers = {"Content-Type": "application/json", **self.auth}
        listing = f"/marketplace/listings/{self.listing_id}/attributes"
        return [
            http("PUT", f"{self.server.url}/api/v1{listing}", body, headers).status,
            http("POST", f"{self.server.url}/api/v2{listing}", body, headers).status,
        ]

    def probes(self) -> list[int]:
        """Probe readiness and liveness as the orchestrator would."""
        return [
            self.server.get("/health/ready").status,
            self.server.get("/health/live").status,
        ]


def _during(seconds: float, send: Callable[[], list[int]]) -> list[int]:
    statuses: list[int] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        statuses += send()
    return statuses


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker, tmp_path_factory):
    """Run gunicorn and Prometheus, drive the traffic, yield both."""
    tmp_path = tmp_path_factory.mktemp("e2e")
    with django_db_blocker.unblock():
        owner = UserFactory()
        token = Token.objects.create(user=owner).key
        category = CategoryFactory()
        mappings = [LegacyMappingFactory(category=category) for _ in range(3)]
        listing = ListingFactory(user=owner, category=category)
        for mapping in mappings:
            LegacyListingValueFactory(
                listing=listing, attribute=mapping.attribute, text_value="blue"
            )
            # The unified twin of each legacy attribute, as the backfill makes it.
            UnifiedCategoryAttributeFactory(
                category=category,
                attribute=UnifiedAttributeFactory(
                    id=mapping.attribute.pk,
                    legacy_category_attribute_id=mapping.attribute.pk,
                ),
            )
        database = connection.settings_dict
        from django.conf import settings

        env = {
            "DATABASE_URL": (
                f"postgres://{database['USER']}@{database['HOST']}:"
                f"{database['PORT']}/{database['NAME']}"
            ),
            "REDIS_URL": settings.REDIS_URL,
            "LOG_LEVEL": "WARNING",
        }
        try:
            with gunicorn_running(tmp_path=tmp_path, env=env, workers=2) as server:
                target = server.url.removeprefix("http://")
                with prometheus_running(tmp_path=tmp_path, target=target) as prom:
                    traffic = Traffic(
                        server,
                        category_id=category.pk,
                        listing_id=listing.pk,
                        attribute_id=mappings[0].attribute.pk,
                        token=token,
                    )
                    sent = _drive(traffic)
                    yield server, prom, sent
        finally:
            call_command("flush", interactive=False, verbosity=0)


@contextmanager
def _hidden(table: str) -> Iterator[None]:
    """Rename a table so the app's queries on it fail, then put it back."""
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_hidden")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table}_hidden RENAME TO {table}")


def _controls(**values: str) -> None:
    """Set rollout controls as an operator would, with a reason."""
    for name, value in values.items():
        control_set(name, value, actor="e2e", source="command", reason="e2e test")


def _drive(traffic: Traffic) -> dict[str, list[int]]:
    """Walk the rollout from legacy only to unified reads, with faults on the way."""
    sent = {
        "healthy": _during(3, lambda: traffic.reads() + traffic.probes()),
        "client_errors": _during(2, traffic.client_errors),
    }
    _controls(DUAL_WRITE_ATTRIBUTES="on")
    sent["dual_write"] = _during(2, traffic.writes)
    with _hidden(UNIFIED_VALUES):
        sent["mirror_failing"] = _during(2, traffic.writes)
    _controls(
        USE_UNIFIED_ATTRIBUTES="on",
        UNIFIED_ATTRIBUTES_PERCENT="100",
        SHADOW_COMPARE_PERCENT="100",
    )
    sent["unified"] = _during(3, traffic.reads)
    with _hidden(UNIFIED_VALUES):
        sent["fallback"] = _during(3, traffic.reads)
        _controls(UNIFIED_ATTRIBUTES_FALLBACK="off")
        sent["faulty"] = _during(4, traffic.reads)
        _controls(UNIFIED_ATTRIBUTES_FALLBACK="on")
    sent["recovered"] = _during(2, lambda: traffic.reads() + traffic.probes())
    return sent


def _settled(prom: Prometheus, condition: Callable[[], bool]) -> bool:
    """Poll Prometheus until `condition` holds or the deadline passes."""
    deadline = time.monotonic() + SETTLE_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(1)
    return condition()


def _without_data(prom: Prometheus, expressions: list[tuple[str, str]]) -> list[str]:
    return [where for where, expr in expressions if not prom.query(expr)]


def test_the_driven_traffic_had_2xx_4xx_and_5xx(stack):
    # given the traffic the module sent
    _, _, sent = stack

    # then it held every kind of answer the checks below rely on
    client_errors = set(sent["client_errors"])
    assert set(sent["healthy"]) == {200}
    assert client_errors >= {400, 404} and client_errors & {401, 403}
    assert set(sent["dual_write"]) == {200}
    assert set(sent["mirror_failing"]) == {200}
    assert set(sent["unified"]) == {200}
    assert set(sent["fallback"]) == {200}
    assert {status for status in sent["faulty"] if status >= 500}


def test_every_contract_metric_appears_on_metrics_with_its_labels(stack):
    # given the app after the traffic
    server, _, _ = stack

    # when /metrics is scraped
    page = server.get("/metrics").text()

    # then each contract metric is there with its labels
    expected = {
        "http_requests_total": {"method", "endpoint", "status"},
        "http_request_duration_seconds_bucket": {"method", "endpoint", "le"},
        "http_requests_in_flight": set(),
        "database_connections_active": {"alias"},
        "database_query_duration_seconds_bucket": {"alias", "vendor", "le"},
        "redis_operations_total": {"operation", "result"},
        "health_ready_status": set(),
        "unified_attributes_usage_total": {"version"},
        "dual_write_operations_total": {"status"},
        "cache_operations_total": {"operation", "result"},
        "attribute_fallbacks_total": {"reason"},
        "shadow_comparisons_total": {"result"},
        "feature_flag_status": {"flag_name"},
        "unified_attributes_percent": set(),
        "shadow_compare_percent": set(),
        "drift_entries_pending": set(),
    }
    for name, labels in expected.items():
        label_sets = label_sets_of(page, name)
        assert label_sets, name
        assert {frozenset(dict(s)) for s in label_sets} == {frozenset(labels)}, name


def test_the_rollout_traffic_counted_every_outcome_it_caused(stack):
    # given the app after the rollout traffic
    server, _, _ = stack

    # when /metrics is scraped
    page = server.get("/metrics").text()

    # then reads by every store, both dual-write outcomes, cache hits and
    # misses, fallbacks on error and shadow mismatches were counted
    def values(name: str, label: str) -> set[str]:
        return {dict(labels)[label] for labels in label_sets_of(page, name)}

    assert values("unified_attributes_usage_total", "version") >= {
        "v1",
        "v2",
        "v1-fallback",
    }
    assert values("dual_write_operations_total", "status") == {"success", "failure"}
    assert values("cache_operations_total", "result") >= {"hit", "miss"}
    assert values("attribute_fallbacks_total", "reason") >= {"error"}
    assert values("shadow_comparisons_total", "result") >= {"mismatch"}


def test_every_platform_query_and_rule_parses_names_stored_metrics_and_has_data(
    stack,
):
    # given Prometheus has scraped the traffic
    _, prom, _ = stack

    # when each expression's metrics and results are read
    assert _settled(prom, lambda: not _without_data(prom, PLATFORM))
    stored = prom.metric_names()

    # then every metric named exists and every expression returns data
    for where, expr in PLATFORM:
        assert metric_names(expr) <= stored, where
    assert _without_data(prom, PLATFORM) == []


def test_every_business_query_and_rule_has_data(stack):
    # given Prometheus has scraped the rollout traffic
    _, prom, _ = stack

    # when each expression's metrics and results are read
    assert _settled(prom, lambda: not _without_data(prom, BUSINESS))
    stored = prom.metric_names()

    # then every metric named exists and every expression returns data
    for where, expr in BUSINESS:
        assert metric_names(expr) <= stored, where
    assert _without_data(prom, BUSINESS) == []


def test_every_rule_is_loaded_and_healthy(stack):
    # given Prometheus evaluating the shipped rules every second
    _, prom, _ = stack

    # when its rules API is read
    groups = prom.api("/api/v1/rules")["groups"]
    rules = {rule["name"]: rule for group in groups for rule in group["rules"]}

    # then every rule is there and evaluates without error
    assert set(rules) == {rule["alert"] for rule in alert_rules()}
    assert {name: rule["health"] for name, rule in rules.items()} == {
        name: "ok" for name in rules
    }


def test_injected_errors_fire_the_error_budget_alert(stack):
    # given the 500s answered while the legacy table was hidden
    _, prom, _ = stack

    # when Prometheus evaluates the rules
    def firing() -> set[str]:
        alerts = prom.api("/api/v1/alerts")["alerts"]
        return {a["labels"]["alertname"] for a in alerts if a["state"] == "firing"}

    _settled(prom, lambda: "ApiErrorBudgetBurnFast" in firing())

    # then the fast-burn alert fires
    assert "ApiErrorBudgetBurnFast" in firing()
