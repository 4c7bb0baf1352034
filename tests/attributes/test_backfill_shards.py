"""Shards on PostgreSQL: concurrent shards split the rows; one shard runs once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from attributes.migration.arguments import Shard
from attributes.migration.backfill import backfill_run
from attributes.migration.shards import shard_lock
from attributes_v1 import models as legacy
from attributes_v2 import models as unified
from tests.factories import (
    LegacyAttributeFactory,
    LegacyListingValueFactory,
    ListingFactory,
    ProductVariantFactory,
    VariantAttributeFactory,
    VariantValueFactory,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _legacy_rows(listings: int, variants: int) -> int:
    attributes = [
        LegacyAttributeFactory(attribute_type=kind) for kind in ("text", "number")
    ]
    for _ in range(listings):
        listing = ListingFactory()
        LegacyListingValueFactory(
            listing=listing, attribute=attributes[0], text_value="blue"
        )
        LegacyListingValueFactory(
            listing=listing, attribute=attributes[1], text_value="1 200,5"
        )
    size = VariantAttributeFactory(name="Size", type="size")
    for _ in range(variants):
        VariantValueFactory(variant=ProductVariantFactory(), attribute=size, value="M")
    return (
        legacy.ListingAttributeValue.objects.count()
        + legacy.ProductVariantAttributeValue.objects.count()
    )


def _in_own_connection(work):
    def run(*args):
        try:
            return work(*args)
        finally:
            connection.close()

    return run


def test_two_concurrent_shards_cover_every_row_exactly_once():
    # given legacy rows for many listings and variants
    total = _legacy_rows(listings=30, variants=10)
    start = threading.Barrier(2)

    @_in_own_connection
    def shard_run(index: int):
        start.wait()
        return backfill_run(shard=Shard(index, 2), batch_size=4)

    # when shards 1/2 and 2/2 run at the same time, each in its own connection
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(shard_run, [1, 2]))

    # then together they scanned and wrote every row once, and neither was empty
    assert sum(result.rows_scanned for result in results) == total
    assert sum(result.rows_written for result in results) == total
    assert all(result.rows_scanned > 0 for result in results)
    assert unified.UnifiedAttributeValue.objects.count() == total


def test_second_process_on_the_same_shard_refuses_and_writes_nothing():
    # given legacy rows, and another process holding shard 1/1 of backfill
    _legacy_rows(listings=3, variants=1)
    holding, release = threading.Event(), threading.Event()

    @_in_own_connection
    def other_process():
        with shard_lock("backfill", "values", Shard(1, 1)):
            holding.set()
            release.wait(timeout=60)

    holder = threading.Thread(target=other_process)
    holder.start()
    holding.wait(timeout=60)

    # when this process starts the same shard
    try:
        with pytest.raises(CommandError) as failure:
            call_command("attributes_backfill", "--no-progress")
    finally:
        release.set()
        holder.join()

    # then it refuses with exit code 3 and wrote nothing
    assert failure.value.returncode == 3
    assert "already running in another process" in str(failure.value)
    assert unified.UnifiedAttribute.objects.count() == 0
    assert unified.UnifiedAttributeValue.objects.count() == 0
