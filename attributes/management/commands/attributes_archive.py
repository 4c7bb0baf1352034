"""manage.py attributes_archive: move the legacy tables out of the way."""

from __future__ import annotations

from attributes.management.commands._migration_command import MigrationCommand
from attributes.migration.archive import legacy_tables_archive
from attributes.migration.runs import run_recorded


class Command(MigrationCommand):
    """Archive the legacy tables; refuses while they are written or verify is dirty."""

    help = (
        "Move the legacy attribute tables into the archive (PostgreSQL: schema "
        "`archive`; SQLite: renamed). attributes_unarchive undoes it."
    )
    with_shard = False
    changes_stores = False

    def handle(self, *args, **options) -> None:
        """Check the input, run the command, print what it did."""
        legacy_tables_archive()
        with run_recorded("archive"):
            pass
        self.stdout.write("archived: the legacy tables are out of the way")
