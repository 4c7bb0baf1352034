"""Reads of attributes, routed to the store the rollout picks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from attributes.domain import (
    AttributeDefinition,
    CategoryAttribute,
    ListingRef,
    ListingValues,
)
from attributes.errors import CategoryNotFound, ListingNotFound
from attributes.routing import read_route_for

T = TypeVar("T")

# Ids past a 64-bit integer cannot exist; refusing them early keeps the
# database from raising on an out-of-range parameter.
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class Served(Generic[T]):
    """A read's answer and the label of the store that served it."""

    result: T
    store: str


@dataclass(frozen=True)
class ListingAttributes:
    """A listing's values with the definitions needed to present them."""

    listing: ListingRef
    values: ListingValues
    definitions: dict[int, AttributeDefinition]


def category_definitions_get(category_id: int) -> Served[list[CategoryAttribute]]:
    """Return the attributes enabled for a category, from the routed store."""
    route = read_route_for(entity="category", entity_id=category_id)
    if not 0 < category_id <= MAX_ID or not route.store.category_exists(category_id):
        raise CategoryNotFound(f"category {category_id} does not exist")

    return Served(route.store.category_definitions_get(category_id), route.label)


def listing_attributes_get(listing_id: int) -> Served[ListingAttributes]:
    """Return a listing's attribute values, from the routed store."""
    route = read_route_for(entity="listing", entity_id=listing_id)
    listing = route.store.listing_get(listing_id) if 0 < listing_id <= MAX_ID else None
    if listing is None:
        raise ListingNotFound(f"listing {listing_id} does not exist")

    values = route.store.listing_values_get(listing_id)
    definitions = route.store.attributes_get(v.attribute_id for v in values.values)
    return Served(ListingAttributes(listing, values, definitions), route.label)
