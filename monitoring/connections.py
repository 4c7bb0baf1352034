"""Sample how many database connections this process holds open."""

from __future__ import annotations

from typing import Any

from django.db import connections

from monitoring.metrics import database_connections_active

# Labelled children and the last value written, by alias: the sample runs
# after every request, and a file write is only needed when the count moved.
_GAUGES: dict[str, Any] = {}
_WRITTEN: dict[str, int] = {}


def _open_connections(connection: Any) -> int:
    pool = getattr(connection, "pool", None)
    if pool is not None:
        return pool.get_stats().get("pool_size", 0)
    return int(connection.connection is not None)


def connections_sample(**kwargs: Any) -> None:
    """Set database_connections_active for every database this process used.

    Runs after Django has returned the request's connection (request_finished),
    so it counts what stays open between requests: the pool's connections, or
    none without a pool.
    """
    # A pool that grows or shrinks between requests shows on the next request.
    for connection in connections.all(initialized_only=True):
        alias = connection.alias
        count = _open_connections(connection)
        if _WRITTEN.get(alias) == count:
            continue
        gauge = _GAUGES.get(alias)
        if gauge is None:
            gauge = database_connections_active.labels(alias)
            _GAUGES[alias] = gauge
        gauge.set(count)
        _WRITTEN[alias] = count
