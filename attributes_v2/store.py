"""The unified store: reads and writes the unified tables in the domain model."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import connection

from attributes.domain import (
    AttributeDefinition,
    AttributeType,
    AttributeValue,
    CategoryAttribute,
    EntityType,
    ListingRef,
    ListingValues,
    Purpose,
)
from attributes_v2 import models
from attributes_v2.unified_values import (
    UnifiedColumns,
    options_from_columns,
    options_to_columns,
    rules_from_columns,
    rules_to_columns,
    value_from_columns,
    value_to_columns,
)
from marketplace.models import Category, Listing

logger = logging.getLogger(__name__)

_VALUE_COLUMNS = models.TYPED_COLUMNS

# What a category read needs: not the timestamps, UI settings or legacy ids,
# which only widen the hot read's rows.
_DEFINITION_FIELDS = (
    "id",
    "code",
    "name",
    "display_name",
    "attribute_type",
    "options",
    "validation_rules",
    "purpose",
    "is_searchable",
    "is_filterable",
    "is_required",
    "affects_stock",
    "affects_price",
    "sort_order",
)
_ASSIGNMENT_FIELDS = ("is_enabled", "is_required", "sort_order")


def _definition_fields_of_type(internal_type: str) -> frozenset[str]:
    get_field = models.UnifiedAttribute._meta.get_field
    return frozenset(
        name
        for name in _DEFINITION_FIELDS
        if get_field(name).get_internal_type() == internal_type
    )


# Columns a backend may return as 0/1 or as JSON text on a raw cursor.
_BOOLEAN_FIELDS = _definition_fields_of_type("BooleanField")
_JSON_FIELDS = _definition_fields_of_type("JSONField")


@functools.cache
def _category_read_sql(vendor: str) -> str:
    """Return the category read as one flat query, built once per backend.

    The unified tables answer a category read with one indexed join; writing
    it once as SQL spares every request the ORM's query compilation, the
    largest cost of this read after the database round trip itself.
    """
    quote = connection.ops.quote_name
    assignment = models.UnifiedCategoryAttribute._meta
    attribute = models.UnifiedAttribute._meta

    def column(meta: Any, alias: str, name: str) -> str:
        return f"{alias}.{quote(meta.get_field(name).column)}"

    selected = [column(assignment, "ca", name) for name in _ASSIGNMENT_FIELDS] + [
        column(attribute, "a", name) for name in _DEFINITION_FIELDS
    ]
    return (
        f"SELECT {', '.join(selected)} "
        f"FROM {quote(assignment.db_table)} ca "
        f"JOIN {quote(attribute.db_table)} a "
        f"ON {column(attribute, 'a', 'id')} = {column(assignment, 'ca', 'attribute')} "
        f"WHERE {column(assignment, 'ca', 'category')} = %s "
        f"AND {column(assignment, 'ca', 'is_enabled')} = %s "
        f"AND {column(attribute, 'a', 'is_active')} = %s "
        f"ORDER BY {column(assignment, 'ca', 'sort_order')}, "
        f"{column(assignment, 'ca', 'attribute')}"
    )


@functools.lru_cache(maxsize=4096)
def _definition_from_columns(columns: tuple[Any, ...]) -> AttributeDefinition:
    # Keyed by every column the definition is built from, so an edited row is
    # a new key, never a stale hit; definitions are frozen and safe to share.
    fields = dict(zip(_DEFINITION_FIELDS, columns, strict=True))
    for name in _JSON_FIELDS:
        if isinstance(fields[name], str):
            fields[name] = json.loads(fields[name])
    for name in _BOOLEAN_FIELDS:
        fields[name] = bool(fields[name])
    return definition_from_fields(fields)


def definition_from_fields(fields: Mapping[str, Any]) -> AttributeDefinition:
    """Translate the columns of a unified_attributes row (by name) to the domain."""
    return AttributeDefinition(
        id=fields["id"],
        code=fields["code"],
        name=fields["name"],
        display_name=fields["display_name"],
        attribute_type=AttributeType(fields["attribute_type"]),
        options=options_from_columns(fields["options"]),
        rules=rules_from_columns(fields["validation_rules"]),
        purpose=Purpose(fields["purpose"]),
        is_searchable=fields["is_searchable"],
        is_filterable=fields["is_filterable"],
        is_required=fields["is_required"],
        affects_stock=fields["affects_stock"],
        affects_price=fields["affects_price"],
        sort_order=fields["sort_order"],
    )


def definition_from_row(row: models.UnifiedAttribute) -> AttributeDefinition:
    """Translate a unified_attributes row to the domain."""
    return definition_from_fields(
        {name: getattr(row, name) for name in _DEFINITION_FIELDS}
    )


class UnifiedStore:
    """Reads and writes listing attributes in the unified tables."""

    name = "v2"

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
        """Return the active attributes enabled for a category, in display order."""
        with connection.cursor() as cursor:
            cursor.execute(
                _category_read_sql(connection.vendor), [category_id, True, True]
            )
            rows = cursor.fetchall()
        return [
            CategoryAttribute(
                category_id=category_id,
                attribute=_definition_from_columns(tuple(row[3:])),
                is_enabled=bool(row[0]),
                is_required=bool(row[1]),
                sort_order=row[2],
            )
            for row in rows
        ]

    def attributes_get(
        self, attribute_ids: Iterable[int]
    ) -> dict[int, AttributeDefinition]:
        """Return the definitions of the given active attribute ids."""
        rows = models.UnifiedAttribute.objects.filter(
            pk__in=list(attribute_ids), is_active=True
        )
        return {row.pk: definition_from_row(row) for row in rows}

    def listing_values_get(self, listing_id: int) -> ListingValues:
        """Return every attribute value of a listing."""
        rows = (
            models.UnifiedAttributeValue.objects.filter(
                entity_type=EntityType.LISTING.value, entity_id=listing_id
            )
            .order_by("attribute_id")
            .values_list("attribute_id", *_VALUE_COLUMNS)
        )
        return ListingValues.of(
            listing_id,
            (
                value_from_columns(attribute_id, UnifiedColumns(*columns))
                for attribute_id, *columns in rows
            ),
        )

    def listing_values_save(
        self, listing_id: int, values: Sequence[AttributeValue]
    ) -> None:
        """Insert or update the given values of a listing; leave the others."""
        if not values:
            return
        rows = [
            models.UnifiedAttributeValue(
                entity_type=EntityType.LISTING.value,
                entity_id=listing_id,
                attribute_id=value.attribute_id,
                **vars(value_to_columns(value)),
            )
            for value in values
        ]
        models.UnifiedAttributeValue.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["entity_type", "entity_id", "attribute"],
            update_fields=[*_VALUE_COLUMNS, "updated_at"],
        )

    def listing_value_delete(self, listing_id: int, attribute_id: int) -> bool:
        """Remove one value of a listing; return whether there was one."""
        deleted, _ = models.UnifiedAttributeValue.objects.filter(
            entity_type=EntityType.LISTING.value,
            entity_id=listing_id,
            attribute_id=attribute_id,
        ).delete()
        return deleted > 0

    def attribute_save(self, definition: AttributeDefinition) -> None:
        """Insert or update an attribute definition, keeping its id."""
        models.UnifiedAttribute.objects.update_or_create(
            pk=definition.id,
            defaults={
                "code": definition.code,
                "name": definition.name,
                "display_name": definition.display_name,
                "attribute_type": definition.attribute_type.value,
                "purpose": definition.purpose.value,
                "options": options_to_columns(definition.options),
                "validation_rules": rules_to_columns(definition.rules),
                "is_searchable": definition.is_searchable,
                "is_filterable": definition.is_filterable,
                "is_required": definition.is_required,
                "affects_stock": definition.affects_stock,
                "affects_price": definition.affects_price,
                "sort_order": definition.sort_order,
            },
        )

    def category_attribute_save(self, assignment: CategoryAttribute) -> None:
        """Insert or update an attribute's assignment to a category."""
        models.UnifiedCategoryAttribute.objects.update_or_create(
            category_id=assignment.category_id,
            attribute_id=assignment.attribute.id,
            defaults={
                "is_enabled": assignment.is_enabled,
                "is_required": assignment.is_required,
                "sort_order": assignment.sort_order,
            },
        )
