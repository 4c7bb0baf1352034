from django.apps import AppConfig


class AttributesConfig(AppConfig):
    """The service layer: routing between stores, dual-write, the APIs, commands."""

    name = "attributes"
    verbose_name = "Attributes service"

    def ready(self) -> None:
        """Connect cache invalidation and register the drift gauge."""
        from attributes import signals
        from attributes.metrics import drift_collector
        from monitoring.collectors import register_scrape_collector

        signals.connect()
        register_scrape_collector(drift_collector)
