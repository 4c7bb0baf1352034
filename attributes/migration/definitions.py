"""Attribute definitions and category assignments: legacy -> unified and back.

Definitions are few (hundreds, not millions), so this module loads them whole.
Each unified field has exactly one legacy source (see docs/migration.md):

- a marketplace attribute (`category_attributes`) keeps its id; a storefront
  variant attribute whose normalised code matches one merges into it (purpose
  `both`), and one that matches none gets `VARIANT_ATTRIBUTE_ID_OFFSET + its id`;
- legacy fields with no unified home (the storefront name of a merged attribute,
  `is_variant_compatible` of a merged one) are left alone by reverse.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, fields, replace

from django.db import connection, transaction

from attributes.domain import AttributeType, Option, ValidationRules, attribute_code
from attributes.migration.tables import VARIANT_ATTRIBUTE_ID_OFFSET
from attributes_v1 import models as legacy
from attributes_v1.legacy_values import (
    options_from_legacy,
    rules_from_legacy,
)
from attributes_v2 import models as unified
from attributes_v2.unified_values import (
    options_from_columns,
    options_to_columns,
    rules_from_columns,
    rules_to_columns,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DefinitionContent:
    """A unified attribute's content in comparable (domain) form."""

    id: int
    code: str
    name: str
    display_name: str
    attribute_type: str
    purpose: str
    options: tuple[Option, ...]
    rules: ValidationRules
    is_searchable: bool
    is_filterable: bool
    is_required: bool
    affects_stock: bool
    affects_price: bool
    sort_order: int
    legacy_category_attribute_id: int | None
    legacy_product_variant_attribute_id: int | None


@dataclass(frozen=True)
class AssignmentContent:
    """A unified category assignment's content."""

    category_id: int
    attribute_id: int
    is_enabled: bool
    is_required: bool
    sort_order: int


@dataclass
class DefinitionsPlan:
    """What the unified definitions should hold, and what could not be placed."""

    definitions: dict[int, DefinitionContent] = field(default_factory=dict)
    assignments: dict[tuple[int, int], AssignmentContent] = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)


@dataclass
class DefinitionsResult:
    """Counts of a definitions pass (backfill, reverse or verify)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    differences: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)


def known_type(raw: str) -> str:
    """Return a legacy type if it is one of the nine, else text (as v1 serves it)."""
    try:
        return AttributeType(raw).value
    except ValueError:
        return AttributeType.TEXT.value


def _free_code(base: str, fallback: str, taken: set[str]) -> str:
    code = base or fallback
    if code in taken:
        code = f"{code}_{fallback.rsplit('_', 1)[-1]}"
    suffix = 2
    candidate = code
    while candidate in taken:
        candidate = f"{code}_{suffix}"
        suffix += 1
    taken.add(candidate)
    return candidate


def content_from_unified(row: unified.UnifiedAttribute) -> DefinitionContent:
    """Read a unified_attributes row into comparable form."""
    return DefinitionContent(
        id=row.pk,
        code=row.code,
        name=row.name,
        display_name=row.display_name,
        attribute_type=row.attribute_type,
        purpose=row.purpose,
        options=options_from_columns(row.options),
        rules=rules_from_columns(row.validation_rules),
        is_searchable=row.is_searchable,
        is_filterable=row.is_filterable,
        is_required=row.is_required,
        affects_stock=row.affects_stock,
        affects_price=row.affects_price,
        sort_order=row.sort_order,
        legacy_category_attribute_id=row.legacy_category_attribute_id,
        legacy_product_variant_attribute_id=row.legacy_product_variant_attribute_id,
    )


def _variant_ids_in_unified() -> dict[int, int]:
    return dict(
        unified.UnifiedAttribute.objects.filter(
            legacy_product_variant_attribute_id__isnull=False
        ).values_list("legacy_product_variant_attribute_id", "id")
    )


def definitions_plan() -> DefinitionsPlan:
    """Return the unified definitions and assignments the legacy tables call for."""
    plan = DefinitionsPlan()
    taken: set[str] = set()
    first_marketplace_by_code: dict[str, int] = {}
    already_placed = _variant_ids_in_unified()

    for row in legacy.CategoryAttribute.objects.order_by("id"):
        base = attribute_code(row.name)
        first_marketplace_by_code.setdefault(base, row.pk)
        plan.definitions[row.pk] = DefinitionContent(
            id=row.pk,
            code=_free_code(base, f"attribute_{row.pk}", taken),
            name=row.name,
            display_name=row.display_name or "",
            attribute_type=known_type(row.attribute_type),
            purpose="both" if row.is_variant_compatible else "regular",
            options=options_from_legacy(row.options),
            rules=rules_from_legacy(row.validation_rules),
            is_searchable=row.is_searchable,
            is_filterable=row.is_filterable,
            is_required=row.is_required,
            affects_stock=row.affects_stock,
            affects_price=False,
            sort_order=row.sort_order,
            legacy_category_attribute_id=row.pk,
            legacy_product_variant_attribute_id=None,
        )

    variant_by_code: dict[str, int] = {}
    for row in legacy.ProductVariantAttribute.objects.order_by("id"):
        base = attribute_code(row.name)
        merge_into = already_placed.get(row.pk, first_marketplace_by_code.get(base))
        target = plan.definitions.get(merge_into) if merge_into else None
        if target is not None and target.legacy_product_variant_attribute_id is None:
            plan.definitions[target.id] = replace(
                target,
                purpose="both",
                affects_price=row.affects_price,
                legacy_product_variant_attribute_id=row.pk,
            )
            variant_by_code.setdefault(base, target.id)
            continue
        unified_id = VARIANT_ATTRIBUTE_ID_OFFSET + row.pk
        variant_by_code.setdefault(base, unified_id)
        plan.definitions[unified_id] = DefinitionContent(
            id=unified_id,
            code=_free_code(base, f"variant_{row.pk}", taken),
            name=row.name,
            display_name=row.display_name or "",
            attribute_type=known_type(row.type),
            purpose="variant",
            options=options_from_legacy(row.options),
            rules=ValidationRules(),
            is_searchable=False,
            is_filterable=False,
            is_required=False,
            affects_stock=row.affects_stock,
            affects_price=row.affects_price,
            sort_order=0,
            legacy_category_attribute_id=None,
            legacy_product_variant_attribute_id=row.pk,
        )

    for mapping in legacy.CategoryAttributeMapping.objects.order_by("id"):
        key = (mapping.category_id, mapping.attribute_id)
        plan.assignments[key] = AssignmentContent(
            *key, mapping.is_enabled, mapping.is_required, mapping.sort_order
        )
    for variant_row in legacy.CategoryVariantAttribute.objects.order_by("id"):
        unified_id = variant_by_code.get(
            attribute_code(variant_row.variant_attribute_name)
        )
        if unified_id is None:
            plan.problems.append(
                {
                    "kind": "unmatched_variant_assignment",
                    "legacy_table": "category_variant_attributes",
                    "legacy_id": variant_row.pk,
                    "reason": "no variant attribute is named "
                    f"{variant_row.variant_attribute_name!r}",
                }
            )
            continue
        key = (variant_row.category_id, unified_id)
        plan.assignments.setdefault(
            key,
            AssignmentContent(
                *key, True, variant_row.is_required, variant_row.sort_order
            ),
        )
    return plan


def _unified_assignments() -> dict[tuple[int, int], AssignmentContent]:
    rows = unified.UnifiedCategoryAttribute.objects.values_list(
        "category_id", "attribute_id", "is_enabled", "is_required", "sort_order"
    )
    return {(row[0], row[1]): AssignmentContent(*row) for row in rows}


def _collides(actual: DefinitionContent, expected: DefinitionContent) -> bool:
    same_marketplace = (
        expected.legacy_category_attribute_id is not None
        and actual.legacy_category_attribute_id == expected.legacy_category_attribute_id
    )
    same_variant = (
        expected.legacy_product_variant_attribute_id is not None
        and actual.legacy_product_variant_attribute_id
        == expected.legacy_product_variant_attribute_id
    )
    return not (same_marketplace or same_variant)


def _changed_fields(actual: object, expected: object) -> list[str]:
    return [
        f.name
        for f in fields(expected)
        if getattr(actual, f.name) != getattr(expected, f.name)
    ]


def definitions_compare(plan: DefinitionsPlan | None = None) -> DefinitionsResult:
    """Compare the unified definitions and assignments with what legacy calls for."""
    plan = plan or definitions_plan()
    result = DefinitionsResult(problems=list(plan.problems))
    actual = {
        row.pk: content_from_unified(row)
        for row in unified.UnifiedAttribute.objects.all()
    }

    for attribute_id, expected in plan.definitions.items():
        found = actual.get(attribute_id)
        if found is None:
            result.differences.append(
                {"kind": "definition_missing_in_unified", "attribute_id": attribute_id}
            )
        elif found != expected:
            result.differences.append(
                {
                    "kind": "definition_changed",
                    "attribute_id": attribute_id,
                    "fields": _changed_fields(found, expected),
                }
            )
    for attribute_id in actual.keys() - plan.definitions.keys():
        result.differences.append(
            {"kind": "definition_extra_in_unified", "attribute_id": attribute_id}
        )

    assignments = _unified_assignments()
    for key, expected_assignment in plan.assignments.items():
        found_assignment = assignments.get(key)
        if found_assignment != expected_assignment:
            result.differences.append(
                {
                    "kind": "assignment_missing_in_unified"
                    if found_assignment is None
                    else "assignment_changed",
                    "category_id": key[0],
                    "attribute_id": key[1],
                }
            )
    for key in assignments.keys() - plan.assignments.keys():
        result.differences.append(
            {
                "kind": "assignment_extra_in_unified",
                "category_id": key[0],
                "attribute_id": key[1],
            }
        )
    return result


def _unified_row_fields(content: DefinitionContent) -> dict:
    return {
        "code": content.code,
        "name": content.name,
        "display_name": content.display_name,
        "attribute_type": content.attribute_type,
        "purpose": content.purpose,
        "options": options_to_columns(content.options),
        "validation_rules": rules_to_columns(content.rules),
        "is_searchable": content.is_searchable,
        "is_filterable": content.is_filterable,
        "is_required": content.is_required,
        "affects_stock": content.affects_stock,
        "affects_price": content.affects_price,
        "sort_order": content.sort_order,
        "legacy_category_attribute_id": content.legacy_category_attribute_id,
        "legacy_product_variant_attribute_id": (
            content.legacy_product_variant_attribute_id
        ),
    }


def unified_sequence_reset() -> None:
    """Move the unified attribute id sequence past every marketplace-range id.

    Only ids below the variant offset count: a new unified attribute takes the
    next marketplace-range id, so it can be written back to category_attributes
    under the same id, and never walks into the variant range.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('unified_attributes', 'id'), "
            "GREATEST((SELECT COALESCE(MAX(id), 0) FROM unified_attributes "
            "WHERE id < %s), (SELECT COALESCE(MAX(id), 0) FROM category_attributes),"
            " 1))",
            [VARIANT_ATTRIBUTE_ID_OFFSET],
        )


def definitions_backfill(*, dry_run: bool = False) -> DefinitionsResult:
    """Write the definitions and assignments legacy calls for; idempotent."""
    plan = definitions_plan()
    result = DefinitionsResult(problems=list(plan.problems))
    actual = {
        row.pk: content_from_unified(row)
        for row in unified.UnifiedAttribute.objects.all()
    }
    to_create, to_update = [], []
    for attribute_id, expected in plan.definitions.items():
        found = actual.get(attribute_id)
        if found is None:
            to_create.append(expected)
        elif found == expected:
            result.unchanged += 1
        elif _collides(found, expected):
            result.problems.append(
                {
                    "kind": "attribute_id_taken",
                    "attribute_id": attribute_id,
                    "reason": "a unified attribute with this id came from elsewhere",
                }
            )
        else:
            to_update.append(expected)

    assignments = _unified_assignments()
    new_assignments = [
        a
        for key, a in plan.assignments.items()
        if key not in assignments and a.attribute_id in plan.definitions
    ]
    changed_assignments = [
        a
        for key, a in plan.assignments.items()
        if assignments.get(key) not in (None, a)
    ]
    result.created = len(to_create) + len(new_assignments)
    result.updated = len(to_update) + len(changed_assignments)
    if dry_run:
        return result

    with transaction.atomic():
        unified.UnifiedAttribute.objects.bulk_create(
            unified.UnifiedAttribute(id=c.id, **_unified_row_fields(c))
            for c in to_create
        )
        for content in to_update:
            row = unified.UnifiedAttribute.objects.get(pk=content.id)
            for name, value in _unified_row_fields(content).items():
                setattr(row, name, value)
            row.save()
        unified.UnifiedCategoryAttribute.objects.bulk_create(
            unified.UnifiedCategoryAttribute(
                category_id=a.category_id,
                attribute_id=a.attribute_id,
                is_enabled=a.is_enabled,
                is_required=a.is_required,
                sort_order=a.sort_order,
            )
            for a in new_assignments
        )
        for a in changed_assignments:
            unified.UnifiedCategoryAttribute.objects.filter(
                category_id=a.category_id, attribute_id=a.attribute_id
            ).update(
                is_enabled=a.is_enabled,
                is_required=a.is_required,
                sort_order=a.sort_order,
            )
        unified_sequence_reset()
    logger.info(
        "Backfilled definitions: %d created, %d updated, %d unchanged",
        result.created,
        result.updated,
        result.unchanged,
        extra={"store": "v2", "problems": len(result.problems)},
    )
    return result
