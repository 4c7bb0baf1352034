"""Writes of attribute values: validated, then committed to the planned stores.

Under dual-write a write lands in both stores in one transaction: the primary
(the store that serves this listing's reads) first, then the mirror inside a
savepoint. If the mirror fails, the primary still commits and a drift entry,
written in the same transaction, keeps the write for `attributes_repair --drift`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection, transaction

from attributes.domain import AttributeStore, ListingRef
from attributes.errors import ListingNotFound, NotListingOwner, ValueNotFound
from attributes.models import DriftEntry
from attributes.routing import WritePlan, store_named, write_plan_for
from attributes.selectors import MAX_ID
from attributes.validation import (
    SubmittedValue,
    listing_value_removal_validate,
    listing_values_validate,
)
from monitoring.business_metrics import dual_write_operations_total

logger = logging.getLogger(__name__)

# The value table of each store, for the foreign-key check of a mirror write.
_VALUE_TABLES = {"v1": "listing_attribute_values", "v2": "unified_attribute_values"}

_in_service_write: ContextVar[bool] = ContextVar("in_service_write", default=False)


@contextmanager
def service_write() -> Iterator[None]:
    """Mark store writes that the service layer plans itself (no signal mirror)."""
    token = _in_service_write.set(True)
    try:
        yield
    finally:
        _in_service_write.reset(token)


def in_service_write() -> bool:
    """Return whether the current store write is planned by the service layer."""
    return _in_service_write.get()


def _listing_for_write(*, listing_id: int, user: Any, store: Any) -> ListingRef:
    listing = store.listing_get(listing_id) if 0 < listing_id <= MAX_ID else None
    if listing is None:
        raise ListingNotFound(f"listing {listing_id} does not exist")
    if not (user.is_staff or user.pk == listing.owner_id):
        raise NotListingOwner("only the listing's owner or staff may change it")
    return listing


def listing_write_lock(listing_id: int) -> None:
    """Serialise writers of one listing until the transaction ends (PostgreSQL).

    Without it two writers could reach the two stores in opposite orders and
    leave them different. SQLite already allows one writer at a time.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [listing_id])


def store_write_checked(store: AttributeStore, write: Callable[[], Any]) -> Any:
    """Run a store write in a savepoint, checking foreign keys before it ends.

    Foreign keys are deferred to commit by default; a mirror write that broke
    one would then fail the whole transaction, primary write included.
    """
    with transaction.atomic(), service_write():
        result = write()
        # Known shortcoming: on SQLite this scans the whole value table
        # (PRAGMA foreign_key_check); fine for the embedded demo only.
        connection.check_constraints(table_names=[_VALUE_TABLES[store.name]])
    return result


def _mirror(
    plan: WritePlan,
    *,
    listing_id: int,
    attribute_ids: Sequence[int],
    operation: str,
    write: Callable[[AttributeStore], Any],
) -> None:
    mirror = plan.mirror
    if mirror is None:
        return
    try:
        store_write_checked(mirror, lambda: write(mirror))
    except Exception as exc:
        dual_write_operations_total.labels(status="failure").inc()
        DriftEntry.objects.bulk_create(
            DriftEntry(
                listing_id=listing_id,
                attribute_id=attribute_id,
                operation=operation,
                source_store=plan.primary.name,
                target_store=mirror.name,
                error=f"{type(exc).__name__}: {exc}"[:2000],
            )
            for attribute_id in attribute_ids
        )
        logger.exception(
            "Mirror %s of listing %s to %s failed; kept in the drift log, run "
            "manage.py attributes_repair --drift",
            operation,
            listing_id,
            mirror.name,
            extra={
                "listing_id": listing_id,
                "store": mirror.name,
                "attribute_ids": list(attribute_ids),
            },
        )
        return
    dual_write_operations_total.labels(status="success").inc()


def listing_values_save(
    *, listing_id: int, user: Any, submitted: Sequence[SubmittedValue]
) -> str:
    """Validate and upsert a batch of a listing's values; return the primary store."""
    plan = write_plan_for(listing_id=listing_id)
    primary = plan.primary
    listing = _listing_for_write(listing_id=listing_id, user=user, store=primary)

    with transaction.atomic():
        listing_write_lock(listing_id)
        category_definitions = primary.category_definitions_get(listing.category_id)
        known = primary.attributes_get(item.attribute_id for item in submitted)
        existing = primary.listing_values_get(listing_id).by_attribute()
        values = listing_values_validate(
            submitted=submitted,
            category_definitions=category_definitions,
            known_attributes=known,
            existing_attribute_ids=existing,
        )

        with service_write():
            primary.listing_values_save(listing_id, values)
        _mirror(
            plan,
            listing_id=listing_id,
            attribute_ids=[value.attribute_id for value in values],
            operation=DriftEntry.Operation.SAVE,
            write=lambda store: store.listing_values_save(listing_id, values),
        )

    logger.info(
        "Saved %d attribute value(s) of listing %s to %s%s",
        len(values),
        listing_id,
        primary.name,
        f" and {plan.mirror.name}" if plan.mirror else "",
        extra={"listing_id": listing_id, "store": primary.name, "user_id": user.pk},
    )
    return primary.name


def listing_value_delete(*, listing_id: int, attribute_id: int, user: Any) -> str:
    """Remove one value of a listing; return the primary store."""
    plan = write_plan_for(listing_id=listing_id)
    primary = plan.primary
    listing = _listing_for_write(listing_id=listing_id, user=user, store=primary)
    missing = ValueNotFound(
        f"listing {listing_id} has no value for attribute {attribute_id}"
    )
    # An id past 64 bits cannot exist, and SQLite raises on such a parameter.
    if not 0 < attribute_id <= MAX_ID:
        raise missing

    with transaction.atomic():
        listing_write_lock(listing_id)
        listing_value_removal_validate(
            attribute_id=attribute_id,
            category_definitions=primary.category_definitions_get(listing.category_id),
        )
        with service_write():
            removed = primary.listing_value_delete(listing_id, attribute_id)
        # Mirrored even when the primary had no value: the mirror may still
        # hold one, and both stores must end equal.
        _mirror(
            plan,
            listing_id=listing_id,
            attribute_ids=[attribute_id],
            operation=DriftEntry.Operation.DELETE,
            write=lambda store: store.listing_value_delete(listing_id, attribute_id),
        )
    if not removed:
        raise missing

    logger.info(
        "Removed attribute %s from listing %s in %s%s",
        attribute_id,
        listing_id,
        primary.name,
        f" and {plan.mirror.name}" if plan.mirror else "",
        extra={"listing_id": listing_id, "store": primary.name, "user_id": user.pk},
    )
    return primary.name


def listing_value_changed_outside(
    *, store_name: str, listing_id: int, attribute_id: int
) -> None:
    """Mirror a value row changed outside the service layer (admin) under dual-write.

    The edited store acts as the primary of this write: what it now holds for
    the attribute (or its absence) is copied to the other store in a savepoint,
    and a failure goes to the drift log like any mirror failure.
    """
    plan = write_plan_for(listing_id=listing_id)
    if plan.mirror is None:
        return
    source = store_named(store_name)
    mirror = plan.primary if plan.primary is not source else plan.mirror
    value = source.listing_values_get(listing_id).by_attribute().get(attribute_id)
    operation = DriftEntry.Operation.SAVE if value else DriftEntry.Operation.DELETE

    def write(store: AttributeStore) -> Any:
        if value is None:
            return store.listing_value_delete(listing_id, attribute_id)
        return store.listing_values_save(listing_id, [value])

    with transaction.atomic():
        _mirror(
            WritePlan(primary=source, mirror=mirror),
            listing_id=listing_id,
            attribute_ids=[attribute_id],
            operation=operation,
            write=write,
        )
    logger.info(
        "Mirrored a direct %s of listing %s attribute %s from %s to %s",
        operation,
        listing_id,
        attribute_id,
        source.name,
        mirror.name,
        extra={"listing_id": listing_id, "store": source.name},
    )
