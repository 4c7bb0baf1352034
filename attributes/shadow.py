"""Shadow comparison: read the other store too, compare in the domain model."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from attributes.domain import AttributeStore, CategoryAttribute, ListingValues
from monitoring.business_metrics import shadow_comparisons_total

logger = logging.getLogger(__name__)


def category_comparable(assignments: list[CategoryAttribute]) -> list[tuple]:
    """Return what both stores hold of a category's attributes, for comparison.

    Codes, display names and purposes legitimately differ between the stores
    (the unified store merged the two legacy systems); ids, types, options,
    rules and the category settings must not.
    """
    return [
        (
            a.attribute.id,
            a.attribute.attribute_type,
            a.attribute.options,
            a.attribute.rules,
            a.is_required,
            a.sort_order,
        )
        for a in assignments
    ]


def listing_difference(served: ListingValues, other: ListingValues) -> dict:
    """Return, per attribute id, the value each store holds where they differ."""
    mine, theirs = served.by_attribute(), other.by_attribute()
    return {
        attribute_id: {
            "served": repr(mine.get(attribute_id)),
            "other": repr(theirs.get(attribute_id)),
        }
        for attribute_id in sorted(mine.keys() | theirs.keys())
        if mine.get(attribute_id) != theirs.get(attribute_id)
    }


def shadow_compare(
    *,
    entity: str,
    entity_id: int,
    served_label: str,
    served: Any,
    shadow: AttributeStore,
    read: Callable[[AttributeStore], Any],
    comparable: Callable[[Any], Any],
    difference: Callable[[Any, Any], Any],
) -> None:
    """Read `shadow`, compare with what was served, log and count; never raise."""
    try:
        other = read(shadow)
        if comparable(served) == comparable(other):
            shadow_comparisons_total.labels(result="match").inc()
            return
        diff = difference(served, other)
    except Exception:
        logger.warning(
            "Shadow read of %s %s from %s failed; the client was not affected",
            entity,
            entity_id,
            shadow.name,
            exc_info=True,
            extra={"entity": entity, "entity_id": entity_id, "store": shadow.name},
        )
        shadow_comparisons_total.labels(result="error").inc()
        return

    shadow_comparisons_total.labels(result="mismatch").inc()
    logger.warning(
        "Shadow mismatch on %s %s: %s served one answer, %s holds another: %s",
        entity,
        entity_id,
        served_label,
        shadow.name,
        diff,
        extra={
            "entity": entity,
            "entity_id": entity_id,
            "store": served_label,
            "shadow_store": shadow.name,
            "difference": diff,
        },
    )


def category_difference(
    served: list[CategoryAttribute], other: list[CategoryAttribute]
) -> dict:
    """Return the attribute ids only one store has, and those that differ."""
    mine = {row[0]: row for row in category_comparable(served)}
    theirs = {row[0]: row for row in category_comparable(other)}
    return {
        "served_only": sorted(mine.keys() - theirs.keys()),
        "other_only": sorted(theirs.keys() - mine.keys()),
        "changed": sorted(
            key for key in mine.keys() & theirs.keys() if mine[key] != theirs[key]
        ),
    }
