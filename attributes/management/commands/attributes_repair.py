"""manage.py attributes_repair: replay the drift log, fix what verify found."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError

from attributes.drift import drift_pending_count, drift_replay
from attributes.management.commands._migration_command import MigrationCommand
from attributes.migration.arguments import MigrationInputError, tables_require
from attributes.migration.repair import (
    Direction,
    RepairResult,
    listing_values_repair,
    scan_repair,
    variant_values_repair,
)
from attributes.migration.runs import run_recorded


def _ids(values: list[str] | None, option: str) -> list[int]:
    ids = []
    for value in values or []:
        if not value.isdigit() or int(value) < 1:
            raise MigrationInputError(f"{option} takes a positive id; got {value!r}")
        ids.append(int(value))
    return ids


def _report_entities(path_text: str) -> tuple[set[int], set[int]]:
    path = Path(path_text)
    if not path.is_file():
        raise MigrationInputError(f"--from-report {path_text!r} is not a file")
    listings, variants = set(), set()
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            try:
                line = json.loads(text)
            except ValueError:
                raise MigrationInputError(
                    f"--from-report {path_text!r} line {number} is not JSON"
                ) from None
            if line.get("entity_type") == "listing":
                listings.add(int(line["entity_id"]))
            elif line.get("entity_type") == "product_variant":
                variants.add(int(line["entity_id"]))
    return listings, variants


class Command(MigrationCommand):
    """Make one store equal to the other where they differ; idempotent."""

    help = (
        "Fix differences between the stores in the direction named: to-unified "
        "(legacy is the truth) or to-legacy (unified is the truth). Without "
        "--listing/--variant/--from-report it scans everything like verify. "
        "--drift first replays the dual-write drift log (each entry towards the "
        "store that missed it); with --drift alone no direction is needed."
    )

    def add_arguments(self, parser) -> None:
        """Declare this command\'s options."""
        super().add_arguments(parser)
        parser.add_argument("--direction", help="to-unified or to-legacy")
        parser.add_argument(
            "--drift",
            action="store_true",
            help="replay the dual-write drift log before anything else",
        )
        parser.add_argument(
            "--listing", action="append", help="repair this listing (repeatable)"
        )
        parser.add_argument(
            "--variant", action="append", help="repair this variant (repeatable)"
        )
        parser.add_argument(
            "--from-report", help="repair the entities listed in a verify report"
        )

    def handle(self, *args, **options) -> None:
        """Check the input, run the command, print what it did."""
        shard, batch_size, progress = self.shard_options(options)
        if options["drift"]:
            self._drift_replay()
            if options["direction"] is None:
                return
        if options["direction"] is None:
            raise MigrationInputError("--direction is required (or give --drift)")
        try:
            direction = Direction(options["direction"])
        except ValueError:
            raise MigrationInputError(
                f"--direction must be to-unified or to-legacy; "
                f"got {options['direction']!r}"
            ) from None
        listings = set(_ids(options["listing"], "--listing"))
        variants = set(_ids(options["variant"], "--variant"))
        if options["from_report"]:
            from_report = _report_entities(options["from_report"])
            listings |= from_report[0]
            variants |= from_report[1]
        targeted = bool(
            options["listing"] or options["variant"] or options["from_report"]
        )
        tables_require()

        with run_recorded(
            "repair", shard=shard.label, direction=direction.value
        ) as run:
            if targeted:
                result = RepairResult()
                result.add(listing_values_repair(listings, direction))
                result.add(variant_values_repair(variants, direction))
            else:
                result = scan_repair(
                    command="repair",
                    direction=direction,
                    shard=shard,
                    batch_size=batch_size,
                    progress=progress,
                )
            run.rows_written = result.written + result.deleted
            run.summary = result.summary()

        self.repair_result_write(
            f"repair {direction.value}: {result.entities} entities fixed", result
        )

    def _drift_replay(self) -> None:
        before = drift_pending_count()
        report = drift_replay()
        self.stdout.write(
            f"drift log: {before} pending, {report.replayed} replayed, "
            f"{report.failed} still failing, {drift_pending_count()} pending now"
        )
        if report.failed:
            raise CommandError(
                f"{report.failed} drifted value(s) could not be replayed; see the log"
            )
