from django.apps import AppConfig


class AttributesV1Config(AppConfig):
    """The legacy attribute tables and the store that reads and writes them."""

    name = "attributes_v1"
    verbose_name = "Attributes (legacy)"
