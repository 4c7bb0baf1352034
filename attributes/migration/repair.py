"""Repair: make one store equal to the other for the entities that differ.

`listing_values_repair` and `variant_values_repair` are the value-fixing core:
they read an entity's values from both stores in the domain model and write the
difference into the target store (upsert what differs, delete what the source
does not have). Verify's scan, reverse and the drift replay all call them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db import connection, transaction

from attributes.domain import AttributeValue
from attributes.migration.arguments import Shard
from attributes.migration.definitions import definitions_backfill
from attributes.migration.definitions_reverse import definitions_reverse
from attributes.migration.shards import definitions_lock, shard_lock
from attributes.migration.tables import VARIANT_ATTRIBUTE_ID_OFFSET
from attributes.migration.values import (
    LISTING_VALUES,
    VARIANT_VALUES,
    ValueDifference,
    ValueFamily,
    legacy_rows,
    legacy_value_of,
    unified_rows,
)
from attributes.migration.verify import family_differences
from attributes.stores import legacy_store, unified_store
from attributes_v1 import models as legacy
from attributes_v2 import models as unified
from attributes_v2.unified_values import value_to_columns

logger = logging.getLogger(__name__)


class Direction(StrEnum):
    """Which store is the truth: the other one is made equal to it."""

    TO_UNIFIED = "to-unified"
    TO_LEGACY = "to-legacy"


@dataclass
class RepairResult:
    """What a repair wrote, and what it could not write and why."""

    entities: int = 0
    written: int = 0
    deleted: int = 0
    skipped: list[dict] = field(default_factory=list)

    def add(self, other: RepairResult) -> None:
        """Add another result's counts to this one."""
        self.entities += other.entities
        self.written += other.written
        self.deleted += other.deleted
        self.skipped.extend(other.skipped)

    def summary(self) -> dict[str, Any]:
        """Return the counts (and the first skipped values) for the run record."""
        return {
            "entities": self.entities,
            "written": self.written,
            "deleted": self.deleted,
            "skipped": self.skipped[:100],
        }


def _lock_listing(listing_id: int) -> None:
    # Dual-write takes the same row lock, so a repair and a live write to one
    # listing cannot interleave (PostgreSQL; SQLite serialises writers anyway).
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM marketplace_listings WHERE id = %s FOR UPDATE",
            [listing_id],
        )


def _plan(
    source: dict[int, AttributeValue], target: dict[int, AttributeValue]
) -> tuple[list[AttributeValue], list[int]]:
    changed = [v for a, v in sorted(source.items()) if target.get(a) != v]
    extra = sorted(target.keys() - source.keys())
    return changed, extra


def listing_values_repair(
    listing_ids: Iterable[int], direction: Direction | str
) -> RepairResult:
    """Make the target store's values of these listings equal to the source's."""
    direction = Direction(direction)
    result = RepairResult()
    if direction is Direction.TO_UNIFIED:
        source, target = legacy_store, unified_store
        known = unified.UnifiedAttribute.objects
    else:
        source, target = unified_store, legacy_store
        known = legacy.CategoryAttribute.objects

    for listing_id in sorted(set(listing_ids)):
        with transaction.atomic():
            _lock_listing(listing_id)
            wanted = source.listing_values_get(listing_id).by_attribute()
            current = target.listing_values_get(listing_id).by_attribute()
            changed, extra = _plan(wanted, current)
            existing = set(
                known.filter(pk__in=[v.attribute_id for v in changed]).values_list(
                    "pk", flat=True
                )
            )
            writable = [v for v in changed if v.attribute_id in existing]
            for value in changed:
                if value.attribute_id not in existing:
                    result.skipped.append(
                        {
                            "entity_type": "listing",
                            "entity_id": listing_id,
                            "attribute_id": value.attribute_id,
                            "reason": f"attribute does not exist in {target.name}",
                        }
                    )
            target.listing_values_save(listing_id, writable)
            for attribute_id in extra:
                target.listing_value_delete(listing_id, attribute_id)
        result.entities += 1
        result.written += len(writable)
        result.deleted += len(extra)
    return result


def variant_text(value: AttributeValue) -> str:
    """Write a domain value as the text the legacy variant table holds."""
    if value.unparsed is not None:
        return value.unparsed.raw
    parsed = value.value
    if isinstance(parsed, bool):
        return "true" if parsed else "false"
    if isinstance(parsed, Decimal):
        return str(parsed)
    if isinstance(parsed, date):
        return parsed.isoformat()
    if isinstance(parsed, tuple):
        return json.dumps(list(parsed), ensure_ascii=False)
    return parsed


def _legacy_variant_attribute_ids() -> dict[int, int]:
    mapped = dict(
        unified.UnifiedAttribute.objects.filter(
            legacy_product_variant_attribute_id__isnull=False
        ).values_list("id", "legacy_product_variant_attribute_id")
    )
    return mapped


def _variant_legacy_write(
    variant_id: int,
    changed: list[AttributeValue],
    extra: list[int],
    result: RepairResult,
) -> None:
    legacy_ids = _legacy_variant_attribute_ids()
    for value in changed:
        legacy_attribute_id = legacy_ids.get(value.attribute_id)
        if legacy_attribute_id is None and value.attribute_id > (
            VARIANT_ATTRIBUTE_ID_OFFSET
        ):
            legacy_attribute_id = value.attribute_id - VARIANT_ATTRIBUTE_ID_OFFSET
        exists = legacy.ProductVariantAttribute.objects.filter(pk=legacy_attribute_id)
        if legacy_attribute_id is None or not exists.exists():
            result.skipped.append(
                {
                    "entity_type": "product_variant",
                    "entity_id": variant_id,
                    "attribute_id": value.attribute_id,
                    "reason": "attribute has no storefront variant definition",
                }
            )
            continue
        rows = legacy.ProductVariantAttributeValue.objects.filter(
            variant_id=variant_id, attribute_id=legacy_attribute_id
        )
        newest = rows.order_by("-id").first()
        if newest is None:
            legacy.ProductVariantAttributeValue.objects.create(
                variant_id=variant_id,
                attribute_id=legacy_attribute_id,
                value=variant_text(value),
            )
        else:
            rows.filter(pk=newest.pk).update(value=variant_text(value))
        result.written += 1
    for attribute_id in extra:
        legacy_attribute_id = legacy_ids.get(attribute_id)
        deleted, _ = legacy.ProductVariantAttributeValue.objects.filter(
            variant_id=variant_id, attribute_id=legacy_attribute_id
        ).delete()
        result.deleted += deleted


def _variant_unified_write(
    variant_id: int, changed: list[AttributeValue], extra: list[int]
) -> None:
    unified.UnifiedAttributeValue.objects.bulk_create(
        [
            unified.UnifiedAttributeValue(
                entity_type=VARIANT_VALUES.entity_type,
                entity_id=variant_id,
                attribute_id=value.attribute_id,
                **vars(value_to_columns(value)),
            )
            for value in changed
        ],
        update_conflicts=True,
        unique_fields=["entity_type", "entity_id", "attribute"],
        update_fields=[*unified.TYPED_COLUMNS, "updated_at"],
    )
    unified.UnifiedAttributeValue.objects.filter(
        entity_type=VARIANT_VALUES.entity_type,
        entity_id=variant_id,
        attribute_id__in=extra,
    ).delete()


def variant_values_repair(
    variant_ids: Iterable[int], direction: Direction | str
) -> RepairResult:
    """Make the target store's values of these variants equal to the source's."""
    direction = Direction(direction)
    result = RepairResult()
    for variant_id in sorted(set(variant_ids)):
        with transaction.atomic():
            in_legacy = {
                row.attribute_id: legacy_value_of(row)
                for row in legacy_rows(VARIANT_VALUES, variant_id - 1, variant_id)
            }
            in_unified = {
                attribute_id: value
                for (_, attribute_id), (_, value) in unified_rows(
                    VARIANT_VALUES, variant_id - 1, variant_id
                ).items()
            }
            if direction is Direction.TO_UNIFIED:
                changed, extra = _plan(in_legacy, in_unified)
                _variant_unified_write(variant_id, changed, extra)
                result.written += len(changed)
                result.deleted += len(extra)
            else:
                changed, extra = _plan(in_unified, in_legacy)
                _variant_legacy_write(variant_id, changed, extra, result)
        result.entities += 1
    return result


_REPAIRERS = {
    LISTING_VALUES.phase: listing_values_repair,
    VARIANT_VALUES.phase: variant_values_repair,
}


def entities_repair(
    family: ValueFamily, entity_ids: Iterable[int], direction: Direction | str
) -> RepairResult:
    """Repair the given entities of one value family."""
    return _REPAIRERS[family.phase](entity_ids, direction)


def scan_repair(
    *,
    command: str,
    direction: Direction,
    shard: Shard,
    batch_size: int,
    progress: bool,
    families: tuple[ValueFamily, ...] = (LISTING_VALUES, VARIANT_VALUES),
) -> RepairResult:
    """Walk a shard like verify does and repair every entity that differs."""
    result = RepairResult()

    def on_batch(low: int, high: int, found: list[ValueDifference]) -> None:
        by_family: dict[str, set[int]] = {}
        for difference in found:
            by_family.setdefault(difference.entity_type, set()).add(
                difference.entity_id
            )
        for family in families:
            ids = by_family.get(family.entity_type)
            if ids:
                result.add(entities_repair(family, ids, direction))

    with shard_lock(command, "values", shard):
        with definitions_lock():
            if direction is Direction.TO_UNIFIED:
                definitions_backfill()
            else:
                definitions_reverse()
        for family in families:
            family_differences(
                family,
                shard=shard,
                batch_size=batch_size,
                progress=progress,
                label=command,
                on_batch=on_batch,
            )
    return result
