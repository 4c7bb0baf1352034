"""The change audit of the rollout controls (the controls live in waffle)."""

from django.db import models


class ControlChange(models.Model):
    """One change of a rollout control: who, when, from where, old, new, why."""

    class Source(models.TextChoices):
        ADMIN = "admin", "admin"
        COMMAND = "command", "manage.py command"
        ENVIRONMENT = "environment", "initial value from the environment"

    control = models.CharField(max_length=100, db_index=True)
    old_value = models.CharField(max_length=32, blank=True)
    new_value = models.CharField(max_length=32)
    actor = models.CharField(
        max_length=150, help_text="User name (admin) or OS user (command)."
    )
    source = models.CharField(max_length=16, choices=Source.choices)
    remote_addr = models.GenericIPAddressField(
        null=True, blank=True, help_text="Client address of an admin change."
    )
    reason = models.TextField()
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.control}: {self.old_value} -> {self.new_value}"
