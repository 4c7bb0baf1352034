"""Which store serves a read, and which stores a write lands in.

Every decision comes from the request's one snapshot of the rollout controls
(flags), so a request never mixes two sets of controls.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from attributes.domain import AttributeStore
from attributes.stores import legacy_store, unified_store
from flags.buckets import reads_unified
from flags.snapshot import ControlSnapshot, controls_snapshot
from flags.stages import legacy_written_under


@dataclass(frozen=True)
class ReadRoute:
    """The store that serves one read, and the label the response carries.

    `fallback` answers when the store fails (None: answer 503); `shadow` is read
    too and compared (None: not sampled).
    """

    store: AttributeStore
    label: str
    fallback: AttributeStore | None = None
    shadow: AttributeStore | None = None
    call_logging: bool = False


@dataclass(frozen=True)
class WritePlan:
    """The store a write commits to first, and the one it is mirrored to."""

    primary: AttributeStore
    mirror: AttributeStore | None
    call_logging: bool = False


def _other(store: AttributeStore) -> AttributeStore:
    return legacy_store if store is unified_store else unified_store


def _shadow_sampled(snapshot: ControlSnapshot) -> bool:
    # Shadow reads are a random sample of reads, not sticky: every entity
    # should be compared now and then.
    percent = snapshot.shadow_percent
    return percent > 0 and random.random() * 100 < percent


def read_route_for(
    *, entity: str, entity_id: int, snapshot: ControlSnapshot | None = None
) -> ReadRoute:
    """Return the store that serves a read of one listing or category."""
    snapshot = snapshot or controls_snapshot()
    store = (
        unified_store
        if reads_unified(snapshot, entity=entity, entity_id=entity_id)
        else legacy_store
    )
    fallback = None
    if store is unified_store and snapshot.fallback:
        # Never fall back to a legacy store that no longer gets the writes.
        fallback = legacy_store if legacy_written_under(snapshot) else None
    return ReadRoute(
        store=store,
        label=store.name,
        fallback=fallback,
        shadow=_other(store) if _shadow_sampled(snapshot) else None,
        call_logging=snapshot.call_logging,
    )


def write_plan_for(
    *, listing_id: int, snapshot: ControlSnapshot | None = None
) -> WritePlan:
    """Return where a write to a listing's values lands.

    The primary is the store that serves this listing's reads, so a reader never
    sees a store that missed a write; under dual-write the other store mirrors it.
    """
    snapshot = snapshot or controls_snapshot()
    primary = (
        unified_store
        if reads_unified(snapshot, entity="listing", entity_id=listing_id)
        else legacy_store
    )
    return WritePlan(
        primary=primary,
        mirror=_other(primary) if snapshot.dual_write else None,
        call_logging=snapshot.call_logging,
    )


def legacy_store_written() -> bool:
    """Return whether any write still lands in the legacy store."""
    return legacy_written_under(controls_snapshot())


def store_named(name: str) -> AttributeStore:
    """Return the store with that name (v1 or v2)."""
    return {legacy_store.name: legacy_store, unified_store.name: unified_store}[name]
