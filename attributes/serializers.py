"""Request bodies of the write endpoints, and the v1 and v2 response shapes."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from attributes.domain import AttributeDefinition, AttributeValue, CategoryAttribute
from attributes.selectors import MAX_ID, ListingAttributes
from attributes.validation import VALUE_FIELDS, SubmittedValue
from attributes_v1.legacy_values import (
    options_to_legacy,
    rules_to_legacy,
    value_to_legacy,
)
from attributes_v2.unified_values import (
    options_to_columns,
    rules_to_columns,
    value_to_columns,
)

MAX_BATCH = 500


class ValueItemSerializer(serializers.Serializer):
    """One attribute value: its id and the one typed field its type takes."""

    attribute_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    text_value = serializers.JSONField(required=False, allow_null=True)
    numeric_value = serializers.JSONField(required=False, allow_null=True)
    boolean_value = serializers.JSONField(required=False, allow_null=True)
    date_value = serializers.JSONField(required=False, allow_null=True)
    json_value = serializers.JSONField(required=False, allow_null=True)


class ValueBatchSerializer(serializers.Serializer):
    """A batch of attribute values to upsert on one listing."""

    attributes = ValueItemSerializer(many=True, allow_empty=False, max_length=MAX_BATCH)

    def submitted(self) -> list[SubmittedValue]:
        """Return the validated items as submitted values."""
        return [
            SubmittedValue(
                attribute_id=item["attribute_id"],
                fields={name: item.get(name) for name in VALUE_FIELDS},
            )
            for item in self.validated_data["attributes"]
        ]


def _display_name(definition: AttributeDefinition) -> str:
    return definition.display_name or definition.name


def category_v2(
    category_id: int, assignments: list[CategoryAttribute]
) -> dict[str, Any]:
    """Present a category's attributes in the unified shape."""
    return {
        "category_id": category_id,
        "attributes": [
            {
                "id": a.attribute.id,
                "code": a.attribute.code,
                "name": a.attribute.name,
                "display_name": _display_name(a.attribute),
                "attribute_type": a.attribute.attribute_type.value,
                "purpose": a.attribute.purpose.value,
                "options": options_to_columns(a.attribute.options),
                "validation_rules": rules_to_columns(a.attribute.rules),
                "is_required": a.is_required or a.attribute.is_required,
                "is_searchable": a.attribute.is_searchable,
                "is_filterable": a.attribute.is_filterable,
                "affects_stock": a.attribute.affects_stock,
                "affects_price": a.attribute.affects_price,
                "sort_order": a.sort_order,
            }
            for a in assignments
        ],
    }


def category_v1(
    category_id: int, assignments: list[CategoryAttribute]
) -> dict[str, Any]:
    """Present a category's attributes in the legacy shape old clients read."""
    return {
        "category_id": category_id,
        "attributes": [
            {
                "id": a.attribute.id,
                "name": a.attribute.name,
                "display_name": a.attribute.display_name,
                "attribute_type": a.attribute.attribute_type.value,
                "options": options_to_legacy(a.attribute.options),
                "validation_rules": rules_to_legacy(a.attribute.rules),
                "is_required": a.is_required,
                "is_searchable": a.attribute.is_searchable,
                "is_filterable": a.attribute.is_filterable,
                "is_variant_compatible": a.attribute.purpose.value != "regular",
                "affects_stock": a.attribute.affects_stock,
                "sort_order": a.sort_order,
            }
            for a in assignments
        ],
    }


# Known shortcoming: the JSON renderer writes a Decimal as a float, so a
# numeric_value past 15 significant digits reaches clients rounded (v1 and v2).
def _value_v2(value: AttributeValue, definition: AttributeDefinition | None) -> dict:
    columns = value_to_columns(value)
    unparsed = value.unparsed
    return {
        "attribute_id": value.attribute_id,
        "code": definition.code if definition else None,
        "name": definition.name if definition else None,
        "display_name": _display_name(definition) if definition else None,
        "attribute_type": definition.attribute_type.value if definition else None,
        "text_value": columns.text_value,
        "numeric_value": columns.numeric_value,
        "boolean_value": columns.boolean_value,
        "date_value": columns.date_value,
        "json_value": None if unparsed else columns.json_value,
        "unparsed": (
            {"raw": unparsed.raw, "reason": unparsed.reason} if unparsed else None
        ),
    }


def listing_v2(read: ListingAttributes) -> dict[str, Any]:
    """Present a listing's values in the unified shape."""
    return {
        "listing_id": read.listing.id,
        "category_id": read.listing.category_id,
        "attributes": [
            _value_v2(value, read.definitions.get(value.attribute_id))
            for value in read.values.values
        ],
    }


def listing_v1(read: ListingAttributes) -> dict[str, Any]:
    """Present a listing's values in the legacy shape old clients read."""
    attributes = []
    for value in read.values.values:
        definition = read.definitions.get(value.attribute_id)
        columns = value_to_legacy(value)
        attributes.append(
            {
                "attribute_id": value.attribute_id,
                "name": definition.name if definition else None,
                "attribute_type": (
                    definition.attribute_type.value if definition else None
                ),
                "text_value": columns.text_value,
                "numeric_value": columns.numeric_value,
                "boolean_value": columns.boolean_value,
                "json_value": columns.json_value,
            }
        )
    return {
        "listing_id": read.listing.id,
        "category_id": read.listing.category_id,
        "attributes": attributes,
    }
