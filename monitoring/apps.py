"""The monitoring app: metrics, probes, dashboard and alert rules."""

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Wire the per-request database connection sample."""

    name = "monitoring"

    def ready(self) -> None:
        """Connect the signal that samples database connections after requests."""
        from django.core.signals import request_finished

        from monitoring.connections import connections_sample

        request_finished.connect(connections_sample, dispatch_uid="connections_sample")
