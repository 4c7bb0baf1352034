"""manage.py attributes_reverse: write the unified store back to the legacy one."""

from __future__ import annotations

from attributes.management.commands._migration_command import MigrationCommand
from attributes.migration.arguments import tables_require
from attributes.migration.reverse import reverse_run
from attributes.migration.runs import run_recorded


class Command(MigrationCommand):
    """Make the legacy tables equal to the unified ones (the way back)."""

    help = (
        "Write unified definitions, assignments and values back to the legacy "
        "tables; rows already equal in content are left untouched."
    )

    def handle(self, *args, **options) -> None:
        """Check the input, run the command, print what it did."""
        shard, batch_size, progress = self.shard_options(options)
        tables_require()

        with run_recorded("reverse", shard=shard.label, direction="to-legacy") as run:
            result = reverse_run(shard=shard, batch_size=batch_size, progress=progress)
            run.rows_written = result.written + result.deleted
            run.summary = result.summary()

        self.repair_result_write(
            f"reverse {shard.label}: {result.entities} entities rewritten", result
        )
