"""The legacy store: reads and writes the legacy tables in the domain model."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from attributes.domain import (
    AttributeDefinition,
    AttributeType,
    AttributeValue,
    CategoryAttribute,
    ListingRef,
    ListingValues,
    Purpose,
    attribute_code,
)
from attributes_v1 import models
from attributes_v1.legacy_values import (
    LegacyColumns,
    options_from_legacy,
    options_to_legacy,
    rules_from_legacy,
    rules_to_legacy,
    value_from_legacy,
    value_to_legacy,
)
from marketplace.models import Category, Listing

logger = logging.getLogger(__name__)

_VALUE_COLUMNS = ("text_value", "numeric_value", "boolean_value", "json_value")


def definition_from_row(row: models.CategoryAttribute) -> AttributeDefinition:
    """Translate a category_attributes row to the domain."""
    try:
        attribute_type = AttributeType(row.attribute_type)
    except ValueError:
        logger.warning(
            "Legacy attribute %s has unknown type %r; serving it as text",
            row.pk,
            row.attribute_type,
            extra={"attribute_id": row.pk, "store": "v1"},
        )
        attribute_type = AttributeType.TEXT
    return AttributeDefinition(
        id=row.pk,
        code=attribute_code(row.name),
        name=row.name,
        display_name=row.display_name or "",
        attribute_type=attribute_type,
        options=options_from_legacy(row.options),
        rules=rules_from_legacy(row.validation_rules),
        purpose=Purpose.BOTH if row.is_variant_compatible else Purpose.REGULAR,
        is_searchable=row.is_searchable,
        is_filterable=row.is_filterable,
        is_required=row.is_required,
        affects_stock=row.affects_stock,
        sort_order=row.sort_order,
    )


class LegacyStore:
    """Reads and writes listing attributes in the legacy marketplace tables."""

    name = "v1"

    def listing_get(self, listing_id: int) -> ListingRef | None:
        """Return the listing, or None when it does not exist."""
        row = (
            Listing.objects.filter(pk=listing_id)
            .values_list("pk", "category_id", "user_id")
            .first()
        )
        return ListingRef(*row) if row else None

    def category_exists(self, category_id: int) -> bool:
        """Return whether the category exists."""
        return Category.objects.filter(pk=category_id).exists()

    def category_definitions_get(self, category_id: int) -> list[CategoryAttribute]:
        """Return the attributes enabled for a category, in display order."""
        mappings = (
            models.CategoryAttributeMapping.objects.filter(
                category_id=category_id, is_enabled=True
            )
            .select_related("attribute")
            .order_by("sort_order", "attribute_id")
        )
        return [
            CategoryAttribute(
                category_id=category_id,
                attribute=definition_from_row(mapping.attribute),
                is_enabled=mapping.is_enabled,
                is_required=mapping.is_required,
                sort_order=mapping.sort_order,
            )
            for mapping in mappings
        ]

    def attributes_get(
        self, attribute_ids: Iterable[int]
    ) -> dict[int, AttributeDefinition]:
        """Return the definitions of the given attribute ids that exist."""
        rows = models.CategoryAttribute.objects.filter(pk__in=list(attribute_ids))
        return {row.pk: definition_from_row(row) for row in rows}

    def listing_values_get(self, listing_id: int) -> ListingValues:
        """Return every attribute value of a listing, parsed from the legacy mess."""
        rows = (
            models.ListingAttributeValue.objects.filter(listing_id=listing_id)
            .order_by("attribute_id")
            .values_list("attribute_id", "attribute__attribute_type", *_VALUE_COLUMNS)
        )
        return ListingValues.of(
            listing_id,
            (
                value_from_legacy(attribute_id, attribute_type, LegacyColumns(*columns))
                for attribute_id, attribute_type, *columns in rows
            ),
        )

    def listing_values_save(
        self, listing_id: int, values: Sequence[AttributeValue]
    ) -> None:
        """Insert or update the given values of a listing; leave the others."""
        if not values:
            return
        rows = [
            models.ListingAttributeValue(
                listing_id=listing_id,
                attribute_id=value.attribute_id,
                **vars(value_to_legacy(value)),
            )
            for value in values
        ]
        models.ListingAttributeValue.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["listing", "attribute"],
            update_fields=[*_VALUE_COLUMNS, "updated_at"],
        )

    def listing_value_delete(self, listing_id: int, attribute_id: int) -> bool:
        """Remove one value of a listing; return whether there was one."""
        deleted, _ = models.ListingAttributeValue.objects.filter(
            listing_id=listing_id, attribute_id=attribute_id
        ).delete()
        return deleted > 0

    def attribute_save(self, definition: AttributeDefinition) -> None:
        """Insert or update a marketplace attribute definition, keeping its id."""
        models.CategoryAttribute.objects.update_or_create(
            pk=definition.id,
            defaults={
                "name": definition.name,
                "display_name": definition.display_name,
                "attribute_type": definition.attribute_type.value,
                "options": options_to_legacy(definition.options),
                "validation_rules": rules_to_legacy(definition.rules),
                "is_searchable": definition.is_searchable,
                "is_filterable": definition.is_filterable,
                "is_required": definition.is_required,
                "is_variant_compatible": definition.purpose is not Purpose.REGULAR,
                "affects_stock": definition.affects_stock,
                "sort_order": definition.sort_order,
            },
        )

    def category_attribute_save(self, assignment: CategoryAttribute) -> None:
        """Insert or update an attribute's assignment to a category."""
        models.CategoryAttributeMapping.objects.update_or_create(
            category_id=assignment.category_id,
            attribute_id=assignment.attribute.id,
            defaults={
                "is_enabled": assignment.is_enabled,
                "is_required": assignment.is_required,
                "sort_order": assignment.sort_order,
            },
        )
