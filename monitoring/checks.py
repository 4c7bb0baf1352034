"""Health checks of our own, on django-health-check's HealthCheck base."""

from __future__ import annotations

import dataclasses

from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable


@dataclasses.dataclass
class Migrations(HealthCheck):
    """Fail while any migration of the code is not applied to the database."""

    alias: str = "default"

    def run(self) -> None:
        """Raise ServiceUnavailable if the migration plan is not empty."""
        connection = connections[self.alias]
        try:
            # A temporary connection: the check runs in a worker thread whose
            # connection would otherwise stay checked out of the pool.
            with connection.temporary_connection():
                executor = MigrationExecutor(connection)
                plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError as error:
            raise ServiceUnavailable("Cannot read the applied migrations") from error

        if plan:
            pending = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
            raise ServiceUnavailable(f"{len(plan)} unapplied migration(s): {pending}")
