"""Verify: compare both stores value by value, in the domain model.

Definitions and assignments are compared whole (they are small); values are
compared in keyset batches, so memory stays flat however many rows there are.
Every difference goes to the report sink as it is found; only counts and the
first few are kept in memory.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from attributes.migration.arguments import Shard
from attributes.migration.definitions import definitions_compare
from attributes.migration.progress import progress_bar
from attributes.migration.shards import shard_range
from attributes.migration.values import (
    FAMILIES,
    ValueDifference,
    ValueFamily,
    batch_differences,
    batch_end,
    key_bounds,
    rows_in_range,
)

logger = logging.getLogger(__name__)

ReportSink = Callable[[dict[str, Any]], None]


@dataclass
class VerifyResult:
    """Counts of differences by kind, the first few, and warnings."""

    counts: Counter = field(default_factory=Counter)
    first: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    rows_compared: int = 0

    @property
    def differences(self) -> int:
        """Return how many differences were found."""
        return sum(self.counts.values())

    @property
    def equal(self) -> bool:
        """Return whether the stores hold the same content."""
        return self.differences == 0


def family_differences(
    family: ValueFamily,
    *,
    shard: Shard,
    batch_size: int,
    progress: bool,
    label: str,
    on_batch: Callable[[int, int, list[ValueDifference]], None],
) -> int:
    """Walk one family's shard in batches, handing each batch's differences on.

    Returns the number of legacy rows compared.
    """
    low, high = shard_range(family.phase, shard, key_bounds(family))
    compared = 0
    after = low
    with progress_bar(
        total=rows_in_range(family, low, high),
        label=f"{label} {family.phase}",
        enabled=progress,
    ) as bar:
        while end := batch_end(family, after, high, batch_size, unified_side=True):
            on_batch(after, end, batch_differences(family, after, end))
            scanned = rows_in_range(family, after, end)
            compared += scanned
            bar.update(scanned)
            after = end
    return compared


def verify_run(
    *,
    shard: Shard,
    batch_size: int,
    first_n: int = 20,
    progress: bool = False,
    report: ReportSink | None = None,
) -> VerifyResult:
    """Compare definitions (on shard 1) and every value of one shard."""
    result = VerifyResult()
    sink = report or (lambda _: None)

    def record(line: dict[str, Any]) -> None:
        result.counts[line["kind"]] += 1
        if len(result.first) < first_n:
            result.first.append(line)
        sink(line)

    if shard.index == 1:
        definitions = definitions_compare()
        for difference in definitions.differences:
            record(difference)
        for problem in definitions.problems:
            result.warnings.append(problem)
            sink({"warning": True, **problem})

    def on_batch(low: int, high: int, found: list[ValueDifference]) -> None:
        for difference in found:
            record(difference.as_report())

    for family in FAMILIES:
        result.rows_compared += family_differences(
            family,
            shard=shard,
            batch_size=batch_size,
            progress=progress,
            label="verify",
            on_batch=on_batch,
        )

    logger.info(
        "Verify of shard %s: %d rows compared, %d differences",
        shard.label,
        result.rows_compared,
        result.differences,
        extra={"shard": shard.label, "differences": dict(result.counts)},
    )
    return result
