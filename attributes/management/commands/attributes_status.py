"""manage.py attributes_status: where the move stands."""

from __future__ import annotations

import json

from attributes.management.commands._migration_command import MigrationCommand
from attributes.migration.status import migration_status


class Command(MigrationCommand):
    """Print counts per store, checkpoints, the last verify and archive blockers."""

    changes_stores = False
    help = "Show row counts per store, backfill checkpoints, last runs, blockers."
    with_shard = False

    def add_arguments(self, parser) -> None:
        """Declare this command\'s options."""
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options) -> None:
        """Check the input, run the command, print what it did."""
        status = migration_status()
        if options["json"]:
            self.stdout.write(json.dumps(status, indent=2, default=str))
            return

        self.stdout.write("legacy store:")
        for table, count in status["legacy"].items():
            self.stdout.write(f"  {table}: {count}")
        self.stdout.write("unified store:")
        for table, count in status["unified"].items():
            self.stdout.write(f"  {table}: {count}")
        self.stdout.write("backfill checkpoints:")
        for checkpoint in status["backfill_checkpoints"] or [{"none": True}]:
            if checkpoint.get("none"):
                self.stdout.write("  none yet")
                continue
            state = "finished" if checkpoint["finished"] else "in progress"
            self.stdout.write(
                f"  {checkpoint['phase']} shard {checkpoint['shard']}: {state}, "
                f"{checkpoint['rows_done']} rows after entity "
                f"{checkpoint['last_entity_id']}, "
                f"{checkpoint['rows_per_second']} rows/s, "
                f"updated {checkpoint['updated_at']}"
            )
        verify = status["last_verify"]
        if verify is None:
            self.stdout.write("last verify: never")
        else:
            self.stdout.write(
                f"last verify: {verify['status']} shard {verify['shard']} at "
                f"{verify['finished_at'] or verify['started_at']}, "
                f"{verify['differences']} difference(s)"
            )
        if status["archived"]:
            self.stdout.write("archive: the legacy tables are archived")
        elif status["archive_blockers"]:
            self.stdout.write("archive blocked by:")
            for blocker in status["archive_blockers"]:
                self.stdout.write(f"  - {blocker}")
        else:
            self.stdout.write("archive: nothing blocks it")
