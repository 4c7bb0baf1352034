"""One snapshot of the rollout controls per request, from the shared cache.

The whole set of controls is one cache entry, so a request pays one cache round
trip for all of them (and callers may fetch their own keys in that same trip).
Any save of a waffle Switch or Sample replaces the entry: at once (so the next
read in this transaction goes to the database) and again after commit with the
committed values, so every worker sees a flip on its next request.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import transaction
from waffle.models import Sample, Switch

from flags.controls import (
    ATTRIBUTES_CACHE_ENABLED,
    ATTRIBUTES_CACHE_TTL,
    ATTRIBUTES_CALL_LOGGING,
    CONTROLS,
    DUAL_WRITE_ATTRIBUTES,
    SHADOW_COMPARE_PERCENT,
    UNIFIED_ATTRIBUTES_FALLBACK,
    UNIFIED_ATTRIBUTES_PERCENT,
    USE_UNIFIED_ATTRIBUTES,
    Kind,
)
from monitoring.business_metrics import cache_operations_total

logger = logging.getLogger(__name__)

SNAPSHOT_KEY = "rollout:controls:v1"
# A safety net only: every change replaces the entry explicitly. It bounds how
# long a value can stay stale if the cache was unreachable during a flip.
SNAPSHOT_TTL_SECONDS = 30

_FIELD_OF = {
    USE_UNIFIED_ATTRIBUTES: "use_unified",
    UNIFIED_ATTRIBUTES_PERCENT: "unified_percent",
    UNIFIED_ATTRIBUTES_FALLBACK: "fallback",
    DUAL_WRITE_ATTRIBUTES: "dual_write",
    SHADOW_COMPARE_PERCENT: "shadow_percent",
    ATTRIBUTES_CACHE_ENABLED: "cache_enabled",
    ATTRIBUTES_CACHE_TTL: "cache_ttl",
    ATTRIBUTES_CALL_LOGGING: "call_logging",
}


@dataclass(frozen=True)
class ControlSnapshot:
    """The values of every rollout control at one moment."""

    use_unified: bool
    unified_percent: Decimal
    fallback: bool
    dual_write: bool
    shadow_percent: Decimal
    cache_enabled: bool
    cache_ttl: Decimal
    call_logging: bool

    @classmethod
    def of(cls, values: dict[str, Any]) -> ControlSnapshot:
        """Build a snapshot from control values by name; missing ones take defaults."""
        return cls(
            **{
                field: values.get(name, CONTROLS[name].default)
                for name, field in _FIELD_OF.items()
            }
        )

    def value_of(self, name: str) -> bool | Decimal:
        """Return the value of one control by its name."""
        return getattr(self, _FIELD_OF[name])

    def with_value(self, name: str, value: bool | Decimal) -> ControlSnapshot:
        """Return a copy with one control changed."""
        return replace(self, **{_FIELD_OF[name]: value})

    def as_values(self) -> dict[str, bool | Decimal]:
        """Return the values by control name."""
        return {name: self.value_of(name) for name in _FIELD_OF}


class _RequestMemo:
    def __init__(self) -> None:
        self.snapshot: ControlSnapshot | None = None
        # The keys read with the snapshot, found or not: a second look at them
        # in the same request sees the same values and costs no round trip.
        self.read: dict[str, Any] = {}


_request_memo: ContextVar[_RequestMemo | None] = ContextVar(
    "controls_snapshot", default=None
)


@contextmanager
def request_scope() -> Iterator[None]:
    """Hold one snapshot for everything that runs inside (one request)."""
    token = _request_memo.set(_RequestMemo())
    try:
        yield
    finally:
        _request_memo.reset(token)


def controls_from_db() -> ControlSnapshot:
    """Read every control from the database (the truth), bypassing the cache."""
    values: dict[str, Any] = {}
    names = list(CONTROLS)
    for name, active in Switch.objects.filter(name__in=names).values_list(
        "name", "active"
    ):
        if CONTROLS[name].kind is Kind.SWITCH:
            values[name] = active
    for name, percent in Sample.objects.filter(name__in=names).values_list(
        "name", "percent"
    ):
        if CONTROLS[name].kind is Kind.NUMBER:
            values[name] = Decimal(percent)
    return ControlSnapshot.of(values)


def _cache_get_many(keys: Sequence[str]) -> dict[str, Any]:
    try:
        found = cache.get_many(keys)
    except Exception:
        logger.warning(
            "Cache unreachable reading %d key(s); reading the database instead",
            len(keys),
            exc_info=True,
            extra={"keys": list(keys)},
        )
        cache_operations_total.labels(operation="get", result="error").inc()
        return {}
    return found


def controls_snapshot_with(
    keys: Sequence[str] = (),
) -> tuple[ControlSnapshot, dict[str, Any]]:
    """Return the request's control snapshot and the cached values of `keys`.

    The first call in a request fetches the snapshot and the keys in one cache
    round trip; later calls reuse the snapshot, so one request sees one set of
    controls, and reuse what was read of their keys, fetching only the others.
    """
    memo = _request_memo.get()
    if memo is not None and memo.snapshot is not None:
        unread = [key for key in keys if key not in memo.read]
        if unread:
            memo.read.update(_with_missing(_cache_get_many(unread), unread))
        return memo.snapshot, _found_in(memo.read, keys)

    found = _cache_get_many([SNAPSHOT_KEY, *keys])
    cached = found.pop(SNAPSHOT_KEY, None)
    if isinstance(cached, dict):
        snapshot = ControlSnapshot.of(cached)
    else:
        snapshot = controls_from_db()
        _snapshot_store(snapshot, only_if_absent=True)

    if memo is not None:
        memo.snapshot = snapshot
        memo.read.update(_with_missing(found, keys))
    return snapshot, found


_MISSING = object()


def _with_missing(found: dict[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    return {key: found.get(key, _MISSING) for key in keys}


def _found_in(read: dict[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    return {key: read[key] for key in keys if read[key] is not _MISSING}


def controls_snapshot() -> ControlSnapshot:
    """Return the request's snapshot of the rollout controls."""
    snapshot, _ = controls_snapshot_with()
    return snapshot


def _snapshot_store(snapshot: ControlSnapshot, *, only_if_absent: bool) -> None:
    # add() on a miss: a reader that loaded old values just before a flip
    # committed cannot overwrite the entry the flip wrote after its commit.
    # Known shortcoming: two flips racing can leave the older set cached, for
    # SNAPSHOT_TTL_SECONDS at most.
    try:
        if only_if_absent:
            cache.add(SNAPSHOT_KEY, snapshot.as_values(), SNAPSHOT_TTL_SECONDS)
        else:
            cache.set(SNAPSHOT_KEY, snapshot.as_values(), SNAPSHOT_TTL_SECONDS)
    except Exception:
        logger.warning(
            "Cache unreachable storing the control snapshot",
            exc_info=True,
            extra={"key": SNAPSHOT_KEY},
        )
        cache_operations_total.labels(operation="set", result="error").inc()


def controls_snapshot_refresh() -> None:
    """Replace the shared snapshot with the committed values in the database."""
    _snapshot_store(controls_from_db(), only_if_absent=False)


def controls_changed() -> None:
    """Make the next read of the controls, in every worker, see the database."""
    try:
        cache.delete(SNAPSHOT_KEY)
    except Exception:
        logger.warning(
            "Cache unreachable dropping the control snapshot",
            exc_info=True,
            extra={"key": SNAPSHOT_KEY},
        )
        cache_operations_total.labels(operation="delete", result="error").inc()
    memo = _request_memo.get()
    if memo is not None:
        memo.snapshot = None
    transaction.on_commit(controls_snapshot_refresh)
