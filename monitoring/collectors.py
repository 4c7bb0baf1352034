"""Collectors other apps register, read by /metrics at every scrape."""

from prometheus_client.registry import Collector

_COLLECTORS: list[Collector] = []


def register_scrape_collector(collector: Collector) -> None:
    """Add a collector that /metrics runs at every scrape (idempotent)."""
    if collector not in _COLLECTORS:
        _COLLECTORS.append(collector)


def scrape_collectors() -> list[Collector]:
    """Return the registered scrape-time collectors."""
    return list(_COLLECTORS)
