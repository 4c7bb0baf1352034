from django.apps import AppConfig


class AttributesV2Config(AppConfig):
    """The unified attribute tables and the store that reads and writes them."""

    name = "attributes_v2"
    verbose_name = "Attributes (unified)"
