"""The cache of rendered category answers, and its invalidation.

A category's attribute answer is cached as the rendered response bytes, per
response shape (v1, v2) and per store that built it, so a cache hit costs one
cache read and no rendering. Writes that change definitions remove what they
changed; a cache outage degrades to the database and is counted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.cache import cache
from django.db import DatabaseError, transaction

from attributes_v1.models import CategoryAttributeMapping
from attributes_v2.models import UnifiedCategoryAttribute
from monitoring.business_metrics import cache_operations_total
from monitoring.metrics import labelled

logger = logging.getLogger(__name__)

SHAPES = ("v1", "v2")
STORES = ("v1", "v2")


def category_answer_key(*, shape: str, store: str, category_id: int) -> str:
    """Return the cache key of a category's rendered answer."""
    return f"attrs:category:{shape}:{store}:{category_id}"


def category_answer_keys(category_id: int, *, shape: str) -> list[str]:
    """Return the keys of a category's answer in one shape, from either store."""
    return [
        category_answer_key(shape=shape, store=store, category_id=category_id)
        for store in STORES
    ]


def cache_lookup_counted(hit: bool) -> None:
    """Count one cache read of an answer as a hit or a miss."""
    labelled(cache_operations_total, "get", "hit" if hit else "miss").inc()


def category_answer_set(
    *, shape: str, store: str, category_id: int, body: bytes, ttl: int
) -> None:
    """Cache a rendered category answer; a cache outage is logged and counted."""
    key = category_answer_key(shape=shape, store=store, category_id=category_id)
    try:
        cache.set(key, body, ttl)
    except Exception:
        logger.warning(
            "Cache unreachable storing category %s; serving from the database",
            category_id,
            exc_info=True,
            extra={"category_id": category_id, "key": key},
        )
        cache_operations_total.labels(operation="set", result="error").inc()
        return
    cache_operations_total.labels(operation="set", result="ok").inc()


def _delete_now(keys: list[str]) -> None:
    try:
        cache.delete_many(keys)
    except Exception:
        logger.exception(
            "Cache unreachable removing %d category answer(s); they expire with "
            "their TTL",
            len(keys),
            extra={"keys": keys},
        )
        cache_operations_total.labels(operation="delete", result="error").inc()
        return
    cache_operations_total.labels(operation="delete", result="ok").inc()


def category_answers_invalidate(category_ids: Iterable[int]) -> None:
    """Remove the cached answers of these categories, now and after commit.

    Removing again after commit keeps a reader that loaded the old rows inside
    the write's transaction window from leaving them cached.
    """
    # Known shortcoming: a reader that loaded the old rows before the commit and
    # stores them after the second removal leaves a stale answer until the TTL.
    keys = [
        category_answer_key(shape=shape, store=store, category_id=category_id)
        for category_id in set(category_ids)
        for shape in SHAPES
        for store in STORES
    ]
    if not keys:
        return
    _delete_now(keys)
    transaction.on_commit(lambda: _delete_now(keys))


def category_ids_assigned() -> set[int]:
    """Return every category with an attribute assigned in either store.

    A store whose table is missing (archived, or not migrated) adds nothing.
    """
    category_ids: set[int] = set()
    for model in (CategoryAttributeMapping, UnifiedCategoryAttribute):
        try:
            with transaction.atomic():
                category_ids.update(
                    model.objects.values_list("category_id", flat=True).distinct()
                )
        except DatabaseError:
            # Nothing can have been cached from a table that cannot be read.
            logger.debug("Cannot read %s; no categories from it", model._meta.db_table)
    return category_ids
