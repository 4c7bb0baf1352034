"""Status: where the move stands, for the operator and for the status API."""

from __future__ import annotations

from typing import Any

from django.db import connection

from attributes.migration.archive import archive_blockers, archived_tables
from attributes.migration.tables import LEGACY_TABLES, UNIFIED_TABLES
from attributes.models import BackfillCheckpoint, MigrationRun


def _row_counts(tables: tuple[str, ...], archived: list[str]) -> dict[str, Any]:
    present = set(connection.introspection.table_names())
    counts: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for table in tables:
            if table in archived:
                counts[table] = "archived"
            elif table not in present:
                counts[table] = "missing"
            else:
                # An exact count: the status command is run by hand, not polled.
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
    return counts


def _checkpoints() -> list[dict[str, Any]]:
    rows = []
    for checkpoint in BackfillCheckpoint.objects.order_by("phase", "shard"):
        seconds = (checkpoint.updated_at - checkpoint.started_at).total_seconds()
        rows.append(
            {
                "phase": checkpoint.phase,
                "shard": checkpoint.shard,
                "last_entity_id": checkpoint.last_key,
                "rows_done": checkpoint.rows_done,
                "rows_written": checkpoint.rows_written,
                "finished": checkpoint.finished,
                "rows_per_second": round(checkpoint.rows_done / seconds, 1)
                if seconds > 0
                else None,
                "updated_at": checkpoint.updated_at.isoformat(),
            }
        )
    return rows


def _last_run(command: str) -> dict[str, Any] | None:
    run = MigrationRun.objects.filter(command=command).first()
    if run is None:
        return None
    return {
        "status": run.status,
        "shard": run.shard,
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "rows_scanned": run.rows_scanned,
        "rows_written": run.rows_written,
        "differences": run.differences,
        "unparsed": run.unparsed,
        "summary": run.summary,
    }


def migration_status() -> dict[str, Any]:
    """Return counts per store, checkpoints, last runs and archive blockers."""
    archived = archived_tables()
    return {
        "legacy": _row_counts(LEGACY_TABLES, archived),
        "unified": _row_counts(UNIFIED_TABLES, []),
        "archived": bool(archived),
        "backfill_checkpoints": _checkpoints(),
        "last_backfill": _last_run("backfill"),
        "last_verify": _last_run("verify"),
        "archive_blockers": [] if archived else archive_blockers(),
    }
