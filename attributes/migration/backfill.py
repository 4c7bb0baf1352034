"""Backfill: copy the legacy stores into the unified one, batch by batch.

Each batch is one transaction that writes the batch and moves the checkpoint,
so a run killed at any point loses at most the batch in flight, and the next
run resumes after the last committed one. Writes are upserts that skip rows
already equal, so running twice writes nothing the second time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from attributes.migration.arguments import Shard
from attributes.migration.definitions import DefinitionsResult, definitions_backfill
from attributes.migration.progress import progress_bar
from attributes.migration.shards import definitions_lock, shard_lock, shard_range
from attributes.migration.values import (
    FAMILIES,
    UPSERT_TAIL,
    VARIANT_VALUES,
    LegacyRow,
    UnparsedValue,
    ValueFamily,
    batch_differences,
    batch_end,
    copy_columns_of,
    key_bounds,
    legacy_rows,
    legacy_value_of,
    messy_rows_sql,
    plain_upsert_sql,
    rows_in_range,
    variant_attribute_map,
)
from attributes.models import BackfillCheckpoint
from attributes_v1 import models as legacy
from attributes_v2 import models as unified
from attributes_v2.unified_values import value_to_columns

logger = logging.getLogger(__name__)

_BATCH_TABLE = "attributes_backfill_batch"


@dataclass
class BackfillResult:
    """What a backfill run read, wrote and could not parse."""

    definitions: DefinitionsResult
    rows_scanned: int = 0
    rows_written: int = 0
    would_insert: int = 0
    would_update: int = 0
    unparsed: int = 0
    resumed_from: dict[str, int] = field(default_factory=dict)


UnparsedSink = Callable[[UnparsedValue], None]


def _unparsed_of(family: ValueFamily, row: LegacyRow, value) -> UnparsedValue:
    return UnparsedValue(
        family.legacy_table,
        row.legacy_id,
        row.entity_id,
        row.attribute_id,
        value.unparsed.raw,
        value.unparsed.reason,
    )


def _report_unparsed(
    family: ValueFamily, rows: list[tuple[LegacyRow, object]], sink: UnparsedSink
) -> int:
    count = 0
    for row, value in rows:
        if value.unparsed is not None:
            count += 1
            sink(_unparsed_of(family, row, value))
    return count


def _batch_table_ensure(cursor) -> None:
    cursor.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {_BATCH_TABLE} (entity_id bigint,"
        " attribute_id bigint, text_value text, numeric_value numeric,"
        " boolean_value boolean, date_value date, json_value text)"
        " ON COMMIT DELETE ROWS"
    )


def _batch_write_postgresql(
    family: ValueFamily, low: int, high: int, sink: UnparsedSink
) -> tuple[int, int]:
    params = {"low": low, "high": high, "entity_type": family.entity_type}
    unparsed = 0
    with connection.cursor() as cursor:
        cursor.execute(plain_upsert_sql(family), params)
        written = cursor.rowcount
        cursor.execute(messy_rows_sql(family), params)
        messy = cursor.fetchall()
        if not messy:
            return written, unparsed
        _batch_table_ensure(cursor)
        with cursor.cursor.copy(
            f"COPY {_BATCH_TABLE} (entity_id, attribute_id, text_value,"
            " numeric_value, boolean_value, date_value, json_value) FROM STDIN"
        ) as copy:
            for row in messy:
                value, columns = copy_columns_of(row)
                copy.write_row((row[1], row[2], *columns))
                if value.unparsed is not None:
                    unparsed += 1
                    sink(_unparsed_of(family, LegacyRow(*row), value))
        cursor.execute(
            "INSERT INTO unified_attribute_values (entity_type, entity_id,"
            " attribute_id, text_value, numeric_value, boolean_value, date_value,"
            " json_value, created_at, updated_at)"
            " SELECT %s, entity_id, attribute_id, text_value, numeric_value,"
            " boolean_value, date_value, json_value::jsonb, now(), now()"
            f" FROM {_BATCH_TABLE}" + UPSERT_TAIL,
            [family.entity_type],
        )
        written += cursor.rowcount
        cursor.execute(f"TRUNCATE {_BATCH_TABLE}")
    return written, unparsed


def _batch_write_generic(
    family: ValueFamily, low: int, high: int, sink: UnparsedSink
) -> tuple[int, int]:
    # SQLite: parse every row in Python and write only what differs, so a rerun
    # writes nothing; the same comparison verify uses decides what differs.
    rows = [(row, legacy_value_of(row)) for row in legacy_rows(family, low, high)]
    unparsed = _report_unparsed(family, rows, sink)
    wanted = {
        (d.entity_id, d.attribute_id)
        for d in batch_differences(family, low, high)
        if d.kind != "missing_in_legacy"
    }
    objects = [
        unified.UnifiedAttributeValue(
            entity_type=family.entity_type,
            entity_id=row.entity_id,
            attribute_id=row.attribute_id,
            **vars(value_to_columns(value)),
        )
        for row, value in rows
        if (row.entity_id, row.attribute_id) in wanted
    ]
    unified.UnifiedAttributeValue.objects.bulk_create(
        objects,
        update_conflicts=True,
        unique_fields=["entity_type", "entity_id", "attribute"],
        update_fields=[*unified.TYPED_COLUMNS, "updated_at"],
    )
    return len(objects), unparsed


def _batch_write(
    family: ValueFamily, low: int, high: int, sink: UnparsedSink
) -> tuple[int, int]:
    if connection.vendor == "postgresql":
        return _batch_write_postgresql(family, low, high, sink)
    return _batch_write_generic(family, low, high, sink)


def _checkpoint_start(
    family: ValueFamily, shard: Shard, low: int, *, restart: bool
) -> BackfillCheckpoint:
    checkpoint, created = BackfillCheckpoint.objects.get_or_create(
        phase=family.phase, shard=shard.label, defaults={"last_key": low}
    )
    if not created and (restart or checkpoint.finished):
        checkpoint.last_key = low
        checkpoint.rows_done = 0
        checkpoint.rows_written = 0
        checkpoint.finished = False
        checkpoint.started_at = timezone.now()
        checkpoint.save()
    return checkpoint


def _family_backfill(
    family: ValueFamily,
    *,
    shard: Shard,
    batch_size: int,
    restart: bool,
    progress: bool,
    sink: UnparsedSink,
    result: BackfillResult,
) -> None:
    low, high = shard_range(family.phase, shard, key_bounds(family))
    checkpoint = _checkpoint_start(family, shard, low, restart=restart)
    after = max(checkpoint.last_key, low)
    if after > low:
        result.resumed_from[family.phase] = after
        logger.info(
            "Resuming %s backfill of shard %s after entity %s",
            family.phase,
            shard.label,
            after,
            extra={"phase": family.phase, "shard": shard.label, "after": after},
        )

    total = rows_in_range(family, low, high)
    with progress_bar(
        total=total, label=f"backfill {family.phase}", enabled=progress
    ) as bar:
        bar.update(rows_in_range(family, low, after))
        while end := batch_end(family, after, high, batch_size, unified_side=False):
            with transaction.atomic():
                written, unparsed = _batch_write(family, after, end, sink)
                scanned = rows_in_range(family, after, end)
                BackfillCheckpoint.objects.filter(pk=checkpoint.pk).update(
                    last_key=end,
                    rows_done=checkpoint.rows_done + scanned,
                    rows_written=checkpoint.rows_written + written,
                    updated_at=timezone.now(),
                )
            checkpoint.rows_done += scanned
            checkpoint.rows_written += written
            result.rows_scanned += scanned
            result.rows_written += written
            result.unparsed += unparsed
            bar.update(scanned)
            after = end
    BackfillCheckpoint.objects.filter(pk=checkpoint.pk).update(
        finished=True, updated_at=timezone.now()
    )


def _family_dry_run(
    family: ValueFamily,
    *,
    shard: Shard,
    batch_size: int,
    progress: bool,
    sink: UnparsedSink,
    result: BackfillResult,
) -> None:
    low, high = shard_range(family.phase, shard, key_bounds(family))
    after = low
    with progress_bar(
        total=rows_in_range(family, low, high),
        label=f"dry run {family.phase}",
        enabled=progress,
    ) as bar:
        while end := batch_end(family, after, high, batch_size, unified_side=False):
            rows = [
                (row, legacy_value_of(row)) for row in legacy_rows(family, after, end)
            ]
            result.unparsed += _report_unparsed(family, rows, sink)
            for difference in batch_differences(family, after, end):
                if difference.kind == "missing_in_unified":
                    result.would_insert += 1
                elif difference.kind == "changed":
                    result.would_update += 1
            if family is VARIANT_VALUES:
                result.would_insert += _unmapped_variant_values(after, end)
            result.rows_scanned += len(rows)
            bar.update(len(rows))
            after = end


def _unmapped_variant_values(low: int, high: int) -> int:
    # Known shortcoming: before definitions exist a dry run can count these
    # values but not parse them, so their unparsed ones are not listed yet.
    return (
        legacy.ProductVariantAttributeValue.objects.filter(
            variant_id__gt=low, variant_id__lte=high
        )
        .exclude(attribute_id__in=list(variant_attribute_map()))
        .values("variant_id", "attribute_id")
        .distinct()
        .count()
    )


def _statistics_refresh() -> None:
    # A bulk load leaves the planner believing the unified table is as small as
    # it was; verify's keyset queries then sort the whole table per batch.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE unified_attribute_values")


def backfill_run(
    *,
    shard: Shard,
    batch_size: int,
    dry_run: bool = False,
    restart: bool = False,
    progress: bool = False,
    unparsed_sink: UnparsedSink | None = None,
) -> BackfillResult:
    """Backfill definitions, then every value family of one shard."""
    sink = unparsed_sink or (lambda _: None)
    if dry_run:
        result = BackfillResult(definitions=definitions_backfill(dry_run=True))
        for family in FAMILIES:
            _family_dry_run(
                family,
                shard=shard,
                batch_size=batch_size,
                progress=progress,
                sink=sink,
                result=result,
            )
        return result

    # One lock per shard for the whole run: a second process on the same shard
    # refuses before it reads or writes anything.
    with shard_lock("backfill", "values", shard):
        with definitions_lock():
            result = BackfillResult(definitions=definitions_backfill())
        for family in FAMILIES:
            _family_backfill(
                family,
                shard=shard,
                batch_size=batch_size,
                restart=restart,
                progress=progress,
                sink=sink,
                result=result,
            )
    _statistics_refresh()
    logger.info(
        "Backfill of shard %s done: %d rows scanned, %d written, %d unparsed",
        shard.label,
        result.rows_scanned,
        result.rows_written,
        result.unparsed,
        extra={"shard": shard.label, "store": "v2"},
    )
    return result
