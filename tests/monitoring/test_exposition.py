"""/metrics runs the registered scrape-time collectors at every scrape."""

from __future__ import annotations

import pytest
from django.test import Client
from prometheus_client.core import GaugeMetricFamily

from marketplace.models import Category
from monitoring import collectors
from tests.factories import CategoryFactory
from tests.monitoring.scrape import value_of


class CategoriesCollector:
    """A scrape-time gauge read from the database, as the rollout gauges are."""

    def collect(self):
        yield GaugeMetricFamily(
            "test_categories", "Categories now.", value=Category.objects.count()
        )


@pytest.fixture
def registered(monkeypatch):
    # An empty registry of scrape collectors for this test only.
    monkeypatch.setattr(collectors, "_COLLECTORS", [])
    collector = CategoriesCollector()
    collectors.register_scrape_collector(collector)
    collectors.register_scrape_collector(collector)
    return collector


@pytest.mark.django_db
def test_scrape_collectors_report_the_database_at_each_scrape(registered):
    # given a registered collector and one category
    client = Client(HTTP_HOST="localhost")
    CategoryFactory()
    first = client.get("/metrics").content.decode()

    # when a category is added between two scrapes
    CategoryFactory()
    second = client.get("/metrics").content.decode()

    # then each scrape shows the count of that moment, once
    assert value_of(first, "test_categories") == 1
    assert value_of(second, "test_categories") == 2
    assert second.count("# TYPE test_categories gauge") == 1
