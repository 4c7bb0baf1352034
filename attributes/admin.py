"""Admin pages of the move's own records: drift log, migration runs, checkpoints.

They are read-only: the drift log is resolved by `attributes_repair --drift`,
and the run records are written by the migration commands.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from attributes.models import BackfillCheckpoint, DriftEntry, MigrationRun, ShardPlan


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DriftEntry)
class DriftEntryAdmin(_ReadOnlyAdmin):
    """Mirror writes that failed; pending until a replay resolves them."""

    list_display = (
        "id",
        "listing_id",
        "attribute_id",
        "operation",
        "source_store",
        "target_store",
        "attempts",
        "created_at",
        "resolved_at",
    )
    list_filter = (
        "operation",
        "target_store",
        ("resolved_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("=listing_id", "=attribute_id", "error")
    date_hierarchy = "created_at"


@admin.register(MigrationRun)
class MigrationRunAdmin(_ReadOnlyAdmin):
    """One run of a migration command and what it found."""

    list_display = (
        "id",
        "command",
        "shard",
        "direction",
        "status",
        "started_at",
        "finished_at",
        "rows_scanned",
        "rows_written",
        "differences",
    )
    list_filter = ("command", "status", "dry_run")
    date_hierarchy = "started_at"


@admin.register(BackfillCheckpoint)
class BackfillCheckpointAdmin(_ReadOnlyAdmin):
    """How far each backfill shard got."""

    list_display = ("phase", "shard", "last_key", "rows_done", "finished", "updated_at")
    list_filter = ("phase", "finished")


@admin.register(ShardPlan)
class ShardPlanAdmin(_ReadOnlyAdmin):
    """The key ranges parallel shards agreed on."""

    list_display = ("phase", "shard_count", "min_key", "max_key", "created_at")
