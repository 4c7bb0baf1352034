"""Replaying the drift log: copy what the primary store holds to the mirror."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from attributes.models import DriftEntry
from attributes.routing import store_named
from attributes.services import listing_write_lock, store_write_checked

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DriftReplayReport:
    """How many drift entries a replay resolved, and how many still fail."""

    replayed: int
    failed: int


def drift_pending_count() -> int:
    """Return the number of drift entries not yet replayed."""
    return DriftEntry.objects.filter(resolved_at__isnull=True).count()


def _replay_one(entry: DriftEntry) -> None:
    source, target = store_named(entry.source_store), store_named(entry.target_store)
    value = (
        source.listing_values_get(entry.listing_id)
        .by_attribute()
        .get(entry.attribute_id)
    )
    if value is None:
        store_write_checked(
            target,
            lambda: target.listing_value_delete(entry.listing_id, entry.attribute_id),
        )
    else:
        store_write_checked(
            target, lambda: target.listing_values_save(entry.listing_id, [value])
        )


def drift_replay() -> DriftReplayReport:
    """Make each drifted value in the mirror equal to the primary's; safe to rerun.

    Only the newest pending entry of a (listing, attribute) is replayed: an older
    one may point the other way, from before the rollout moved the primary.
    """
    replayed = failed = 0
    pending = DriftEntry.objects.filter(resolved_at__isnull=True).order_by("-id")
    seen: set[tuple[int, int]] = set()

    for entry in pending.iterator():
        pair = (entry.listing_id, entry.attribute_id)
        if pair in seen:
            continue
        seen.add(pair)
        with transaction.atomic():
            listing_write_lock(entry.listing_id)
            try:
                _replay_one(entry)
            except Exception as exc:
                failed += 1
                entry.attempts += 1
                entry.error = f"{type(exc).__name__}: {exc}"[:2000]
                entry.save(update_fields=["attempts", "error"])
                logger.exception(
                    "Drift of listing %s attribute %s still fails to reach %s",
                    entry.listing_id,
                    entry.attribute_id,
                    entry.target_store,
                    extra={
                        "listing_id": entry.listing_id,
                        "attribute_id": entry.attribute_id,
                        "store": entry.target_store,
                    },
                )
                continue
            replayed += DriftEntry.objects.filter(
                listing_id=entry.listing_id,
                attribute_id=entry.attribute_id,
                resolved_at__isnull=True,
                id__lte=entry.id,
            ).update(resolved_at=timezone.now())

    logger.info(
        "Drift replay resolved %d entr(y/ies); %d still failing",
        replayed,
        failed,
        extra={"replayed": replayed, "failed": failed},
    )
    return DriftReplayReport(replayed=replayed, failed=failed)
