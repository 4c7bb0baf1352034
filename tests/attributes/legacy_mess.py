"""Legacy rows with every kind of mess the legacy tables hold, built by factories."""

from __future__ import annotations

from decimal import Decimal

from attributes_v1 import models as legacy
from tests.factories import (
    CategoryFactory,
    CategoryVariantAttributeFactory,
    LegacyAttributeFactory,
    LegacyListingValueFactory,
    LegacyMappingFactory,
    ListingFactory,
    ProductVariantFactory,
    VariantAttributeFactory,
    VariantValueFactory,
)

# (attribute type, columns) pairs: clean, messy, and not parseable at all.
LISTING_VALUE_MESS = [
    ("text", {"text_value": "plain text"}),
    ("text", {"text_value": ""}),
    ("textarea", {"text_value": "line one\nline two"}),
    ("select", {"json_value": "red"}),
    ("color", {"text_value": "Красный"}),
    ("size", {"text_value": " XL "}),
    ("number", {"numeric_value": Decimal("1200.500000")}),
    ("number", {"text_value": "1 200,5"}),
    ("number", {"text_value": "1,200.50"}),
    ("number", {"json_value": 42}),
    ("number", {"text_value": "about twelve"}),
    ("boolean", {"boolean_value": True}),
    ("boolean", {"text_value": "yes"}),
    ("boolean", {"text_value": "нет"}),
    ("boolean", {"json_value": False}),
    ("boolean", {"text_value": "maybe"}),
    ("multiselect", {"json_value": ["red", "blue"]}),
    ("multiselect", {"text_value": "red, blue ,green"}),
    ("multiselect", {"json_value": [1, 2]}),
    ("multiselect", {"json_value": {"not": "a list"}}),
    ("date", {"text_value": "31.12.2024"}),
    ("date", {"text_value": "2024-02-29"}),
    ("date", {"text_value": "2024-02-30"}),
    ("date", {"numeric_value": Decimal("20240101")}),
    ("text", {}),
    ("weird", {"text_value": "from an unknown type"}),
]


def legacy_mess_create() -> dict:
    """Create categories, definitions, assignments and values of every kind."""
    category = CategoryFactory()
    other_category = CategoryFactory()
    attributes = []
    for index, (attribute_type, _) in enumerate(LISTING_VALUE_MESS):
        attributes.append(
            LegacyAttributeFactory(
                name=f"mess {attribute_type} {index}",
                attribute_type=attribute_type,
                options=["red", "blue"] if attribute_type == "select" else None,
            )
        )
    colour = LegacyAttributeFactory(
        name="Colour",
        attribute_type="select",
        options=[{"value": "red", "label": "Red"}, {"value": "blue", "label": ""}],
        validation_rules={"max_length": 20, "min": "1,5", "pattern": ""},
        is_variant_compatible=False,
    )
    rooms = LegacyAttributeFactory(
        name="Number of rooms",
        attribute_type="number",
        options={"1": "one", "2": "two"},
        validation_rules={"min": 1, "max": 12.5},
        is_variant_compatible=True,
    )
    duplicate_name = LegacyAttributeFactory(name="COLOR", attribute_type="text")
    for attribute in [*attributes, colour, rooms]:
        LegacyMappingFactory(category=category, attribute=attribute, sort_order=3)
    LegacyMappingFactory(
        category=other_category, attribute=duplicate_name, is_enabled=False
    )

    listings = [ListingFactory(category=category) for _ in range(3)]
    for listing in listings:
        for attribute, (_, columns) in zip(attributes, LISTING_VALUE_MESS, strict=True):
            LegacyListingValueFactory(listing=listing, attribute=attribute, **columns)
        LegacyListingValueFactory(listing=listing, attribute=colour, text_value="red")
        LegacyListingValueFactory(listing=listing, attribute=rooms, text_value="3,5")

    # Storefront: "color " merges into "Colour"; "Size" and "Weight" stand alone.
    variant_colour = VariantAttributeFactory(
        name=" color ", type="color", affects_price=True
    )
    size = VariantAttributeFactory(name="Size", type="size", options=["S", "M"])
    weight = VariantAttributeFactory(name="Weight", type="number", display_name="")
    CategoryVariantAttributeFactory(category=category, variant_attribute_name="COLOR")
    CategoryVariantAttributeFactory(
        category=category, variant_attribute_name=" size", is_required=True
    )
    CategoryVariantAttributeFactory(
        category=other_category, variant_attribute_name="Colour", sort_order=7
    )
    CategoryVariantAttributeFactory(
        category=category, variant_attribute_name="no such attribute"
    )
    variants = [ProductVariantFactory(product__category=category) for _ in range(2)]
    for variant in variants:
        VariantValueFactory(variant=variant, attribute=variant_colour, value="red")
        VariantValueFactory(variant=variant, attribute=size, value="XL")
        VariantValueFactory(variant=variant, attribute=weight, value="1,5")
        VariantValueFactory(variant=variant, attribute=weight, value="heavy")
    return {
        "category": category,
        "listings": listings,
        "variants": variants,
        "colour": colour,
        "variant_colour": variant_colour,
        "size": size,
    }


LEGACY_MODELS = (
    legacy.CategoryAttribute,
    legacy.CategoryAttributeMapping,
    legacy.ListingAttributeValue,
    legacy.ProductVariantAttribute,
    legacy.CategoryVariantAttribute,
    legacy.ProductVariantAttributeValue,
)


def legacy_snapshot() -> dict[str, list[tuple]]:
    """Return every legacy row, every column, timestamps included."""
    return {
        model._meta.db_table: list(
            model.objects.order_by("pk").values_list(
                *[f.attname for f in model._meta.concrete_fields]
            )
        )
        for model in LEGACY_MODELS
    }


def unified_snapshot() -> dict[str, list[tuple]]:
    """Return the unified content, without row ids and timestamps."""
    from attributes_v2 import models as unified

    return {
        "attributes": list(
            unified.UnifiedAttribute.objects.order_by("pk").values_list(
                "pk",
                "code",
                "name",
                "attribute_type",
                "purpose",
                "options",
                "validation_rules",
                "legacy_category_attribute_id",
                "legacy_product_variant_attribute_id",
            )
        ),
        "assignments": list(
            unified.UnifiedCategoryAttribute.objects.order_by(
                "category_id", "attribute_id"
            ).values_list(
                "category_id", "attribute_id", "is_enabled", "is_required", "sort_order"
            )
        ),
        "values": list(
            unified.UnifiedAttributeValue.objects.order_by(
                "entity_type", "entity_id", "attribute_id"
            ).values_list(
                "entity_type", "entity_id", "attribute_id", *unified.TYPED_COLUMNS
            )
        ),
    }
