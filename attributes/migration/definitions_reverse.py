"""Reverse of definitions and assignments: unified -> legacy, field by field.

Only the legacy fields the unified row determines are compared and written
(see the mapping in `definitions.py`); a legacy row whose meaning already
matches is not touched, so backfill then reverse leaves legacy tables as they
were. Definitions and assignments are never deleted here: a delete would
cascade to legacy values, and one the unified store lacks is reported instead.
"""

from __future__ import annotations

import logging

from django.core.management.color import no_style
from django.db import connection, transaction

from attributes.domain import attribute_code
from attributes.migration.definitions import (
    DefinitionContent,
    DefinitionsResult,
    content_from_unified,
    known_type,
)
from attributes.migration.tables import VARIANT_ATTRIBUTE_ID_OFFSET
from attributes_v1 import models as legacy
from attributes_v1.legacy_values import (
    options_from_legacy,
    options_to_legacy,
    rules_from_legacy,
    rules_to_legacy,
)
from attributes_v2 import models as unified

logger = logging.getLogger(__name__)


def legacy_sides(content: DefinitionContent) -> tuple[int | None, int | None]:
    """Return the (category_attributes id, product_variant_attributes id) of a row."""
    marketplace = content.legacy_category_attribute_id
    variant = content.legacy_product_variant_attribute_id
    if marketplace is not None or variant is not None:
        return marketplace, variant
    # Created in the unified store: its id range says which legacy table fits.
    if content.id > VARIANT_ATTRIBUTE_ID_OFFSET:
        return None, content.id - VARIANT_ATTRIBUTE_ID_OFFSET
    if content.purpose != "variant":
        return content.id, None
    return None, None


def _marketplace_wanted(content: DefinitionContent, merged: bool) -> dict:
    wanted = {
        "name": content.name,
        "display_name": content.display_name,
        "attribute_type": content.attribute_type,
        "options": content.options,
        "validation_rules": content.rules,
        "is_searchable": content.is_searchable,
        "is_filterable": content.is_filterable,
        "is_required": content.is_required,
        "affects_stock": content.affects_stock,
        "sort_order": content.sort_order,
    }
    if not merged:
        wanted["is_variant_compatible"] = content.purpose == "both"
    return wanted


def _marketplace_current(row: legacy.CategoryAttribute) -> dict:
    return {
        "name": row.name,
        "display_name": row.display_name or "",
        "attribute_type": known_type(row.attribute_type),
        "options": options_from_legacy(row.options),
        "validation_rules": rules_from_legacy(row.validation_rules),
        "is_searchable": row.is_searchable,
        "is_filterable": row.is_filterable,
        "is_required": row.is_required,
        "affects_stock": row.affects_stock,
        "sort_order": row.sort_order,
        "is_variant_compatible": row.is_variant_compatible,
    }


def _variant_wanted(content: DefinitionContent, merged: bool) -> dict:
    if merged:
        return {"affects_price": content.affects_price}
    return {
        "name": content.name,
        "display_name": content.display_name,
        "type": content.attribute_type,
        "options": content.options,
        "affects_stock": content.affects_stock,
        "affects_price": content.affects_price,
    }


def _variant_current(row: legacy.ProductVariantAttribute) -> dict:
    return {
        "name": row.name,
        "display_name": row.display_name or "",
        "type": known_type(row.type),
        "options": options_from_legacy(row.options),
        "affects_stock": row.affects_stock,
        "affects_price": row.affects_price,
    }


def _as_columns(values: dict) -> dict:
    written = dict(values)
    if "options" in written:
        written["options"] = options_to_legacy(written["options"])
    if "validation_rules" in written:
        written["validation_rules"] = rules_to_legacy(written["validation_rules"])
    return written


def _sync(
    model, pk: int, wanted: dict, full: dict, current_of, result: DefinitionsResult
) -> None:
    row = model.objects.filter(pk=pk).first()
    if row is None:
        model.objects.create(id=pk, **_as_columns(full))
        result.created += 1
        return
    current = current_of(row)
    changed = {k: v for k, v in wanted.items() if current.get(k) != v}
    if not changed:
        result.unchanged += 1
        return
    model.objects.filter(pk=pk).update(**_as_columns(changed))
    result.updated += 1


def _assignments_reverse(
    contents: dict[int, DefinitionContent], result: DefinitionsResult
) -> None:
    variant_codes = {
        row.pk: attribute_code(row.name)
        for row in legacy.ProductVariantAttribute.objects.all()
    }
    unified_by_variant_code: dict[str, int] = {}
    for content in sorted(contents.values(), key=lambda c: c.id):
        _, variant = legacy_sides(content)
        if variant in variant_codes:
            unified_by_variant_code.setdefault(variant_codes[variant], content.id)
    variant_rows: dict[tuple[int, int], legacy.CategoryVariantAttribute] = {}
    for row in legacy.CategoryVariantAttribute.objects.order_by("id"):
        unified_id = unified_by_variant_code.get(
            attribute_code(row.variant_attribute_name)
        )
        if unified_id is not None:
            variant_rows.setdefault((row.category_id, unified_id), row)
    mappings = {
        (m.category_id, m.attribute_id): m
        for m in legacy.CategoryAttributeMapping.objects.all()
    }

    for assignment in unified.UnifiedCategoryAttribute.objects.all():
        content = contents[assignment.attribute_id]
        marketplace, variant = legacy_sides(content)
        wanted = (assignment.is_enabled, assignment.is_required, assignment.sort_order)
        mapping = mappings.get((assignment.category_id, marketplace))
        variant_row = variant_rows.get((assignment.category_id, content.id))
        # Known shortcoming: the unified row does not record which legacy table
        # an assignment came from; an existing row wins, a mapping is preferred.
        if mapping is not None:
            if (mapping.is_enabled, mapping.is_required, mapping.sort_order) != wanted:
                legacy.CategoryAttributeMapping.objects.filter(pk=mapping.pk).update(
                    is_enabled=wanted[0], is_required=wanted[1], sort_order=wanted[2]
                )
                result.updated += 1
        elif variant_row is not None:
            if (variant_row.is_required, variant_row.sort_order) != wanted[1:]:
                legacy.CategoryVariantAttribute.objects.filter(
                    pk=variant_row.pk
                ).update(is_required=wanted[1], sort_order=wanted[2])
                result.updated += 1
        elif marketplace is not None:
            legacy.CategoryAttributeMapping.objects.create(
                category_id=assignment.category_id,
                attribute_id=marketplace,
                is_enabled=wanted[0],
                is_required=wanted[1],
                sort_order=wanted[2],
            )
            result.created += 1
        elif variant is not None:
            legacy.CategoryVariantAttribute.objects.create(
                category_id=assignment.category_id,
                variant_attribute_name=content.name,
                is_required=wanted[1],
                sort_order=wanted[2],
            )
            result.created += 1


def _legacy_sequences_reset() -> None:
    if connection.vendor != "postgresql":
        return
    statements = connection.ops.sequence_reset_sql(
        no_style(), [legacy.CategoryAttribute, legacy.ProductVariantAttribute]
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def definitions_reverse() -> DefinitionsResult:
    """Write unified definitions and assignments back to the legacy tables."""
    result = DefinitionsResult()
    contents = {
        row.pk: content_from_unified(row)
        for row in unified.UnifiedAttribute.objects.all()
    }
    with transaction.atomic():
        for content in contents.values():
            marketplace, variant = legacy_sides(content)
            merged = marketplace is not None and variant is not None
            if marketplace is None and variant is None:
                result.problems.append(
                    {
                        "kind": "no_legacy_home",
                        "attribute_id": content.id,
                        "reason": "a variant-only attribute created in the unified "
                        "store has no storefront id to take",
                    }
                )
                continue
            if marketplace is not None:
                _sync(
                    legacy.CategoryAttribute,
                    marketplace,
                    _marketplace_wanted(content, merged),
                    _marketplace_wanted(content, merged=False),
                    _marketplace_current,
                    result,
                )
            if variant is not None:
                _sync(
                    legacy.ProductVariantAttribute,
                    variant,
                    _variant_wanted(content, merged),
                    _variant_wanted(content, merged=False),
                    _variant_current,
                    result,
                )
        _assignments_reverse(contents, result)
        _legacy_sequences_reset()
    logger.info(
        "Reversed definitions: %d created, %d updated, %d unchanged",
        result.created,
        result.updated,
        result.unchanged,
        extra={"store": "v1", "problems": len(result.problems)},
    )
    return result
