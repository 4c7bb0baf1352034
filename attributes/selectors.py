"""Reads of attributes, routed to the store the rollout picks.

A v2 read runs under a time budget; when it fails or runs out, the legacy store
answers in the same request if fallback allows, else the client gets a 503. A
sample of reads is compared against the other store after the answer is built.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from attributes import cache as answer_cache
from attributes.budget import ReadTimedOut, v2_read_budget
from attributes.domain import (
    AttributeDefinition,
    AttributeStore,
    CategoryAttribute,
    ListingRef,
    ListingValues,
)
from attributes.errors import (
    CategoryNotFound,
    ListingNotFound,
    ServiceError,
    StoreUnavailable,
)
from attributes.routing import ReadRoute, read_route_for
from attributes.shadow import (
    category_comparable,
    category_difference,
    listing_difference,
    shadow_compare,
)
from attributes.stores import unified_store
from flags.snapshot import ControlSnapshot, controls_snapshot_with
from monitoring.business_metrics import (
    attribute_fallbacks_total,
    unified_attributes_usage_total,
)
from monitoring.metrics import labelled

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Ids past a 64-bit integer cannot exist; refusing them early keeps the
# database from raising on an out-of-range parameter.
MAX_ID = 2**63 - 1

FALLBACK_LABEL = "v1-fallback"

# During an outage every read falls back; one warning per kind of failure per
# this many seconds (per worker) tells the operator as much, at a fraction of
# the cost. attribute_fallbacks_total still counts every one.
FALLBACK_LOG_INTERVAL_SECONDS = 10.0


class _LogThrottle:
    """Admit one log line per key per interval; count the lines held back."""

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._lock = threading.Lock()
        self._next: dict[tuple, float] = {}
        self._held: dict[tuple, int] = {}

    def admit(self, key: tuple) -> int | None:
        """Return how many lines were held back since the last one, or None."""
        now = time.monotonic()
        with self._lock:
            if now < self._next.get(key, 0.0):
                self._held[key] = self._held.get(key, 0) + 1
                return None
            self._next[key] = now + self._seconds
            return self._held.pop(key, 0)


_fallback_log = _LogThrottle(FALLBACK_LOG_INTERVAL_SECONDS)


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


def _read_from(store: AttributeStore, read: Callable[[AttributeStore], T]) -> T:
    if store is unified_store:
        with v2_read_budget():
            return read(store)
    return read(store)


def _served_read(
    route: ReadRoute,
    read: Callable[[AttributeStore], T],
    *,
    entity: str,
    entity_id: int,
) -> Served[T]:
    """Read through the route: budget, fallback, usage count, call log."""
    try:
        result = _read_from(route.store, read)
        label = route.label
    except ServiceError:
        raise
    except Exception as exc:
        reason = "timeout" if isinstance(exc, ReadTimedOut) else "error"
        if route.store is unified_store:
            attribute_fallbacks_total.labels(reason=reason).inc()
        context = {
            "entity": entity,
            "entity_id": entity_id,
            "store": route.label,
            "reason": reason,
        }
        if route.fallback is None:
            logger.exception(
                "Read of %s %s from %s failed (%s) and no fallback is allowed; "
                "answering 503",
                entity,
                entity_id,
                route.label,
                reason,
                extra=context,
            )
            raise StoreUnavailable(
                f"the {route.label} store could not answer ({reason}); "
                "try again shortly"
            ) from exc
        held = _fallback_log.admit((entity, route.label, reason, type(exc)))
        if held is not None:
            # No traceback: during an outage this line stands for many reads.
            logger.warning(
                "Read of %s %s from %s failed (%s: %s); answered from %s "
                "(%d more such fallbacks in this worker since the last line)",
                entity,
                entity_id,
                route.label,
                reason,
                exc,
                route.fallback.name,
                held,
                extra={**context, "held_back": held},
            )
        result = read(route.fallback)
        label = FALLBACK_LABEL

    labelled(unified_attributes_usage_total, label).inc()
    if route.call_logging:
        logger.info(
            "Read %s %s from %s",
            entity,
            entity_id,
            label,
            extra={"entity": entity, "entity_id": entity_id, "store": label},
        )
    return Served(result, label)


def _category_read(category_id: int) -> Callable[[AttributeStore], list]:
    def read(store: AttributeStore) -> list[CategoryAttribute]:
        if not 0 < category_id <= MAX_ID:
            raise CategoryNotFound(f"category {category_id} does not exist")
        definitions = store.category_definitions_get(category_id)
        # Definitions prove the category exists; ask only when there are none.
        if not definitions and not store.category_exists(category_id):
            raise CategoryNotFound(f"category {category_id} does not exist")
        return definitions

    return read


def _category_shadow(
    route: ReadRoute, served: Served[list[CategoryAttribute]], category_id: int
) -> None:
    if route.shadow is None or served.store == FALLBACK_LABEL:
        return
    shadow_compare(
        entity="category",
        entity_id=category_id,
        served_label=served.store,
        served=served.result,
        shadow=route.shadow,
        read=lambda store: _read_from(store, _category_read(category_id)),
        comparable=category_comparable,
        difference=category_difference,
    )


def category_definitions_get(category_id: int) -> Served[list[CategoryAttribute]]:
    """Return the attributes enabled for a category, from the routed store."""
    route = read_route_for(entity="category", entity_id=category_id)
    served = _served_read(
        route, _category_read(category_id), entity="category", entity_id=category_id
    )
    _category_shadow(route, served, category_id)
    return served


def _category_answer_lookup(
    category_id: int, *, shape: str
) -> tuple[ControlSnapshot, ReadRoute, bytes | None]:
    keys = answer_cache.category_answer_keys(category_id, shape=shape)
    snapshot, found = controls_snapshot_with(keys if 0 < category_id <= MAX_ID else ())
    route = read_route_for(entity="category", entity_id=category_id, snapshot=snapshot)
    if not snapshot.cache_enabled:
        return snapshot, route, None
    key = answer_cache.category_answer_key(
        shape=shape, store=route.label, category_id=category_id
    )
    return snapshot, route, found.get(key)


def category_answer_cached(category_id: int, *, shape: str) -> Served[bytes] | None:
    """Return a category's answer if the cache holds it for the routed store.

    None counts nothing: the caller goes on to `category_answer_get`, which
    counts the miss and reuses this request's cache read.
    """
    _, route, cached = _category_answer_lookup(category_id, shape=shape)
    return None if cached is None else _cache_hit(route, cached)


def _cache_hit(route: ReadRoute, cached: bytes) -> Served[bytes]:
    # Known shortcoming: answers served from the cache are not shadowed.
    answer_cache.cache_lookup_counted(True)
    labelled(unified_attributes_usage_total, route.label).inc()
    return Served(cached, route.label)


def category_answer_get(
    category_id: int,
    *,
    shape: str,
    render: Callable[[int, list[CategoryAttribute]], bytes],
) -> Served[bytes]:
    """Return a category's rendered answer, from the cache or the routed store.

    The controls and both stores' cached answers come in one cache round trip;
    the store the controls pick decides which cached answer may be served.
    """
    snapshot, route, cached = _category_answer_lookup(category_id, shape=shape)
    if cached is not None:
        return _cache_hit(route, cached)
    if snapshot.cache_enabled:
        answer_cache.cache_lookup_counted(False)

    served = _served_read(
        route, _category_read(category_id), entity="category", entity_id=category_id
    )
    body = render(category_id, served.result)
    if snapshot.cache_enabled and snapshot.cache_ttl > 0:
        # A fallback answer is cached under the store that built it (v1), so
        # the v2 route keeps trying v2 on the next request.
        store = route.fallback.name if served.store == FALLBACK_LABEL else served.store
        answer_cache.category_answer_set(
            shape=shape,
            store=store,
            category_id=category_id,
            body=body,
            ttl=int(snapshot.cache_ttl),
        )
    _category_shadow(route, served, category_id)
    return Served(body, served.store)


def _listing_read(listing_id: int) -> Callable[[AttributeStore], ListingAttributes]:
    def read(store: AttributeStore) -> ListingAttributes:
        listing = store.listing_get(listing_id) if 0 < listing_id <= MAX_ID else None
        if listing is None:
            raise ListingNotFound(f"listing {listing_id} does not exist")
        values = store.listing_values_get(listing_id)
        definitions = store.attributes_get(v.attribute_id for v in values.values)
        return ListingAttributes(listing, values, definitions)

    return read


def listing_attributes_get(listing_id: int) -> Served[ListingAttributes]:
    """Return a listing's attribute values, from the routed store."""
    route = read_route_for(entity="listing", entity_id=listing_id)
    read = _listing_read(listing_id)
    served = _served_read(route, read, entity="listing", entity_id=listing_id)

    if route.shadow is not None and served.store != FALLBACK_LABEL:
        shadow_compare(
            entity="listing",
            entity_id=listing_id,
            served_label=served.store,
            served=served.result,
            shadow=route.shadow,
            read=lambda store: _read_from(store, read),
            comparable=lambda answer: answer.values,
            difference=lambda mine, theirs: listing_difference(
                mine.values, theirs.values
            ),
        )
    return served
