"""manage.py attributes_verify: compare both stores value by value."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from attributes.management.commands._migration_command import (
    EXIT_DIFFERENCES,
    MigrationCommand,
    report_lines,
    report_path_check,
)
from attributes.migration.arguments import positive_int_parse, tables_require
from attributes.migration.runs import run_recorded
from attributes.migration.verify import verify_run


class Command(MigrationCommand):
    """Compare definitions, assignments and values; exit 0 only when equal."""

    changes_stores = False
    help = (
        "Compare the legacy and unified stores by content (not counts); print a "
        "summary and the first differences; exit 0 only when they are equal."
    )

    def add_arguments(self, parser) -> None:
        """Declare this command\'s options."""
        super().add_arguments(parser)
        parser.add_argument(
            "--first", default="20", help="print this many differences (default 20)"
        )
        parser.add_argument(
            "--report", help="write every difference to this JSON-lines file"
        )

    def handle(self, *args, **options) -> None:
        """Check the input, run the command, print what it did."""
        shard, batch_size, progress = self.shard_options(options)
        first = positive_int_parse("--first", options["first"])
        report_path = report_path_check(options["report"])
        tables_require()

        with (
            report_lines(report_path) as write,
            run_recorded("verify", shard=shard.label) as run,
        ):
            result = verify_run(
                shard=shard,
                batch_size=batch_size,
                first_n=first,
                progress=progress,
                report=write,
            )
            run.rows_scanned = result.rows_compared
            run.differences = result.differences
            run.summary = {
                "equal": result.equal,
                "by_kind": dict(result.counts),
                "warnings": len(result.warnings),
            }

        self.stdout.write(
            f"verify {shard.label}: {result.rows_compared} legacy rows compared, "
            f"{result.differences} difference(s)"
        )
        for kind, count in sorted(result.counts.items()):
            self.stdout.write(f"  {kind}: {count}")
        for warning in result.warnings:
            self.stdout.write(f"warning: {json.dumps(warning, ensure_ascii=False)}")
        if result.first:
            self.stdout.write(f"first {len(result.first)} difference(s):")
        for line in result.first:
            self.stdout.write("  " + json.dumps(line, ensure_ascii=False, default=str))
        if report_path:
            self.stdout.write(f"full report: {report_path}")
        if not result.equal:
            raise CommandError(
                f"the stores differ ({result.differences} difference(s))",
                returncode=EXIT_DIFFERENCES,
            )
        self.stdout.write("the stores are equal")
