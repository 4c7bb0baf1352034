"""The unified attribute tables that replace both legacy systems.

Ids of attributes stay the legacy ones, so a client's attribute_id means the
same attribute in v1 and v2. A value row holds exactly one typed column, which
the database enforces: the column its attribute's type calls for, or json_value
with the raw form of a legacy value that could not be parsed.
"""

from django.db import models
from django.db.models import Q

from attributes.domain import AttributeType
from marketplace.models import Category

ATTRIBUTE_TYPES = [(kind.value, kind.value) for kind in AttributeType]

TYPED_COLUMNS = (
    "text_value",
    "numeric_value",
    "boolean_value",
    "date_value",
    "json_value",
)


def _exactly_one_typed_column() -> Q:
    condition = Q()
    for column in TYPED_COLUMNS:
        only_this = Q(**{f"{column}__isnull": False})
        for other in TYPED_COLUMNS:
            if other != column:
                only_this &= Q(**{f"{other}__isnull": True})
        condition |= only_this
    return condition


class UnifiedAttribute(models.Model):
    """One attribute definition for listings, product variants or both."""

    class Purpose(models.TextChoices):
        REGULAR = "regular"
        VARIANT = "variant"
        BOTH = "both"

    code = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=100)
    display_name = models.CharField(max_length=200, blank=True, default="")
    attribute_type = models.CharField(max_length=20, choices=ATTRIBUTE_TYPES)
    purpose = models.CharField(
        max_length=10, choices=Purpose.choices, default=Purpose.REGULAR
    )
    options = models.JSONField(
        default=list, blank=True, help_text='A list of {"value", "label"} objects.'
    )
    validation_rules = models.JSONField(
        default=dict, blank=True, help_text="Keys: min, max, pattern, max_length."
    )
    ui_settings = models.JSONField(default=dict, blank=True)
    is_searchable = models.BooleanField(default=False)
    is_filterable = models.BooleanField(default=False)
    is_required = models.BooleanField(default=False)
    affects_stock = models.BooleanField(default=False)
    affects_price = models.BooleanField(default=False)
    sort_order = models.IntegerField(default=0)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    legacy_category_attribute_id = models.IntegerField(
        null=True, blank=True, unique=True
    )
    legacy_product_variant_attribute_id = models.IntegerField(
        null=True, blank=True, unique=True
    )

    class Meta:
        db_table = "unified_attributes"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.code} (#{self.pk})"


class UnifiedCategoryAttribute(models.Model):
    """Enables a unified attribute for a category."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    attribute = models.ForeignKey(
        UnifiedAttribute, on_delete=models.CASCADE, related_name="assignments"
    )
    is_enabled = models.BooleanField(default=True)
    is_required = models.BooleanField(default=False)
    sort_order = models.IntegerField(default=0)
    category_specific_options = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "unified_category_attributes"
        ordering = ["category_id", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "attribute"],
                name="unified_category_attributes_unique",
            )
        ]

    def __str__(self) -> str:
        return f"category {self.category_id} / attribute {self.attribute_id}"


class UnifiedAttributeValue(models.Model):
    """One entity's value of one attribute, in exactly one typed column."""

    class EntityType(models.TextChoices):
        LISTING = "listing"
        PRODUCT = "product"
        PRODUCT_VARIANT = "product_variant"

    entity_type = models.CharField(max_length=20, choices=EntityType.choices)
    entity_id = models.BigIntegerField()
    attribute = models.ForeignKey(
        UnifiedAttribute, on_delete=models.PROTECT, related_name="values"
    )
    text_value = models.TextField(null=True, blank=True)
    numeric_value = models.DecimalField(
        max_digits=20, decimal_places=6, null=True, blank=True
    )
    boolean_value = models.BooleanField(null=True, blank=True)
    date_value = models.DateField(null=True, blank=True)
    json_value = models.JSONField(
        null=True,
        blank=True,
        help_text=(
            "A multiselect's list, or for a legacy value that did not parse "
            '{"unparsed": true, "raw": ..., "reason": ...}.'
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "unified_attribute_values"
        ordering = ["entity_type", "entity_id", "attribute_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity_type", "entity_id", "attribute"],
                name="unified_attribute_values_unique",
            ),
            models.CheckConstraint(
                condition=_exactly_one_typed_column(),
                name="unified_attribute_values_one_typed_column",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity_type} {self.entity_id} / attribute {self.attribute_id}"
