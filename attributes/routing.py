"""Which store serves a read, and which stores a write lands in.

Until the rollout controls exist, everything goes to the legacy store: the
"unified reads off" state, in which v2 serves legacy data translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from attributes.domain import AttributeStore
from attributes.stores import legacy_store


@dataclass(frozen=True)
class ReadRoute:
    """The store that serves one read, and the label the response carries."""

    store: AttributeStore
    label: str


@dataclass(frozen=True)
class WritePlan:
    """The store a write commits to first, and the one it is mirrored to."""

    primary: AttributeStore
    mirror: AttributeStore | None


def read_route_for(*, entity: str, entity_id: int) -> ReadRoute:
    """Return the store that serves a read of one listing or category."""
    return ReadRoute(store=legacy_store, label=legacy_store.name)


def legacy_store_written() -> bool:
    """Return whether any write still lands in the legacy store.

    Every write goes to the legacy store until the rollout controls can move
    the primary: archive refuses while this is True.
    """
    return True


def write_plan_for(*, listing_id: int) -> WritePlan:
    """Return where a write to a listing's values lands."""
    return WritePlan(primary=legacy_store, mirror=None)
