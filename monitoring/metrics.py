"""The contract metrics of the HTTP API and the system, defined once.

Under gunicorn these live in prometheus_client's multiprocess mode: every
worker writes its own files in PROMETHEUS_MULTIPROC_DIR and /metrics sums
them. Gauges say how they combine across workers (multiprocess_mode).
"""

import functools
from typing import Any

from prometheus_client import Counter, Gauge, Histogram

# The API's latency objective: 99% of requests answered within this many
# seconds. The request histogram has a bucket exactly here so the objective
# is read from the buckets without interpolation.
LATENCY_OBJECTIVE_SECONDS = 0.25

REQUEST_DURATION_BUCKETS = (
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    LATENCY_OBJECTIVE_SECONDS,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
)

http_requests_total = Counter(
    "http_requests_total",
    "HTTP requests answered, by method, route pattern and status code.",
    ["method", "endpoint", "status"],
)
http_request_duration_seconds = Histogram(
    "http_request_duration_seconds",
    "Time from the first middleware to the response, by method and route pattern.",
    ["method", "endpoint"],
    buckets=REQUEST_DURATION_BUCKETS,
)
http_requests_in_flight = Gauge(
    "http_requests_in_flight",
    "Requests being answered right now, summed over the live workers.",
    multiprocess_mode="livesum",
)

database_connections_active = Gauge(
    "database_connections_active",
    "Database connections the app holds open, summed over the live workers.",
    ["alias"],
    multiprocess_mode="livesum",
)
redis_operations_total = Counter(
    "redis_operations_total",
    "Redis round trips of the cache client, by operation and result.",
    ["operation", "result"],
)

# Only as fresh as the orchestrator's probing: an instance nobody probes keeps
# its last verdict, and one never probed reports nothing.
health_ready_status = Gauge(
    "health_ready_status",
    "Verdict of the last /health/ready probe: 1 ready (maybe degraded), 0 not.",
    multiprocess_mode="livemostrecent",
)
health_check_status = Gauge(
    "health_check_status",
    "Result of each check at the last /health/ready probe: 1 ok, 0 failing.",
    ["check", "critical"],
    multiprocess_mode="livemostrecent",
)

# Emitted by the backfill command; defined here so its name and labels are
# part of the contract before the command exists.
backfill_rows_total = Counter(
    "backfill_rows_total",
    "Rows the backfill processed, by legacy table and result.",
    ["table", "result"],
)


@functools.lru_cache(maxsize=4096)
def labelled(metric: Any, *values: str) -> Any:
    """Return the metric's child for these label values, looked up once.

    For hot paths: the library's labels() validates and locks on every call;
    the child it returns is the same object each time, so it is kept here.
    Label values must come from a bounded set, and the metric's children must
    never be removed (remove()/clear() would leave a kept child unexported).
    """
    return metric.labels(*values)
