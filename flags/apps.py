from django.apps import AppConfig


class FlagsConfig(AppConfig):
    """The rollout controls on waffle, their audit and the routing decision."""

    name = "flags"
    verbose_name = "Rollout controls"

    def ready(self) -> None:
        """Connect the snapshot refresh and register the control gauges."""
        from flags import signals
        from flags.metrics import controls_collector
        from monitoring.collectors import register_scrape_collector

        signals.connect()
        register_scrape_collector(controls_collector)
