"""Writes of attribute values: validated, then committed to the planned stores."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from attributes.domain import ListingRef
from attributes.errors import ListingNotFound, NotListingOwner, ValueNotFound
from attributes.routing import write_plan_for
from attributes.selectors import MAX_ID
from attributes.validation import (
    SubmittedValue,
    listing_value_removal_validate,
    listing_values_validate,
)

logger = logging.getLogger(__name__)


def _listing_for_write(*, listing_id: int, user: Any, store: Any) -> ListingRef:
    listing = store.listing_get(listing_id) if 0 < listing_id <= MAX_ID else None
    if listing is None:
        raise ListingNotFound(f"listing {listing_id} does not exist")
    if not (user.is_staff or user.pk == listing.owner_id):
        raise NotListingOwner("only the listing's owner or staff may change it")
    return listing


def listing_values_save(
    *, listing_id: int, user: Any, submitted: Sequence[SubmittedValue]
) -> str:
    """Validate and upsert a batch of a listing's values; return the primary store."""
    plan = write_plan_for(listing_id=listing_id)
    primary = plan.primary
    listing = _listing_for_write(listing_id=listing_id, user=user, store=primary)

    category_definitions = primary.category_definitions_get(listing.category_id)
    known = primary.attributes_get(item.attribute_id for item in submitted)
    existing = primary.listing_values_get(listing_id).by_attribute()
    values = listing_values_validate(
        submitted=submitted,
        category_definitions=category_definitions,
        known_attributes=known,
        existing_attribute_ids=existing,
    )

    with transaction.atomic():
        primary.listing_values_save(listing_id, values)

    logger.info(
        "Saved %d attribute value(s) of listing %s",
        len(values),
        listing_id,
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

    listing_value_removal_validate(
        attribute_id=attribute_id,
        category_definitions=primary.category_definitions_get(listing.category_id),
    )

    with transaction.atomic():
        removed = primary.listing_value_delete(listing_id, attribute_id)
    if not removed:
        raise missing

    logger.info(
        "Removed attribute %s from listing %s",
        attribute_id,
        listing_id,
        extra={"listing_id": listing_id, "store": primary.name, "user_id": user.pk},
    )
    return primary.name
