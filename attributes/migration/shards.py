"""Key ranges, shard plans and the advisory lock that keeps shards apart.

Every command walks entity ids (listing ids, variant ids) in contiguous ranges.
`--shard i/n` cuts the range into n parts from a plan that the first shard to
start writes to the database, so shards started at different moments (or on
different hosts) agree on their bounds; the first shard is open below and the
last open above, so rows added after the plan was made are still covered.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, connection, transaction

from attributes.migration.arguments import Shard
from attributes.models import ShardPlan

logger = logging.getLogger(__name__)

# Entity ids are positive 64-bit integers; these bound "everything".
KEY_FLOOR = 0
KEY_CEILING = 2**63 - 1

# The first half of every advisory lock key this project takes, so our locks do
# not collide with another application's on the same database.
_LOCK_NAMESPACE = 7301


class ShardBusy(Exception):
    """Another process holds this shard of this command."""


def _plan_get(phase: str, count: int, bounds: tuple[int, int]) -> ShardPlan:
    plan = ShardPlan.objects.filter(phase=phase, shard_count=count).first()
    if plan is not None:
        return plan
    try:
        with transaction.atomic():
            return ShardPlan.objects.create(
                phase=phase, shard_count=count, min_key=bounds[0], max_key=bounds[1]
            )
    except IntegrityError:
        # Another shard wrote the plan first; theirs is the one everyone uses.
        return ShardPlan.objects.get(phase=phase, shard_count=count)


def shard_range(phase: str, shard: Shard, bounds: tuple[int, int]) -> tuple[int, int]:
    """Return the (exclusive low, inclusive high) entity ids of one shard."""
    if shard.count == 1:
        return KEY_FLOOR, KEY_CEILING
    plan = _plan_get(phase, shard.count, bounds)
    span = plan.max_key - plan.min_key + 1

    def edge(k: int) -> int:
        return plan.min_key - 1 + (span * k) // shard.count

    low = KEY_FLOOR if shard.index == 1 else edge(shard.index - 1)
    high = KEY_CEILING if shard.index == shard.count else edge(shard.index)
    return low, high


def _lock_key(name: str) -> int:
    return zlib.crc32(name.encode()) - 2**31


@contextmanager
def shard_lock(command: str, phase: str, shard: Shard) -> Iterator[None]:
    """Hold a PostgreSQL advisory lock on one shard of a command, or refuse.

    On SQLite there is nothing to take: SQLite serialises writers itself, and
    sharding across processes is a PostgreSQL deployment's concern.
    """
    if connection.vendor != "postgresql":
        yield
        return
    # Known shortcoming: the key holds i/n, so runs with different n (1/2 and
    # 1/3 at once) overlap without noticing; operators must keep n the same.
    key = _lock_key(f"{command}:{phase}:{shard.label}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_LOCK_NAMESPACE, key])
        (taken,) = cursor.fetchone()
    if not taken:
        raise ShardBusy(
            f"shard {shard.label} of {command} ({phase}) is already running in "
            "another process; wait for it to finish or pick another shard"
        )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_LOCK_NAMESPACE, key])


@contextmanager
def definitions_lock() -> Iterator[None]:
    """Serialise the definitions step of concurrent shards inside a transaction."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, %s)",
                    [_LOCK_NAMESPACE, _lock_key("definitions")],
                )
        yield
