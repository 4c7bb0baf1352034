"""Sticky routing: which entities read from the unified store at a percent."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

from flags.snapshot import ControlSnapshot

# Buckets are hundredths of a percent, so a percent with one decimal place
# (12.5) maps to a whole number of buckets.
BUCKETS = 10_000


def bucket_of(*, entity: str, entity_id: int) -> int:
    """Return the entity's bucket (0..9999): a keyed hash, stable across processes."""
    message = f"{entity}:{entity_id}".encode()
    digest = hmac.new(settings.ROLLOUT_SALT.encode(), message, hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") % BUCKETS


def reads_unified(snapshot: ControlSnapshot, *, entity: str, entity_id: int) -> bool:
    """Return whether this entity's reads go to the unified store."""
    if not snapshot.use_unified:
        return False
    threshold = int(snapshot.unified_percent * BUCKETS / 100)
    if threshold <= 0:
        return False
    if threshold >= BUCKETS:
        return True
    return bucket_of(entity=entity, entity_id=entity_id) < threshold
