"""Reverse: make the legacy store equal to the unified one (the way back).

Definitions first, then every value family walked like verify; only entities
that differ are rewritten, so backfill then reverse changes nothing.
"""

from __future__ import annotations

import logging

from attributes.migration.arguments import Shard
from attributes.migration.repair import Direction, RepairResult, scan_repair

logger = logging.getLogger(__name__)


def reverse_run(*, shard: Shard, batch_size: int, progress: bool) -> RepairResult:
    """Write unified content back to the legacy tables for one shard."""
    result = scan_repair(
        command="reverse",
        direction=Direction.TO_LEGACY,
        shard=shard,
        batch_size=batch_size,
        progress=progress,
    )
    logger.info(
        "Reverse of shard %s done: %d entities rewritten, %d values written, "
        "%d deleted, %d skipped",
        shard.label,
        result.entities,
        result.written,
        result.deleted,
        len(result.skipped),
        extra={"shard": shard.label, "store": "v1"},
    )
    return result
