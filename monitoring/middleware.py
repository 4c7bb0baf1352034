"""Count and time every request under the contract names, once per request.

This middleware replaces django-prometheus's request middleware pair, which
would count each request again by method, transport, view and status and
time it twice; the contract metrics carry the same facts. Labels are bounded:
the method is one of the standard ones or "other", the endpoint is the route
pattern (or "unmatched" for a path no route knows).
"""

from __future__ import annotations

from collections.abc import Callable
from time import perf_counter

from django.http import HttpRequest, HttpResponse

from monitoring.metrics import (
    http_request_duration_seconds,
    http_requests_in_flight,
    http_requests_total,
    labelled,
)

KNOWN_METHODS = frozenset(
    {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"}
)
OTHER_METHOD = "other"
UNMATCHED_ENDPOINT = "unmatched"


def endpoint_of(request: HttpRequest) -> str:
    """Return the route pattern that served the request, never the raw path."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.route is None:
        return UNMATCHED_ENDPOINT
    return "/" + match.route


class RequestMetricsMiddleware:
    """Record http_requests_total, the duration histogram and the in-flight gauge."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Answer the request, counting it and timing it."""
        http_requests_in_flight.inc()
        started = perf_counter()
        try:
            response = self.get_response(request)
        finally:
            http_requests_in_flight.dec()

        elapsed = perf_counter() - started
        method = request.method if request.method in KNOWN_METHODS else OTHER_METHOD
        endpoint = endpoint_of(request)
        # Bounded labels: known methods or "other", route patterns, statuses.
        labelled(http_request_duration_seconds, method, endpoint).observe(elapsed)
        labelled(http_requests_total, method, endpoint, str(response.status_code)).inc()
        return response
