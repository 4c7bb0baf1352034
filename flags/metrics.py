"""Scrape-time gauges of the rollout controls, read from the database."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from flags.controls import CONTROLS, Kind
from flags.snapshot import controls_from_db

logger = logging.getLogger(__name__)


class ControlsCollector(Collector):
    """Yield feature_flag_status per switch and the two percents as gauges."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """Read the controls from the database and yield their gauges."""
        try:
            snapshot = controls_from_db()
        except Exception:
            logger.warning("Could not read the rollout controls for /metrics")
            return

        status = GaugeMetricFamily(
            "feature_flag_status",
            "Rollout switches: 1 on, 0 off.",
            labels=["flag_name"],
        )
        for name, control in CONTROLS.items():
            if control.kind is Kind.SWITCH:
                status.add_metric([name], 1.0 if snapshot.value_of(name) else 0.0)
        yield status
        yield GaugeMetricFamily(
            "unified_attributes_percent",
            "Share of entities whose reads go to v2 while USE_UNIFIED_ATTRIBUTES "
            "is on (0-100).",
            value=float(snapshot.unified_percent),
        )
        yield GaugeMetricFamily(
            "shadow_compare_percent",
            "Share of reads compared against the other store (0-100).",
            value=float(snapshot.shadow_percent),
        )


controls_collector = ControlsCollector()
