from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    """Categories, listings, storefront products and variants."""

    name = "marketplace"
    verbose_name = "Marketplace"
