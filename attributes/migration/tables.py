"""The table names the migration commands read, write and archive."""

LEGACY_TABLES = (
    "category_attributes",
    "category_attribute_mapping",
    "listing_attribute_values",
    "product_variant_attributes",
    "category_variant_attributes",
    "product_variant_attribute_values",
)

UNIFIED_TABLES = (
    "unified_attributes",
    "unified_category_attributes",
    "unified_attribute_values",
)

# Storefront-only variant attributes get this added to their legacy id, so their
# unified id can never collide with a marketplace attribute's (which keeps its
# category_attributes id). Marketplace ids stay below it; see docs/migration.md.
VARIANT_ATTRIBUTE_ID_OFFSET = 1_000_000_000
