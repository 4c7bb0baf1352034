"""What every migration command shares: exit codes, shard and batch options.

Exit codes: 0 done (verify: stores equal); 1 verify found differences or the
command failed; 2 bad input, nothing written; 3 refused (shard busy, archive
blocked), nothing written.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError

from attributes.cache import category_answers_invalidate, category_ids_assigned
from attributes.migration.archive import ArchiveRefused
from attributes.migration.arguments import (
    MigrationInputError,
    Shard,
    batch_size_parse,
    shard_parse,
)
from attributes.migration.repair import RepairResult
from attributes.migration.shards import ShardBusy
from attributes.services import service_write

EXIT_DIFFERENCES = 1
EXIT_BAD_INPUT = 2
EXIT_REFUSED = 3
DEFAULT_BATCH_SIZE = "10000"


def report_path_check(value: str | None) -> Path | None:
    """Refuse a report path whose folder does not exist, before any work."""
    if not value:
        return None
    path = Path(value)
    if not path.parent.is_dir():
        raise MigrationInputError(
            f"--report {value!r}: folder {str(path.parent)!r} does not exist"
        )
    return path


@contextmanager
def report_lines(path: Path | None) -> Iterator[Any]:
    """Yield a function that writes one JSON line per call to the report file."""
    if path is None:
        yield lambda line: None
        return
    with path.open("w", encoding="utf-8") as handle:
        yield lambda line: _write_line(handle, line)


def _write_line(handle: TextIO, line: dict[str, Any]) -> None:
    handle.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")


class MigrationCommand(BaseCommand):
    """A migration command: turns our typed errors into one line and an exit code."""

    with_shard = True
    changes_stores = True

    def add_arguments(self, parser) -> None:
        """Declare this command\'s options."""
        if self.with_shard:
            parser.add_argument(
                "--shard",
                default=None,
                help="i/n: run only the i-th of n key ranges (default: all)",
            )
            parser.add_argument(
                "--batch-size",
                default=DEFAULT_BATCH_SIZE,
                help="entities' rows per batch and transaction (default 10000)",
            )
            parser.add_argument(
                "--no-progress",
                action="store_true",
                help="no progress bar (the default when stderr is not a terminal)",
            )

    def shard_options(self, options: dict[str, Any]) -> tuple[Shard, int, bool]:
        """Return the checked shard, batch size and whether to show progress."""
        shard = shard_parse(options["shard"])
        batch_size = batch_size_parse(options["batch_size"])
        progress = not options["no_progress"] and sys.stderr.isatty()
        return shard, batch_size, progress

    def repair_result_write(self, headline: str, result: RepairResult) -> None:
        """Print what a repair or reverse wrote, then each value it skipped."""
        self.stdout.write(
            f"{headline}, {result.written} values written, {result.deleted} deleted"
        )
        for skipped in result.skipped:
            self.stdout.write(f"skipped: {json.dumps(skipped, ensure_ascii=False)}")

    def execute(self, *args, **options):
        """Run the command; turn input errors and refusals into exit codes.

        The command's writes are its own plan: they are not mirrored by the
        dual-write signals. Its set-based writes send no signals either, so a
        command that changes stores drops the cached answers of every category
        it may have touched, whether it finished or not.
        """
        touched = category_ids_assigned() if self.changes_stores else set()
        try:
            with service_write():
                return super().execute(*args, **options)
        except MigrationInputError as error:
            raise CommandError(str(error), returncode=EXIT_BAD_INPUT) from error
        except (ShardBusy, ArchiveRefused) as error:
            raise CommandError(f"refused: {error}", returncode=EXIT_REFUSED) from error
        finally:
            if self.changes_stores:
                category_answers_invalidate(touched | category_ids_assigned())
