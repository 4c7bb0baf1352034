"""Recording each command's run, so status can say what happened last."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

from attributes.models import MigrationRun


@contextmanager
def run_recorded(command: str, **fields) -> Iterator[MigrationRun]:
    """Create a run record, mark it done or failed when the block ends."""
    run = MigrationRun.objects.create(command=command, **fields)
    try:
        yield run
    except BaseException:
        run.status = MigrationRun.Status.FAILED
        run.finished_at = timezone.now()
        run.save()
        raise
    if run.status == MigrationRun.Status.RUNNING:
        run.status = MigrationRun.Status.DONE
    run.finished_at = timezone.now()
    run.save()
