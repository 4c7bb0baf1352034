"""Give each request one snapshot of the rollout controls."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from flags.snapshot import request_scope


class ControlsSnapshotMiddleware:
    """Scope the control snapshot to the request: one decision per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Run the request inside its own snapshot scope."""
        with request_scope():
            return self.get_response(request)
