"""The drift log: mirror writes of dual-write that failed, kept for repair."""

from django.db import models


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
