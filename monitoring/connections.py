"""Sample how many database connections this process holds open."""

from __future__ import annotations

from typing import Any

from django.db import connections

from monitoring.metrics import database_connections_active

# Labelled children by alias: the sample runs after every request.
_GAUGES: dict[str, Any] = {}


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
    for connection in connections.all(initialized_only=True):
        gauge = _GAUGES.get(connection.alias)
        if gauge is None:
            gauge = database_connections_active.labels(connection.alias)
            _GAUGES[connection.alias] = gauge
        gauge.set(_open_connections(connection))
