"""manage.py attributes_backfill: copy the legacy stores into the unified one."""

from __future__ import annotations

import logging

from attributes.management.commands._migration_command import (
    MigrationCommand,
    report_lines,
    report_path_check,
)
from attributes.migration.arguments import positive_int_parse, tables_require
from attributes.migration.backfill import backfill_run
from attributes.migration.runs import run_recorded

logger = logging.getLogger(__name__)


class Command(MigrationCommand):
    """Backfill definitions, assignments and values, resumable and shardable."""

    help = (
        "Copy legacy attribute definitions, assignments and values into the "
        "unified tables, in keyset batches, resuming from the last checkpoint."
    )

    def add_arguments(self, parser) -> None:
        """Declare this command\'s options."""
        super().add_arguments(parser)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="report what would be written; write nothing",
        )
        parser.add_argument(
            "--restart",
            action="store_true",
            help="ignore this shard's checkpoint and start from the beginning",
        )
        parser.add_argument(
            "--report", help="write every unparsed legacy value to this JSON-lines file"
        )
        parser.add_argument(
            "--show", default="20", help="print this many unparsed values (default 20)"
        )

    def handle(self, *args, **options) -> None:
        """Check the input, run the command, print what it did."""
        shard, batch_size, progress = self.shard_options(options)
        show = positive_int_parse("--show", options["show"])
        report_path = report_path_check(options["report"])
        tables_require()
        shown: list = []

        with (
            report_lines(report_path) as write,
            run_recorded(
                "backfill", shard=shard.label, dry_run=options["dry_run"]
            ) as run,
        ):

            def sink(unparsed) -> None:
                write(unparsed.as_report())
                if len(shown) < show:
                    shown.append(unparsed)

            result = backfill_run(
                shard=shard,
                batch_size=batch_size,
                dry_run=options["dry_run"],
                restart=options["restart"],
                progress=progress,
                unparsed_sink=sink,
            )
            run.rows_scanned = result.rows_scanned
            run.rows_written = result.rows_written
            run.unparsed = result.unparsed
            run.summary = {
                "definitions_created": result.definitions.created,
                "definitions_updated": result.definitions.updated,
                "definition_problems": result.definitions.problems,
                "would_insert": result.would_insert,
                "would_update": result.would_update,
                "resumed_from": result.resumed_from,
            }

        prefix = "dry run: would write" if options["dry_run"] else "wrote"
        definitions = result.definitions
        self.stdout.write(
            f"backfill {shard.label}: definitions/assignments {prefix} "
            f"{definitions.created} new, {definitions.updated} changed"
        )
        if options["dry_run"]:
            self.stdout.write(
                f"values: {result.rows_scanned} legacy rows scanned; would insert "
                f"{result.would_insert}, update {result.would_update}"
            )
        else:
            for phase, after in result.resumed_from.items():
                self.stdout.write(f"{phase}: resumed after entity id {after}")
            self.stdout.write(
                f"values: {result.rows_scanned} legacy rows scanned, "
                f"{result.rows_written} unified rows written"
            )
        for problem in definitions.problems:
            self.stdout.write(f"warning: {problem}")
        self.stdout.write(
            f"unparsed legacy values kept raw: {result.unparsed}"
            + (f" (all listed in {report_path})" if report_path else "")
        )
        for unparsed in shown:
            self.stdout.write(
                f"  {unparsed.legacy_table} id={unparsed.legacy_id} "
                f"entity={unparsed.entity_id} attribute={unparsed.attribute_id}: "
                f"{unparsed.reason}: {unparsed.raw!r}"
            )
