from django.apps import AppConfig


class AttributesConfig(AppConfig):
    """The service layer: routing between stores, dual-write, the APIs, commands."""

    name = "attributes"
    verbose_name = "Attributes service"
