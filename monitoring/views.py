"""/metrics and the two health probes."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET
from health_check.base import HealthCheck, HealthCheckResult
from health_check.checks import Cache, Database
from health_check.views import HealthCheckView
from prometheus_client import CONTENT_TYPE_LATEST

from monitoring.checks import Migrations
from monitoring.exposition import metrics_text
from monitoring.metrics import health_check_status, health_ready_status

logger = logging.getLogger(__name__)


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Answer a Prometheus scrape."""
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)


# The probes pass Django's host check like any request: the orchestrator must
# send a Host header listed in DJANGO_ALLOWED_HOSTS, or it gets a 400.
def live(request: HttpRequest) -> JsonResponse:
    """Answer 200 while the process can answer at all; touch nothing else."""
    return JsonResponse({"status": "ok"})


class ReadinessView(HealthCheckView):
    """Run the critical and the degrading checks; JSON out, 200 or 503.

    A failing critical check (database, migrations) makes the instance
    unready: 503. A failing degrading check (the cache, which the app can
    serve without) leaves it ready: 200 with status "degraded".
    """

    critical_checks: tuple[type[HealthCheck], ...] = (Database, Migrations)
    degrading_checks: tuple[type[HealthCheck], ...] = (Cache,)

    def get_checks(self):
        """Yield every check, the critical ones first."""
        for check in (*self.critical_checks, *self.degrading_checks):
            yield check()

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any):
        """Run the checks concurrently and answer with their verdict."""
        with self.get_executor() as executor:
            results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        return self._verdict(results)

    def _verdict(self, results: list[HealthCheckResult]) -> JsonResponse:
        critical = tuple(self.critical_checks)
        checks: dict[str, dict[str, Any]] = {}
        unready = degraded = False
        for result in results:
            is_critical = isinstance(result.check, critical)
            name = type(result.check).__name__.lower()
            checks[name] = {
                "status": "error" if result.error else "ok",
                "critical": is_critical,
                "time_ms": round(result.time_taken * 1000, 1),
            }
            if result.error:
                checks[name]["error"] = str(result.error)
                unready |= is_critical
                degraded |= not is_critical
            health_check_status.labels(name, str(is_critical).lower()).set(
                0 if result.error else 1
            )

        status = "unavailable" if unready else "degraded" if degraded else "ok"
        health_ready_status.set(0 if unready else 1)
        if status != "ok":
            logger.warning(
                "Readiness probe answered %s",
                status,
                extra={"checks": checks, "status": status},
            )
        return JsonResponse(
            {"status": status, "checks": checks}, status=503 if unready else 200
        )
