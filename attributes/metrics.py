"""Scrape-time gauge of the drift log, read from the database."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from attributes.drift import drift_pending_count

logger = logging.getLogger(__name__)


class DriftCollector(Collector):
    """Yield drift_entries_pending: mirror writes waiting for a drift replay."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """Count the pending drift entries and yield the gauge."""
        try:
            pending = drift_pending_count()
        except Exception:
            logger.warning("Could not count the drift log for /metrics")
            return
        yield GaugeMetricFamily(
            "drift_entries_pending",
            "Dual-write mirror failures not yet replayed by attributes_repair --drift.",
            value=pending,
        )


drift_collector = DriftCollector()
