"""The legacy attribute tables, exactly as production has them.

Names and columns are fixed: the legacy application still reads and writes
these tables, so nothing here may gain a column it would not tolerate. The data
is messy (numbers in text, lists as comma text, two option shapes); the store
copes with it, the models only describe it.
"""

from django.db import models

from attributes.domain import AttributeType
from marketplace.models import Category, Listing, ProductVariant

ATTRIBUTE_TYPES = [(kind.value, kind.value) for kind in AttributeType]


class CategoryAttribute(models.Model):
    """A marketplace attribute definition."""

    name = models.CharField(max_length=100)
    display_name = models.CharField(max_length=200, blank=True, default="")
    attribute_type = models.CharField(max_length=20, choices=ATTRIBUTE_TYPES)
    options = models.JSONField(
        null=True,
        blank=True,
        help_text='A list of strings, or a list of {"value", "label"} objects.',
    )
    validation_rules = models.JSONField(
        null=True, blank=True, help_text="Keys: min, max, pattern, max_length."
    )
    is_searchable = models.BooleanField(default=False)
    is_filterable = models.BooleanField(default=False)
    is_required = models.BooleanField(default=False)
    is_variant_compatible = models.BooleanField(default=False)
    affects_stock = models.BooleanField(default=False)
    sort_order = models.IntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "category_attributes"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} (#{self.pk})"


class CategoryAttributeMapping(models.Model):
    """Enables a marketplace attribute for a category."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    attribute = models.ForeignKey(
        CategoryAttribute, on_delete=models.CASCADE, related_name="mappings"
    )
    is_enabled = models.BooleanField(default=True)
    is_required = models.BooleanField(default=False)
    sort_order = models.IntegerField(default=0)

    class Meta:
        db_table = "category_attribute_mapping"
        ordering = ["category_id", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "attribute"],
                name="category_attribute_mapping_unique",
            )
        ]

    def __str__(self) -> str:
        return f"category {self.category_id} / attribute {self.attribute_id}"


class ListingAttributeValue(models.Model):
    """A listing's value of a marketplace attribute, in whichever column it landed."""

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="legacy_attribute_values"
    )
    attribute = models.ForeignKey(
        CategoryAttribute, on_delete=models.CASCADE, related_name="values"
    )
    text_value = models.TextField(null=True, blank=True)
    numeric_value = models.DecimalField(
        max_digits=20, decimal_places=6, null=True, blank=True
    )
    boolean_value = models.BooleanField(null=True, blank=True)
    json_value = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "listing_attribute_values"
        ordering = ["listing_id", "attribute_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "attribute"],
                name="listing_attribute_values_unique",
            )
        ]

    def __str__(self) -> str:
        return f"listing {self.listing_id} / attribute {self.attribute_id}"


class ProductVariantAttribute(models.Model):
    """A storefront variant attribute definition (display_name is often empty)."""

    name = models.CharField(max_length=100)
    display_name = models.CharField(max_length=200, blank=True, default="")
    type = models.CharField(max_length=20, choices=ATTRIBUTE_TYPES)
    options = models.JSONField(null=True, blank=True)
    affects_stock = models.BooleanField(default=False)
    affects_price = models.BooleanField(default=False)

    class Meta:
        db_table = "product_variant_attributes"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} (#{self.pk})"


class CategoryVariantAttribute(models.Model):
    """Enables a variant attribute for a category, by name (case and spacing vary)."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    variant_attribute_name = models.CharField(max_length=100)
    sort_order = models.IntegerField(default=0)
    is_required = models.BooleanField(default=False)

    class Meta:
        db_table = "category_variant_attributes"
        ordering = ["category_id", "sort_order", "id"]

    def __str__(self) -> str:
        return f"category {self.category_id} / {self.variant_attribute_name}"


class ProductVariantAttributeValue(models.Model):
    """A product variant's value of a variant attribute, always as text."""

    variant = models.ForeignKey(
        ProductVariant, on_delete=models.CASCADE, related_name="legacy_attribute_values"
    )
    attribute = models.ForeignKey(
        ProductVariantAttribute, on_delete=models.CASCADE, related_name="values"
    )
    value = models.TextField(blank=True, default="")

    class Meta:
        db_table = "product_variant_attribute_values"
        ordering = ["variant_id", "attribute_id"]

    def __str__(self) -> str:
        return f"variant {self.variant_id} / attribute {self.attribute_id}"
