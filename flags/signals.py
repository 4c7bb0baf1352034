"""Any save of a waffle Switch or Sample refreshes the shared control snapshot."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from waffle.models import Sample, Switch

from flags.snapshot import controls_changed


def _control_saved(sender: Any, **kwargs: Any) -> None:
    controls_changed()


def connect() -> None:
    """Connect the refresh to every save and delete of a Switch or Sample."""
    for model in (Switch, Sample):
        post_save.connect(_control_saved, sender=model, dispatch_uid=f"flags-{model}")
        post_delete.connect(
            _control_saved, sender=model, dispatch_uid=f"flags-del-{model}"
        )
