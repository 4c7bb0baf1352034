"""Replay the drift log of dual-write into the stores that missed the writes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from attributes.drift import drift_pending_count, drift_replay


class Command(BaseCommand):
    """Replay every pending drift entry; exit non-zero if any still fails."""

    help = "Replay the dual-write drift log (safe to interrupt and run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        """Replay and report."""
        before = drift_pending_count()
        report = drift_replay()
        self.stdout.write(
            f"pending before: {before}, resolved: {report.replayed}, "
            f"still failing: {report.failed}, pending now: {drift_pending_count()}"
        )
        if report.failed:
            raise CommandError(
                f"{report.failed} drifted value(s) could not be replayed; see the log"
            )
