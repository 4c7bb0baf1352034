"""Records of the move itself, owned by neither store.

Migration command runs, backfill checkpoints and shard plans: a backfill that
is killed resumes from its checkpoint, parallel shards agree on their key
ranges, and `attributes_status` reads the run history. The drift log: mirror
writes of dual-write that failed, kept until repair replays them.
"""

from django.db import models


class MigrationRun(models.Model):
    """One run of a migration command, with what it found and wrote."""

    class Status(models.TextChoices):
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"
        REFUSED = "refused"

    command = models.CharField(max_length=30, db_index=True)
    shard = models.CharField(max_length=20, default="1/1")
    dry_run = models.BooleanField(default=False)
    direction = models.CharField(max_length=20, blank=True, default="")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_scanned = models.BigIntegerField(default=0)
    rows_written = models.BigIntegerField(default=0)
    unparsed = models.BigIntegerField(default=0)
    differences = models.BigIntegerField(default=0)
    summary = models.JSONField(
        default=dict, blank=True, help_text="Counts by kind, written by the command."
    )

    class Meta:
        db_table = "attributes_migration_runs"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.command} {self.shard} ({self.status})"


class BackfillCheckpoint(models.Model):
    """How far one shard of one backfill phase got; the last entity id done."""

    phase = models.CharField(max_length=30)
    shard = models.CharField(max_length=20)
    last_key = models.BigIntegerField(
        help_text="Entity ids up to and including this one are done."
    )
    rows_done = models.BigIntegerField(default=0)
    rows_written = models.BigIntegerField(default=0)
    finished = models.BooleanField(default=False)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "attributes_backfill_checkpoints"
        ordering = ["phase", "shard"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "shard"], name="attributes_backfill_checkpoint_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.phase} {self.shard} at {self.last_key}"


class ShardPlan(models.Model):
    """The key range split into n shards, fixed by the first shard to start."""

    phase = models.CharField(max_length=30)
    shard_count = models.PositiveIntegerField()
    min_key = models.BigIntegerField()
    max_key = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "attributes_shard_plans"
        ordering = ["phase", "shard_count"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "shard_count"], name="attributes_shard_plan_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.phase} in {self.shard_count} shards"


class DriftEntry(models.Model):
    """A write that reached the primary store but not the mirror."""

    class Operation(models.TextChoices):
        SAVE = "save", "save"
        DELETE = "delete", "delete"

    # Plain ids, no foreign keys: the entry must outlive the rows it describes.
    listing_id = models.BigIntegerField(db_index=True)
    attribute_id = models.BigIntegerField()
    operation = models.CharField(max_length=8, choices=Operation.choices)
    source_store = models.CharField(
        max_length=8, help_text="The primary store, which committed the write."
    )
    target_store = models.CharField(
        max_length=8, help_text="The mirror store, which missed it."
    )
    error = models.TextField()
    attempts = models.PositiveIntegerField(
        default=0, help_text="Failed repair attempts."
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "drift entries"

    def __str__(self) -> str:
        return (
            f"{self.operation} listing {self.listing_id} attribute "
            f"{self.attribute_id}: {self.source_store} -> {self.target_store}"
        )
