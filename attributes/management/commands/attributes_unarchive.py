"""manage.py attributes_unarchive: bring the archived legacy tables back."""

from __future__ import annotations

from attributes.management.commands._migration_command import MigrationCommand
from attributes.migration.archive import legacy_tables_unarchive
from attributes.migration.runs import run_recorded


class Command(MigrationCommand):
    """Bring the archived legacy tables back where the legacy application reads."""

    help = "Undo attributes_archive: move the legacy tables back in place."
    with_shard = False
    changes_stores = False

    def handle(self, *args, **options) -> None:
        """Check the input, run the command, print what it did."""
        tables = legacy_tables_unarchive()
        with run_recorded("unarchive"):
            pass
        self.stdout.write(f"unarchived: {', '.join(tables)}")
