"""The things attributes hang on: categories, listings, products and variants.

These tables are shared with the legacy application; their names are fixed.
"""

from django.conf import settings
from django.db import models


class Category(models.Model):
    """A node of the marketplace category tree."""

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        db_table = "marketplace_categories"
        verbose_name_plural = "categories"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} (#{self.pk})"


class Listing(models.Model):
    """A classified ad a user placed in one category."""

    class Status(models.TextChoices):
        DRAFT = "draft"
        ACTIVE = "active"
        SOLD = "sold"
        ARCHIVED = "archived"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="listings"
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="listings"
    )
    title = models.CharField(max_length=300)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "marketplace_listings"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.title} (#{self.pk})"


class StorefrontProduct(models.Model):
    """A storefront product; its variants carry the variant attributes."""

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products"
    )
    name = models.CharField(max_length=300)

    class Meta:
        db_table = "storefront_products"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} (#{self.pk})"


class ProductVariant(models.Model):
    """One sellable variant (a size, a colour) of a storefront product."""

    product = models.ForeignKey(
        StorefrontProduct, on_delete=models.CASCADE, related_name="variants"
    )
    sku = models.CharField(max_length=100, unique=True)

    class Meta:
        db_table = "storefront_product_variants"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.sku
