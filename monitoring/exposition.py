"""What /metrics shows: every worker's metrics, plus the scrape-time collectors."""

from __future__ import annotations

import os
from collections.abc import Iterator

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from prometheus_client.samples import Sample

from monitoring.collectors import scrape_collectors

# The contract name of the query-time histogram is an alias of the one the
# django-prometheus database wrapper records: each query is timed once, and
# the alias is made here, at scrape time, off the request path.
ALIASES = {"django_db_query_duration_seconds": "database_query_duration_seconds"}


def multiprocess_dir() -> str | None:
    """Return the multiprocess directory, or None when running as one process."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def _aliased(family: Metric, name: str) -> Metric:
    alias = Metric(name, family.documentation, family.type, family.unit)
    alias.samples = [
        Sample(
            name + sample.name[len(family.name) :],
            sample.labels,
            sample.value,
            sample.timestamp,
            sample.exemplar,
        )
        for sample in family.samples
    ]
    return alias


class ProcessMetrics(Collector):
    """Collect every worker's metrics (multiprocess mode) or this process's."""

    def collect(self) -> Iterator[Metric]:
        """Yield the metric families, with the contract aliases added."""
        directory = multiprocess_dir()
        source = MultiProcessCollector(None, directory) if directory else REGISTRY
        for family in source.collect():
            yield family
            alias = ALIASES.get(family.name)
            if alias is not None:
                yield _aliased(family, alias)


def metrics_text() -> bytes:
    """Return the whole /metrics page in the Prometheus text format."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(ProcessMetrics())
    for collector in scrape_collectors():
        registry.register(collector)
    return generate_latest(registry)
